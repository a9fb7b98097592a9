// The incident log's URL parameters (docs/console.md: from, to, type, status, operator, vin, plate; and
// sort, size and the page cursors), validated with zod. Shared by the page and the CSV export: a
// bad value is a problem naming its field, never an exception. Dates and times without a zone are
// read in SOC_TZ, so that a shared link shows the same incidents to everyone.
import { z } from 'zod';
import { usernameSchema } from '$lib/domain/accounts';
import { readDateTime } from '$lib/domain/reports';
import { plateKey, type LogCursor, type LogFilter, type LogOrder } from '$lib/server/stores/log';

export const filterFields = ['from', 'to', 'type', 'status', 'operator', 'vin', 'plate'] as const;
export type FilterField = (typeof filterFields)[number];

/** What went wrong with a parameter; the page says it in the reader's language. */
export type Problem =
	| { field: 'from' | 'to'; code: 'date' | 'date_range' }
	| { field: 'to'; code: 'range' }
	| { field: 'type' | 'status' | 'sort' | 'size'; code: 'choice' }
	| { field: 'operator'; code: 'operator' | 'unknown_operator' }
	| { field: 'vin'; code: 'vin' }
	| { field: 'plate'; code: 'plate' }
	| { field: 'page'; code: 'cursor' };

export const pageSizes = [25, 50, 100, 200] as const;
export const defaultPageSize = 50;

/** The filter as typed (for the form and for links), empty values left out. */
export type FilterValues = Partial<Record<FilterField | 'sort' | 'size', string>>;

export interface LogQuery {
	values: FilterValues;
	problems: Problem[];
	filter: LogFilter;
	/** The operator's name, still to be turned into an account id. */
	operator?: string;
	order: LogOrder;
	size: number;
	after?: LogCursor;
	before?: LogCursor;
	last: boolean;
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const schemas = {
	type: optional(z.enum(['airbag', 'theft'])),
	status: optional(z.enum(['new', 'acknowledged', 'escalated', 'resolved'])),
	operator: optional(usernameSchema),
	// A VIN or its beginning: ISO 3779 letters and digits; the gateway also accepts other VINs of
	// up to 32 characters, so hyphens and spaces are allowed too.
	vin: optional(
		z
			.string()
			.trim()
			.max(32)
			.regex(/^[A-Za-z0-9 -]+$/)
			.transform((s) => s.toUpperCase())
	),
	plate: optional(
		z
			.string()
			.trim()
			.max(32)
			.transform(plateKey)
			.refine((s) => s.length > 0)
	),
	sort: optional(z.enum(['newest', 'oldest'])),
	size: optional(z.coerce.number().int().refine((n) => (pageSizes as readonly number[]).includes(n)))
};

const cursorSchema = z
	.string()
	.regex(/^\d{1,15}_\d{1,15}$/)
	.transform((s): LogCursor => {
		const [openedAt, id] = s.split('_').map(Number);
		return { openedAt, id };
	});

export const cursorParam = (c: LogCursor) => `${c.openedAt}_${c.id}`;

/** Reads the log's parameters; `problems` is empty when every one is valid. */
export function readLogQuery(params: URLSearchParams, timeZone: string): LogQuery {
	const raw = (name: string) => params.get(name) ?? undefined;
	const values: FilterValues = {};
	for (const name of [...filterFields, 'sort', 'size'] as const) {
		const v = raw(name)?.trim();
		if (v) values[name] = v;
	}
	const problems: Problem[] = [];
	const filter: LogFilter = {};

	const from = values.from === undefined ? undefined : readDateTime(values.from, timeZone);
	const to = values.to === undefined ? undefined : readDateTime(values.to, timeZone, true);
	if (typeof from === 'string') problems.push({ field: 'from', code: from });
	else if (from !== undefined) filter.from = from;
	if (typeof to === 'string') problems.push({ field: 'to', code: to });
	else if (to !== undefined) filter.to = to;
	if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) problems.push({ field: 'to', code: 'range' });

	const type = schemas.type.safeParse(values.type);
	if (type.success) filter.type = type.data;
	else problems.push({ field: 'type', code: 'choice' });
	const status = schemas.status.safeParse(values.status);
	if (status.success) filter.status = status.data;
	else problems.push({ field: 'status', code: 'choice' });
	const operator = schemas.operator.safeParse(values.operator);
	if (!operator.success) problems.push({ field: 'operator', code: 'operator' });
	const vin = schemas.vin.safeParse(values.vin);
	if (vin.success) filter.vin = vin.data;
	else problems.push({ field: 'vin', code: 'vin' });
	const plate = schemas.plate.safeParse(values.plate);
	if (plate.success) filter.plate = plate.data;
	else problems.push({ field: 'plate', code: 'plate' });
	const sort = schemas.sort.safeParse(values.sort);
	if (!sort.success) problems.push({ field: 'sort', code: 'choice' });
	const size = schemas.size.safeParse(values.size);
	if (!size.success) problems.push({ field: 'size', code: 'choice' });

	// A bad page link falls back to the first page (with a word), not to an error.
	let after: LogCursor | undefined;
	let before: LogCursor | undefined;
	for (const [name, set] of [
		['after', (c: LogCursor) => (after = c)],
		['before', (c: LogCursor) => (before = c)]
	] as const) {
		const value = raw(name);
		if (value === undefined) continue;
		const cursor = cursorSchema.safeParse(value);
		if (cursor.success) set(cursor.data);
		else problems.push({ field: 'page', code: 'cursor' });
	}

	return {
		values,
		problems,
		filter,
		operator: operator.success ? operator.data : undefined,
		order: (sort.success ? sort.data : undefined) ?? 'newest',
		size: (size.success ? size.data : undefined) ?? defaultPageSize,
		after,
		before: after ? undefined : before,
		last: raw('last') === '1' && !after && !before
	};
}

/** Problems that only affect paging: the filtered list can still be shown. */
export const onlyPaging = (problems: Problem[]) => problems.every((p) => p.field === 'page');

/** The query string of a filter (and optional paging), empty values left out. */
export function logSearch(values: FilterValues, paging: Record<string, string> = {}): string {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
	for (const [k, v] of Object.entries(paging)) params.set(k, v);
	// Colons are allowed in a query: dates and times stay readable in a shared link.
	const s = params.toString().replace(/%3A/gi, ':');
	return s ? `?${s}` : '';
}

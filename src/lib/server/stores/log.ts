// The supervisor's incident log (docs/console.md, "/log"): every incident, filtered, sorted by opening
// time and paged with a keyset (the opening time and id of the row a page starts after), so that
// a page costs the same on page 1 and on page 20,000; and the CSV export of the same filtered set,
// read a chunk at a time with the same keyset, so that no read holds the database for long.
//
// Indexes (schema.ts): incidents (opened_at) for the unfiltered log and ranges; (type, opened_at),
// (status, opened_at) and (owner_id, opened_at) for those filters; (vin, …) for a VIN or its
// beginning; vehicles' normalised plate (an expression index) for a plate or its beginning.
import { sql, type SQL } from 'drizzle-orm';
import type { IncidentStatus, IncidentType, Place } from '../../domain/incident';
import { isAnyOf, type Sql } from '../db/sql';
import { placeOf } from '../places';

export interface LogFilter {
	/** Opened at or after (ms). */
	from?: number;
	/** Opened before (ms). */
	to?: number;
	type?: IncidentType;
	status?: IncidentStatus;
	/** The incident's owner: who holds it, or for a resolved one who resolved it. */
	operatorId?: number;
	/** A VIN or its beginning, upper case. */
	vin?: string;
	/** A plate or its beginning, normalised with `plateKey`. */
	plate?: string;
}

export type LogOrder = 'newest' | 'oldest';

export interface LogCursor {
	openedAt: number;
	id: number;
}

export interface LogPageRequest {
	filter: LogFilter;
	order: LogOrder;
	size: number;
	/** The page after this row, or before it; `last`: the last page; none: the first page. */
	after?: LogCursor;
	before?: LogCursor;
	last?: boolean;
}

export interface LogRow {
	id: number;
	type: IncidentType;
	status: IncidentStatus;
	testCall: boolean;
	openedAt: number;
	occurredAt: number | null;
	acknowledgedAt: number | null;
	escalatedAt: number | null;
	resolvedAt: number | null;
	outcome: string | null;
	operator: string | null;
	vin: string;
	plate: string | null;
	model: string | null;
	modelYear: number | null;
	colour: string | null;
	lat: number | null;
	lon: number | null;
	place: Place | null;
}

export interface LogExportRow extends LogRow {
	/** "Authority: reference" of each escalation, in order. */
	escalations: string[];
}

export interface LogPage {
	rows: LogRow[];
	/** Incidents matching the filter, on every page. */
	total: number;
	/** Cursors of the neighbouring pages, or null at either end. */
	previous: LogCursor | null;
	next: LogCursor | null;
}

/** How plates are compared: upper case, without spaces, hyphens and dots ("ab-123 cd" → "AB123CD"). */
export function plateKey(plate: string): string {
	return plate.replace(/[ .-]/g, '').replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** The same in SQL; it must stay identical to the expression of the index `vehicles_plate_key`. */
const plateKeySql = sql.raw(`upper(replace(replace(replace(v.plate, ' ', ''), '-', ''), '.', ''))`);

/** The least string greater than every string starting with `prefix` (for an index range). */
const prefixEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

/** The filter's conditions: each a fixed text, so a few dozen statements at most over every combination. */
function whereOf(filter: LogFilter): SQL[] {
	const clauses: SQL[] = [];
	if (filter.from !== undefined) clauses.push(sql`i.opened_at >= ${filter.from}`);
	if (filter.to !== undefined) clauses.push(sql`i.opened_at < ${filter.to}`);
	if (filter.type) clauses.push(sql`i.type = ${filter.type}`);
	if (filter.status) clauses.push(sql`i.status = ${filter.status}`);
	if (filter.operatorId !== undefined) clauses.push(sql`i.owner_id = ${filter.operatorId}`);
	if (filter.vin) clauses.push(sql`i.vin >= ${filter.vin} and i.vin < ${prefixEnd(filter.vin)}`);
	if (filter.plate) {
		clauses.push(sql`i.vin in (select v.vin from vehicles v where ${plateKeySql} >= ${filter.plate} and ${plateKeySql} < ${prefixEnd(filter.plate)})`);
	}
	return clauses;
}

const whereSql = (clauses: SQL[]) => (clauses.length > 0 ? sql`where ${sql.join(clauses, sql` and `)}` : sql``);

// The details are JSON text on both engines: read whole and picked from here, not in SQL.
const rowColumns = sql`
	i.id, i.type, i.status, i.details, i.opened_at, i.occurred_at,
	i.acknowledged_at, i.escalated_at, i.resolved_at, i.outcome, a.username as operator,
	i.vin, v.plate, v.model, v.model_year, v.colour, f.lat, f.lon`;

/** The vehicle, the owner and the last fix (a theft's latest position) of each row. */
const rowJoins = sql`
	left join vehicles v on v.vin = i.vin
	left join accounts a on a.id = i.owner_id
	left join fixes f on f.id = (select id from fixes where incident_id = i.id order by fix_at desc limit 1)`;

interface SqlRow {
	id: number;
	type: IncidentType;
	status: IncidentStatus;
	details: string;
	opened_at: number;
	occurred_at: number | null;
	acknowledged_at: number | null;
	escalated_at: number | null;
	resolved_at: number | null;
	outcome: string | null;
	operator: string | null;
	vin: string;
	plate: string | null;
	model: string | null;
	model_year: number | null;
	colour: string | null;
	/** The last fix's position, null when the incident has none. */
	lat: number | null;
	lon: number | null;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

function rowOf(r: SqlRow): LogRow {
	const details = JSON.parse(r.details) as { testCall?: unknown; position?: { lat?: unknown; lon?: unknown } };
	// A theft's last fix, else the position the alert itself gave.
	const lat = r.lat ?? details.position?.lat;
	const lon = r.lon ?? details.position?.lon;
	const positioned = finite(lat) && finite(lon);
	return {
		id: r.id,
		type: r.type,
		status: r.status,
		testCall: details.testCall === true,
		openedAt: r.opened_at,
		occurredAt: r.occurred_at,
		acknowledgedAt: r.acknowledged_at,
		escalatedAt: r.escalated_at,
		resolvedAt: r.resolved_at,
		outcome: r.outcome,
		operator: r.operator,
		vin: r.vin,
		plate: r.plate,
		model: r.model,
		modelYear: r.model_year,
		colour: r.colour,
		lat: positioned ? lat : null,
		lon: positioned ? lon : null,
		place: positioned ? placeOf({ lat, lon }) : null
	};
}

const cursorOf = (r: LogRow): LogCursor => ({ openedAt: r.openedAt, id: r.id });

/**
 * Up to `limit` rows of the filtered set in opening-time order, after `cursor` in that order: their
 * ids first (from the indexes alone where possible), then the joins for those only.
 */
async function rowsAfter(db: Sql, clauses: SQL[], descending: boolean, cursor: LogCursor | undefined, limit: number): Promise<LogRow[]> {
	const where = cursor
		? [...clauses, descending ? sql`(i.opened_at, i.id) < (${cursor.openedAt}, ${cursor.id})` : sql`(i.opened_at, i.id) > (${cursor.openedAt}, ${cursor.id})`]
		: clauses;
	const direction = sql.raw(descending ? 'desc' : 'asc');
	const rows = await db.all<SqlRow>(sql`select ${rowColumns}
		from (select i.id from incidents i ${whereSql(where)} order by i.opened_at ${direction}, i.id ${direction} limit ${limit}) p
		join incidents i on i.id = p.id ${rowJoins}
		order by i.opened_at ${direction}, i.id ${direction}`);
	return rows.map(rowOf);
}

/** One page of the log, and the total of the filtered set. */
export async function logPage(db: Sql, request: LogPageRequest): Promise<LogPage> {
	const clauses = whereOf(request.filter);
	const newestFirst = request.order === 'newest';
	// Reading backwards (the page before a cursor, or the last page) walks the index the other way.
	const backwards = request.before !== undefined || request.last === true;
	const descending = newestFirst !== backwards;
	const cursor = request.before ?? request.after;
	const found = await rowsAfter(db, clauses, descending, request.last ? undefined : cursor, request.size + 1);
	const more = found.length > request.size;
	const rows = found.slice(0, request.size);
	if (backwards) rows.reverse();
	const total = (await db.get<{ n: number }>(sql`select count(*) as n from incidents i ${whereSql(clauses)}`))!.n;
	const first = rows[0];
	const lastRow = rows[rows.length - 1];
	let previous: LogCursor | null = null;
	let next: LogCursor | null = null;
	if (rows.length > 0) {
		if (backwards) {
			previous = more ? cursorOf(first) : null;
			next = request.last ? null : cursorOf(lastRow);
		} else {
			previous = cursor ? cursorOf(first) : null;
			next = more ? cursorOf(lastRow) : null;
		}
	}
	return { rows, total, previous, next };
}

/** An incident's track for the replay, as parallel arrays (compact in the page), fixAt order. */
export interface ReplayTrack {
	fixAt: number[];
	lat: number[];
	lon: number[];
	/** True when the track has more fixes than the limit: these are the latest ones. */
	limited: boolean;
}

/** To 6 decimals (0.1 m), halves away from zero as SQL's round does. */
const round6 = (x: number) => (Math.sign(x) * Math.round(Math.abs(x) * 1e6)) / 1e6;

/** The latest `limit` fixes of an incident's track, oldest first, positions to 0.1 m. */
export async function replayTrack(db: Sql, incidentId: number, limit: number): Promise<ReplayTrack> {
	const rows = await db.all<{ fix_at: number; lat: number; lon: number }>(
		sql`select fix_at, lat, lon from fixes where incident_id = ${incidentId} order by fix_at desc limit ${limit + 1}`
	);
	const limited = rows.length > limit;
	const kept = rows.slice(0, limit).reverse();
	return { fixAt: kept.map((r) => r.fix_at), lat: kept.map((r) => round6(r.lat)), lon: kept.map((r) => round6(r.lon)), limited };
}

/** Accounts that can own incidents (operators and supervisors), by name, for the Operator filter. */
export async function logOperators(db: Sql): Promise<{ id: number; username: string }[]> {
	return db.all<{ id: number; username: string }>(sql`select id, username from accounts where role in ('operator', 'supervisor') order by username`);
}

/** The id of an account that can own incidents, by name. */
export async function operatorId(db: Sql, username: string): Promise<number | undefined> {
	const row = await db.get<{ id: number }>(sql`select id from accounts where username = ${username} and role in ('operator', 'supervisor')`);
	return row?.id;
}

/** "Authority: reference, reference" (or "Authority: —") of each escalation of these incidents, in order. */
async function escalationsOf(db: Sql, incidentIds: number[]): Promise<Map<number, string[]>> {
	const rows = await db.all<{ incident_id: number; escalation_id: number; name: string; reference: string | null }>(
		sql`select e.incident_id, e.id as escalation_id, au.name, r.reference
			from escalations e
			join authorities au on au.id = e.authority_id
			left join escalation_references r on r.escalation_id = e.id
			where ${isAnyOf(db, sql`e.incident_id`, incidentIds)}
			order by e.incident_id, e.id, r.id`
	);
	const byEscalation = new Map<number, { incidentId: number; name: string; references: string[] }>();
	for (const r of rows) {
		let escalation = byEscalation.get(r.escalation_id);
		if (!escalation) byEscalation.set(r.escalation_id, (escalation = { incidentId: r.incident_id, name: r.name, references: [] }));
		if (r.reference !== null) escalation.references.push(r.reference);
	}
	const out = new Map<number, string[]>();
	for (const e of byEscalation.values()) {
		const list = out.get(e.incidentId) ?? [];
		list.push(`${e.name}: ${e.references.length > 0 ? e.references.join(', ') : '—'}`);
		out.set(e.incidentId, list);
	}
	return out;
}

/**
 * The filtered set, in order, in chunks of `chunkSize` rows: each chunk is one short read, the next
 * page of the keyset, with a turn of the event loop between chunks, so that an export to a slow
 * client holds no connection or transaction while it downloads. Stop early with `return()`.
 */
export async function* exportLog(db: Sql, filter: LogFilter, order: LogOrder, chunkSize = 500): AsyncGenerator<LogExportRow[], void, undefined> {
	const clauses = whereOf(filter);
	const descending = order === 'newest';
	let cursor: LogCursor | undefined;
	for (;;) {
		const rows = await rowsAfter(db, clauses, descending, cursor, chunkSize);
		if (rows.length === 0) return;
		const escalations = await escalationsOf(db, rows.map((r) => r.id));
		yield rows.map((r) => ({ ...r, escalations: escalations.get(r.id) ?? [] }));
		if (rows.length < chunkSize) return;
		cursor = cursorOf(rows[rows.length - 1]);
		// A fast reader would otherwise pull chunk after chunk without ever letting the event loop
		// run (the ingest, other pages).
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
}

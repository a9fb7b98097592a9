// The supervisor's incident log (docs/console.md, "/log"): every incident, filtered, sorted by opening
// time and paged with a keyset (the opening time and id of the row a page starts after), so that
// a page costs the same on page 1 and on page 20,000; and the CSV export of the same filtered set,
// read with an iterator on a read-only connection of its own, a chunk at a time.
//
// Indexes (schema.ts): incidents (opened_at) for the unfiltered log and ranges; (type, opened_at),
// (status, opened_at) and (owner_id, opened_at) for those filters; (vin, …) for a VIN or its
// beginning; vehicles' normalised plate (an expression index) for a plate or its beginning.
import Database from 'better-sqlite3';
import type { IncidentStatus, IncidentType, Place } from '../../domain/incident';
import type { Db } from '../db';
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
const plateKeySql = `upper(replace(replace(replace(v.plate, ' ', ''), '-', ''), '.', ''))`;

/** The least string greater than every string starting with `prefix` (for an index range). */
const prefixEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

interface Where {
	clauses: string[];
	params: Record<string, string | number>;
}

function whereOf(filter: LogFilter): Where {
	const clauses: string[] = [];
	const params: Record<string, string | number> = {};
	if (filter.from !== undefined) {
		clauses.push('i.opened_at >= @from');
		params.from = filter.from;
	}
	if (filter.to !== undefined) {
		clauses.push('i.opened_at < @to');
		params.to = filter.to;
	}
	if (filter.type) {
		clauses.push('i.type = @type');
		params.type = filter.type;
	}
	if (filter.status) {
		clauses.push('i.status = @status');
		params.status = filter.status;
	}
	if (filter.operatorId !== undefined) {
		clauses.push('i.owner_id = @operatorId');
		params.operatorId = filter.operatorId;
	}
	if (filter.vin) {
		clauses.push('i.vin >= @vin and i.vin < @vinEnd');
		params.vin = filter.vin;
		params.vinEnd = prefixEnd(filter.vin);
	}
	if (filter.plate) {
		clauses.push(`i.vin in (select v.vin from vehicles v where ${plateKeySql} >= @plate and ${plateKeySql} < @plateEnd)`);
		params.plate = filter.plate;
		params.plateEnd = prefixEnd(filter.plate);
	}
	return { clauses, params };
}

const rowColumns = `
	i.id, i.type, i.status, json_extract(i.details, '$.testCall') as test_call, i.opened_at, i.occurred_at,
	i.acknowledged_at, i.escalated_at, i.resolved_at, i.outcome, a.username as operator,
	i.vin, v.plate, v.model, v.model_year, v.colour,
	coalesce(f.lat, json_extract(i.details, '$.position.lat')) as lat,
	coalesce(f.lon, json_extract(i.details, '$.position.lon')) as lon`;

/** The vehicle, the owner and the last fix (a theft's latest position) of each row. */
const rowJoins = `
	left join vehicles v on v.vin = i.vin
	left join accounts a on a.id = i.owner_id
	left join fixes f on f.id = (select id from fixes where incident_id = i.id order by fix_at desc limit 1)`;

interface SqlRow {
	id: number;
	type: IncidentType;
	status: IncidentStatus;
	test_call: number | null;
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
	lat: number | null;
	lon: number | null;
	escalations?: string | null;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

function rowOf(r: SqlRow): LogRow {
	const positioned = finite(r.lat) && finite(r.lon);
	return {
		id: r.id,
		type: r.type,
		status: r.status,
		testCall: r.test_call === 1,
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
		lat: positioned ? r.lat : null,
		lon: positioned ? r.lon : null,
		place: positioned ? placeOf({ lat: r.lat!, lon: r.lon! }) : null
	};
}

// Statements are prepared once per SQL text (a few dozen filter combinations at most).
const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function statement(client: Database.Database, sql: string): Database.Statement {
	let cache = statementCache.get(client);
	if (!cache) statementCache.set(client, (cache = new Map()));
	let s = cache.get(sql);
	if (!s) cache.set(sql, (s = client.prepare(sql)));
	return s;
}

const whereSql = (clauses: string[]) => (clauses.length > 0 ? `where ${clauses.join(' and ')}` : '');

/** One page of the log, and the total of the filtered set. */
export async function logPage(db: Db, request: LogPageRequest): Promise<LogPage> {
	const client = db.$client;
	const { clauses, params } = whereOf(request.filter);
	const newestFirst = request.order === 'newest';
	// Reading backwards (the page before a cursor, or the last page) walks the index the other way.
	const backwards = request.before !== undefined || request.last === true;
	const descending = newestFirst !== backwards;
	const pageClauses = [...clauses];
	const pageParams: Record<string, string | number> = { ...params, limit: request.size + 1 };
	const cursor = request.before ?? request.after;
	if (cursor && !request.last) {
		pageClauses.push(`(i.opened_at, i.id) ${descending ? '<' : '>'} (@cursorAt, @cursorId)`);
		pageParams.cursorAt = cursor.openedAt;
		pageParams.cursorId = cursor.id;
	}
	const direction = descending ? 'desc' : 'asc';
	// The page's ids first (from the indexes alone where possible), then the joins for those only.
	const sql = `select ${rowColumns}
		from (select i.id from incidents i ${whereSql(pageClauses)} order by i.opened_at ${direction}, i.id ${direction} limit @limit) p
		join incidents i on i.id = p.id ${rowJoins}
		order by i.opened_at ${direction}, i.id ${direction}`;
	const found = (statement(client, sql).all(pageParams) as SqlRow[]).map(rowOf);
	const more = found.length > request.size;
	const rows = found.slice(0, request.size);
	if (backwards) rows.reverse();
	const total = (statement(client, `select count(*) as n from incidents i ${whereSql(clauses)}`).get(params) as { n: number }).n;
	const first = rows[0];
	const lastRow = rows[rows.length - 1];
	const at = (r: LogRow): LogCursor => ({ openedAt: r.openedAt, id: r.id });
	let previous: LogCursor | null = null;
	let next: LogCursor | null = null;
	if (rows.length > 0) {
		if (backwards) {
			previous = more ? at(first) : null;
			next = request.last ? null : at(lastRow);
		} else {
			previous = cursor ? at(first) : null;
			next = more ? at(lastRow) : null;
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

/** The latest `limit` fixes of an incident's track, oldest first, positions to 0.1 m. */
export async function replayTrack(db: Db, incidentId: number, limit: number): Promise<ReplayTrack> {
	const rows = statement(
		db.$client,
		`select fix_at, round(lat, 6), round(lon, 6) from fixes where incident_id = ? order by fix_at desc limit ?`
	)
		.raw(true)
		.all(incidentId, limit + 1) as [number, number, number][];
	const limited = rows.length > limit;
	const kept = rows.slice(0, limit).reverse();
	return { fixAt: kept.map((r) => r[0]), lat: kept.map((r) => r[1]), lon: kept.map((r) => r[2]), limited };
}

/** Accounts that can own incidents (operators and supervisors), by name, for the Operator filter. */
export async function logOperators(db: Db): Promise<{ id: number; username: string }[]> {
	return statement(db.$client, `select id, username from accounts where role in ('operator', 'supervisor') order by username`).all() as {
		id: number;
		username: string;
	}[];
}

/** The id of an account that can own incidents, by name. */
export async function operatorId(db: Db, username: string): Promise<number | undefined> {
	const row = statement(db.$client, `select id from accounts where username = ? and role in ('operator', 'supervisor')`).get(username) as
		| { id: number }
		| undefined;
	return row?.id;
}

/**
 * A connection for a long read: a read-only one of its own, so that an iterator left open between
 * chunks (while a slow client downloads) never holds the console's own connection, whose writes
 * (the ingest) would be refused while it iterates. An in-memory database has only its own.
 */
export function openReader(db: Db): { client: Database.Database; close: () => void } {
	const main = db.$client;
	if (main.memory) return { client: main, close: () => {} };
	const client = new Database(main.name, { readonly: true, fileMustExist: true });
	client.pragma('busy_timeout = 5000');
	return { client, close: () => client.close() };
}

/**
 * The filtered set, in order, in chunks of `chunkSize` rows: the rows are read with an iterator,
 * never all at once, on a snapshot of the database taken at the first read, with a turn of the
 * event loop between chunks. Stop early with `return()`: the iterator and its connection are closed.
 */
export async function* exportLog(db: Db, filter: LogFilter, order: LogOrder, chunkSize = 500): AsyncGenerator<LogExportRow[], void, undefined> {
	const { clauses, params } = whereOf(filter);
	const direction = order === 'newest' ? 'desc' : 'asc';
	const sql = `select ${rowColumns},
			(select group_concat(au.name || ': ' || coalesce(
					(select group_concat(reference, ', ') from (select reference from escalation_references where escalation_id = e.id order by id)), '—'), char(31))
				from escalations e join authorities au on au.id = e.authority_id where e.incident_id = i.id) as escalations
		from incidents i ${rowJoins} ${whereSql(clauses)}
		order by i.opened_at ${direction}, i.id ${direction}`;
	const reader = openReader(db);
	let rows: IterableIterator<unknown> | undefined;
	try {
		rows = reader.client.prepare(sql).iterate(params);
		for (;;) {
			const chunk: LogExportRow[] = [];
			while (chunk.length < chunkSize) {
				const next = rows.next();
				if (next.done) break;
				const r = next.value as SqlRow;
				chunk.push({ ...rowOf(r), escalations: r.escalations ? r.escalations.split('\u001f') : [] });
			}
			if (chunk.length === 0) return;
			yield chunk;
			if (chunk.length < chunkSize) return;
			// A fast reader would otherwise pull chunk after chunk without ever letting the event loop
			// run (the ingest, other pages). An in-memory database iterates on the console's own
			// connection: there, no pause, as writes would be refused while the iterator is open.
			if (reader.client !== db.$client) await new Promise<void>((resolve) => setImmediate(resolve));
		}
	} finally {
		rows?.return?.();
		reader.close();
	}
}

// The one place that writes incidents, their timeline, their track and the live feed.
// Every change happens inside a transaction opened by the caller (`changeIncidents`), and every
// change is put on the feed, numbered by the database, in that same transaction.
import type Database from 'better-sqlite3';
import type {
	DataProblem,
	EscalationView,
	FeedEntry,
	FixFlag,
	FixView,
	IncidentDetails,
	IncidentStatus,
	IncidentType,
	IncidentView,
	Snapshot,
	TimelineEntry,
	TrackChange
} from '../../domain/incident';
import type { Vehicle } from '../../domain/gateway/schemas';
import type { Db } from '../db';
import { placeOf } from '../places';
import { appendTimelineEntry } from './audit';

interface IncidentRow {
	id: number;
	type: IncidentType;
	status: IncidentStatus;
	vin: string;
	opened_at: number;
	occurred_at: number | null;
	details: string;
	owner_id: number | null;
	owner_name: string | null;
	acknowledged_at: number | null;
	escalated_at: number | null;
	resolved_at: number | null;
	outcome: string | null;
	cleared_at_vehicle_at: number | null;
	last_action_at: number | null;
	last_fix_at: number | null;
	last_fix_received_at: number | null;
	checklist: string;
	owner_online: number | null;
	v_vin: string | null;
	model: string | null;
	model_year: number | null;
	colour: string | null;
	plate: string | null;
	owner_name_v: string | null;
	owner_phone: string | null;
	owner_language: string | null;
}

interface FixRow {
	fix_at: number;
	received_at: number;
	lat: number;
	lon: number;
	speed_kmh: number | null;
	heading_deg: number | null;
	accuracy_m: number | null;
	flags: string;
}

const incidentSelect = `
	select i.*, a.username as owner_name,
		(select 1 from sessions s where s.account_id = i.owner_id and a.disabled_at is null limit 1) as owner_online,
		v.vin as v_vin, v.model, v.model_year, v.colour, v.plate,
		v.owner_name as owner_name_v, v.owner_phone, v.owner_language
	from incidents i
	left join vehicles v on v.vin = i.vin
	left join accounts a on a.id = i.owner_id`;

function statements(client: Database.Database) {
	return {
		incident: client.prepare(`${incidentSelect} where i.id = ?`),
		openOfType: client.prepare(
			`select id, opened_at from incidents where vin = ? and type = ? and status != 'resolved' order by opened_at desc limit 1`
		),
		lastOfType: client.prepare(
			`select id, resolved_at from incidents where vin = ? and type = ? order by opened_at desc limit 1`
		),
		details: client.prepare(`select details from incidents where id = ?`),
		setDetails: client.prepare(`update incidents set details = ? where id = ?`),
		insertIncident: client.prepare(
			`insert into incidents (type, status, vin, opened_at, occurred_at, details) values (?, 'new', ?, ?, ?, ?)`
		),
		touchVehicle: client.prepare(`insert into vehicles (vin, updated_at) values (?, ?) on conflict(vin) do nothing`),
		upsertVehicle: client.prepare(`
			insert into vehicles (vin, model, model_year, colour, plate, owner_name, owner_phone, owner_language, updated_at)
			values (@vin, @model, @modelYear, @colour, @plate, @ownerName, @ownerPhone, @ownerLanguage, @at)
			on conflict(vin) do update set model = excluded.model, model_year = excluded.model_year,
				colour = excluded.colour, plate = excluded.plate, owner_name = excluded.owner_name,
				owner_phone = excluded.owner_phone, owner_language = excluded.owner_language, updated_at = excluded.updated_at`),
		clearedAtVehicle: client.prepare(
			`update incidents set cleared_at_vehicle_at = coalesce(cleared_at_vehicle_at, ?) where id = ?`
		),
		actorName: client.prepare(`select username from accounts where id = ?`),
		insertFix: client.prepare(`
			insert into fixes (incident_id, fix_at, received_at, lat, lon, speed_kmh, heading_deg, accuracy_m, flags)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		fixBefore: client.prepare(
			`select fix_at, lat, lon from fixes where incident_id = ? and fix_at <= ? order by fix_at desc limit 1`
		),
		fixAfter: client.prepare(
			`select fix_at, lat, lon from fixes where incident_id = ? and fix_at > ? order by fix_at asc limit 1`
		),
		lastFix: client.prepare(`select fix_at, lat, lon from fixes where incident_id = ? order by fix_at desc limit 1`),
		fixTimes: client.prepare(`update incidents set last_fix_at = ?, last_fix_received_at = ? where id = ?`),
		track: client.prepare(`select * from fixes where incident_id = ? order by fix_at desc limit ?`),
		// `+incident_id`: read the rowid range, not the incident's whole track through its index.
		fixRange: client.prepare(`select * from fixes where id between ? and ? and +incident_id = ? order by fix_at, id`),
		insertFeed: client.prepare(`insert into feed (at, kind, incident_id, data) values (?, ?, ?, ?)`),
		lastSeq: client.prepare(`select coalesce(max(seq), 0) as seq from feed`),
		firstSeq: client.prepare(`select min(seq) as seq from feed`),
		feedAfter: client.prepare(`select seq, at, kind, incident_id, data from feed where seq > ? order by seq limit ?`),
		escalations: client.prepare(`
			select e.id, e.authority_id, au.name, au.kind, e.at, a.username as actor
			from escalations e join authorities au on au.id = e.authority_id join accounts a on a.id = e.actor_id
			where e.incident_id = ? order by e.id`),
		references: client.prepare(`
			select r.escalation_id, r.reference, r.at, a.username as actor
			from escalation_references r join escalations e on e.id = r.escalation_id join accounts a on a.id = r.actor_id
			where e.incident_id = ? order by r.id`),
		current: client.prepare(`select i.id, i.type, i.status, i.owner_id, i.checklist, a.username as owner_name from incidents i left join accounts a on a.id = i.owner_id where i.id = ?`),
		update: client.prepare(`
			update incidents set status = @status, owner_id = @ownerId,
				acknowledged_at = coalesce(acknowledged_at, @acknowledgedAt), escalated_at = coalesce(escalated_at, @escalatedAt),
				resolved_at = @resolvedAt, outcome = @outcome, checklist = @checklist, last_action_at = @at
			where id = @id and status = @expectedStatus and coalesce(owner_id, 0) = coalesce(@expectedOwner, 0)`),
		insertEscalation: client.prepare(`insert into escalations (incident_id, authority_id, at, actor_id) values (?, ?, ?, ?)`),
		escalation: client.prepare(`select id from escalations where id = ? and incident_id = ?`),
		insertReference: client.prepare(`insert into escalation_references (escalation_id, reference, at, actor_id) values (?, ?, ?, ?)`),
		timeline: client.prepare(`select t.*, a.username as actor_name from timeline t left join accounts a on a.id = t.actor_id where t.incident_id = ? order by t.id`),
		ownerPresence: client.prepare(`
			select i.id, exists (select 1 from sessions s join accounts a on a.id = s.account_id
				where s.account_id = i.owner_id and a.disabled_at is null) as online
			from incidents i where i.owner_id is not null and i.status != 'resolved'`),
		openIncidents: client.prepare(`${incidentSelect} where i.status != 'resolved' order by i.opened_at`),
		pruneFeed: client.prepare(`delete from feed where seq <= ?`)
	};
}

type Statements = ReturnType<typeof statements>;
const cache = new WeakMap<Database.Database, Statements>();
const prepared = (db: Db) => {
	let s = cache.get(db.$client);
	if (!s) cache.set(db.$client, (s = statements(db.$client)));
	return s;
};

type LastFix = { fixAt: number; lat: number; lon: number };
type OpenIncident = { id: number; openedAt: number };

/**
 * What later transactions can start from instead of asking the database, filled after each commit
 * only. This process is the only writer of incidents and fixes, and fixes are only ever added:
 * - the last fix of each incident (an in-order fix needs no neighbour query);
 * - each VIN's open incident of a type (`type vin`), forgotten whenever an operator changes one.
 */
interface Committed {
	lastFixes: Map<number, LastFix>;
	open: Map<string, OpenIncident | undefined>;
}
const committedOf = new WeakMap<Database.Database, Committed>();
const maxRemembered = 20_000;
const committed = (db: Db): Committed => {
	let known = committedOf.get(db.$client);
	if (!known) committedOf.set(db.$client, (known = { lastFixes: new Map(), open: new Map() }));
	return known;
};

/** Remembers the entries; past the bound, those set longest ago are forgotten first. */
function remember<K, V>(known: Map<K, V>, entries: Map<K, V>): void {
	for (const [key, value] of entries) {
		known.delete(key);
		if (known.size >= maxRemembered) known.delete(known.keys().next().value!);
		known.set(key, value);
	}
}

const toPosition = (r: Pick<FixRow, 'fix_at' | 'lat' | 'lon'>) => ({ fixAt: r.fix_at, lat: r.lat, lon: r.lon });

const fixView = (r: FixRow): FixView => ({
	fixAt: r.fix_at,
	receivedAt: r.received_at,
	lat: r.lat,
	lon: r.lon,
	speedKmh: r.speed_kmh,
	headingDeg: r.heading_deg,
	accuracyM: r.accuracy_m,
	flags: JSON.parse(r.flags) as FixFlag[]
});

function escalationsOf(s: Statements, incidentId: number): EscalationView[] {
	type EscalationRow = { id: number; authority_id: number; name: string; kind: EscalationView['authorityKind']; at: number; actor: string };
	type ReferenceRow = { escalation_id: number; reference: string; at: number; actor: string };
	const references = new Map<number, ReferenceRow[]>();
	for (const r of s.references.all(incidentId) as ReferenceRow[]) references.set(r.escalation_id, [...(references.get(r.escalation_id) ?? []), r]);
	return (s.escalations.all(incidentId) as EscalationRow[]).map((e) => ({
		id: e.id,
		authorityId: e.authority_id,
		authorityName: e.name,
		authorityKind: e.kind,
		references: (references.get(e.id) ?? []).map((r) => ({ reference: r.reference, at: r.at, actorName: r.actor })),
		at: e.at,
		actorName: e.actor
	}));
}

function incidentView(s: Statements, row: IncidentRow): IncidentView {
	const details = JSON.parse(row.details) as IncidentDetails;
	const last = row.type === 'theft' ? (s.lastFix.get(row.id) as Pick<FixRow, 'fix_at' | 'lat' | 'lon'> | undefined) : undefined;
	const lastPosition = last
		? { lat: last.lat, lon: last.lon, fixAt: last.fix_at }
		: details.position
			? { ...details.position, fixAt: row.occurred_at ?? row.opened_at }
			: null;
	const escalations = row.escalated_at === null ? [] : escalationsOf(s, row.id);
	return {
		id: row.id,
		type: row.type,
		status: row.status,
		vin: row.vin,
		vehicle: row.v_vin
			? {
					vin: row.v_vin,
					model: row.model,
					modelYear: row.model_year,
					colour: row.colour,
					plate: row.plate,
					ownerName: row.owner_name_v,
					ownerPhone: row.owner_phone,
					ownerLanguage: row.owner_language
				}
			: null,
		openedAt: row.opened_at,
		occurredAt: row.occurred_at,
		details,
		ownerId: row.owner_id,
		ownerName: row.owner_name,
		acknowledgedAt: row.acknowledged_at,
		escalatedAt: row.escalated_at,
		resolvedAt: row.resolved_at,
		outcome: row.outcome,
		clearedAtVehicleAt: row.cleared_at_vehicle_at,
		lastActionAt: row.last_action_at,
		lastFixAt: row.last_fix_at,
		lastFixReceivedAt: row.last_fix_received_at,
		lastPosition,
		place: lastPosition && placeOf(lastPosition),
		escalations,
		checklist: JSON.parse(row.checklist) as string[],
		ownerOnline: row.owner_id === null || row.owner_online === 1
	};
}

export interface IncidentState {
	id: number;
	type: IncidentType;
	status: IncidentStatus;
	ownerId: number | null;
	ownerName: string | null;
	checklist: string[];
}

export interface IncidentPatch {
	status: IncidentStatus;
	ownerId: number | null;
	acknowledgedAt?: number;
	escalatedAt?: number;
	resolvedAt?: number | null;
	outcome?: string | null;
	checklist: string[];
}

/**
 * The changes of one transaction. Incidents touched are put on the feed once, in their final
 * state; new fixes once per incident, together; data problems as one timeline entry per incident.
 */
export class IncidentChanges {
	readonly #db: Db;
	readonly #s: Statements;
	readonly #now: number;
	readonly #touched = new Set<number>();
	readonly #timeline: TimelineEntry[] = [];
	/** New fixes per incident, with the range of their row ids (what the stored feed entry keeps). */
	readonly #fixes = new Map<number, { fixes: FixView[]; fromId: number; toId: number }>();
	readonly #problems = new Map<number, DataProblem[]>();
	/** The latest fix per incident seen in this transaction: in-order fixes need no neighbour query. */
	readonly #lastFix = new Map<number, LastFix>();
	/** When each incident's latest fix of this transaction arrived: written once, when it finishes. */
	readonly #fixReceivedAt = new Map<number, number>();
	/** Each VIN's open incident of a type, read once per transaction (a batch holds many fixes of one car). */
	readonly #open = new Map<string, OpenIncident | undefined>();
	/** Whether an operator changed an incident: then no open incident is remembered past the commit. */
	#operatorChanged = false;

	constructor(db: Db, now: number) {
		this.#db = db;
		this.#s = prepared(db);
		this.#now = now;
	}

	openOfType(vin: string, type: IncidentType): { id: number; openedAt: number } | undefined {
		const key = `${type} ${vin}`;
		if (this.#open.has(key)) return this.#open.get(key);
		const known = committed(this.#db).open;
		if (!this.#operatorChanged && known.has(key)) return known.get(key);
		const row = this.#s.openOfType.get(vin, type) as { id: number; opened_at: number } | undefined;
		const open = row && { id: row.id, openedAt: row.opened_at };
		this.#open.set(key, open);
		return open;
	}

	lastOfType(vin: string, type: IncidentType): { id: number; resolvedAt: number | null } | undefined {
		const row = this.#s.lastOfType.get(vin, type) as { id: number; resolved_at: number | null } | undefined;
		return row && { id: row.id, resolvedAt: row.resolved_at };
	}

	/** What an action is judged on. */
	current(id: number): IncidentState | undefined {
		const row = this.#s.current.get(id) as
			| { id: number; type: IncidentType; status: IncidentStatus; owner_id: number | null; owner_name: string | null; checklist: string }
			| undefined;
		return (
			row && {
				id: row.id,
				type: row.type,
				status: row.status,
				ownerId: row.owner_id,
				ownerName: row.owner_name,
				checklist: JSON.parse(row.checklist) as string[]
			}
		);
	}

	/** Applies an operator's change if the incident is still as `expected` was read; false if not. */
	update(expected: IncidentState, patch: IncidentPatch): boolean {
		const changed = this.#s.update.run({
			id: expected.id,
			expectedStatus: expected.status,
			expectedOwner: expected.ownerId,
			status: patch.status,
			ownerId: patch.ownerId,
			acknowledgedAt: patch.acknowledgedAt ?? null,
			escalatedAt: patch.escalatedAt ?? null,
			resolvedAt: patch.resolvedAt ?? null,
			outcome: patch.outcome ?? null,
			checklist: JSON.stringify(patch.checklist),
			at: this.#now
		}).changes;
		if (changed === 1) this.#touched.add(expected.id);
		this.#open.clear();
		this.#operatorChanged = true;
		return changed === 1;
	}

	addEscalation(incidentId: number, authorityId: number, reference: string | null, actorId: number): number {
		const id = Number(this.#s.insertEscalation.run(incidentId, authorityId, this.#now, actorId).lastInsertRowid);
		if (reference) this.#s.insertReference.run(id, reference, this.#now, actorId);
		return id;
	}

	/** Adds a reference beside those the escalation has; false when it is not one of this incident's. */
	addReference(incidentId: number, escalationId: number, reference: string, actorId: number): boolean {
		if (!this.#s.escalation.get(escalationId, incidentId)) return false;
		this.#s.insertReference.run(escalationId, reference, this.#now, actorId);
		this.#touched.add(incidentId);
		return true;
	}

	/** Puts incidents on the feed again (their owner went offline, say). */
	touch(ids: number[]): void {
		for (const id of ids) this.#touched.add(id);
	}

	open(type: IncidentType, vin: string, openedAt: number, occurredAt: number | null, details: IncidentDetails): number {
		this.#s.touchVehicle.run(vin, openedAt);
		const id = Number(this.#s.insertIncident.run(type, vin, openedAt, occurredAt, JSON.stringify(details)).lastInsertRowid);
		this.#touched.add(id);
		this.#open.set(`${type} ${vin}`, { id, openedAt });
		return id;
	}

	mergeDetails(id: number, patch: IncidentDetails): void {
		const { details } = this.#s.details.get(id) as { details: string };
		this.#s.setDetails.run(JSON.stringify({ ...JSON.parse(details), ...patch }), id);
		this.#touched.add(id);
	}

	markClearedAtVehicle(id: number, at: number): void {
		this.#s.clearedAtVehicle.run(at, id);
		this.#touched.add(id);
	}

	/** The latest details the gateway sent for a VIN replace the earlier ones. */
	saveVehicle(vin: string, vehicle: Vehicle, at: number): void {
		this.#s.upsertVehicle.run({
			vin,
			model: vehicle.model ?? null,
			modelYear: vehicle.modelYear ?? null,
			colour: vehicle.colour ?? null,
			plate: vehicle.plate ?? null,
			ownerName: vehicle.owner?.name ?? null,
			ownerPhone: vehicle.owner?.phone ?? null,
			ownerLanguage: vehicle.owner?.language ?? null,
			at
		});
	}

	appendTimeline(incidentId: number, kind: string, data: Record<string, unknown>, actorId: number | null = null): TimelineEntry {
		const id = appendTimelineEntry(this.#db, { incidentId, at: this.#now, kind, actorId, data });
		const actorName = actorId === null ? null : ((this.#s.actorName.get(actorId) as { username: string } | undefined)?.username ?? null);
		const entry = { id, incidentId, at: this.#now, kind, actorId, actorName, data };
		this.#timeline.push(entry);
		this.#touched.add(incidentId);
		return entry;
	}

	noteProblems(incidentId: number, problems: DataProblem[]): void {
		if (problems.length === 0) return;
		const list = this.#problems.get(incidentId) ?? [];
		list.push(...problems);
		this.#problems.set(incidentId, list);
	}

	/** The fixes on either side of `fixAt` in the incident's track. */
	neighbours(incidentId: number, fixAt: number) {
		type Near = Pick<FixRow, 'fix_at' | 'lat' | 'lon'> | undefined;
		const last = this.#lastFix.get(incidentId) ?? committed(this.#db).lastFixes.get(incidentId);
		if (last && last.fixAt <= fixAt) return { before: last, after: undefined };
		const before = this.#s.fixBefore.get(incidentId, fixAt) as Near;
		const after = this.#s.fixAfter.get(incidentId, fixAt) as Near;
		return { before: before && toPosition(before), after: after && toPosition(after) };
	}

	/** `isLast`: nothing in the track comes after this fix (from `neighbours`). */
	addFix(incidentId: number, fix: FixView, isLast: boolean): void {
		const { lastInsertRowid } = this.#s.insertFix.run(
			incidentId,
			fix.fixAt,
			fix.receivedAt,
			fix.lat,
			fix.lon,
			fix.speedKmh,
			fix.headingDeg,
			fix.accuracyM,
			fix.flags.length === 0 ? '[]' : JSON.stringify(fix.flags)
		);
		this.#fixReceivedAt.set(incidentId, fix.receivedAt);
		if (isLast) this.#lastFix.set(incidentId, { fixAt: fix.fixAt, lat: fix.lat, lon: fix.lon });
		const rowId = Number(lastInsertRowid);
		let added = this.#fixes.get(incidentId);
		if (!added) this.#fixes.set(incidentId, (added = { fixes: [], fromId: rowId, toId: rowId }));
		added.toId = rowId;
		added.fixes.push(fix);
	}

	/** Writes the incident's fix times once for the transaction; returns its last-fix fields. */
	#saveFixTimes(incidentId: number): TrackChange['latest'] {
		const receivedAt = this.#fixReceivedAt.get(incidentId)!;
		// The track's last fix: this transaction's, else the last committed one.
		const last =
			this.#lastFix.get(incidentId) ??
			committed(this.#db).lastFixes.get(incidentId) ??
			toPosition(this.#s.lastFix.get(incidentId) as Pick<FixRow, 'fix_at' | 'lat' | 'lon'>);
		this.#s.fixTimes.run(last.fixAt, receivedAt, incidentId);
		const lastPosition = { lat: last.lat, lon: last.lon, fixAt: last.fixAt };
		return { lastFixAt: last.fixAt, lastFixReceivedAt: receivedAt, lastPosition, place: placeOf(lastPosition) };
	}

	/** Writes the feed entries of this transaction and returns them, to broadcast after the commit. */
	finish(): FeedEntry[] {
		const latest = new Map([...this.#fixReceivedAt.keys()].map((id) => [id, this.#saveFixTimes(id)]));
		for (const [incidentId, problems] of this.#problems) {
			this.appendTimeline(incidentId, 'data_problem', { problems: problems.slice(0, 50), total: problems.length });
		}
		const entries: FeedEntry[] = [];
		const put = <K extends FeedEntry['kind']>(kind: K, incidentId: number, data: Extract<FeedEntry, { kind: K }>['data'], stored: unknown = data) => {
			const seq = Number(this.#s.insertFeed.run(this.#now, kind, incidentId, JSON.stringify(stored)).lastInsertRowid);
			entries.push({ seq, at: this.#now, kind, incidentId, data } as FeedEntry);
		};
		for (const id of this.#touched) {
			put('incident', id, incidentView(this.#s, this.#s.incident.get(id) as IncidentRow));
		}
		for (const entry of this.#timeline) put('timeline', entry.incidentId, entry);
		// New fixes alone do not re-send the incident: the track entry carries its last-fix fields.
		// Stored, it names the fixes' rows instead of copying them: the fixes table already holds
		// them, and a screen catching up reads them back (`feedAfter`).
		for (const [incidentId, { fixes, fromId, toId }] of this.#fixes) {
			const change = { fixes: fixes.sort((a, b) => a.fixAt - b.fixAt), latest: latest.get(incidentId)! };
			put('track', incidentId, change, { fromId, toId, latest: change.latest });
		}
		return entries;
	}

	/** After the commit: what this transaction learnt becomes what later ones start from. */
	committed(): void {
		const known = committed(this.#db);
		remember(known.lastFixes, this.#lastFix);
		if (this.#operatorChanged) known.open.clear();
		else remember(known.open, this.#open);
	}

}

/** Runs `work` in one transaction; returns its result and the feed entries it stored. */
export function changeIncidents<T>(db: Db, now: number, work: (changes: IncidentChanges) => T): { result: T; feed: FeedEntry[] } {
	const changes = new IncidentChanges(db, now);
	const done = db.$client.transaction(() => {
		const result = work(changes);
		return { result, feed: changes.finish() };
	})();
	changes.committed();
	return done;
}

export async function getIncident(db: Db, id: number): Promise<IncidentView | undefined> {
	const s = prepared(db);
	const row = s.incident.get(id) as IncidentRow | undefined;
	return row && incidentView(s, row);
}

export async function openIncidents(db: Db): Promise<IncidentView[]> {
	const s = prepared(db);
	return (s.openIncidents.all() as IncidentRow[]).map((row) => incidentView(s, row));
}

/** Open incidents with their recent tracks, and the feed position they are current to (one read). */
export async function snapshotOf(db: Db, trackLimit: number): Promise<Omit<Snapshot, 'gateways'>> {
	const s = prepared(db);
	return db.$client.transaction(() => {
		const seq = (s.lastSeq.get() as { seq: number }).seq;
		const incidents = (s.openIncidents.all() as IncidentRow[]).map((row) => incidentView(s, row));
		const tracks: Record<number, FixView[]> = {};
		for (const incident of incidents) {
			if (incident.type === 'theft') tracks[incident.id] = (s.track.all(incident.id, trackLimit) as FixRow[]).map(fixView).reverse();
		}
		return { seq, incidents, tracks };
	})();
}

/** The incident's track in `fixAt` order (the latest `limit` fixes). */
export async function trackOf(db: Db, incidentId: number, limit = 10_000): Promise<FixView[]> {
	return (prepared(db).track.all(incidentId, limit) as FixRow[]).map(fixView).reverse();
}

export async function lastFeedSeq(db: Db): Promise<number> {
	return (prepared(db).lastSeq.get() as { seq: number }).seq;
}

/**
 * The feed entries after `seq`, or null when they can no longer all be given (pruned, or more
 * than `limit`): the screen then needs a fresh snapshot.
 */
export async function feedAfter(db: Db, seq: number, limit: number): Promise<FeedEntry[] | null> {
	const s = prepared(db);
	const first = (s.firstSeq.get() as { seq: number | null }).seq;
	const last = (s.lastSeq.get() as { seq: number }).seq;
	if (seq > last) return null;
	if (seq === last) return [];
	if (first === null || first > seq + 1 || last - seq > limit) return null;
	const rows = s.feedAfter.all(seq, limit) as { seq: number; at: number; kind: FeedEntry['kind']; incident_id: number; data: string }[];
	// Track entries written before they named their fix rows cannot be given: a snapshot then.
	if (rows.some((r) => r.kind === 'track' && !r.data.startsWith('{"fromId"'))) return null;
	return rows.map((r) => {
		const data = JSON.parse(r.data);
		if (r.kind !== 'track') return { seq: r.seq, at: r.at, kind: r.kind, incidentId: r.incident_id, data } as FeedEntry;
		const fixes = (s.fixRange.all(data.fromId, data.toId, r.incident_id) as FixRow[]).map(fixView);
		return { seq: r.seq, at: r.at, kind: 'track', incidentId: r.incident_id, data: { fixes, latest: data.latest } };
	});
}

export async function timelineOf(db: Db, incidentId: number): Promise<TimelineEntry[]> {
	type Row = { id: number; incident_id: number; at: number; kind: string; actor_id: number | null; actor_name: string | null; data: string };
	return (prepared(db).timeline.all(incidentId) as Row[]).map((r) => ({
		id: r.id,
		incidentId: r.incident_id,
		at: r.at,
		kind: r.kind,
		actorId: r.actor_id,
		actorName: r.actor_name,
		data: JSON.parse(r.data)
	}));
}

/** Open incidents that have an owner, and whether that owner has a live session. */
export async function ownerPresence(db: Db): Promise<{ id: number; online: boolean }[]> {
	return (prepared(db).ownerPresence.all() as { id: number; online: number }[]).map((r) => ({ id: r.id, online: r.online === 1 }));
}

/** Keeps the last `keep` feed entries; older screens get a snapshot instead. */
export async function pruneFeed(db: Db, keep: number): Promise<void> {
	const s = prepared(db);
	const last = (s.lastSeq.get() as { seq: number }).seq;
	if (last > keep) s.pruneFeed.run(last - keep);
}

// The changes of one transaction: the only code that writes incidents, their timeline, their
// track and the live feed. Every change is put on the feed in the same transaction. It runs under
// the incident changes' lock (a serial transaction): the feed's numbers, the ids and the audit
// chain continue from what was read under it, on every node.
import type { DataProblem, FeedEntry, FixView, IncidentDetails, IncidentStatus, IncidentType, TimelineEntry, TrackChange } from '../../../domain/incident';
import type { StreetAddress } from '../../../domain/address';
import type { Vehicle } from '../../../domain/gateway/schemas';
import { chainHash } from '../../audit';
import { isAnyOf, type Column, type Sql } from '../../db/sql';
import { sql } from 'drizzle-orm';
import { timelineContent } from '../audit';
import { insertPoliceLink, revokePoliceLink } from '../police-links';
import { remember, type Committed, type LastFix, type OpenIncident } from './committed';
import { columns, q, type FixRow, type IncidentRow } from './statements';
import { incidentView, toPosition, type Gazetteer } from './views';

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

/** An accepted gateway event, kept as received (the gateway log). */
export interface LoggedEvent {
	event: string;
	value: { eventId: string };
	json: string;
	receivedAt: number;
	gateway: string;
}

const gatewayLogColumns: Column[] = [
	{ name: 'event_id', type: 'text' },
	{ name: 'event', type: 'text' },
	{ name: 'payload', type: 'text' },
	{ name: 'received_at', type: 'bigint' },
	{ name: 'gateway', type: 'text' },
	{ name: 'incident_id', type: 'bigint' }
];

const timelineColumns: Column[] = [
	{ name: 'id', type: 'bigint' },
	{ name: 'incident_id', type: 'bigint' },
	{ name: 'at', type: 'bigint' },
	{ name: 'kind', type: 'text' },
	{ name: 'actor_id', type: 'bigint' },
	{ name: 'data', type: 'text' },
	{ name: 'prev_hash', type: 'text' },
	{ name: 'hash', type: 'text' }
];

interface Counters {
	seq: number;
	incident: number;
	fix: number;
	timeline: number;
	timeline_hash: string | null;
}

type Near = Pick<FixRow, 'fix_at' | 'lat' | 'lon'>;

/** Notified at each commit that adds to the feed: every node's feed reader wakes. */
export const feedChannel = 'soc_feed';

/**
 * The changes of one transaction. Incidents touched are put on the feed once, in their final
 * state; new fixes once per incident, together; data problems as one timeline entry per incident.
 * Fixes, gateway log rows, timeline entries and feed entries are written together at the end.
 */
export class IncidentChanges {
	/** The transaction, for the reads of other stores an action needs. */
	readonly tx: Sql;
	readonly #now: number;
	readonly #counters: Counters;
	readonly #touched = new Set<number>();
	readonly #timeline: TimelineEntry[] = [];
	readonly #timelineRows: unknown[][] = [];
	readonly #fixRows: unknown[][] = [];
	readonly #logRows: unknown[][] = [];
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
	#lastSeq: number;

	readonly #known: Committed;
	readonly #where: Gazetteer;

	private constructor(tx: Sql, counters: Counters, known: Committed, where: Gazetteer, now: number) {
		this.tx = tx;
		this.#counters = counters;
		this.#lastSeq = counters.seq;
		this.#known = known;
		this.#where = where;
		this.#now = now;
	}

	/** Starts the changes of a transaction that holds the incident changes' lock. */
	static async begin(tx: Sql, known: Committed, where: Gazetteer, now: number): Promise<IncidentChanges> {
		const counters = (await tx.get<Counters>(sql`select
			(select coalesce(max(seq), 0) from feed) as seq,
			(select coalesce(max(id), 0) from incidents) as incident,
			(select coalesce(max(id), 0) from fixes) as fix,
			(select coalesce(max(id), 0) from timeline) as timeline,
			(select hash from timeline order by id desc limit 1) as timeline_hash`))!;
		// Someone else (another node, a command) changed incidents since this process last did.
		if (counters.seq !== known.seq) known.forget();
		return new IncidentChanges(tx, counters, known, where, now);
	}

	/** Reads the open incidents of these VINs at once (a group of events touches many cars). */
	async preload(vins: readonly string[]): Promise<void> {
		const wanted = [...new Set(vins)].filter((vin) => !this.#knows(vin, 'airbag') || !this.#knows(vin, 'theft'));
		if (wanted.length === 0) return;
		const rows = await this.tx.all<{ id: number; vin: string; type: IncidentType; opened_at: number }>(
			sql`select id, vin, type, opened_at from incidents where ${isAnyOf(this.tx, sql`vin`, wanted)} and status != 'resolved' order by opened_at`
		);
		for (const vin of wanted) for (const type of ['airbag', 'theft'] as const) this.#open.set(`${type} ${vin}`, undefined);
		// In opening order: the latest open one of a type is the one kept.
		for (const r of rows) this.#open.set(`${r.type} ${r.vin}`, { id: r.id, openedAt: r.opened_at });
	}

	#knows(vin: string, type: IncidentType): boolean {
		const key = `${type} ${vin}`;
		return this.#open.has(key) || (!this.#operatorChanged && this.#known.open.has(key));
	}

	async openOfType(vin: string, type: IncidentType): Promise<{ id: number; openedAt: number } | undefined> {
		const key = `${type} ${vin}`;
		if (this.#open.has(key)) return this.#open.get(key);
		const known = this.#known.open;
		if (!this.#operatorChanged && known.has(key)) return known.get(key);
		const row = await this.tx.get<{ id: number; opened_at: number }>(q.openOfType(vin, type));
		const open = row && { id: row.id, openedAt: row.opened_at };
		this.#open.set(key, open);
		return open;
	}

	async lastOfType(vin: string, type: IncidentType): Promise<{ id: number; resolvedAt: number | null } | undefined> {
		const row = await this.tx.get<{ id: number; resolved_at: number | null }>(q.lastOfType(vin, type));
		return row && { id: row.id, resolvedAt: row.resolved_at };
	}

	/** What an action is judged on. */
	async current(id: number): Promise<IncidentState | undefined> {
		const row = await this.tx.get<{
			id: number;
			type: IncidentType;
			status: IncidentStatus;
			owner_id: number | null;
			owner_name: string | null;
			checklist: string;
		}>(q.current(id));
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
	async update(expected: IncidentState, patch: IncidentPatch): Promise<boolean> {
		const changed = await this.tx.run(
			q.update({
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
			})
		);
		if (changed === 1) this.#touched.add(expected.id);
		this.#open.clear();
		this.#operatorChanged = true;
		return changed === 1;
	}

	async addEscalation(incidentId: number, authorityId: number, reference: string | null, actorId: number): Promise<number> {
		const { id } = (await this.tx.get<{ id: number }>(q.insertEscalation(incidentId, authorityId, this.#now, actorId)))!;
		if (reference) await this.tx.run(q.insertReference(id, reference, this.#now, actorId));
		return id;
	}

	/** Adds a reference beside those the escalation has; false when it is not one of this incident's. */
	async addReference(incidentId: number, escalationId: number, reference: string, actorId: number): Promise<boolean> {
		if (!(await this.tx.get(q.escalation(escalationId, incidentId)))) return false;
		await this.tx.run(q.insertReference(escalationId, reference, this.#now, actorId));
		this.#touched.add(incidentId);
		return true;
	}

	/** A police link of the incident (docs/police.md), made now; its timeline entry is the caller's. */
	addPoliceLink(link: { incidentId: number; authorityId: number; tokenHash: string; createdBy: number; expiresAt: number }): Promise<number> {
		return insertPoliceLink(this.tx, { ...link, createdAt: this.#now });
	}

	/** False when the link is not this incident's or was revoked already. */
	revokePoliceLink(incidentId: number, linkId: number, actorId: number): Promise<boolean> {
		return revokePoliceLink(this.tx, incidentId, linkId, actorId, this.#now);
	}

	/** Puts incidents on the feed again (their owner went offline, say). */
	touch(ids: number[]): void {
		for (const id of ids) this.#touched.add(id);
	}

	async open(type: IncidentType, vin: string, openedAt: number, occurredAt: number | null, details: IncidentDetails): Promise<number> {
		await this.tx.run(q.touchVehicle(vin, openedAt));
		const id = ++this.#counters.incident;
		await this.tx.run(q.insertIncident(id, type, vin, openedAt, occurredAt, JSON.stringify(details)));
		this.#touched.add(id);
		this.#open.set(`${type} ${vin}`, { id, openedAt });
		return id;
	}

	async mergeDetails(id: number, patch: IncidentDetails): Promise<void> {
		const { details } = (await this.tx.get<{ details: string }>(q.details(id)))!;
		await this.tx.run(q.setDetails(id, JSON.stringify({ ...JSON.parse(details), ...patch })));
		this.#touched.add(id);
	}

	/** The street address found for the incident's position (after the commit that brought it); false when it had it already. */
	async setAddress(id: number, address: StreetAddress): Promise<boolean> {
		const changed = (await this.tx.run(q.setAddress(id, JSON.stringify(address)))) === 1;
		if (changed) this.#touched.add(id);
		return changed;
	}

	async markClearedAtVehicle(id: number, at: number): Promise<void> {
		await this.tx.run(q.clearedAtVehicle(id, at));
		this.#touched.add(id);
	}

	/** The latest details the gateway sent for a VIN replace the earlier ones. */
	async saveVehicle(vin: string, vehicle: Vehicle, at: number): Promise<void> {
		await this.tx.run(
			q.upsertVehicle({
				vin,
				model: vehicle.model ?? null,
				modelYear: vehicle.modelYear ?? null,
				colour: vehicle.colour ?? null,
				plate: vehicle.plate ?? null,
				ownerName: vehicle.owner?.name ?? null,
				ownerPhone: vehicle.owner?.phone ?? null,
				ownerLanguage: vehicle.owner?.language ?? null,
				at
			})
		);
	}

	/** Keeps an accepted event as received, with the incident it went to (null: none). */
	logEvent(event: LoggedEvent, incidentId: number | null): void {
		this.#logRows.push([event.value.eventId, event.event, event.json, event.receivedAt, event.gateway, incidentId]);
	}

	/** Adds an entry to the audit chain; `actorName` when the caller knows it already. */
	async appendTimeline(
		incidentId: number,
		kind: string,
		data: Record<string, unknown>,
		actorId: number | null = null
	): Promise<TimelineEntry> {
		const actorName = actorId === null ? null : ((await this.tx.get<{ username: string }>(q.actorName(actorId)))?.username ?? null);
		return this.#chain(incidentId, kind, data, actorId, actorName);
	}

	#chain(incidentId: number, kind: string, data: Record<string, unknown>, actorId: number | null, actorName: string | null): TimelineEntry {
		const c = this.#counters;
		const id = ++c.timeline;
		const prevHash = c.timeline_hash ?? '';
		const hash = chainHash(prevHash, timelineContent(id, { incidentId, at: this.#now, kind, actorId, data }));
		c.timeline_hash = hash;
		this.#timelineRows.push([id, incidentId, this.#now, kind, actorId, JSON.stringify(data), prevHash, hash]);
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

	/** The fixes on either side of `fixAt` in the incident's track, this transaction's included. */
	async neighbours(incidentId: number, fixAt: number) {
		const last = this.#lastFix.get(incidentId) ?? this.#known.lastFixes.get(incidentId);
		if (last && last.fixAt <= fixAt) return { before: last, after: undefined };
		const [storedBefore, storedAfter] = [
			await this.tx.get<Near>(q.fixBefore(incidentId, fixAt)),
			await this.tx.get<Near>(q.fixAfter(incidentId, fixAt))
		];
		let before = storedBefore && toPosition(storedBefore);
		let after = storedAfter && toPosition(storedAfter);
		for (const fix of this.#fixes.get(incidentId)?.fixes ?? []) {
			if (fix.fixAt <= fixAt && (!before || fix.fixAt > before.fixAt)) before = fix;
			if (fix.fixAt > fixAt && (!after || fix.fixAt < after.fixAt)) after = fix;
		}
		return { before, after };
	}

	/** `isLast`: nothing in the track comes after this fix (from `neighbours`). */
	addFix(incidentId: number, fix: FixView, isLast: boolean): void {
		const rowId = ++this.#counters.fix;
		this.#fixRows.push([
			rowId,
			incidentId,
			fix.fixAt,
			fix.receivedAt,
			fix.lat,
			fix.lon,
			fix.speedKmh,
			fix.headingDeg,
			fix.accuracyM,
			fix.flags.length === 0 ? '[]' : JSON.stringify(fix.flags)
		]);
		this.#fixReceivedAt.set(incidentId, fix.receivedAt);
		if (isLast) this.#lastFix.set(incidentId, { fixAt: fix.fixAt, lat: fix.lat, lon: fix.lon });
		let added = this.#fixes.get(incidentId);
		if (!added) this.#fixes.set(incidentId, (added = { fixes: [], fromId: rowId, toId: rowId }));
		added.toId = rowId;
		added.fixes.push(fix);
	}

	/** Writes the incident's fix times once for the transaction; returns its last-fix fields. */
	async #saveFixTimes(incidentId: number): Promise<TrackChange['latest']> {
		const receivedAt = this.#fixReceivedAt.get(incidentId)!;
		// The track's last fix: this transaction's, else the last stored one (none of this
		// transaction's came after it).
		const last =
			this.#lastFix.get(incidentId) ??
			this.#known.lastFixes.get(incidentId) ??
			toPosition((await this.tx.get<Near>(q.lastFix(incidentId)))!);
		await this.tx.run(q.fixTimes(incidentId, last.fixAt, receivedAt));
		const lastPosition = { lat: last.lat, lon: last.lon, fixAt: last.fixAt };
		return {
			lastFixAt: last.fixAt,
			lastFixReceivedAt: receivedAt,
			lastPosition,
			place: this.#where.placeOf(lastPosition),
			country: this.#where.countryOf(lastPosition)
		};
	}

	/** Writes the rows and feed entries of this transaction and returns the entries, to broadcast after the commit. */
	async finish(): Promise<FeedEntry[]> {
		const latest = new Map<number, TrackChange['latest']>();
		for (const id of this.#fixReceivedAt.keys()) latest.set(id, await this.#saveFixTimes(id));
		for (const [incidentId, problems] of this.#problems) {
			this.#chain(incidentId, 'data_problem', { problems: problems.slice(0, 50), total: problems.length }, null, null);
		}
		const tx = this.tx;
		await tx.insertMany('fixes', columns.fixes, this.#fixRows);
		await tx.insertMany('gateway_log', gatewayLogColumns, this.#logRows);
		await tx.insertMany('timeline', timelineColumns, this.#timelineRows);
		const entries: FeedEntry[] = [];
		const rows: unknown[][] = [];
		const put = <K extends FeedEntry['kind']>(kind: K, incidentId: number, data: Extract<FeedEntry, { kind: K }>['data'], stored: unknown = data) => {
			const seq = ++this.#lastSeq;
			rows.push([seq, this.#now, kind, incidentId, JSON.stringify(stored)]);
			entries.push({ seq, at: this.#now, kind, incidentId, data } as FeedEntry);
		};
		for (const id of this.#touched) {
			put('incident', id, await incidentView(tx, (await tx.get<IncidentRow>(q.incident(id)))!, this.#where));
		}
		for (const entry of this.#timeline) put('timeline', entry.incidentId, entry);
		// New fixes alone do not re-send the incident: the track entry carries its last-fix fields.
		// Stored, it names the fixes' rows instead of copying them: the fixes table already holds
		// them, and a screen catching up reads them back (`feedAfter`).
		for (const [incidentId, { fixes, fromId, toId }] of this.#fixes) {
			const change = { fixes: fixes.sort((a, b) => a.fixAt - b.fixAt), latest: latest.get(incidentId)! };
			put('track', incidentId, change, { fromId, toId, latest: change.latest });
		}
		await tx.insertMany('feed', columns.feed, rows);
		if (rows.length > 0) await tx.notify(feedChannel);
		return entries;
	}

	/** After the commit: what this transaction learnt becomes what later ones start from. */
	committed(): void {
		const known = this.#known;
		known.seq = this.#lastSeq;
		remember(known.lastFixes, this.#lastFix);
		if (this.#operatorChanged) known.open.clear();
		else remember(known.open, this.#open);
	}
}

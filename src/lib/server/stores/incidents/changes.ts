// The changes of one transaction: the only code that writes incidents, their timeline, their
// track and the live feed. Every change is put on the feed, numbered by the database, in the
// same transaction.
import type { DataProblem, FeedEntry, FixView, IncidentDetails, IncidentStatus, IncidentType, TimelineEntry, TrackChange } from '../../../domain/incident';
import type { StreetAddress } from '../../../domain/address';
import type { Vehicle } from '../../../domain/gateway/schemas';
import type { Db } from '../../db';
import { appendTimelineEntry } from '../audit';
import { insertPoliceLink, revokePoliceLink } from '../police-links';
import { remember, type Committed, type LastFix, type OpenIncident } from './committed';
import type { FixRow, IncidentRow, Statements } from './statements';
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

	readonly #known: Committed;
	readonly #where: Gazetteer;

	constructor(db: Db, s: Statements, known: Committed, where: Gazetteer, now: number) {
		this.#db = db;
		this.#s = s;
		this.#known = known;
		this.#where = where;
		this.#now = now;
	}

	openOfType(vin: string, type: IncidentType): { id: number; openedAt: number } | undefined {
		const key = `${type} ${vin}`;
		if (this.#open.has(key)) return this.#open.get(key);
		const known = this.#known.open;
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

	/** A police link of the incident (docs/police.md), made now; its timeline entry is the caller's. */
	addPoliceLink(link: { incidentId: number; authorityId: number; tokenHash: string; createdBy: number; expiresAt: number }): number {
		return insertPoliceLink(this.#db, { ...link, createdAt: this.#now });
	}

	/** False when the link is not this incident's or was revoked already. */
	revokePoliceLink(incidentId: number, linkId: number, actorId: number): boolean {
		return revokePoliceLink(this.#db, incidentId, linkId, actorId, this.#now);
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

	/** The street address found for the incident's position (after the commit that brought it); false when it had it already. */
	setAddress(id: number, address: StreetAddress): boolean {
		const changed = this.#s.setAddress.run({ id, address: JSON.stringify(address) }).changes === 1;
		if (changed) this.#touched.add(id);
		return changed;
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
		const last = this.#lastFix.get(incidentId) ?? this.#known.lastFixes.get(incidentId);
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
			this.#known.lastFixes.get(incidentId) ??
			toPosition(this.#s.lastFix.get(incidentId) as Pick<FixRow, 'fix_at' | 'lat' | 'lon'>);
		this.#s.fixTimes.run(last.fixAt, receivedAt, incidentId);
		const lastPosition = { lat: last.lat, lon: last.lon, fixAt: last.fixAt };
		return {
			lastFixAt: last.fixAt,
			lastFixReceivedAt: receivedAt,
			lastPosition,
			place: this.#where.placeOf(lastPosition),
			country: this.#where.countryOf(lastPosition)
		};
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
			put('incident', id, incidentView(this.#s, this.#s.incident.get(id) as IncidentRow, this.#where));
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
		const known = this.#known;
		remember(known.lastFixes, this.#lastFix);
		if (this.#operatorChanged) known.open.clear();
		else remember(known.open, this.#open);
	}

}


// Rows as the screens see them: incidents with their vehicle, escalations and town, and fixes.
import type { StreetAddress } from '../../../domain/address';
import type { CountryAt } from '../../../domain/borders';
import type { EscalationView, FixFlag, FixView, IncidentDetails, IncidentView, Place } from '../../../domain/incident';
import type { Sql } from '../../db/sql';
import { q, type FixRow, type IncidentRow } from './statements';

/** Where a position is, given to the store by its builder: its nearest town and its country. */
export interface Gazetteer {
	placeOf(position: { lat: number; lon: number }): Place | null;
	countryOf(position: { lat: number; lon: number }): CountryAt | null;
}

export const toPosition = (r: Pick<FixRow, 'fix_at' | 'lat' | 'lon'>) => ({ fixAt: r.fix_at, lat: r.lat, lon: r.lon });

export const fixView = (r: FixRow): FixView => ({
	fixAt: r.fix_at,
	receivedAt: r.received_at,
	lat: r.lat,
	lon: r.lon,
	speedKmh: r.speed_kmh,
	headingDeg: r.heading_deg,
	accuracyM: r.accuracy_m,
	flags: JSON.parse(r.flags) as FixFlag[]
});

export async function escalationsOf(db: Sql, incidentId: number): Promise<EscalationView[]> {
	type EscalationRow = { id: number; authority_id: number; name: string; kind: EscalationView['authorityKind']; at: number; actor: string };
	type ReferenceRow = { escalation_id: number; reference: string; at: number; actor: string };
	const references = new Map<number, ReferenceRow[]>();
	for (const r of await db.all<ReferenceRow>(q.references(incidentId))) {
		const list = references.get(r.escalation_id);
		if (list) list.push(r);
		else references.set(r.escalation_id, [r]);
	}
	return (await db.all<EscalationRow>(q.escalations(incidentId))).map((e) => ({
		id: e.id,
		authorityId: e.authority_id,
		authorityName: e.name,
		authorityKind: e.kind,
		references: (references.get(e.id) ?? []).map((r) => ({ reference: r.reference, at: r.at, actorName: r.actor })),
		at: e.at,
		actorName: e.actor
	}));
}

export async function incidentView(db: Sql, row: IncidentRow, where: Gazetteer): Promise<IncidentView> {
	const details = JSON.parse(row.details) as IncidentDetails;
	const last = row.type === 'theft' ? await db.get<Pick<FixRow, 'fix_at' | 'lat' | 'lon'>>(q.lastFix(row.id)) : undefined;
	const lastPosition = last
		? { lat: last.lat, lon: last.lon, fixAt: last.fix_at }
		: details.position
			? { ...details.position, fixAt: row.occurred_at ?? row.opened_at }
			: null;
	const escalations = row.escalated_at === null ? [] : await escalationsOf(db, row.id);
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
		place: lastPosition && where.placeOf(lastPosition),
		country: lastPosition && where.countryOf(lastPosition),
		address: row.address === null ? null : (JSON.parse(row.address) as StreetAddress),
		escalations,
		checklist: JSON.parse(row.checklist) as string[],
		ownerOnline: row.owner_id === null || row.owner_online === 1
	};
}


// The incident store's SQL, written once for both engines, and the rows it reads.
import { sql } from 'drizzle-orm';
import type { Column } from '../../db/sql';
import type { IncidentStatus, IncidentType } from '../../../domain/incident';

export interface IncidentRow {
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
	address: string | null;
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

export interface FixRow {
	fix_at: number;
	received_at: number;
	lat: number;
	lon: number;
	speed_kmh: number | null;
	heading_deg: number | null;
	accuracy_m: number | null;
	flags: string;
}

const incidentSelect = sql.raw(`
	select i.*, a.username as owner_name,
		(select 1 from sessions s where s.account_id = i.owner_id and a.disabled_at is null limit 1) as owner_online,
		v.vin as v_vin, v.model, v.model_year, v.colour, v.plate,
		v.owner_name as owner_name_v, v.owner_phone, v.owner_language
	from incidents i
	left join vehicles v on v.vin = i.vin
	left join accounts a on a.id = i.owner_id`);

export const q = {
	incident: (id: number) => sql`${incidentSelect} where i.id = ${id}`,
	openIncidents: () => sql`${incidentSelect} where i.status != 'resolved' order by i.opened_at`,
	/** The numbers a transaction continues from, read under its lock. */
	counters: () => sql`select
		(select coalesce(max(seq), 0) from feed) as seq,
		(select coalesce(max(id), 0) from incidents) as incident,
		(select coalesce(max(id), 0) from fixes) as fix`,
	openOfType: (vin: string, type: IncidentType) =>
		sql`select id, opened_at from incidents where vin = ${vin} and type = ${type} and status != 'resolved' order by opened_at desc limit 1`,
	lastOfType: (vin: string, type: IncidentType) =>
		sql`select id, resolved_at from incidents where vin = ${vin} and type = ${type} order by opened_at desc limit 1`,
	details: (id: number) => sql`select details from incidents where id = ${id}`,
	setDetails: (id: number, details: string) => sql`update incidents set details = ${details} where id = ${id}`,
	setAddress: (id: number, address: string) =>
		sql`update incidents set address = ${address} where id = ${id} and address is distinct from ${address}`,
	insertIncident: (id: number, type: IncidentType, vin: string, openedAt: number, occurredAt: number | null, details: string) =>
		sql`insert into incidents (id, type, status, vin, opened_at, occurred_at, details) values (${id}, ${type}, 'new', ${vin}, ${openedAt}, ${occurredAt}, ${details})`,
	touchVehicle: (vin: string, at: number) => sql`insert into vehicles (vin, updated_at) values (${vin}, ${at}) on conflict (vin) do nothing`,
	upsertVehicle: (v: {
		vin: string;
		model: string | null;
		modelYear: number | null;
		colour: string | null;
		plate: string | null;
		ownerName: string | null;
		ownerPhone: string | null;
		ownerLanguage: string | null;
		at: number;
	}) => sql`
		insert into vehicles (vin, model, model_year, colour, plate, owner_name, owner_phone, owner_language, updated_at)
		values (${v.vin}, ${v.model}, ${v.modelYear}, ${v.colour}, ${v.plate}, ${v.ownerName}, ${v.ownerPhone}, ${v.ownerLanguage}, ${v.at})
		on conflict (vin) do update set model = excluded.model, model_year = excluded.model_year,
			colour = excluded.colour, plate = excluded.plate, owner_name = excluded.owner_name,
			owner_phone = excluded.owner_phone, owner_language = excluded.owner_language, updated_at = excluded.updated_at`,
	clearedAtVehicle: (id: number, at: number) =>
		sql`update incidents set cleared_at_vehicle_at = coalesce(cleared_at_vehicle_at, ${at}) where id = ${id}`,
	actorName: (id: number) => sql`select username from accounts where id = ${id}`,
	fixBefore: (incidentId: number, fixAt: number) =>
		sql`select fix_at, lat, lon from fixes where incident_id = ${incidentId} and fix_at <= ${fixAt} order by fix_at desc limit 1`,
	fixAfter: (incidentId: number, fixAt: number) =>
		sql`select fix_at, lat, lon from fixes where incident_id = ${incidentId} and fix_at > ${fixAt} order by fix_at asc limit 1`,
	lastFix: (incidentId: number) => sql`select fix_at, lat, lon from fixes where incident_id = ${incidentId} order by fix_at desc limit 1`,
	fixTimes: (id: number, lastFixAt: number, receivedAt: number) =>
		sql`update incidents set last_fix_at = ${lastFixAt}, last_fix_received_at = ${receivedAt} where id = ${id}`,
	track: (incidentId: number, limit: number) => sql`select * from fixes where incident_id = ${incidentId} order by fix_at desc limit ${limit}`,
	trackSince: (incidentId: number, since: number, limit: number) =>
		sql`select * from fixes where incident_id = ${incidentId} and fix_at >= ${since} order by fix_at desc limit ${limit}`,
	trackPoints: (incidentId: number, limit: number) =>
		sql`select fix_at, lat, lon from fixes where incident_id = ${incidentId} order by fix_at desc limit ${limit}`,
	// The id range first: not the incident's whole track through its index.
	fixRange: (fromId: number, toId: number, incidentId: number) =>
		sql`select * from fixes where id between ${fromId} and ${toId} and incident_id + 0 = ${incidentId} order by fix_at, id`,
	lastSeq: () => sql`select coalesce(max(seq), 0) as seq from feed`,
	firstSeq: () => sql`select min(seq) as seq from feed`,
	feedAfter: (seq: number, limit: number) => sql`select seq, at, kind, incident_id, data from feed where seq > ${seq} order by seq limit ${limit}`,
	escalations: (incidentId: number) => sql`
		select e.id, e.authority_id, au.name, au.kind, e.at, a.username as actor
		from escalations e join authorities au on au.id = e.authority_id join accounts a on a.id = e.actor_id
		where e.incident_id = ${incidentId} order by e.id`,
	references: (incidentId: number) => sql`
		select r.escalation_id, r.reference, r.at, a.username as actor
		from escalation_references r join escalations e on e.id = r.escalation_id join accounts a on a.id = r.actor_id
		where e.incident_id = ${incidentId} order by r.id`,
	current: (id: number) =>
		sql`select i.id, i.type, i.status, i.owner_id, i.checklist, a.username as owner_name from incidents i left join accounts a on a.id = i.owner_id where i.id = ${id}`,
	update: (p: {
		id: number;
		expectedStatus: IncidentStatus;
		expectedOwner: number | null;
		status: IncidentStatus;
		ownerId: number | null;
		acknowledgedAt: number | null;
		escalatedAt: number | null;
		resolvedAt: number | null;
		outcome: string | null;
		checklist: string;
		at: number;
	}) => sql`
		update incidents set status = ${p.status}, owner_id = ${p.ownerId},
			acknowledged_at = coalesce(acknowledged_at, ${p.acknowledgedAt}), escalated_at = coalesce(escalated_at, ${p.escalatedAt}),
			resolved_at = ${p.resolvedAt}, outcome = ${p.outcome}, checklist = ${p.checklist}, last_action_at = ${p.at}
		where id = ${p.id} and status = ${p.expectedStatus} and owner_id is not distinct from ${p.expectedOwner}`,
	insertEscalation: (incidentId: number, authorityId: number, at: number, actorId: number) =>
		sql`insert into escalations (incident_id, authority_id, at, actor_id) values (${incidentId}, ${authorityId}, ${at}, ${actorId}) returning id`,
	escalation: (id: number, incidentId: number) => sql`select id from escalations where id = ${id} and incident_id = ${incidentId}`,
	insertReference: (escalationId: number, reference: string, at: number, actorId: number) =>
		sql`insert into escalation_references (escalation_id, reference, at, actor_id) values (${escalationId}, ${reference}, ${at}, ${actorId})`,
	timeline: (incidentId: number) =>
		sql`select t.*, a.username as actor_name from timeline t left join accounts a on a.id = t.actor_id where t.incident_id = ${incidentId} order by t.id`,
	ownerPresence: () => sql`
		select i.id, case when exists (select 1 from sessions s join accounts a on a.id = s.account_id
			where s.account_id = i.owner_id and a.disabled_at is null) then 1 else 0 end as online
		from incidents i where i.owner_id is not null and i.status != 'resolved'`,
	pruneFeed: (upTo: number) => sql`delete from feed where seq <= ${upTo}`
};

/** The rows the ingest writes many at a time. */
export const columns = {
	fixes: [
		{ name: 'id', type: 'bigint' },
		{ name: 'incident_id', type: 'bigint' },
		{ name: 'fix_at', type: 'bigint' },
		{ name: 'received_at', type: 'bigint' },
		{ name: 'lat', type: 'double precision' },
		{ name: 'lon', type: 'double precision' },
		{ name: 'speed_kmh', type: 'double precision' },
		{ name: 'heading_deg', type: 'double precision' },
		{ name: 'accuracy_m', type: 'double precision' },
		{ name: 'flags', type: 'text' }
	],
	feed: [
		{ name: 'seq', type: 'bigint' },
		{ name: 'at', type: 'bigint' },
		{ name: 'kind', type: 'text' },
		{ name: 'incident_id', type: 'bigint' },
		{ name: 'data', type: 'text' }
	]
} satisfies Record<string, Column[]>;

// The incident store's SQL: every statement prepared once per connection, and the rows they read.
import type Database from 'better-sqlite3';
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

const incidentSelect = `
	select i.*, a.username as owner_name,
		(select 1 from sessions s where s.account_id = i.owner_id and a.disabled_at is null limit 1) as owner_online,
		v.vin as v_vin, v.model, v.model_year, v.colour, v.plate,
		v.owner_name as owner_name_v, v.owner_phone, v.owner_language
	from incidents i
	left join vehicles v on v.vin = i.vin
	left join accounts a on a.id = i.owner_id`;

export function statements(client: Database.Database) {
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
		setAddress: client.prepare(`update incidents set address = @address where id = @id and address is not @address`),
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
		trackSince: client.prepare(`select * from fixes where incident_id = ? and fix_at >= ? order by fix_at desc limit ?`),
		// Rows as arrays, three columns: a snapshot reads hundreds of thousands of them.
		trackPoints: client.prepare(`select fix_at, lat, lon from fixes where incident_id = ? order by fix_at desc limit ?`).raw(true),
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

export type Statements = ReturnType<typeof statements>;

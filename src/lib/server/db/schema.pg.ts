// The tables of schema.ts for PostgreSQL (docs/nodes.md): same names, columns, constraints and
// indexes. Times are epoch milliseconds in bigint (past 2^31 they do not fit an integer), ids and
// their references are bigint too, coordinates and speeds are double precision (SQLite's real).
// JSON columns stay text: the code writes and parses the JSON itself on both engines.
// schema.pg.test.ts fails when the two drift apart.
import { sql } from 'drizzle-orm';
import { bigint, doublePrecision, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { StreetAddress } from '../../domain/address';
import type { Role } from '../../domain/roles';

/** Epoch milliseconds, or an id: read back as a JavaScript number. */
const int8 = (name: string) => bigint(name, { mode: 'number' });
/** An id the database numbers. The timeline, admin log, feed, incidents and fixes are numbered by the code instead (max+1 under the incident changes' lock). */
const serialId = (name: string) => int8(name).primaryKey().generatedByDefaultAsIdentity();

export const accounts = pgTable('accounts', {
	id: serialId('id'),
	username: text('username').notNull().unique(),
	passwordHash: text('password_hash').notNull(),
	role: text('role').$type<Role>().notNull(),
	locale: text('locale'),
	disabledAt: int8('disabled_at'),
	createdAt: int8('created_at').notNull()
});

export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		accountId: int8('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		createdAt: int8('created_at').notNull(),
		lastSeenAt: int8('last_seen_at').notNull(),
		expiresAt: int8('expires_at').notNull()
	},
	(t) => [index('sessions_account').on(t.accountId)]
);

export const loginFailures = pgTable(
	'login_failures',
	{
		id: serialId('id'),
		username: text('username').notNull(),
		at: int8('at').notNull()
	},
	(t) => [index('login_failures_username_at').on(t.username, t.at)]
);

export const gatewayTokens = pgTable('gateway_tokens', {
	id: serialId('id'),
	label: text('label').notNull().unique(),
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: int8('created_at').notNull(),
	revokedAt: int8('revoked_at')
});

export const vehicles = pgTable(
	'vehicles',
	{
		vin: text('vin').primaryKey(),
		model: text('model'),
		modelYear: integer('model_year'),
		colour: text('colour'),
		plate: text('plate'),
		ownerName: text('owner_name'),
		ownerPhone: text('owner_phone'),
		ownerLanguage: text('owner_language'),
		updatedAt: int8('updated_at').notNull()
	},
	// Must stay identical to `plateKeySql` in stores/log.ts for the Plate filter to use it.
	(t) => [index('vehicles_plate_key').on(sql`upper(replace(replace(replace(${t.plate}, ' ', ''), '-', ''), '.', ''))`)]
);

export const incidents = pgTable(
	'incidents',
	{
		id: int8('id').primaryKey(),
		type: text('type').$type<'airbag' | 'theft'>().notNull(),
		status: text('status').$type<'new' | 'acknowledged' | 'escalated' | 'resolved'>().notNull(),
		vin: text('vin')
			.notNull()
			.references(() => vehicles.vin),
		openedAt: int8('opened_at').notNull(),
		occurredAt: int8('occurred_at'),
		details: text('details').$type<Record<string, unknown>>().notNull(),
		ownerId: int8('owner_id').references(() => accounts.id),
		acknowledgedAt: int8('acknowledged_at'),
		escalatedAt: int8('escalated_at'),
		resolvedAt: int8('resolved_at'),
		outcome: text('outcome'),
		clearedAtVehicleAt: int8('cleared_at_vehicle_at'),
		lastActionAt: int8('last_action_at'),
		lastFixAt: int8('last_fix_at'),
		lastFixReceivedAt: int8('last_fix_received_at'),
		checklist: text('checklist').$type<string[]>().notNull().default(sql`'[]'`),
		address: text('address').$type<StreetAddress>()
	},
	(t) => [
		index('incidents_vin_type_opened').on(t.vin, t.type, t.openedAt),
		index('incidents_status_opened').on(t.status, t.openedAt),
		index('incidents_opened').on(t.openedAt),
		index('incidents_type_opened').on(t.type, t.openedAt),
		index('incidents_owner_opened').on(t.ownerId, t.openedAt),
		index('incidents_open_opened').on(t.openedAt).where(sql`status != 'resolved'`),
		index('incidents_open_owner').on(t.ownerId).where(sql`status != 'resolved'`)
	]
);

/** Append-only (UPDATE/DELETE refused by triggers, drizzle-pg/0001_timeline_append_only.sql). */
export const timeline = pgTable(
	'timeline',
	{
		id: int8('id').primaryKey(),
		incidentId: int8('incident_id')
			.notNull()
			.references(() => incidents.id),
		at: int8('at').notNull(),
		kind: text('kind').notNull(),
		actorId: int8('actor_id').references(() => accounts.id),
		data: text('data').$type<Record<string, unknown>>().notNull(),
		prevHash: text('prev_hash').notNull().default(''),
		hash: text('hash').notNull().default('')
	},
	(t) => [index('timeline_incident').on(t.incidentId, t.id)]
);

/** Append-only, like the timeline (drizzle-pg/0003_admin_log_append_only.sql). */
export const adminLog = pgTable('admin_log', {
	id: int8('id').primaryKey(),
	at: int8('at').notNull(),
	actor: text('actor').notNull(),
	action: text('action').notNull(),
	data: text('data').$type<Record<string, unknown>>().notNull(),
	prevHash: text('prev_hash').notNull(),
	hash: text('hash').notNull()
});

export const fixes = pgTable(
	'fixes',
	{
		id: int8('id').primaryKey(),
		incidentId: int8('incident_id')
			.notNull()
			.references(() => incidents.id),
		fixAt: int8('fix_at').notNull(),
		receivedAt: int8('received_at').notNull(),
		lat: doublePrecision('lat').notNull(),
		lon: doublePrecision('lon').notNull(),
		speedKmh: doublePrecision('speed_kmh'),
		headingDeg: doublePrecision('heading_deg'),
		accuracyM: doublePrecision('accuracy_m'),
		flags: text('flags').$type<string[]>().notNull().default(sql`'[]'`)
	},
	(t) => [index('fixes_incident_fix_at').on(t.incidentId, t.fixAt)]
);

export const gatewayLog = pgTable(
	'gateway_log',
	{
		id: serialId('id'),
		eventId: text('event_id').notNull(),
		event: text('event').notNull(),
		payload: text('payload').notNull(),
		receivedAt: int8('received_at').notNull(),
		gateway: text('gateway').notNull(),
		incidentId: int8('incident_id').references(() => incidents.id)
	},
	(t) => [uniqueIndex('gateway_log_event_id').on(t.eventId)]
);

export const authorities = pgTable('authorities', {
	id: serialId('id'),
	name: text('name').notNull(),
	kind: text('kind').$type<'emergency' | 'police' | 'other'>().notNull(),
	country: text('country').notNull(),
	phone: text('phone').notNull(),
	createdAt: int8('created_at').notNull(),
	retiredAt: int8('retired_at')
});

/** Append-only, like their references (drizzle-pg/0004_escalations_append_only.sql). */
export const escalations = pgTable(
	'escalations',
	{
		id: serialId('id'),
		incidentId: int8('incident_id')
			.notNull()
			.references(() => incidents.id),
		authorityId: int8('authority_id')
			.notNull()
			.references(() => authorities.id),
		at: int8('at').notNull(),
		actorId: int8('actor_id')
			.notNull()
			.references(() => accounts.id)
	},
	(t) => [index('escalations_incident').on(t.incidentId)]
);

export const escalationReferences = pgTable(
	'escalation_references',
	{
		id: serialId('id'),
		escalationId: int8('escalation_id')
			.notNull()
			.references(() => escalations.id),
		reference: text('reference').notNull(),
		at: int8('at').notNull(),
		actorId: int8('actor_id')
			.notNull()
			.references(() => accounts.id)
	},
	(t) => [index('escalation_references_escalation').on(t.escalationId, t.id)]
);

/** Never deleted; revoked once (triggers, drizzle-pg/0005_police_links_kept.sql). */
export const policeLinks = pgTable(
	'police_links',
	{
		id: serialId('id'),
		incidentId: int8('incident_id')
			.notNull()
			.references(() => incidents.id),
		authorityId: int8('authority_id')
			.notNull()
			.references(() => authorities.id),
		tokenHash: text('token_hash').notNull(),
		createdBy: int8('created_by')
			.notNull()
			.references(() => accounts.id),
		createdAt: int8('created_at').notNull(),
		expiresAt: int8('expires_at').notNull(),
		revokedAt: int8('revoked_at'),
		revokedBy: int8('revoked_by').references(() => accounts.id)
	},
	(t) => [uniqueIndex('police_links_token_hash').on(t.tokenHash), index('police_links_incident').on(t.incidentId, t.id)]
);

/** Pruned by deletes, so not append-only. */
export const feed = pgTable('feed', {
	seq: int8('seq').primaryKey(),
	at: int8('at').notNull(),
	kind: text('kind').notNull(),
	incidentId: int8('incident_id'),
	data: text('data').$type<unknown>().notNull()
});

export const gatewayPresence = pgTable('gateway_presence', {
	node: text('node').primaryKey(),
	status: text('status').notNull(),
	seenAt: int8('seen_at').notNull()
});

// Tables of the console. Times are epoch milliseconds (integers) unless named otherwise.
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { StreetAddress } from '../../domain/address';
import type { Role } from '../../domain/roles';

export const accounts = sqliteTable('accounts', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	username: text('username').notNull().unique(),
	passwordHash: text('password_hash').notNull(),
	role: text('role').$type<Role>().notNull(),
	locale: text('locale'),
	disabledAt: integer('disabled_at'),
	createdAt: integer('created_at').notNull()
});

/** A signed-in browser. `id` is the SHA-256 of the cookie's token, so a copy of the database signs nobody in. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		accountId: integer('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at').notNull(),
		lastSeenAt: integer('last_seen_at').notNull(),
		expiresAt: integer('expires_at').notNull()
	},
	(t) => [index('sessions_account').on(t.accountId)]
);

/** Failed sign-ins per username (known or not), for throttling. */
export const loginFailures = sqliteTable(
	'login_failures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		username: text('username').notNull(),
		at: integer('at').notNull()
	},
	(t) => [index('login_failures_username_at').on(t.username, t.at)]
);

/** Gateway tokens issued with `soc token add` or /admin; only the SHA-256 of the token is kept. */
export const gatewayTokens = sqliteTable('gateway_tokens', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	label: text('label').notNull().unique(),
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: integer('created_at').notNull(),
	revokedAt: integer('revoked_at')
});

/** Latest vehicle details the gateway sent, per VIN. */
export const vehicles = sqliteTable(
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
		updatedAt: integer('updated_at').notNull()
	},
	// The incident log's Plate filter compares plates without case, spaces, hyphens and dots: the
	// expression must stay identical to `plateKeySql` in stores/log.ts for the index to be used.
	(t) => [index('vehicles_plate_key').on(sql`upper(replace(replace(replace(${t.plate}, ' ', ''), '-', ''), '.', ''))`)]
);

export const incidents = sqliteTable(
	'incidents',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		type: text('type').$type<'airbag' | 'theft'>().notNull(),
		status: text('status').$type<'new' | 'acknowledged' | 'escalated' | 'resolved'>().notNull(),
		vin: text('vin')
			.notNull()
			.references(() => vehicles.vin),
		/** Console receive time of the opening event: time targets count from here. */
		openedAt: integer('opened_at').notNull(),
		/** Vehicle clock of the opening event, when it sent one. */
		occurredAt: integer('occurred_at'),
		/** The alert's own data (eCall set, theft trigger, ...), as validated. */
		details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		ownerId: integer('owner_id').references(() => accounts.id),
		acknowledgedAt: integer('acknowledged_at'),
		escalatedAt: integer('escalated_at'),
		resolvedAt: integer('resolved_at'),
		outcome: text('outcome'),
		clearedAtVehicleAt: integer('cleared_at_vehicle_at'),
		lastActionAt: integer('last_action_at'),
		lastFixAt: integer('last_fix_at'),
		lastFixReceivedAt: integer('last_fix_received_at'),
		/** Checklist steps ticked (their ticks are on the timeline too). */
		checklist: text('checklist', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
		/** The street address the reverse geocoder last gave, with the position it is for (domain/address.ts). */
		address: text('address', { mode: 'json' }).$type<StreetAddress>()
	},
	(t) => [
		index('incidents_vin_type_opened').on(t.vin, t.type, t.openedAt),
		index('incidents_status_opened').on(t.status, t.openedAt),
		index('incidents_opened').on(t.openedAt),
		// The incident log's filters (stores/log.ts), each in opening-time order.
		index('incidents_type_opened').on(t.type, t.openedAt),
		index('incidents_owner_opened').on(t.ownerId, t.openedAt),
		// Open incidents only (a few among a long history): the live snapshot and owner presence.
		index('incidents_open_opened').on(t.openedAt).where(sql`status != 'resolved'`),
		index('incidents_open_owner').on(t.ownerId).where(sql`status != 'resolved'`)
	]
);

/** Append-only: every action, alert event and data problem of an incident (UPDATE/DELETE refused by triggers). */
export const timeline = sqliteTable(
	'timeline',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		incidentId: integer('incident_id')
			.notNull()
			.references(() => incidents.id),
		at: integer('at').notNull(),
		kind: text('kind').notNull(),
		actorId: integer('actor_id').references(() => accounts.id),
		data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		/** The audit chain: the previous entry's hash, and SHA-256(prevHash + canonical content). */
		prevHash: text('prev_hash').notNull().default(''),
		hash: text('hash').notNull().default('')
	},
	(t) => [index('timeline_incident').on(t.incidentId, t.id)]
);

/** Account, gateway token and authority directory changes, chained like the timeline. Append-only. */
export const adminLog = sqliteTable('admin_log', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	at: integer('at').notNull(),
	/** The admin's username, or `cli:<system user>` for the soc command line. */
	actor: text('actor').notNull(),
	action: text('action').notNull(),
	data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
	prevHash: text('prev_hash').notNull(),
	hash: text('hash').notNull()
});

export const fixes = sqliteTable(
	'fixes',
	{
		id: integer('id').primaryKey(),
		incidentId: integer('incident_id')
			.notNull()
			.references(() => incidents.id),
		fixAt: integer('fix_at').notNull(),
		receivedAt: integer('received_at').notNull(),
		lat: real('lat').notNull(),
		lon: real('lon').notNull(),
		speedKmh: real('speed_kmh'),
		headingDeg: real('heading_deg'),
		accuracyM: real('accuracy_m'),
		/** Set when the vehicle clock is off or the fix implies an impossible speed: flagged, never dropped. */
		flags: text('flags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`)
	},
	(t) => [index('fixes_incident_fix_at').on(t.incidentId, t.fixAt)]
);

/** Every accepted gateway event as received; `event_id` is the idempotency key. */
export const gatewayLog = sqliteTable(
	'gateway_log',
	{
		id: integer('id').primaryKey(),
		eventId: text('event_id').notNull(),
		event: text('event').notNull(),
		payload: text('payload').notNull(),
		receivedAt: integer('received_at').notNull(),
		gateway: text('gateway').notNull(),
		incidentId: integer('incident_id').references(() => incidents.id)
	},
	(t) => [uniqueIndex('gateway_log_event_id').on(t.eventId)]
);

export const authorities = sqliteTable('authorities', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	kind: text('kind').$type<'emergency' | 'police' | 'other'>().notNull(),
	country: text('country').notNull(),
	phone: text('phone').notNull(),
	createdAt: integer('created_at').notNull(),
	retiredAt: integer('retired_at')
});

/** Hand-offs to authorities. Append-only, like their references (UPDATE/DELETE refused by triggers). */
export const escalations = sqliteTable(
	'escalations',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		incidentId: integer('incident_id')
			.notNull()
			.references(() => incidents.id),
		authorityId: integer('authority_id')
			.notNull()
			.references(() => authorities.id),
		at: integer('at').notNull(),
		actorId: integer('actor_id')
			.notNull()
			.references(() => accounts.id)
	},
	(t) => [index('escalations_incident').on(t.incidentId)]
);

/**
 * The authority's reference numbers of an escalation, given with it or added later (Add
 * reference): each kept with who gave it and when, none ever replaced.
 */
export const escalationReferences = sqliteTable(
	'escalation_references',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		escalationId: integer('escalation_id')
			.notNull()
			.references(() => escalations.id),
		reference: text('reference').notNull(),
		at: integer('at').notNull(),
		actorId: integer('actor_id')
			.notNull()
			.references(() => accounts.id)
	},
	(t) => [index('escalation_references_escalation').on(t.escalationId, t.id)]
);

/**
 * Live-track links for the police (docs/police.md): only the SHA-256 of the token is kept, so a copy
 * of the database opens no link. Never deleted; revoked once (triggers, migration 0011).
 */
export const policeLinks = sqliteTable(
	'police_links',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		incidentId: integer('incident_id')
			.notNull()
			.references(() => incidents.id),
		authorityId: integer('authority_id')
			.notNull()
			.references(() => authorities.id),
		tokenHash: text('token_hash').notNull(),
		createdBy: integer('created_by')
			.notNull()
			.references(() => accounts.id),
		createdAt: integer('created_at').notNull(),
		expiresAt: integer('expires_at').notNull(),
		revokedAt: integer('revoked_at'),
		revokedBy: integer('revoked_by').references(() => accounts.id)
	},
	(t) => [uniqueIndex('police_links_token_hash').on(t.tokenHash), index('police_links_incident').on(t.incidentId, t.id)]
);

/** The live feed: every stored change, numbered by the database, replayed to screens that reconnect. */
export const feed = sqliteTable('feed', {
	seq: integer('seq').primaryKey({ autoIncrement: true }),
	at: integer('at').notNull(),
	kind: text('kind').notNull(),
	incidentId: integer('incident_id'),
	data: text('data', { mode: 'json' }).$type<unknown>().notNull()
});

/**
 * Each node's own gateways and when it last heard one, as GatewayStatus JSON, rewritten every
 * second (realtime/gateway-presence.ts): every node's screens show them all.
 */
export const gatewayPresence = sqliteTable('gateway_presence', {
	node: text('node').primaryKey(),
	status: text('status').notNull(),
	seenAt: integer('seen_at').notNull()
});

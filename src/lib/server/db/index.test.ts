import Database from 'better-sqlite3';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, SqliteDatabase } from './index';

const dirs: string[] = [];
const tempDb = () => {
	const dir = mkdtempSync(join(tmpdir(), 'soc-db-'));
	dirs.push(dir);
	return join(dir, 'nested', 'soc.db');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The SQLite connection of a database opened as the console opens it. */
const sqliteOf = async (path: string) => ((await openDatabase(path)) as SqliteDatabase).client;

const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: { tag: string }[] };

describe('openDatabase on a file', () => {
	it('applies every migration to a fresh file and sets the durability pragmas on its own connection', async () => {
		const client = await sqliteOf(tempDb());
		expect(client.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(client.pragma('synchronous', { simple: true })).toBe(2);
		expect(client.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(client.pragma('busy_timeout', { simple: true })).toBe(5000);
		expect(client.pragma('wal_autocheckpoint', { simple: true })).toBe(10000);
		const applied = client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
		expect(applied.n).toBe(journal.entries.length);
		const tables = client
			.prepare("select name from sqlite_master where type = 'table'")
			.all()
			.map((r) => (r as { name: string }).name);
		for (const table of ['accounts', 'sessions', 'vehicles', 'incidents', 'timeline', 'fixes', 'gateway_log', 'authorities', 'gateway_tokens', 'feed']) {
			expect(tables).toContain(table);
		}
		client.close();
	});

	it('brings an older database file up to date', async () => {
		// An older release: only the first migration, from a copy of the folder cut there.
		const path = tempDb();
		const older = join(dirs[0], 'drizzle-older');
		cpSync('drizzle', older, { recursive: true });
		writeFileSync(join(older, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
		mkdirSync(dirname(path), { recursive: true });
		const raw = new Database(path);
		migrate(drizzle(raw), { migrationsFolder: older });
		raw.close();
		const client = await sqliteOf(path);
		expect((client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(journal.entries.length);
		expect(client.prepare("select name from sqlite_master where type = 'trigger' order by name").pluck().all()).toEqual([
			'admin_log_no_delete',
			'admin_log_no_update',
			'escalation_references_no_delete',
			'escalation_references_no_update',
			'escalations_no_delete',
			'escalations_no_update',
			'police_links_no_delete',
			'police_links_revoke_only',
			'timeline_no_delete',
			'timeline_no_update'
		]);
		expect((client.prepare('select count(*) as n from authorities').get() as { n: number }).n).toBeGreaterThan(50);
		client.close();
	});

	it('keeps the track and the gateway log, row ids included, when their tables lose AUTOINCREMENT', async () => {
		const path = tempDb();
		const older = join(dirs[0], 'drizzle-older');
		cpSync('drizzle', older, { recursive: true });
		const before = journal.entries.findIndex((e) => e.tag === '0008_plain_rowids');
		writeFileSync(join(older, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
		mkdirSync(dirname(path), { recursive: true });
		const raw = new Database(path);
		migrate(drizzle(raw), { migrationsFolder: older });
		raw.exec(`
			insert into vehicles (vin, updated_at) values ('WP0ZZZ99ZTS392124', 0);
			insert into incidents (id, type, status, vin, opened_at, details) values (7, 'theft', 'new', 'WP0ZZZ99ZTS392124', 0, '{}');
			insert into fixes (id, incident_id, fix_at, received_at, lat, lon) values (40, 7, 1000, 1000, 48.1, 11.5), (41, 7, 2000, 2000, 48.2, 11.6);
			insert into gateway_log (id, event_id, event, payload, received_at, gateway, incident_id) values (9, 'e-9', 'theft.position', '{}', 1000, 'gw', 7);
		`);
		raw.close();
		const client = await sqliteOf(path);
		const sql = (table: string) => (client.prepare("select sql from sqlite_master where name = ?").get(table) as { sql: string }).sql;
		expect(sql('fixes')).not.toMatch(/autoincrement/i);
		expect(sql('gateway_log')).not.toMatch(/autoincrement/i);
		expect(client.prepare('select id, fix_at from fixes order by id').all()).toEqual([{ id: 40, fix_at: 1000 }, { id: 41, fix_at: 2000 }]);
		expect(client.prepare("select name from sqlite_master where type = 'index' and tbl_name in ('fixes', 'gateway_log') order by name").pluck().all()).toEqual(['fixes_incident_fix_at', 'gateway_log_event_id']);
		const next = client.prepare('insert into fixes (incident_id, fix_at, received_at, lat, lon) values (7, 3000, 3000, 48.3, 11.7)').run();
		expect(Number(next.lastInsertRowid)).toBe(42);
		expect(() => client.prepare("insert into gateway_log (event_id, event, payload, received_at, gateway) values ('e-9', 'x', '{}', 0, 'gw')").run()).toThrow(/UNIQUE/);
		expect(() => client.prepare('insert into fixes (incident_id, fix_at, received_at, lat, lon) values (99, 0, 0, 0, 0)').run()).toThrow(/FOREIGN KEY/);
		client.close();
	});

	it('keeps the reference each escalation had as its first reference, by whoever escalated', async () => {
		const path = tempDb();
		const older = join(dirs[0], 'drizzle-older');
		cpSync('drizzle', older, { recursive: true });
		const before = journal.entries.findIndex((e) => e.tag === '0009_escalation_references');
		writeFileSync(join(older, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
		mkdirSync(dirname(path), { recursive: true });
		const raw = new Database(path);
		migrate(drizzle(raw), { migrationsFolder: older });
		raw.exec(`
			insert into accounts (id, username, password_hash, role, created_at) values (3, 'olga', 'x', 'operator', 0);
			insert into vehicles (vin, updated_at) values ('WP0ZZZ99ZTS392124', 0);
			insert into incidents (id, type, status, vin, opened_at, details) values (7, 'theft', 'escalated', 'WP0ZZZ99ZTS392124', 0, '{}');
			insert into escalations (id, incident_id, authority_id, reference, at, actor_id) values (1, 7, 1, 'PN-1', 500, 3), (2, 7, 1, null, 600, 3);
		`);
		raw.close();
		const client = await sqliteOf(path);
		expect(client.prepare('select escalation_id, reference, at, actor_id from escalation_references order by id').all()).toEqual([
			{ escalation_id: 1, reference: 'PN-1', at: 500, actor_id: 3 }
		]);
		expect(client.prepare('select id from escalations order by id').pluck().all()).toEqual([1, 2]);
		expect(() => client.exec('update escalations set at = 0')).toThrow(/append-only/);
		expect(() => client.exec("update escalation_references set reference = 'PN-2'")).toThrow(/append-only/);
		expect(() => client.exec('delete from escalation_references')).toThrow(/append-only/);
		client.close();
	});

	it('refuses to edit or delete timeline entries', async () => {
		const client = await sqliteOf(tempDb());
		client.exec(`
			insert into vehicles (vin, updated_at) values ('WP0ZZZ99ZTS392124', 0);
			insert into incidents (type, status, vin, opened_at, details) values ('airbag', 'new', 'WP0ZZZ99ZTS392124', 0, '{}');
			insert into timeline (incident_id, at, kind, data) values (1, 0, 'note', '{}');
		`);
		expect(() => client.exec("update timeline set kind = 'other'")).toThrow(/append-only/);
		expect(() => client.exec('delete from timeline')).toThrow(/append-only/);
		client.close();
	});

	it('keeps every police link, and lets one change only by being revoked, once', async () => {
		const client = await sqliteOf(tempDb());
		client.exec(`
			insert into accounts (username, password_hash, role, created_at) values ('olivier', 'x', 'operator', 0);
			insert into vehicles (vin, updated_at) values ('WP0ZZZ99ZTS392124', 0);
			insert into incidents (type, status, vin, opened_at, details) values ('theft', 'new', 'WP0ZZZ99ZTS392124', 0, '{}');
			insert into police_links (incident_id, authority_id, token_hash, created_by, created_at, expires_at) values (1, 1, 'h', 1, 0, 100);
		`);
		expect(() => client.exec('delete from police_links')).toThrow(/kept/);
		expect(() => client.exec('update police_links set expires_at = 200')).toThrow(/only revoked/);
		expect(() => client.exec("update police_links set token_hash = 'other', revoked_at = 5, revoked_by = 1")).toThrow(/only revoked/);
		client.exec('update police_links set revoked_at = 5, revoked_by = 1');
		expect(() => client.exec('update police_links set revoked_at = 6, revoked_by = 1')).toThrow(/only revoked/);
		expect(client.prepare('select expires_at, revoked_at from police_links').get()).toEqual({ expires_at: 100, revoked_at: 5 });
		client.close();
	});
});

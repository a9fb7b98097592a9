import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { verifyPassword } from '../auth/password';
import { openDatabase, type Engine, type SqlDatabase } from '../db';
import { AccountError, activeAgent, addAccount, findAccount, getAccount, listAccounts, listAgents, setDisabled, setLocale, setPassword } from './accounts';
import { verifyAudit } from './audit';
import { createSession, validateSession, type SessionLimits } from './sessions';
import { engines, freshDatabase } from '../../../../tests/helpers/databases';

const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const close of opened.splice(0)) await close();
});

/** A migrated database of its own, closed and removed after the test. */
async function fresh(engine: Engine): Promise<SqlDatabase> {
	const { location, dispose } = await freshDatabase(engine);
	const database = await openDatabase(location);
	opened.push(async () => {
		await database.close();
		await dispose();
	});
	return database;
}

const limits: SessionLimits = { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000, displayMaxMs: 30 * 86_400_000 };
const password = 'a-password-of-12';
const adminLog = (db: SqlDatabase) => db.all<{ id: number; actor: string; action: string; data: string }>(sql`select id, actor, action, data from admin_log order by id`);

describe.each(engines)('accounts on %s', (engine) => {
	it('adds an account, finds it by name and id, and puts the change on the admin log without the password', async () => {
		const db = await fresh(engine);
		const added = await addAccount(db, { username: 'olga', role: 'operator', password }, 'admin-1', 1_000);
		expect(added).toEqual({ id: expect.any(Number), username: 'olga', role: 'operator', locale: null, active: true });
		const found = await findAccount(db, 'olga');
		expect(found).toMatchObject({ id: added.id, username: 'olga', role: 'operator', locale: null, disabledAt: null, createdAt: 1_000 });
		expect(await verifyPassword(password, found!.passwordHash)).toBe(true);
		expect(await getAccount(db, added.id)).toEqual(found);
		expect(await findAccount(db, 'nobody')).toBeUndefined();
		const log = await adminLog(db);
		expect(log).toEqual([{ id: 1, actor: 'admin-1', action: 'account.add', data: JSON.stringify({ username: 'olga', role: 'operator' }) }]);
		expect(JSON.stringify(log)).not.toContain(password);
		expect(await verifyAudit(db)).toEqual({ intact: true, timelineEntries: 0, adminEntries: 1, broken: null });
	});

	it('refuses a name that is taken, even when both are added at once, and logs only the one added', async () => {
		const db = await fresh(engine);
		const both = await Promise.allSettled([
			addAccount(db, { username: 'olga', role: 'operator', password }, 'a'),
			addAccount(db, { username: 'olga', role: 'supervisor', password }, 'b')
		]);
		expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toBeInstanceOf(AccountError);
		expect(refused.reason).toMatchObject({ code: 'exists', message: 'account olga already exists' });
		expect(await adminLog(db)).toHaveLength(1);
	});

	it('gives accounts added at the same time their own admin log entries, in one chain', async () => {
		const db = await fresh(engine);
		await Promise.all(['a', 'b', 'c', 'd'].map((username) => addAccount(db, { username, role: 'operator', password }, 'admin')));
		expect((await adminLog(db)).map((e) => e.id)).toEqual([1, 2, 3, 4]);
		expect((await verifyAudit(db)).intact).toBe(true);
		expect((await listAccounts(db)).map((a) => a.username)).toEqual(['a', 'b', 'c', 'd']);
	});

	it('disables an account, ending its sessions, and enables it again, each on the admin log', async () => {
		const db = await fresh(engine);
		await addAccount(db, { username: 'olga', role: 'operator', password }, 'admin', 1_000);
		const olga = (await findAccount(db, 'olga'))!;
		const { token } = await createSession(db, olga, limits, 2_000);
		expect(await validateSession(db, token, limits, { now: 2_001 })).not.toBeNull();

		await setDisabled(db, 'olga', true, 'admin', 3_000);
		expect((await findAccount(db, 'olga'))!.disabledAt).toBe(3_000);
		expect(await db.get(sql`select id from sessions where account_id = ${olga.id}`)).toBeUndefined();
		expect(await validateSession(db, token, limits, { now: 3_001 })).toBeNull();
		expect(await listAccounts(db)).toEqual([{ id: olga.id, username: 'olga', role: 'operator', locale: null, active: false }]);
		// Disabling again keeps the first time.
		await setDisabled(db, 'olga', true, 'admin', 4_000);
		expect((await findAccount(db, 'olga'))!.disabledAt).toBe(3_000);

		await setDisabled(db, 'olga', false, 'admin', 5_000);
		expect((await findAccount(db, 'olga'))!.disabledAt).toBeNull();
		expect((await adminLog(db)).map((e) => e.action)).toEqual(['account.add', 'account.disable', 'account.disable', 'account.enable']);
		expect((await verifyAudit(db)).intact).toBe(true);
	});

	it('refuses to change an account that does not exist', async () => {
		const db = await fresh(engine);
		await expect(setDisabled(db, 'ghost', true, 'admin')).rejects.toMatchObject({ code: 'unknown', message: 'no account named ghost' });
		await expect(setPassword(db, 'ghost', password, 'admin')).rejects.toBeInstanceOf(AccountError);
		expect(await adminLog(db)).toEqual([]);
	});

	it('changes a password, ending every session of the account', async () => {
		const db = await fresh(engine);
		await addAccount(db, { username: 'olga', role: 'operator', password }, 'admin');
		const olga = (await findAccount(db, 'olga'))!;
		const { token } = await createSession(db, olga, limits);
		await setPassword(db, 'olga', 'another-password', 'admin');
		expect(await verifyPassword('another-password', (await findAccount(db, 'olga'))!.passwordHash)).toBe(true);
		expect(await validateSession(db, token, limits)).toBeNull();
		expect((await adminLog(db)).map((e) => [e.action, e.data])).toEqual([
			['account.add', JSON.stringify({ username: 'olga', role: 'operator' })],
			['account.password', JSON.stringify({ username: 'olga' })]
		]);
	});

	it('keeps the language an account picked', async () => {
		const db = await fresh(engine);
		const { id } = await addAccount(db, { username: 'olga', role: 'operator', password }, 'admin');
		await setLocale(db, id, 'fr');
		expect((await getAccount(db, id))!.locale).toBe('fr');
	});

	it('names as agents the active operators and supervisors only, by name', async () => {
		const db = await fresh(engine);
		const ids: Record<string, number> = {};
		for (const [username, role] of [['vera', 'supervisor'], ['olga', 'operator'], ['wall', 'display'], ['root', 'admin'], ['gone', 'operator']] as const) {
			ids[username] = (await addAccount(db, { username, role, password }, 'admin')).id;
		}
		await setDisabled(db, 'gone', true, 'admin');
		expect(await listAgents(db)).toEqual([
			{ id: ids.olga, username: 'olga' },
			{ id: ids.vera, username: 'vera' }
		]);
		expect(await activeAgent(db, ids.vera)).toEqual({ id: ids.vera, username: 'vera' });
		for (const name of ['wall', 'root', 'gone']) expect(await activeAgent(db, ids[name])).toBeUndefined();
		expect(await activeAgent(db, 9_999)).toBeUndefined();
	});
});

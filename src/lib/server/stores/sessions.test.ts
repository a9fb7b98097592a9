import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Engine, type SqlDatabase } from '../db';
import type { Role } from '../../domain/roles';
import { addAccount, findAccount, setDisabled, type Account } from './accounts';
import { createSession, deleteSession, liveSessionIds, pruneSessions, renewSession, sessionIdOf, validateSession, validateSessionId, type SessionLimits } from './sessions';
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

const minute = 60_000;
const limits: SessionLimits = { idleMs: 30 * minute, maxMs: 12 * 60 * minute, displayMaxMs: 30 * 24 * 60 * minute };
const t0 = 1_800_000_000_000;

async function account(db: SqlDatabase, username: string, role: Role = 'operator'): Promise<Account> {
	await addAccount(db, { username, role, password: 'a-password-of-12' }, 'admin');
	return (await findAccount(db, username))!;
}

const lastSeen = async (db: SqlDatabase, token: string) =>
	(await db.get<{ last_seen_at: number }>(sql`select last_seen_at from sessions where id = ${sessionIdOf(token)}`))?.last_seen_at;

describe.each(engines)('sessions on %s', (engine) => {
	it('signs in the account behind a new token until its absolute lifetime, a display for longer', async () => {
		const db = await fresh(engine);
		const olga = await account(db, 'olga');
		const wall = await account(db, 'wall', 'display');
		const session = await createSession(db, olga, limits, t0);
		expect(session.expiresAt).toBe(t0 + limits.maxMs);
		expect((await createSession(db, wall, limits, t0)).expiresAt).toBe(t0 + limits.displayMaxMs);
		const signedIn = await validateSession(db, session.token, limits, { now: t0 + minute });
		expect(signedIn).toEqual({ sessionId: sessionIdOf(session.token), account: olga, expiresAt: t0 + limits.maxMs });
		expect(await validateSession(db, 'not-a-token', limits, { now: t0 })).toBeNull();
		// Kept active, it still ends at its absolute lifetime, and is gone then.
		for (let at = t0 + 20 * minute; at < session.expiresAt; at += 20 * minute) await renewSession(db, sessionIdOf(session.token), at);
		expect(await validateSession(db, session.token, limits, { now: session.expiresAt })).toBeNull();
		expect(await lastSeen(db, session.token)).toBeUndefined();
	});

	it('renews the idle clock on activity at most once a minute, and ends an idle session', async () => {
		const db = await fresh(engine);
		const olga = await account(db, 'olga');
		const { token } = await createSession(db, olga, limits, t0);
		await validateSession(db, token, limits, { now: t0 + 30_000 });
		expect(await lastSeen(db, token)).toBe(t0);
		await validateSession(db, token, limits, { now: t0 + minute });
		expect(await lastSeen(db, token)).toBe(t0 + minute);
		// Without activity (a socket's own check) the clock stays.
		await validateSession(db, token, limits, { now: t0 + 10 * minute, activity: false });
		expect(await lastSeen(db, token)).toBe(t0 + minute);
		expect(await validateSession(db, token, limits, { now: t0 + minute + limits.idleMs })).toBeNull();
		expect(await lastSeen(db, token)).toBeUndefined();
	});

	it('refuses and ends the session of a disabled account', async () => {
		const db = await fresh(engine);
		const olga = await account(db, 'olga');
		const { token } = await createSession(db, olga, limits, t0);
		await db.run(sql`update accounts set disabled_at = ${t0} where id = ${olga.id}`);
		expect(await validateSessionId(db, sessionIdOf(token), limits, { now: t0 + 1 })).toBeNull();
		expect(await lastSeen(db, token)).toBeUndefined();
	});

	it('tells which of a set of sessions are still live', async () => {
		const db = await fresh(engine);
		const [a, b, c] = [await account(db, 'a'), await account(db, 'b'), await account(db, 'c')];
		const live = await createSession(db, a, limits, t0);
		const idle = await createSession(db, a, limits, t0 - limits.idleMs);
		const disabled = await createSession(db, b, limits, t0);
		const ended = await createSession(db, c, limits, t0);
		await setDisabled(db, 'b', true, 'admin', t0);
		// The session rows of a disabled account are gone already; this one is put back to be sure it is not counted.
		await db.run(sql`insert into sessions (id, account_id, created_at, last_seen_at, expires_at) values (${sessionIdOf(disabled.token)}, ${b.id}, ${t0}, ${t0}, ${t0 + limits.maxMs})`);
		await deleteSession(db, sessionIdOf(ended.token));
		const ids = [live, idle, disabled, ended].map((s) => sessionIdOf(s.token));
		expect(await liveSessionIds(db, [...ids, 'unknown'], limits, t0 + 1)).toEqual(new Set([sessionIdOf(live.token)]));
		expect(await liveSessionIds(db, [], limits, t0)).toEqual(new Set());
	});

	it('prunes expired and idle sessions and keeps the others', async () => {
		const db = await fresh(engine);
		const olga = await account(db, 'olga');
		const kept = await createSession(db, olga, limits, t0);
		const idle = await createSession(db, olga, limits, t0 - limits.idleMs - 1);
		const expired = await createSession(db, olga, { ...limits, maxMs: minute }, t0 - 2 * minute);
		await renewSession(db, sessionIdOf(expired.token), t0);
		await pruneSessions(db, limits, t0);
		const left = await db.all<{ id: string }>(sql`select id from sessions`);
		expect(left).toEqual([{ id: sessionIdOf(kept.token) }]);
		expect(idle.token).not.toBe(kept.token);
	});
});

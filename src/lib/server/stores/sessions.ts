// Sessions of signed-in browsers. The cookie holds a random token; the table holds its SHA-256.
import { sql } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { isAnyOf, type Sql } from '../db/sql';
import { accountColumns, accountOf, type Account, type AccountRow } from './accounts';

export interface SessionLimits {
	idleMs: number;
	maxMs: number;
	displayMaxMs: number;
}

export interface SignedIn {
	sessionId: string;
	account: Account;
	expiresAt: number;
}

export const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** Renewing the idle clock is a write: do it at most once a minute (sooner when the idle limit is short). */
const touchEveryMs = (limits: SessionLimits) => Math.min(60_000, limits.idleMs / 4);

export async function createSession(db: Sql, account: Account, limits: SessionLimits, now = Date.now()) {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = now + (account.role === 'display' ? limits.displayMaxMs : limits.maxMs);
	await db.run(sql`insert into sessions (id, account_id, created_at, last_seen_at, expires_at)
		values (${sessionIdOf(token)}, ${account.id}, ${now}, ${now}, ${expiresAt})`);
	return { token, expiresAt };
}

/**
 * The signed-in account behind a token, or null when the session is unknown, idle too long,
 * past its absolute lifetime, or its account is disabled. `activity` renews the idle clock.
 */
export async function validateSession(
	db: Sql,
	token: string,
	limits: SessionLimits,
	options: { now?: number; activity?: boolean } = {}
): Promise<SignedIn | null> {
	return validateSessionId(db, sessionIdOf(token), limits, options);
}

/** As validateSession, for a session already identified (an open socket's). */
export async function validateSessionId(
	db: Sql,
	sessionId: string,
	limits: SessionLimits,
	{ now = Date.now(), activity = true } = {}
): Promise<SignedIn | null> {
	const row = await db.get<AccountRow & { last_seen_at: number; expires_at: number }>(
		sql`select ${accountColumns}, s.last_seen_at, s.expires_at from sessions s join accounts a on a.id = s.account_id where s.id = ${sessionId}`
	);
	if (!row) return null;
	const account = accountOf(row);
	if (account.disabledAt !== null || now >= row.expires_at || now - row.last_seen_at >= limits.idleMs) {
		await deleteSession(db, sessionId);
		return null;
	}
	if (activity && now - row.last_seen_at >= touchEveryMs(limits)) await renewSession(db, sessionId, now);
	return { sessionId, account, expiresAt: row.expires_at };
}

/** Of these session ids, the ones still valid now (used to cut sockets whose session ended). */
export async function liveSessionIds(db: Sql, ids: string[], limits: SessionLimits, now = Date.now()): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.all<{ id: string; last_seen_at: number; expires_at: number }>(
		sql`select s.id, s.last_seen_at, s.expires_at from sessions s join accounts a on a.id = s.account_id
			where ${isAnyOf(db, sql`s.id`, ids)} and a.disabled_at is null`
	);
	return new Set(rows.filter((r) => now < r.expires_at && now - r.last_seen_at < limits.idleMs).map((r) => r.id));
}

/** A connected wall display keeps its session alive (up to its absolute lifetime). */
export async function renewSession(db: Sql, sessionId: string, now = Date.now()): Promise<void> {
	await db.run(sql`update sessions set last_seen_at = ${now} where id = ${sessionId}`);
}

export async function deleteSession(db: Sql, sessionId: string): Promise<void> {
	await db.run(sql`delete from sessions where id = ${sessionId}`);
}

export async function pruneSessions(db: Sql, limits: SessionLimits, now = Date.now()): Promise<void> {
	await db.run(sql`delete from sessions where expires_at < ${now} or last_seen_at < ${now - limits.idleMs}`);
}

// Sessions of signed-in browsers. The cookie holds a random token; the table holds its SHA-256.
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { accounts, sessions } from '../db/schema';
import type { Account } from './accounts';

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

export async function createSession(db: Db, account: Account, limits: SessionLimits, now = Date.now()) {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = now + (account.role === 'display' ? limits.displayMaxMs : limits.maxMs);
	db.insert(sessions)
		.values({ id: sessionIdOf(token), accountId: account.id, createdAt: now, lastSeenAt: now, expiresAt })
		.run();
	return { token, expiresAt };
}

/**
 * The signed-in account behind a token, or null when the session is unknown, idle too long,
 * past its absolute lifetime, or its account is disabled. `activity` renews the idle clock.
 */
export async function validateSession(
	db: Db,
	token: string,
	limits: SessionLimits,
	options: { now?: number; activity?: boolean } = {}
): Promise<SignedIn | null> {
	return validateSessionId(db, sessionIdOf(token), limits, options);
}

/** As validateSession, for a session already identified (an open socket's). */
export async function validateSessionId(
	db: Db,
	sessionId: string,
	limits: SessionLimits,
	{ now = Date.now(), activity = true } = {}
): Promise<SignedIn | null> {
	const row = db
		.select()
		.from(sessions)
		.innerJoin(accounts, eq(accounts.id, sessions.accountId))
		.where(eq(sessions.id, sessionId))
		.get();
	if (!row) return null;
	const { sessions: session, accounts: account } = row;
	if (account.disabledAt !== null || now >= session.expiresAt || now - session.lastSeenAt >= limits.idleMs) {
		db.delete(sessions).where(eq(sessions.id, sessionId)).run();
		return null;
	}
	if (activity && now - session.lastSeenAt >= touchEveryMs(limits)) {
		db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId)).run();
	}
	return { sessionId, account, expiresAt: session.expiresAt };
}

/** Of these session ids, the ones still valid now (used to cut sockets whose session ended). */
export async function liveSessionIds(db: Db, ids: string[], limits: SessionLimits, now = Date.now()): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = db
		.select({ id: sessions.id, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
		.from(sessions)
		.innerJoin(accounts, eq(accounts.id, sessions.accountId))
		.where(and(inArray(sessions.id, ids), isNull(accounts.disabledAt)))
		.all();
	return new Set(rows.filter((r) => now < r.expiresAt && now - r.lastSeenAt < limits.idleMs).map((r) => r.id));
}

/** A connected wall display keeps its session alive (up to its absolute lifetime). */
export async function renewSession(db: Db, sessionId: string, now = Date.now()): Promise<void> {
	db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId)).run();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
	db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

export async function pruneSessions(db: Db, limits: SessionLimits, now = Date.now()): Promise<void> {
	db.delete(sessions)
		.where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, now - limits.idleMs)))
		.run();
}

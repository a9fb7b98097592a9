// Signing in: throttled per account, one message for any wrong credential, a new session each time.
import type { Account } from '../stores/accounts';
import { findAccount } from '../stores/accounts';
import { clearFailures, recordFailure, signInLockedUntil } from '../stores/login-failures';
import type { SqlDatabase } from '../db';
import { createSession, deleteSession, type SessionLimits } from '../stores/sessions';
import { decoyHash, verifyPassword } from './password';

export type SignInResult =
	| { ok: true; account: Account; token: string; expiresAt: number }
	| { ok: false; reason: 'wrong' }
	| { ok: false; reason: 'locked'; until: number };

export async function signIn(db: SqlDatabase, limits: SessionLimits, username: string, password: string, previousSessionId?: string): Promise<SignInResult> {
	const until = await signInLockedUntil(db, username);
	if (until !== null) return { ok: false, reason: 'locked', until };
	const account = await findAccount(db, username);
	const matches = await verifyPassword(password, account?.passwordHash ?? (await decoyHash()));
	if (!account || !matches || account.disabledAt !== null) {
		await recordFailure(db, username);
		return { ok: false, reason: 'wrong' };
	}
	await clearFailures(db, username);
	// A new session id at every sign-in: a session fixed before sign-in is never promoted.
	if (previousSessionId) await deleteSession(db, previousSessionId);
	const { token, expiresAt } = await createSession(db, account, limits);
	return { ok: true, account, token, expiresAt };
}

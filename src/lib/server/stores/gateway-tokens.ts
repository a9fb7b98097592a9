// Gateway tokens: random secrets shown once; only their SHA-256 is stored.
import { sql } from 'drizzle-orm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database, Sql } from '../db/sql';
import { appendAdminEntry } from './audit';

export interface TokenSummary {
	label: string;
	createdAt: number;
	revokedAt: number | null;
}

export class TokenError extends Error {
	constructor(
		readonly code: 'exists' | 'unknown',
		readonly name: string
	) {
		super(code === 'exists' ? `a token labelled ${name} already exists` : `no token labelled ${name}`);
	}
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

const tokenOfLabel = (db: Sql, label: string) =>
	db.get<{ id: number; revoked_at: number | null }>(sql`select id, revoked_at from gateway_tokens where label = ${label}`);

export async function addToken(database: Database, label: string, actor: string, now = Date.now()): Promise<string> {
	const token = `gw_${randomBytes(32).toString('base64url')}`;
	await database.transaction(
		async (tx) => {
			if (await tokenOfLabel(tx, label)) throw new TokenError('exists', label);
			await appendAdminEntry(tx, actor, 'token.add', { label }, now);
			await tx.run(sql`insert into gateway_tokens (label, token_hash, created_at) values (${label}, ${hashOf(token)}, ${now})`);
		},
		{ serial: true }
	);
	return token;
}

export async function listTokens(db: Sql): Promise<TokenSummary[]> {
	const rows = await db.all<{ label: string; created_at: number; revoked_at: number | null }>(
		sql`select label, created_at, revoked_at from gateway_tokens order by label`
	);
	return rows.map((r) => ({ label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/** Revoking a revoked token changes nothing and logs nothing. */
export async function revokeToken(database: Database, label: string, actor: string, now = Date.now()): Promise<void> {
	await database.transaction(
		async (tx) => {
			const row = await tokenOfLabel(tx, label);
			if (!row) throw new TokenError('unknown', label);
			if (row.revoked_at !== null) return;
			await appendAdminEntry(tx, actor, 'token.revoke', { label }, now);
			await tx.run(sql`update gateway_tokens set revoked_at = ${now} where id = ${row.id}`);
		},
		{ serial: true }
	);
}

const sameSecret = (a: string, b: string) => {
	const x = Buffer.from(hashOf(a));
	const y = Buffer.from(hashOf(b));
	return timingSafeEqual(x, y);
};

/**
 * The gateway a token belongs to: `env:N` for the N-th token of SOC_GATEWAY_TOKENS, the label
 * of a stored token that is not revoked, or null.
 */
export async function gatewayOfToken(db: Sql, token: string, envTokens: readonly string[]): Promise<string | null> {
	const fromEnv = envTokens.findIndex((t) => sameSecret(t, token));
	if (fromEnv >= 0) return `env:${fromEnv + 1}`;
	const row = await db.get<{ label: string }>(
		sql`select label from gateway_tokens where token_hash = ${hashOf(token)} and revoked_at is null`
	);
	return row?.label ?? null;
}

// Gateway tokens: random secrets shown once; only their SHA-256 is stored.
import { asc, eq, isNull, and } from 'drizzle-orm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import { gatewayTokens } from '../db/schema';
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

export async function addToken(db: Db, label: string, actor: string, now = Date.now()): Promise<string> {
	if (db.select().from(gatewayTokens).where(eq(gatewayTokens.label, label)).get()) {
		throw new TokenError('exists', label);
	}
	const token = `gw_${randomBytes(32).toString('base64url')}`;
	db.transaction((tx) => {
		appendAdminEntry(db, actor, 'token.add', { label }, now);
		tx.insert(gatewayTokens).values({ label, tokenHash: hashOf(token), createdAt: now }).run();
	});
	return token;
}

export async function listTokens(db: Db): Promise<TokenSummary[]> {
	return db
		.select({ label: gatewayTokens.label, createdAt: gatewayTokens.createdAt, revokedAt: gatewayTokens.revokedAt })
		.from(gatewayTokens)
		.orderBy(asc(gatewayTokens.label))
		.all();
}

export async function revokeToken(db: Db, label: string, actor: string, now = Date.now()): Promise<void> {
	const row = db.select().from(gatewayTokens).where(eq(gatewayTokens.label, label)).get();
	if (!row) throw new TokenError('unknown', label);
	if (row.revokedAt === null) {
		db.transaction((tx) => {
			appendAdminEntry(db, actor, 'token.revoke', { label }, now);
			tx.update(gatewayTokens).set({ revokedAt: now }).where(eq(gatewayTokens.id, row.id)).run();
		});
	}
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
export async function gatewayOfToken(db: Db, token: string, envTokens: readonly string[]): Promise<string | null> {
	const fromEnv = envTokens.findIndex((t) => sameSecret(t, token));
	if (fromEnv >= 0) return `env:${fromEnv + 1}`;
	const row = db
		.select({ label: gatewayTokens.label })
		.from(gatewayTokens)
		.where(and(eq(gatewayTokens.tokenHash, hashOf(token)), isNull(gatewayTokens.revokedAt)))
		.get();
	return row?.label ?? null;
}

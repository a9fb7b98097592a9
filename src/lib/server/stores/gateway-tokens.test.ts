import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Engine, type SqlDatabase } from '../db';
import { verifyAudit } from './audit';
import { addToken, gatewayOfToken, listTokens, revokeToken, TokenError } from './gateway-tokens';
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

const actions = async (db: SqlDatabase) => (await db.all<{ action: string; data: string }>(sql`select action, data from admin_log order by id`)).map((e) => `${e.action} ${e.data}`);

describe.each(engines)('gateway tokens on %s', (engine) => {
	it('adds a token shown once and stored as its hash only, which then names its gateway', async () => {
		const db = await fresh(engine);
		const token = await addToken(db, 'north', 'admin', 1_000);
		expect(token).toMatch(/^gw_[A-Za-z0-9_-]{43}$/);
		const stored = await db.all<Record<string, unknown>>(sql`select * from gateway_tokens`);
		expect(JSON.stringify(stored)).not.toContain(token.slice(3));
		expect(await listTokens(db)).toEqual([{ label: 'north', createdAt: 1_000, revokedAt: null }]);
		expect(await gatewayOfToken(db, token, [])).toBe('north');
		expect(await gatewayOfToken(db, `${token}x`, [])).toBeNull();
		expect(await actions(db)).toEqual(['token.add {"label":"north"}']);
	});

	it('names the tokens of SOC_GATEWAY_TOKENS by their place in it', async () => {
		const db = await fresh(engine);
		expect(await gatewayOfToken(db, 'second-token', ['first-token', 'second-token'])).toBe('env:2');
		expect(await gatewayOfToken(db, 'third-token', ['first-token', 'second-token'])).toBeNull();
	});

	it('refuses a label that is taken', async () => {
		const db = await fresh(engine);
		await addToken(db, 'north', 'admin');
		const refused = addToken(db, 'north', 'admin');
		await expect(refused).rejects.toBeInstanceOf(TokenError);
		await expect(refused).rejects.toMatchObject({ code: 'exists', message: 'a token labelled north already exists' });
		expect(await actions(db)).toHaveLength(1);
	});

	it('revokes a token, once on the admin log however often it is asked', async () => {
		const db = await fresh(engine);
		const north = await addToken(db, 'north', 'admin', 1_000);
		const south = await addToken(db, 'south', 'admin', 1_000);
		await revokeToken(db, 'north', 'admin', 2_000);
		await revokeToken(db, 'north', 'admin', 3_000);
		expect(await gatewayOfToken(db, north, [])).toBeNull();
		expect(await gatewayOfToken(db, south, [])).toBe('south');
		expect(await listTokens(db)).toEqual([
			{ label: 'north', createdAt: 1_000, revokedAt: 2_000 },
			{ label: 'south', createdAt: 1_000, revokedAt: null }
		]);
		expect(await actions(db)).toEqual(['token.add {"label":"north"}', 'token.add {"label":"south"}', 'token.revoke {"label":"north"}']);
		await expect(revokeToken(db, 'west', 'admin')).rejects.toMatchObject({ code: 'unknown', message: 'no token labelled west' });
		expect((await verifyAudit(db)).intact).toBe(true);
	});
});

import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { isLinkToken } from '../../domain/police-link';
import { openDatabase, type Engine, type SqlDatabase } from '../db';
import { insertPoliceLink, linkTokenHash, newLinkToken, policeLinkOf, policeLinkOfToken, policeLinksOf, revokePoliceLink } from './police-links';
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

describe('a new police link token', () => {
	it('has the link token’s form, with 32 random bytes behind its prefix', () => {
		for (let i = 0; i < 100; i++) {
			const token = newLinkToken();
			expect(isLinkToken(token), token).toBe(true);
			expect(Buffer.from(token.slice(3), 'base64url')).toHaveLength(32);
		}
	});

	it('is never the same twice', () => {
		const tokens = new Set(Array.from({ length: 1_000 }, newLinkToken));
		expect(tokens.size).toBe(1_000);
	});

	it('is stored as its SHA-256 in hex, which holds nothing of it', () => {
		const token = newLinkToken();
		const hash = linkTokenHash(token);
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(hash).not.toContain(token.slice(3, 12));
		expect(linkTokenHash(token)).toBe(hash);
	});
});

describe.each(engines)('reading police links on %s', (engine) => {
	it('finds a link by incident and id or by its token, with its authority, and lists an incident’s links with who made and revoked them', async () => {
		const db = await fresh(engine);
		const account = async (username: string) =>
			(await db.get<{ id: number }>(sql`insert into accounts (username, password_hash, role, created_at) values (${username}, 'x', 'supervisor', 0) returning id`))!.id;
		const [vera, otto] = [await account('vera'), await account('otto')];
		const authority = (await db.get<{ id: number; name: string }>(sql`select id, name from authorities order by id limit 1`))!;
		await db.run(sql`insert into vehicles (vin, updated_at) values ('WDB00000000000001', 0)`);
		for (const id of [1, 2]) {
			await db.run(sql`insert into incidents (id, type, status, vin, opened_at, details) values (${id}, 'theft', 'acknowledged', 'WDB00000000000001', 0, '{}')`);
		}
		const token = newLinkToken();
		const link = { incidentId: 1, authorityId: authority.id, tokenHash: linkTokenHash(token), createdBy: vera, createdAt: 1_000, expiresAt: 9_000 };
		const first = await insertPoliceLink(db, link);
		const second = await insertPoliceLink(db, { ...link, tokenHash: linkTokenHash(newLinkToken()), createdAt: 2_000 });
		expect(await revokePoliceLink(db, 1, second, otto, 3_000)).toBe(true);

		const expected = { id: first, ...link, revokedAt: null, revokedBy: null, authorityName: authority.name };
		expect(await policeLinkOf(db, 1, first)).toEqual(expected);
		expect(await policeLinkOf(db, 2, first)).toBeUndefined();
		expect(await policeLinkOfToken(db, token)).toEqual(expected);
		expect(await policeLinkOfToken(db, newLinkToken())).toBeUndefined();
		expect(await policeLinksOf(db, 1)).toEqual([
			{ id: first, authorityName: authority.name, createdAt: 1_000, createdBy: 'vera', expiresAt: 9_000, revokedAt: null, revokedBy: null },
			{ id: second, authorityName: authority.name, createdAt: 2_000, createdBy: 'vera', expiresAt: 9_000, revokedAt: 3_000, revokedBy: 'otto' }
		]);
		expect(await policeLinksOf(db, 2)).toEqual([]);
	});
});

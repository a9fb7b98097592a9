import { afterEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayStatus } from '../../domain/incident';
import { openDatabase, type Engine, type SqlDatabase } from '../db';
import { GatewayPresence, othersOf, presenceTimeoutMs, type PresenceRow } from './gateway-presence';

// Until tests/helpers/databases.ts is there: SQLite only, in its shape.
const engines: Engine[] = ['sqlite'];
const freshDatabase = async (_engine: Engine) => ({ location: '', dispose: async () => {} });

const row = (node: string, status: GatewayStatus, seenAt: number): PresenceRow => ({ node, status: JSON.stringify(status), seen_at: seenAt });

describe('what the other nodes report', () => {
	const now = 1_800_000_000_000;

	it('joins the gateways of every other node seen lately, and leaves out this node’s own row', () => {
		const rows = [
			row('node-a', { connected: [{ gateway: 'gateway-1', since: now - 60_000 }], lastEventAt: now - 500 }, now - 800),
			row('node-b', { connected: [{ gateway: 'gateway-2', since: now - 5_000 }, { gateway: 'traccar', since: now - 9_000 }], lastEventAt: now - 200 }, now - 100),
			row('node-self', { connected: [{ gateway: 'gateway-3', since: now }], lastEventAt: now }, now)
		];
		expect(othersOf(rows, 'node-self', now)).toEqual({
			connected: [
				{ gateway: 'gateway-1', since: now - 60_000 },
				{ gateway: 'gateway-2', since: now - 5_000 },
				{ gateway: 'traccar', since: now - 9_000 }
			],
			lastEventAt: now - 200
		});
	});

	it('drops the gateways of a node not seen for 10 s, and keeps the time it last heard one', () => {
		const rows = [
			row('node-dead', { connected: [{ gateway: 'gateway-1', since: now - 60_000 }], lastEventAt: now - 10_500 }, now - presenceTimeoutMs - 1),
			row('node-b', { connected: [], lastEventAt: now - 30_000 }, now - 1_000)
		];
		expect(othersOf(rows, 'node-self', now)).toEqual({ connected: [], lastEventAt: now - 10_500 });
		// Just within the time: still there.
		expect(othersOf(rows, 'node-self', now - 1).connected).toEqual([{ gateway: 'gateway-1', since: now - 60_000 }]);
	});

	it('takes the latest event of any row, none heard included, and skips a row it cannot read', () => {
		const rows = [
			row('node-a', { connected: [], lastEventAt: null }, now),
			row('node-b', { connected: [], lastEventAt: now - 7_000 }, now),
			{ node: 'node-c', status: 'not json', seen_at: now },
			row('node-d', { connected: [], lastEventAt: now - 9_000 }, now)
		];
		expect(othersOf(rows, 'node-self', now).lastEventAt).toBe(now - 7_000);
		expect(othersOf([], 'node-self', now)).toEqual({ connected: [], lastEventAt: null });
	});
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	vi.restoreAllMocks();
});

/** A database two nodes can open: a SQLite file, or a fresh PostgreSQL database. */
async function sharedLocation(engine: Engine): Promise<string> {
	if (engine === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), 'soc-presence-'));
		cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
		return join(dir, 'soc.db');
	}
	const { location, dispose } = await freshDatabase(engine);
	cleanups.push(dispose);
	return location;
}

interface Node {
	database: SqlDatabase;
	presence: GatewayPresence;
	published: GatewayStatus[];
}

async function startNode(location: string, name: string): Promise<Node> {
	const database = await openDatabase(location);
	const published: GatewayStatus[] = [];
	const presence = await GatewayPresence.start(database, name, { lastEventAt: null, publish: (s) => published.push(s), upstreamWindowMs: 300_000 });
	cleanups.push(async () => {
		await presence.stop();
		await database.close().catch(() => {});
	});
	return { database, presence, published };
}

/** Polls until `check` passes: rows are read every second (at once on PostgreSQL, when told). */
async function eventually(check: () => void, timeoutMs = 3_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		try {
			return check();
		} catch (error) {
			if (Date.now() > until) throw error;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
}

const names = (s: GatewayStatus | undefined) => s?.connected.map((c) => c.gateway).sort();

describe.each(engines)('two nodes on one database (%s)', (engine) => {
	it('shows a gateway connected to either node on both, with the latest event of both', async () => {
		const location = await sharedLocation(engine);
		const a = await startNode(location, 'node-a');
		const b = await startNode(location, 'node-b');
		a.presence.liveness.connect('socket-1', 'gateway-1');
		b.presence.liveness.connect('socket-2', 'gateway-2');
		await eventually(() => {
			expect(names(a.presence.liveness.status())).toEqual(['gateway-1', 'gateway-2']);
			expect(names(b.presence.liveness.status())).toEqual(['gateway-1', 'gateway-2']);
			// What the screens were told, too.
			expect(names(b.published.at(-1))).toEqual(['gateway-1', 'gateway-2']);
		});
		const heardAt = Date.now();
		a.presence.liveness.heard(heardAt);
		await eventually(() => expect(b.presence.liveness.status().lastEventAt).toBe(heardAt));
		// Each node's row holds its own gateways alone.
		const rows = await b.database.all<PresenceRow>(sql`select node, status, seen_at from gateway_presence order by node`);
		expect(rows.map((r) => [r.node, names(JSON.parse(r.status))])).toEqual([
			['node-a', ['gateway-1']],
			['node-b', ['gateway-2']]
		]);

		// A node that stops takes its gateways with it; the time it last heard one stays.
		await a.presence.stop();
		await eventually(() => expect(b.presence.liveness.status()).toEqual({ connected: [expect.objectContaining({ gateway: 'gateway-2' })], lastEventAt: heardAt }));
		expect((await b.database.all<PresenceRow>(sql`select node from gateway_presence`)).map((r) => r.node)).toEqual(['node-b']);
	});

	it('drops the gateways of a node that died, within 10 s of its last heartbeat', async () => {
		const location = await sharedLocation(engine);
		const b = await startNode(location, 'node-b');
		const heardAt = Date.now() - 5_000;
		const dead = JSON.stringify({ connected: [{ gateway: 'gateway-1', since: heardAt }], lastEventAt: heardAt });
		await b.database.run(
			sql`insert into gateway_presence (node, status, seen_at) values ('node-dead', ${dead}, ${Date.now() - presenceTimeoutMs + 3_000})`
		);
		await eventually(() => expect(names(b.presence.liveness.status())).toEqual(['gateway-1']));
		await eventually(() => expect(b.presence.liveness.status()).toEqual({ connected: [], lastEventAt: heardAt }), 5_000);
		expect(b.published.at(-1)).toEqual({ connected: [], lastEventAt: heardAt });
	});

	it('keeps publishing this node’s gateways when the database fails, and says so once, not every second', async () => {
		const location = await sharedLocation(engine);
		const a = await startNode(location, 'node-a');
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		// Once the reads of its start have ended: a query under way when a pg pool ends may never be answered.
		await new Promise((resolve) => setTimeout(resolve, 300));
		await a.database.close();
		a.presence.liveness.connect('socket-1', 'gateway-1');
		expect(names(a.published.at(-1))).toEqual(['gateway-1']);
		await new Promise((resolve) => setTimeout(resolve, 2_200));
		expect(names(a.presence.liveness.status())).toEqual(['gateway-1']);
		// Once for its row, once for the others': not every second.
		expect(errors.mock.calls.filter(([message]) => String(message).startsWith('gateway presence:'))).toHaveLength(2);
		await a.presence.stop();
	});
});

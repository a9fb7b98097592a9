// Several console nodes on one PostgreSQL database behind a load balancer (docs/nodes.md, "What
// the nodes promise together"): nodes SIGKILLed under ingest lose nothing and store nothing
// twice, screens that move between nodes end with the feed of a screen that never moved, one of
// two acknowledgements on two nodes wins, the timed jobs move to another node, gateways count on
// every node, and the audit chain built by all of them verifies.
// SOC_NODES_SECONDS changes how long nodes are killed for (default 60).
import { sql } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpsPushes, OpsRequests } from '../../src/lib/contract/ops';
import type { FeedEntry } from '../../src/lib/domain/incident';
import { openDatabase, type SqlDatabase } from '../../src/lib/server/db';
import { startBalancer, type Balancer } from '../helpers/balancer';
import { freshDatabase } from '../helpers/databases';
import { connectGateway, eventId, iso, vin, type TestGateway } from '../helpers/gateway';
import { until } from '../helpers/ops';
import { addUser, signIn, soc, startConsole, type RunningConsole } from '../helpers/server';

const onPostgres = process.env.SOC_TEST_ENGINE === 'postgres';
const token = 'nodes-gateway-token';
const chaosMs = Number(process.env.SOC_NODES_SECONDS ?? 60) * 1000;

/** A screen that follows the feed through `url` as the browser does: on a lost connection it connects again and resumes from the last number it saw. */
class FollowingScreen {
	readonly entries: FeedEntry[] = [];
	readonly gateways: { connected: { gateway: string }[]; lastEventAt: number | null }[] = [];
	reconnections = 0;
	snapshots = 0;
	#socket: Socket<OpsPushes, OpsRequests> | undefined;
	#closed = false;
	#catchingUp = false;

	constructor(
		private readonly url: string,
		private readonly cookie: string,
		private readonly origin: string
	) {}

	get lastSeq(): number {
		return this.entries.at(-1)?.seq ?? this.#start;
	}

	#start = 0;

	async open(): Promise<void> {
		this.#start = await this.#connect(null);
	}

	/** Connects and resumes; the feed number it starts from. */
	async #connect(seq: number | null): Promise<number> {
		for (;;) {
			if (this.#closed) return seq ?? 0;
			const socket: Socket<OpsPushes, OpsRequests> = io(`${this.url}/ops`, {
				transports: ['websocket'],
				extraHeaders: { cookie: this.cookie, origin: this.origin },
				reconnection: false,
				forceNew: true
			});
			try {
				await new Promise<void>((resolve, reject) => {
					socket.once('connect', () => resolve());
					socket.once('connect_error', reject);
				});
				this.#catchingUp = true;
				socket.on('feed', (entries) => this.#live(entries));
				socket.on('gateways', (status) => this.gateways.push(status));
				socket.on('disconnect', () => void this.#lost());
				const reply = await socket.timeout(10_000).emitWithAck('resume', { seq });
				if (!reply.ok) throw new Error(reply.error);
				let start = seq ?? 0;
				if ('snapshot' in reply) {
					if (seq !== null) this.snapshots++;
					start = reply.snapshot.seq;
				}
				for (const entry of reply.entries) this.#add(entry);
				this.#catchingUp = false;
				this.#socket = socket;
				return start;
			} catch {
				socket.close();
				await new Promise((r) => setTimeout(r, 200));
			}
		}
	}

	#live(entries: FeedEntry[]) {
		if (this.#catchingUp) return;
		if (entries[0].seq > this.lastSeq + 1) {
			// A gap: the browser asks again; so does this screen.
			this.#socket?.disconnect();
			return;
		}
		for (const entry of entries) this.#add(entry);
	}

	#add(entry: FeedEntry) {
		if (entry.seq > this.lastSeq) this.entries.push(entry);
	}

	async #lost() {
		if (this.#closed) return;
		this.reconnections++;
		this.#socket = undefined;
		await this.#connect(this.lastSeq);
	}

	act(payload: unknown) {
		return (this.#socket as Socket).timeout(10_000).emitWithAck('act', payload);
	}

	close() {
		this.#closed = true;
		this.#socket?.close();
	}
}

describe.skipIf(!onPostgres)('three nodes on one PostgreSQL database', () => {
	let location: string;
	let dispose: () => Promise<void>;
	let database: SqlDatabase;
	let balancer: Balancer;
	const nodes: RunningConsole[] = [];
	let cookies: string[];

	beforeAll(async () => {
		({ location, dispose } = await freshDatabase('postgres'));
		database = await openDatabase(location);
		balancer = await startBalancer([]);
		for (const name of ['a', 'b', 'c']) {
			const node = await startConsole({ SOC_DB: location, SOC_GATEWAY_TOKENS: token, ORIGIN: balancer.url, SOC_NODE_ID: `node-${name}` });
			nodes.push(node);
			balancer.nodes.push(node.port);
		}
		cookies = [];
		for (const name of ['olga', 'omar']) {
			const password = addUser(location, name, 'operator');
			const { cookie } = await signIn(balancer.url, name, password);
			cookies.push(cookie!);
		}
	}, 120_000);

	afterAll(async () => {
		await balancer?.close();
		for (const node of nodes) await node.dispose();
		await database?.close();
		await dispose?.();
	});

	it('loses no acked event, stores none twice, keeps one open incident per VIN, and gives a moving screen the feed of one that never moved', async () => {
		const [a] = nodes;
		const still = new FollowingScreen(a.url, cookies[0], balancer.url);
		const moving = new FollowingScreen(balancer.url, cookies[1], balancer.url);
		await still.open();
		await moving.open();
		// A few cars shared by every gateway: their events reach different nodes at the same moment.
		const vins = Array.from({ length: 12 }, () => vin());
		const acked = new Set<string>();
		let stopping = false;
		let kills = 0;

		const gatewayLoop = async (g: number) => {
			let gateway: TestGateway | undefined;
			while (!stopping) {
				const car = vins[(g * 5 + acked.size) % vins.length];
				const now = Date.now();
				const batch =
					acked.size % 7 === g
						? { event: 'airbag.deployed', payload: { eventId: eventId(`g${g}`), vin: car, occurredAt: iso(now) }, ids: [] as string[] }
						: {
								event: 'theft.positions',
								payload: {
									fixes: Array.from({ length: 20 }, (_, i) => ({ eventId: eventId(`g${g}`), vin: car, fixAt: iso(now + i), lat: 48 + i / 1e4, lon: 11.5 }))
								},
								ids: [] as string[]
							};
				batch.ids = batch.event === 'airbag.deployed' ? [(batch.payload as { eventId: string }).eventId] : (batch.payload as { fixes: { eventId: string }[] }).fixes.map((f) => f.eventId);
				// Resent, with the same event ids, until acked: through the balancer, to whichever node answers.
				for (;;) {
					try {
						gateway ??= await connectGateway(balancer.url, token);
						const ack = (await gateway.send(batch.event, batch.payload, 5_000)) as { ok: boolean; results?: { ok: boolean }[] };
						if (ack.ok && (!ack.results || ack.results.every((r) => r.ok))) break;
					} catch {
						gateway?.close();
						gateway = undefined;
					}
					await new Promise((r) => setTimeout(r, 100));
				}
				for (const id of batch.ids) acked.add(id);
			}
			gateway?.close();
		};

		const killer = async () => {
			const started = Date.now();
			while (Date.now() - started < chaosMs) {
				await new Promise((r) => setTimeout(r, 3_000));
				const victim = nodes[1 + (kills % 2)];
				await victim.kill();
				kills++;
				await new Promise((r) => setTimeout(r, 1_000));
				await victim.restart();
			}
		};

		const gateways = Array.from({ length: 8 }, (_, g) => gatewayLoop(g));
		await killer();
		stopping = true;
		await Promise.all(gateways);

		const { seq: last } = (await database.get<{ seq: number }>(sql`select max(seq) as seq from feed`))!;
		await until(() => still.lastSeq >= last && moving.lastSeq >= last, 30_000);
		still.close();
		moving.close();

		expect(kills).toBeGreaterThanOrEqual(Math.floor(chaosMs / 4_000));
		expect(moving.reconnections).toBeGreaterThan(0);
		expect(acked.size).toBeGreaterThan(1_000);
		// Every acked event is stored, exactly once.
		const stored = await database.all<{ event_id: string; copies: number }>(sql`select event_id, count(*) as copies from gateway_log group by event_id`);
		expect(stored.filter((r) => r.copies > 1)).toEqual([]);
		const ids = new Set(stored.map((r) => r.event_id));
		expect([...acked].filter((id) => !ids.has(id))).toEqual([]);
		// One open incident of each type per VIN.
		expect(await database.all(sql`select vin, type, count(*) as open from incidents where status != 'resolved' group by vin, type having count(*) > 1`)).toEqual([]);
		// The moving screen has what the still one has, in the same order, without a snapshot in between.
		expect(moving.snapshots).toBe(0);
		const seqs = (s: FollowingScreen) => s.entries.map((e) => e.seq);
		const from = Math.max(still.entries[0]?.seq ?? 0, moving.entries[0]?.seq ?? 0);
		expect(seqs(moving).filter((n) => n >= from)).toEqual(seqs(still).filter((n) => n >= from));
		expect(JSON.stringify(moving.entries.filter((e) => e.seq >= from))).toEqual(JSON.stringify(still.entries.filter((e) => e.seq >= from)));
		// Gap-free: every number from the first to the last.
		expect(seqs(still)).toEqual(Array.from({ length: seqs(still).length }, (_, i) => seqs(still)[0] + i));
	}, chaosMs + 120_000);

	it('lets one of two operators on two nodes win an acknowledgement, 50 times, and tells the other who owns it', async () => {
		const [a, b] = nodes;
		const gateway = await connectGateway(balancer.url, token);
		const ids: number[] = [];
		for (let i = 0; i < 50; i++) {
			const ack = (await gateway.send('airbag.deployed', { eventId: eventId('race'), vin: vin(), occurredAt: iso(Date.now()) })) as { ok: boolean; incidentId: string };
			expect(ack.ok).toBe(true);
			ids.push(Number(ack.incidentId));
		}
		gateway.close();
		const olga = new FollowingScreen(a.url, cookies[0], balancer.url);
		const omar = new FollowingScreen(b.url, cookies[1], balancer.url);
		await olga.open();
		await omar.open();
		for (const incidentId of ids) {
			const answers = (await Promise.all([olga.act({ action: 'acknowledge', incidentId }), omar.act({ action: 'acknowledge', incidentId })])) as { ok: boolean; error?: string; ownerName?: string; incident?: { ownerName: string } }[];
			const winners = answers.filter((r) => r.ok);
			expect(winners).toHaveLength(1);
			const loser = answers.find((r) => !r.ok)!;
			expect(loser).toEqual({ ok: false, error: 'owned_by_other', ownerName: winners[0].incident!.ownerName });
		}
		olga.close();
		omar.close();
	});

	it('moves the timed jobs to another node within 10 s when their node is SIGKILLed', async () => {
		const holder = async () =>
			(
				await database.get<{ node: string }>(sql`
					select a.application_name as node from pg_locks l join pg_stat_activity a on a.pid = l.pid
					where l.locktype = 'advisory' and l.objid = 5050003 and l.granted`)
			)?.node;
		let leader: string | undefined;
		const deadline = Date.now() + 10_000;
		while (!(leader = await holder()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
		expect(leader).toMatch(/^node-[abc]$/);
		const node = nodes.find((n) => n.env.SOC_NODE_ID === leader)!;
		await node.kill();
		const killedAt = Date.now();
		let next: string | undefined;
		while ((!(next = await holder()) || next === leader) && Date.now() - killedAt < 15_000) await new Promise((r) => setTimeout(r, 200));
		expect(next).toMatch(/^node-[abc]$/);
		expect(next).not.toBe(leader);
		expect(Date.now() - killedAt).toBeLessThan(10_000);
		await node.restart();
	});

	it('verifies the audit chain the three nodes built, and names an entry changed behind their back', async () => {
		expect(soc(location, ['audit', 'verify'])).toMatchObject({ code: 0 });
		const { id } = (await database.get<{ id: number }>(sql`select max(id) as id from timeline`))!;
		await database.run(sql`alter table timeline disable trigger user`);
		await database.run(sql`update timeline set data = '{"tampered":true}' where id = ${id - 10}`);
		await database.run(sql`alter table timeline enable trigger user`);
		const result = soc(location, ['audit', 'verify']);
		expect(result.code).not.toBe(0);
		expect(result.stdout + result.stderr).toContain(String(id - 10));
	});
});

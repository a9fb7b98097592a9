// The console SIGKILLed at random moments under a steady ingest, restarted on the same database:
// every acked event is stored exactly once, no event is stored twice, and the database stays sound.
// SOC_CRASH_ROUNDS (or SOC_SOAK=1) changes the number of rounds; SOC_CRASH_SEED repeats a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchAck } from '../../src/lib/domain/gateway/schemas';
import { connectGateway, type TestGateway } from '../helpers/gateway';
import { soakNumber } from '../helpers/inspector';
import { loadTrack, payloadFactory, Random, randomVin, seededRandom } from '../helpers/payloads';
import { integrityCheck, openTestDatabase } from '../helpers/databases';
import { startConsole, type RunningConsole } from '../helpers/server';

const token = 'crash-loop-token';
const rounds = soakNumber('SOC_CRASH_ROUNDS', 20, 100);
const seed = Number(process.env.SOC_CRASH_SEED ?? (Date.now() % 2 ** 31));
const random = new Random(seededRandom(seed));
const senders = 4;

interface Sent {
	event: string;
	payload: Record<string, unknown>;
	ids: string[];
}

describe(`crash loop: ${rounds} rounds of SIGKILL under ingest`, () => {
	let app: RunningConsole;
	beforeAll(async () => {
		app = await startConsole({ SOC_GATEWAY_TOKENS: token });
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('keeps every acked event exactly once and never stores one twice', async () => {
		console.log(`crash-loop seed ${seed} (repeat with SOC_CRASH_SEED=${seed}), ${rounds} rounds`);
		const factory = payloadFactory(random, loadTrack(), `cl${seed}`, Array.from({ length: 30 }, () => randomVin(random)));
		const acked = new Set<string>();
		const sent = new Map<string, Sent>();
		let totalUnacked = 0;
		let totalUnackedStored = 0;

		const next = (): Sent => {
			const roll = random.next();
			if (roll < 0.45) {
				const payload = factory.build('theft.positions');
				const fixes = (payload.fixes as Record<string, unknown>[]).slice(0, random.int(1, 200));
				return { event: 'theft.positions', payload: { fixes }, ids: fixes.map((f) => f.eventId as string) };
			}
			const event = roll < 0.75 ? 'theft.position' : roll < 0.9 ? 'airbag.deployed' : roll < 0.95 ? 'theft.started' : 'theft.ended';
			const payload = factory.build(event as 'theft.position');
			return { event, payload, ids: [payload.eventId as string] };
		};

		const record = (item: Sent, ack: unknown) => {
			const a = ack as { ok: boolean; results?: BatchAck['results'] };
			if (!a.ok) throw new Error(`refused: ${JSON.stringify(ack).slice(0, 300)}`);
			if (a.results) a.results.forEach((r, i) => r.ok && acked.add(item.ids[i]));
			else acked.add(item.ids[0]);
		};

		for (let round = 1; round <= rounds; round++) {
			const gw: TestGateway = await connectGateway(app.url, token);
			let running = true;
			const roundSent: Sent[] = [];
			const ackedBefore = acked.size;
			const sender = async () => {
				while (running) {
					const item = next();
					roundSent.push(item);
					for (const id of item.ids) sent.set(id, item);
					try {
						record(item, await gw.send(item.event, item.payload, 10_000));
					} catch (error) {
						if (!running || !gw.socket.connected) return;
						throw error;
					}
				}
			};
			const load = Promise.all(Array.from({ length: senders }, sender));
			const killAfter = random.int(30, 1_200);
			await new Promise((r) => setTimeout(r, killAfter));
			await app.kill();
			running = false;
			await load;
			gw.close();
			await app.restart();

			const db = await openTestDatabase(app.db);
			const integrity = await integrityCheck(db);
			const twice = await db.query('select event_id, count(*) as n from gateway_log group by event_id having count(*) > 1');
			const stored = new Set((await db.query<{ event_id: string }>('select event_id from gateway_log')).map((r) => r.event_id).filter((id) => sent.has(id)));
			await db.close();
			const missing = [...acked].filter((id) => !stored.has(id));
			const roundIds = roundSent.flatMap((s) => s.ids);
			const unacked = roundIds.filter((id) => !acked.has(id));
			const unackedStored = unacked.filter((id) => stored.has(id)).length;
			totalUnacked += unacked.length;
			totalUnackedStored += unackedStored;
			console.log(
				`round ${round}: killed after ${killAfter} ms; sent ${roundIds.length}, acked ${acked.size - ackedBefore}, unacked ${unacked.length} ` +
					`(${unackedStored} of them stored); stored in all ${stored.size}, acked in all ${acked.size}`
			);
			expect(integrity).toBe('ok');
			expect(twice).toEqual([]);
			expect(missing.slice(0, 10)).toEqual([]);

			// A gateway that got no ack sends again: stored ones are duplicates, the rest are stored now, once.
			const again = await connectGateway(app.url, token);
			const unackedItems = [...new Set(roundSent.filter((s) => s.ids.some((id) => !acked.has(id))))];
			const someAcked = roundSent.filter((s) => s.ids.every((id) => acked.has(id))).slice(-3);
			for (const item of [...unackedItems, ...someAcked]) {
				const ack = (await again.send(item.event, item.payload)) as { ok: boolean; duplicate?: boolean; results?: { ok: boolean; duplicate?: boolean }[] };
				const results = ack.results ?? [ack];
				results.forEach((r, i) => {
					expect(r.ok).toBe(true);
					expect(r.duplicate).toBe(stored.has(item.ids[i]));
					acked.add(item.ids[i]);
				});
			}
			again.close();
		}

		const db = await openTestDatabase(app.db);
		const counts = new Map((await db.query<{ event_id: string; n: number }>('select event_id, count(*) as n from gateway_log group by event_id')).map((r) => [r.event_id, r.n]));
		expect(await integrityCheck(db)).toBe('ok');
		await db.close();
		console.log(`crash-loop: ${rounds} rounds, ${sent.size} events sent, ${acked.size} acked (after resending), ${totalUnacked} unacked at a crash, ${totalUnackedStored} of those stored anyway`);
		expect([...acked].filter((id) => counts.get(id) !== 1).slice(0, 10)).toEqual([]);
		expect(acked.size).toBe(sent.size);
	}, 60_000 + rounds * 8_000);
});

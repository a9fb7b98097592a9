// One gateway sends ten times its allowed rate: it is refused as rate_limited, while another
// gateway at a normal rate keeps getting every ack and two operator screens keep their feed.
// Measures ack and feed latency of the normal gateway, quiet first, then during the flood.
// SOC_FLOOD_SECONDS (or SOC_SOAK=1) changes the length of the flood.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEntry } from '../../src/lib/domain/incident';
import { connectGateway, type TestGateway } from '../helpers/gateway';
import { percentile, soakNumber } from '../helpers/inspector';
import { openScreen, operatorCookie, until, type TestScreen } from '../helpers/ops';
import { loadTrack, payloadFactory, Random, randomVin, seededRandom } from '../helpers/payloads';
import { openTestDatabase } from '../helpers/databases';
import { startConsole, type RunningConsole } from '../helpers/server';

const rate = 200;
const floodSeconds = soakNumber('SOC_FLOOD_SECONDS', 6, 300);
const quietSeconds = Math.min(6, floodSeconds);
const normalEveryMs = 40;
const seed = Number(process.env.SOC_FLOOD_SEED ?? (Date.now() % 2 ** 31));
const random = new Random(seededRandom(seed));

interface Sample {
	eventId: string;
	incidentId: string;
	sentAt: number;
	ackMs: number;
}

interface Watched {
	screen: TestScreen;
	/** incidentId → when its first feed entry arrived */
	arrived: Map<string, number>;
	/** seq numbers in arrival order */
	seqs: number[];
}

async function watch(url: string, cookie: string): Promise<Watched> {
	const screen = await openScreen(url, cookie);
	const watched: Watched = { screen, arrived: new Map(), seqs: [] };
	screen.socket.on('feed', (entries: FeedEntry[]) => {
		const now = Date.now();
		for (const entry of entries) {
			watched.seqs.push(entry.seq);
			if (!watched.arrived.has(String(entry.incidentId))) watched.arrived.set(String(entry.incidentId), now);
		}
	});
	const { snapshot } = await screen.resume(null);
	watched.seqs.push(snapshot!.seq);
	return watched;
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : String(n));

describe('a flooding gateway beside a normal one', () => {
	let app: RunningConsole;
	const tokens = ['flood-normal-token', 'flood-noisy-token'];
	beforeAll(async () => {
		app = await startConsole({ SOC_GATEWAY_TOKENS: tokens.join(','), SOC_GATEWAY_RATE: String(rate) });
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('limits the flooder, and the normal gateway and both screens carry on', async () => {
		console.log(`flood seed ${seed}; SOC_GATEWAY_RATE ${rate}/s; quiet ${quietSeconds} s, flood ${floodSeconds} s at ${rate * 10} fixes/s`);
		const factory = payloadFactory(random, loadTrack(), `fl${seed}`, Array.from({ length: 20 }, () => randomVin(random)));
		const cookie = await operatorCookie(app.url, app.db);
		const screens = [await watch(app.url, cookie), await watch(app.url, cookie)];
		const normal: TestGateway = await connectGateway(app.url, tokens[0]);
		const noisy: TestGateway = await connectGateway(app.url, tokens[1]);

		const normalRefusals: unknown[] = [];
		/** The normal gateway: one airbag event (a new incident) every 40 ms, each awaited, for `seconds`. */
		const steady = async (seconds: number): Promise<Sample[]> => {
			const samples: Sample[] = [];
			const end = Date.now() + seconds * 1000;
			while (Date.now() < end) {
				const payload = { eventId: factory.eventId(), vin: randomVin(random, 'WNR') };
				const sentAt = Date.now();
				const ack = (await normal.send('airbag.deployed', payload)) as { ok: boolean; incidentId?: string };
				const ackMs = Date.now() - sentAt;
				if (!ack.ok) normalRefusals.push(ack);
				else samples.push({ eventId: payload.eventId, incidentId: String(ack.incidentId), sentAt, ackMs });
				await new Promise((r) => setTimeout(r, Math.max(0, normalEveryMs - ackMs)));
			}
			return samples;
		};

		const quiet = await steady(quietSeconds);

		// The flood: 20 fixes every 10 ms (2,000 fixes/s, ten times the rate), not waiting for acks.
		const noisyTally = { ok: 0, rateLimited: 0, other: [] as unknown[], retryAfter: [] as number[], pending: 0, lastAckAt: 0 };
		const floodStart = Date.now();
		const flood = setInterval(() => {
			const vin = randomVin(random, 'WFL');
			const fixes = Array.from({ length: 20 }, () => factory.fix(vin));
			noisyTally.pending++;
			void noisy.send('theft.positions', { fixes }).then((ack) => {
				noisyTally.pending--;
				noisyTally.lastAckAt = Date.now();
				const a = ack as { ok: boolean; error?: { code: string; retryAfterMs?: number } };
				if (a.ok) noisyTally.ok++;
				else if (a.error?.code === 'rate_limited') {
					noisyTally.rateLimited++;
					noisyTally.retryAfter.push(a.error.retryAfterMs ?? NaN);
				} else noisyTally.other.push(ack);
			});
		}, 10);
		let during: Sample[];
		try {
			during = await steady(floodSeconds);
		} finally {
			clearInterval(flood);
		}
		await until(() => noisyTally.pending === 0, 30_000);

		// Every normal event reaches both screens.
		const all = [...quiet, ...during];
		await until(() => screens.every((s) => all.every((x) => s.arrived.has(x.incidentId))), 30_000);

		const feedMs = (samples: Sample[], s: Watched) => samples.map((x) => s.arrived.get(x.incidentId)! - x.sentAt);
		const line = (name: string, q: number[], f: number[]) => {
			const [q50, q99, f50, f99] = [percentile(q, 50), percentile(q, 99), percentile(f, 50), percentile(f, 99)];
			console.log(`${name}: quiet p50 ${fmt(q50)} ms p99 ${fmt(q99)} ms; flood p50 ${fmt(f50)} ms p99 ${fmt(f99)} ms; ratio flood/quiet p50 ${fmt(f50 / q50)} p99 ${fmt(f99 / q99)}`);
		};
		console.log(`normal gateway: ${quiet.length} events quiet, ${during.length} during the flood, refused ${normalRefusals.length}`);
		line('normal ack latency', quiet.map((x) => x.ackMs), during.map((x) => x.ackMs));
		screens.forEach((s, i) => line(`screen ${i + 1} feed latency`, feedMs(quiet, s), feedMs(during, s)));
		const retry = noisyTally.retryAfter;
		console.log(
			`flooder: ${noisyTally.ok} batches ok, ${noisyTally.rateLimited} rate_limited (retryAfterMs ${Math.min(...retry)}..${Math.max(...retry)}), other ${noisyTally.other.length}`
		);

		expect(normalRefusals).toEqual([]);
		expect(during.length).toBeGreaterThan(0);
		expect(noisyTally.rateLimited).toBeGreaterThan(0);
		expect(noisyTally.ok).toBeGreaterThan(0);
		expect(noisyTally.other).toEqual([]);
		expect(retry.every((ms) => Number.isInteger(ms) && ms > 0 && ms <= 1000)).toBe(true);
		// The flooder gets at most its rate over the time the console received its batches, plus the bucket it started with.
		const floodSpan = (noisyTally.lastAckAt - floodStart) / 1000;
		expect(noisyTally.ok * 20).toBeLessThanOrEqual(rate * (floodSpan + 1) + rate);

		// Every normal event stored once.
		const db = await openTestDatabase(app.db);
		const stored = new Set((await db.query<{ event_id: string }>('select event_id from gateway_log')).map((r) => r.event_id));
		await db.close();
		expect(all.filter((x) => !stored.has(x.eventId))).toEqual([]);

		// Each screen's feed: in sequence order, with no gap, from its snapshot on.
		const last = Math.max(...screens.map((s) => s.seqs.at(-1)!));
		await until(() => screens.every((s) => s.seqs.at(-1) === last), 10_000);
		for (const s of screens) {
			const gaps = s.seqs.slice(1).filter((seq, i) => seq !== s.seqs[i] + 1);
			expect(gaps).toEqual([]);
			expect(s.screen.socket.connected).toBe(true);
		}
		normal.close();
		noisy.close();
		screens.forEach((s) => s.screen.close());
	}, 90_000 + floodSeconds * 2_000);
});

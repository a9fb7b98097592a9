// An operator screen that stops reading while the ingest goes on: the console cuts it past its
// bound instead of queueing without end, the ingest is not slowed, and the screen, back, gets
// exactly what it missed (or a snapshot when too far behind).
import type { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEntry } from '../../src/lib/domain/incident';
import { connectGateway, type TestGateway } from '../helpers/gateway';
import { connectInspector, mb, percentile, soakNumber, type Inspector, type Memory } from '../helpers/inspector';
import { openScreen, operatorCookie, until, type TestScreen } from '../helpers/ops';
import { loadTrack, payloadFactory, Random, randomVin, seededRandom } from '../helpers/payloads';
import { startConsole, type RunningConsole } from '../helpers/server';

const token = 'slow-client-token';
/** The server's bound (src/lib/server/realtime/feed.ts): bytes queued for one screen before it is cut. */
const maxQueuedBytes = 16 * 1024 * 1024;
/** A screen further behind than this gets a snapshot (feed.ts, maxCatchUp). */
const maxCatchUp = 5_000;
/**
 * Most seconds the screen stays paused (it resumes earlier once three times the bound was published):
 * short of the heartbeat's 20 s ping timeout, so that only the bound can cut the screen.
 */
const pauseSeconds = soakNumber('SOC_SLOW_SECONDS', 15, 18);
const seed = Number(process.env.SOC_SLOW_SEED ?? (Date.now() % 2 ** 31));
const random = new Random(seededRandom(seed));

/** The TCP socket under a socket.io-client connection (websocket transport, `ws` in Node). */
function tcpOf(screen: TestScreen): NetSocket {
	const transport = screen.socket.io.engine.transport as unknown as { ws?: { _socket?: NetSocket } };
	const tcp = transport.ws?._socket;
	if (!tcp) throw new Error('no TCP socket under the screen');
	return tcp;
}

describe('a screen that stops reading', () => {
	let app: RunningConsole;
	let inspector: Inspector;
	beforeAll(async () => {
		app = await startConsole({ SOC_GATEWAY_TOKENS: token }, { nodeArgs: ['--inspect=127.0.0.1:0'] });
		inspector = await connectInspector(await app.inspectorUrl());
	});
	afterAll(async () => {
		inspector?.close();
		await app?.dispose();
	});

	it('is cut past the bound, does not slow the ingest, and catches up exactly when back', async () => {
		console.log(`slow-client seed ${seed}; paused until ${mb(3 * maxQueuedBytes)} of feed packets were published, at most ${pauseSeconds} s`);
		const factory = payloadFactory(random, loadTrack(), `sc${seed}`, Array.from({ length: 50 }, () => randomVin(random)));
		const cookie = await operatorCookie(app.url, app.db);
		const reference = await openScreen(app.url, cookie);
		await reference.resume(null);
		const slow = await openScreen(app.url, cookie);
		await slow.resume(null);
		let slowDisconnect: string | null = null;
		slow.socket.on('disconnect', (reason) => (slowDisconnect = reason));
		let packets = 0;
		let packetBytes = 0;
		reference.socket.on('feed', (entries: FeedEntry[]) => {
			packets++;
			packetBytes += JSON.stringify(entries).length;
		});

		// The ingest: two gateways, each sending batches of fixes of one VIN and waiting for the ack.
		const gateways: TestGateway[] = [await connectGateway(app.url, token), await connectGateway(app.url, token)];
		let running = true;
		type Phase = 'before' | 'paused' | 'after';
		let phase = 'before' as Phase;
		const ackMs: Record<Phase, number[]> = { before: [], paused: [], after: [] };
		const refused: unknown[] = [];
		const sender = async (gw: TestGateway) => {
			while (running) {
				const vin = factory.vin();
				const fixes = Array.from({ length: random.int(5, 40) }, () => factory.fix(vin));
				const sentAt = performance.now();
				const ack = (await gw.send('theft.positions', { fixes })) as { ok: boolean };
				ackMs[phase].push(performance.now() - sentAt);
				if (!ack.ok) refused.push(ack);
			}
		};
		const load = Promise.all(gateways.map(sender));

		await new Promise((r) => setTimeout(r, 2_000));
		await until(() => slow.lastSeq === reference.lastSeq, 10_000);
		const base: Memory = await inspector.memoryAfterGc();
		const packetsBefore = packets;
		const bytesBefore = packetBytes;

		// The screen stops reading: its TCP socket is paused, so the console's writes queue.
		tcpOf(slow).pause();
		phase = 'paused';
		const seenWhenPaused = slow.entries.length;
		await until(() => packetBytes - bytesBefore >= 3 * maxQueuedBytes, pauseSeconds * 1000).catch(() => undefined);
		const paused = await inspector.memoryAfterGc();
		const publishedWhilePaused = packets - packetsBefore;
		const bytesWhilePaused = packetBytes - bytesBefore;
		phase = 'after';
		running = false;
		await load;
		await new Promise((r) => setTimeout(r, 300));

		// Back: the screen reads again, drains what was already written to it, and finds itself cut.
		tcpOf(slow).resume();
		await until(() => slowDisconnect !== null, 15_000).catch(() => undefined);
		const afterCut = await inspector.memoryAfterGc();

		const meanPacket = bytesWhilePaused / Math.max(1, publishedWhilePaused);
		console.log(
			`slow-client: published ${publishedWhilePaused} feed packets (${mb(bytesWhilePaused)}, mean ${Math.round(meanPacket)} B) while the screen was paused; ` +
				`it received ${slow.entries.length - seenWhenPaused} entries of them, then: ${slowDisconnect ?? 'still connected'}`
		);
		console.log(
			`slow-client memory after GC: base heap ${mb(base.heapUsed)} rss ${mb(base.rss)} external ${mb(base.external)}; ` +
				`paused heap ${mb(paused.heapUsed)} rss ${mb(paused.rss)} external ${mb(paused.external)}; ` +
				`after the cut heap ${mb(afterCut.heapUsed)} rss ${mb(afterCut.rss)} external ${mb(afterCut.external)}`
		);
		const p99 = (xs: number[]) => percentile(xs, 99).toFixed(1);
		console.log(
			`slow-client ack latency: before p50 ${percentile(ackMs.before, 50).toFixed(1)} ms p99 ${p99(ackMs.before)} ms (${ackMs.before.length} acks); ` +
				`while paused p50 ${percentile(ackMs.paused, 50).toFixed(1)} ms p99 ${p99(ackMs.paused)} ms (${ackMs.paused.length} acks)`
		);

		// The test only proves something if the ingest published well past the bound.
		expect(bytesWhilePaused).toBeGreaterThan(2 * maxQueuedBytes);
		expect(refused).toEqual([]);
		// The ingest kept going while the screen was stuck.
		expect(ackMs.paused.length).toBeGreaterThan(ackMs.before.length);
		// Cut by the console, not left to queue.
		expect(slowDisconnect).toBe('io server disconnect');
		expect(slow.lastSeq).toBeLessThan(reference.lastSeq);
		// What the console held for the stuck screen stays within its bound (counted twice, for the
		// encoded frame and the string), not growing with what was published.
		const grown = paused.heapUsed + paused.external - (base.heapUsed + base.external);
		const bound = 2 * maxQueuedBytes + 16 * 1024 * 1024;
		console.log(`slow-client: held ${mb(grown)} while paused; bound ${mb(bound)}; published ${mb(bytesWhilePaused)}`);
		expect(grown).toBeLessThan(bound);
		expect(afterCut.heapUsed + afterCut.external).toBeLessThan(base.heapUsed + base.external + 16 * 1024 * 1024);

		// What it received before the cut has no gap.
		const slowSeqs = slow.entries.map((e) => e.seq);
		expect(slowSeqs.filter((seq, i) => i > 0 && seq !== slowSeqs[i - 1] + 1)).toEqual([]);

		// It comes back and resumes from the last entry it saw.
		const lastSeen = slow.lastSeq;
		slow.close();
		const back = await openScreen(app.url, cookie);
		const reply = await back.resume(lastSeen);
		const missed = reference.entries.filter((e) => e.seq > lastSeen);
		console.log(`slow-client: back at seq ${lastSeen}, ${missed.length} entries behind: ${reply.entries ? `${reply.entries.length} entries` : `a snapshot at seq ${reply.snapshot?.seq}`}`);
		if (missed.length <= maxCatchUp) {
			expect(reply.entries).toEqual(missed);
		} else {
			expect(reply.entries).toEqual([]);
			expect(reply.snapshot!.seq).toBe(reference.lastSeq);
		}
		// And it carries on live, with no gap.
		const settled = reference.lastSeq;
		await gateways[0].send('airbag.deployed', { eventId: factory.eventId(), vin: factory.vin() });
		await until(() => back.entries.length > 0);
		expect(back.entries[0].seq).toBe(settled + 1);
		back.close();
		reference.close();
		gateways.forEach((g) => g.close());
	}, 120_000);
});

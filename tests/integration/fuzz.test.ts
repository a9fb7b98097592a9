// Generated and mutated gateway payloads over a real socket: the console never crashes, answers
// every event with an ack the contract allows, and its heap comes back to where it was.
// SOC_FUZZ_SEED repeats a run; SOC_FUZZ_COUNT (or SOC_SOAK=1) changes its length.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { connectGateway, type TestGateway } from '../helpers/gateway';
import { connectInspector, mb, soakNumber, type Inspector } from '../helpers/inspector';
import { ackProblem, eventTypes, loadTrack, payloadFactory, Random, randomVin, seededRandom, type EventType, type PayloadFactory } from '../helpers/payloads';
import { startConsole, type RunningConsole } from '../helpers/server';

const token = 'fuzz-token';
const count = soakNumber('SOC_FUZZ_COUNT', 10_000, 100_000);
const warmUp = Math.min(1_500, Math.ceil(count / 5));
const seed = Number(process.env.SOC_FUZZ_SEED ?? (Date.now() % 2 ** 31));
const window = 32;

const random = new Random(seededRandom(seed));

const unicode = ['é', 'ß', '中文', '𝔘𝔫𝔦', '🚗💥', '\u202eRTL', '\u0000', '\ud800', '\udfff', 'a\u0301', '\u200b', '\ufeff', '\n\r\t', '"\\', '<script>', "'; drop table incidents; --"];
const keyNames = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', 'eventId', 'fixes', '', '🔑', 'a.b', '0', 'length'];
const eventNames = ['ping', '', ' ', 'AIRBAG.DEPLOYED', 'theft.position ', 'theft', 'theft.positions.', 'airbag', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '🚨', 'x'.repeat(5000), 'theft\u0000.started', 'error', 'message', 'resume', 'incident.acknowledge'];

function unicodeString(maxParts = 8): string {
	let s = '';
	for (let i = random.int(1, maxParts); i > 0; i--) s += random.pick(unicode);
	return s;
}

function junk(depth = 0): unknown {
	switch (random.int(0, depth > 3 ? 6 : 9)) {
		case 0:
			return null;
		case 1:
			return random.chance(0.5);
		case 2:
			return random.pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, -Infinity, -0]);
		case 3:
			return unicodeString();
		case 4:
			return '';
		case 5:
			return Buffer.from(unicodeString());
		case 6:
			return random.int(0, 2 ** 31);
		case 7:
			return Array.from({ length: random.int(0, 4) }, () => junk(depth + 1));
		case 8:
			return Object.fromEntries(Array.from({ length: random.int(0, 4) }, () => [random.pick(keyNames) + random.int(0, 9), junk(depth + 1)]));
		default:
			return deep(random.int(10, 600));
	}
}

function deep(depth: number): unknown {
	let value: unknown = random.chance(0.5) ? [] : {};
	for (let i = 0; i < depth; i++) value = random.chance(0.5) ? [value] : { k: value };
	return value;
}

function hugeString(): string {
	const length = random.pick([2_000, 20_000, 70_000, 300_000]);
	return random.chance(0.5) ? 'x'.repeat(length) : '€'.repeat(Math.ceil(length / 3));
}

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && !(v instanceof Uint8Array);

/** Every (container, key) place in the payload. */
function places(value: unknown, out: [Container, string | number][] = []): [Container, string | number][] {
	if (!isContainer(value)) return out;
	if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), places(v, out)));
	else for (const key of Object.keys(value)) out.push([value, key]), places(value[key], out);
	return out;
}

function setOwn(container: Container, key: string | number, value: unknown) {
	Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

function flipped(value: unknown): unknown {
	if (typeof value === 'string') return random.pick([Number(value.length), true, null, [value], { value }, Number.NaN]);
	if (typeof value === 'number') return random.pick([String(value), [value], { value }, null, value > 0 ? -value : 1e9, NaN, Infinity]);
	if (typeof value === 'boolean') return random.pick(['true', 1, 0, null, [value]]);
	if (Array.isArray(value)) return random.pick([{ ...value }, value.length, JSON.stringify(value), null, value[0]]);
	if (isContainer(value)) return random.pick([Object.values(value), JSON.stringify(value), 0, null, 'object']);
	return random.pick([0, '', {}, [], 'null']);
}

const mutations = ['flip', 'truncate', 'huge', 'unicode', 'extraKey', 'removeKey', 'binary', 'number', 'nested', 'event', 'arity', 'duplicate', 'whole'] as const;
type Mutation = (typeof mutations)[number];

interface Case {
	event: unknown;
	args: unknown[];
	mutations: Mutation[];
	/** The unmutated payload of a valid event: it must be acked ok. */
	valid: boolean;
	batchSize?: number;
}

function mutate(c: Case, mutation: Mutation, seen: string[]): void {
	const payload = c.args[0];
	const spots = places(payload);
	const spot = spots.length > 0 ? random.pick(spots) : null;
	switch (mutation) {
		case 'flip':
			if (spot) setOwn(spot[0], spot[1], flipped((spot[0] as Record<string | number, unknown>)[spot[1]]));
			else c.args[0] = flipped(payload);
			return;
		case 'truncate': {
			if (!spot) return;
			const v = (spot[0] as Record<string | number, unknown>)[spot[1]];
			if (typeof v === 'string') setOwn(spot[0], spot[1], v.slice(0, random.int(0, v.length - 1)));
			else if (Array.isArray(v)) v.length = random.int(0, Math.max(0, v.length - 1));
			else c.args[0] = JSON.stringify(payload).slice(0, random.int(0, 200));
			return;
		}
		case 'huge':
			if (spot && random.chance(0.8)) setOwn(spot[0], spot[1], hugeString());
			else if (isContainer(payload) && !Array.isArray(payload)) setOwn(payload, 'filler', hugeString());
			return;
		case 'unicode':
			if (spot) setOwn(spot[0], spot[1], unicodeString());
			return;
		case 'extraKey': {
			const target = spot && isContainer((spot[0] as Record<string | number, unknown>)[spot[1]]) ? ((spot[0] as Record<string | number, unknown>)[spot[1]] as Container) : payload;
			if (isContainer(target) && !Array.isArray(target)) for (let i = random.int(1, 3); i > 0; i--) setOwn(target, random.pick(keyNames), junk());
			else if (Array.isArray(target)) target.push(junk());
			return;
		}
		case 'removeKey':
			if (spot) {
				if (Array.isArray(spot[0])) spot[0].splice(Number(spot[1]), 1);
				else delete (spot[0] as Record<string, unknown>)[spot[1]];
			}
			return;
		case 'binary':
			if (spot && random.chance(0.7)) setOwn(spot[0], spot[1], random.chance(0.5) ? Buffer.from(unicodeString()) : new Uint8Array(random.int(0, 64)));
			else c.args[0] = Buffer.from(JSON.stringify(payload) ?? '');
			return;
		case 'number':
			if (spot) setOwn(spot[0], spot[1], random.pick([NaN, Infinity, -Infinity, -0, 1e308, -91, 181, 360, 1.5, -1, 2 ** 53 + 1, 1e-320]));
			return;
		case 'nested':
			if (spot) setOwn(spot[0], spot[1], random.chance(0.5) ? junk() : deep(random.int(50, 800)));
			else c.args[0] = deep(random.int(50, 800));
			return;
		case 'event':
			c.event = random.chance(0.9) ? random.pick(eventNames) : random.pick([42, 0, -1]);
			return;
		case 'arity':
			c.args = random.pick([[], [payload, payload], [payload, 'extra', null]]);
			return;
		case 'duplicate':
			if (seen.length > 0 && isContainer(payload) && !Array.isArray(payload) && 'eventId' in payload) payload.eventId = random.pick(seen);
			return;
		case 'whole':
			c.args[0] = junk();
			return;
	}
}

function generate(factory: PayloadFactory, seen: string[]): Case {
	const type: EventType = random.pick(eventTypes);
	const payload = factory.build(type);
	const c: Case = { event: type, args: [payload], mutations: [], valid: true, batchSize: type === 'theft.positions' ? (payload.fixes as unknown[]).length : undefined };
	if (random.chance(0.15)) return c;
	c.valid = false;
	for (let i = random.int(1, 3); i > 0; i--) {
		const mutation = random.pick(mutations);
		c.mutations.push(mutation);
		mutate(c, mutation, seen);
	}
	const fixes = (c.args[0] as { fixes?: unknown } | undefined)?.fixes;
	c.batchSize = c.event === 'theft.positions' && Array.isArray(fixes) ? fixes.length : undefined;
	return c;
}

/** Keeps a failing case short enough to print. */
const describeCase = (c: Case) => `${String(c.event).slice(0, 40)} [${c.mutations.join(',')}] ${(JSON.stringify(c.args) ?? '').slice(0, 300)}`;

interface Tally {
	sent: number;
	ok: number;
	codes: Record<string, number>;
	problems: string[];
	timeouts: number;
	clientErrors: number;
	validRefused: string[];
	perMutation: Record<string, number>;
}

async function fuzz(gw: TestGateway, factory: PayloadFactory, seen: string[], n: number): Promise<Tally> {
	const tally: Tally = { sent: 0, ok: 0, codes: {}, problems: [], timeouts: 0, clientErrors: 0, validRefused: [], perMutation: {} };
	const socket: Socket = gw.socket;
	let next = 0;
	const worker = async () => {
		while (next < n) {
			next++;
			const c = generate(factory, seen);
			for (const m of c.mutations) tally.perMutation[m] = (tally.perMutation[m] ?? 0) + 1;
			let ack: unknown;
			try {
				ack = await socket.timeout(30_000).emitWithAck(c.event as string, ...c.args);
			} catch (error) {
				if ((error as Error).message === 'operation has timed out') {
					tally.timeouts++;
					tally.problems.push(`no ack: ${describeCase(c)}`);
				} else tally.clientErrors++;
				continue;
			}
			tally.sent++;
			const problem = ackProblem(ack, c.batchSize);
			if (problem) tally.problems.push(`${problem}: ${describeCase(c)} -> ${JSON.stringify(ack).slice(0, 300)}`);
			const a = ack as { ok: boolean; error?: { code: string }; results?: { ok: boolean; error?: { code: string } }[] };
			if (a.ok) tally.ok++;
			else tally.codes[a.error!.code] = (tally.codes[a.error!.code] ?? 0) + 1;
			if (c.valid && (!a.ok || a.results?.some((r) => !r.ok))) tally.validRefused.push(`${describeCase(c)} -> ${JSON.stringify(ack).slice(0, 300)}`);
			if (c.valid && a.ok) {
				const p = c.args[0] as { eventId?: string; fixes?: { eventId: string }[] };
				if (p.eventId) seen.push(p.eventId);
				else if (p.fixes) seen.push(p.fixes[0].eventId);
			}
			if (c.event === 'theft.position' && c.mutations.length === 0 && !a.ok) tally.problems.push(`valid fix refused: ${describeCase(c)}`);
		}
	};
	await Promise.all(Array.from({ length: window }, worker));
	return tally;
}

describe(`gateway fuzz: ${count} payloads`, () => {
	let app: RunningConsole;
	let gw: TestGateway;
	let inspector: Inspector;
	const disconnects: string[] = [];

	beforeAll(async () => {
		app = await startConsole({ SOC_GATEWAY_TOKENS: token, SOC_GATEWAY_RATE: '100000000' }, { nodeArgs: ['--inspect=127.0.0.1:0'] });
		inspector = await connectInspector(await app.inspectorUrl());
		gw = await connectGateway(app.url, token);
		gw.socket.on('disconnect', (reason) => disconnects.push(reason));
	});
	afterAll(async () => {
		gw?.close();
		inspector?.close();
		await app?.dispose();
	});

	it('answers every payload with a contract ack, never crashes, and does not keep memory', async () => {
		console.log(`fuzz seed ${seed} (repeat with SOC_FUZZ_SEED=${seed}); ${count} payloads after ${warmUp} of warm-up`);
		const track = loadTrack();
		const vins = Array.from({ length: 40 }, () => randomVin(random));
		const factory = payloadFactory(random, track, `fz${seed}`, vins);
		const seen: string[] = [];

		await fuzz(gw, factory, seen, warmUp);
		const before = await inspector.memoryAfterGc();
		const started = Date.now();
		const tally = await fuzz(gw, factory, seen, count);
		const seconds = (Date.now() - started) / 1000;
		const after = await inspector.memoryAfterGc();

		console.log(
			`fuzz: ${tally.sent} acked in ${seconds.toFixed(1)} s (${Math.round(tally.sent / seconds)}/s): ok ${tally.ok}, refused ${JSON.stringify(tally.codes)}, ` +
				`timeouts ${tally.timeouts}, client-side unsendable ${tally.clientErrors}, contract problems ${tally.problems.length}, valid refused ${tally.validRefused.length}`
		);
		console.log(`fuzz mutations: ${JSON.stringify(tally.perMutation)}`);
		console.log(
			`fuzz heap after GC: before ${mb(before.heapUsed)}, after ${mb(after.heapUsed)} (${((after.heapUsed / before.heapUsed - 1) * 100).toFixed(1)} %); ` +
				`rss ${mb(before.rss)} -> ${mb(after.rss)}, external ${mb(before.external)} -> ${mb(after.external)}`
		);

		expect(tally.problems.slice(0, 10)).toEqual([]);
		expect(tally.timeouts).toBe(0);
		expect(tally.validRefused.slice(0, 10)).toEqual([]);
		// Far from its backlog and with a rate nobody reaches, the console has no reason to refuse
		// as unavailable or rate limited: either would be an unexpected failure.
		expect(tally.codes.unavailable ?? 0).toBe(0);
		expect(tally.codes.rate_limited ?? 0).toBe(0);
		expect(tally.sent + tally.clientErrors).toBe(count);
		expect(tally.clientErrors).toBeLessThan(count / 100);
		expect(disconnects).toEqual([]);

		expect(app.process.exitCode).toBeNull();
		expect(app.process.signalCode).toBeNull();
		expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
		const last = await gw.send('airbag.deployed', { eventId: `fz${seed}-final`, vin: vins[0] });
		expect(last).toMatchObject({ ok: true, duplicate: false });
		expect(after.heapUsed).toBeLessThanOrEqual(before.heapUsed * 1.2);
	}, 120_000 + count * 20);
});

describe('raw packets a socket.io client would not send', () => {
	let app: RunningConsole;
	beforeAll(async () => {
		app = await startConsole({ SOC_GATEWAY_TOKENS: token });
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const reserved = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener', 'error'];
	const packets = [
		// engine.write adds the engine.io message type (4); these are socket.io packets.
		...reserved.map((name) => `2/gateway,1${JSON.stringify([name, { eventId: 'raw-1', vin: 'WP0ZZZ99ZTS392124' }])}`),
		'2/gateway,2[]',
		'2/gateway,3[null]',
		'2/gateway,4{"0":"airbag.deployed"}',
		'2/gateway,5["airbag.deployed",',
		'2/gateway,99999999999999999999["airbag.deployed",{}]',
		'2/gateway,8["airbag.deployed",' + '['.repeat(100_000) + ']'.repeat(100_000) + ']',
		'51-/gateway,6["airbag.deployed",{"_placeholder":true,"num":7}]',
		'3/gateway,7[{"ok":true}]',
		'0/gateway,{"token":42}',
		'1/gateway,',
		'9',
		''
	];

	it.each(packets.map((packet, i) => ({ i, packet })))('survives raw packet $i', async ({ packet }) => {
		const screenless = await connectGateway(app.url, token);
		const probe = await connectGateway(app.url, token);
		const closed = new Promise<string>((resolve) => screenless.socket.once('disconnect', (reason) => resolve(reason)));
		const acked = new Promise<string>((resolve) =>
			screenless.socket.io.engine.on('packet', (p: { type: string; data?: unknown }) => {
				if (p.type === 'message' && typeof p.data === 'string' && p.data.startsWith('3/gateway,')) resolve(`ack ${p.data}`);
			})
		);
		screenless.socket.io.engine.write(packet);
		const outcome = await Promise.race([closed, acked, new Promise((r) => setTimeout(() => r('no answer, still connected'), 500))]);
		console.log(`raw ${JSON.stringify(packet).slice(0, 60)}: ${String(outcome).slice(0, 160)}`);
		// Socket.IO itself closes a connection whose packet it cannot decode; anything it decodes is answered by the contract.
		if (typeof outcome === 'string' && outcome.startsWith('ack ')) {
			const [reply] = JSON.parse(outcome.replace(/^ack 3\/gateway,\d+/, '')) as unknown[];
			expect(ackProblem(reply)).toBeNull();
		}
		expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
		expect(app.process.exitCode).toBeNull();
		expect(await probe.send('airbag.deployed', { eventId: `raw-ok-${Math.random().toString(36).slice(2)}`, vin: 'WP0ZZZ99ZTS392124' })).toMatchObject({ ok: true });
		screenless.close();
		probe.close();
	});
});

/// <reference types="node" />
// Whatever a gateway sends, the validator answers: accepted, or refused with issues that each have
// a path and a message. It never throws. Inputs: anything at all, and valid payloads of every event
// in docs/gateway-protocol.md mutated (types flipped, keys removed or added, huge and unicode strings,
// NaN and Infinity, __proto__ keys, typed arrays and Buffers, deep nesting, cycles).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventNames, type EventName } from './schemas';
import { validateEvent, type Validation } from './validate';
import { examplePayloads, type Payload } from './examples';

const fix = (n: number): Payload => ({ ...examplePayloads['theft.position'], eventId: `gw1.fix.${n}` });

/** A valid payload of every event, with every optional field. */
const valid: Record<EventName, Payload> = {
	...examplePayloads,
	'theft.positions': { fixes: [fix(1), fix(2), fix(3)] }
};

/** Keys that are dangerous or confusing as own properties of a payload. */
const oddKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'eventId ', 'VIN', '\u0000', '𝓿𝓲𝓷'];

/** Nested `depth` times in arrays or objects (JSON.stringify cannot write the deepest ones). */
const nested = (depth: number, asArray: boolean) => {
	let value: unknown = 'bottom';
	for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
	return value;
};

const cyclic = () => {
	const o: Payload = { lat: 1 };
	o.self = o;
	return o;
};

/** Values that have broken validators before: each one in place of any field. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom<unknown>(
		NaN,
		Infinity,
		-Infinity,
		-0,
		Number.MAX_VALUE,
		Number.MIN_VALUE,
		2 ** 53 + 1,
		null,
		undefined,
		true,
		'',
		' ',
		'\u0000',
		'\uD800', // a lone surrogate
		'‮evil‬',
		'<script>alert(1)</script>',
		"' OR 1=1 --",
		'2026-02-30T25:61:61Z',
		'1e400',
		'NaN',
		[],
		{},
		[[]],
		Object.create(null),
		new Date(0),
		new Date(NaN),
		/x/,
		new Map([['a', 1]]),
		new Set([1]),
		10n,
		Symbol('s'),
		() => 1,
		new Uint8Array([1, 2, 3]),
		new Float64Array([NaN]),
		Buffer.from('WP0ZZZ99ZTS392124'),
		new ArrayBuffer(8),
		new String('boxed'),
		new Number(48.1)
	),
	fc.constantFrom(1, 10, 100, 1_000, 10_000).chain((depth) => fc.boolean().map((asArray) => nested(depth, asArray))),
	fc.constant(null).map(cyclic),
	// Huge strings: near and over the 64 KiB limit, in one-byte and in four-byte characters.
	fc.constantFrom(1_000, 65_536, 70_000, 300_000).chain((n) => fc.constantFrom('x'.repeat(n), '😀'.repeat(n / 4), 'é'.repeat(n / 2))),
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.double(),
	fc.integer(),
	fc.anything({ maxDepth: 3, withBigInt: true, withTypedArray: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withDate: true, withSparseArray: true, stringUnit: 'binary' })
);

/** One change to a payload: a field replaced, removed, its type flipped, or an odd key added. */
type Mutation =
	| { kind: 'set'; at: number; value: unknown }
	| { kind: 'remove'; at: number }
	| { kind: 'flip'; at: number }
	| { kind: 'add'; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: oddValue }),
	fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
	fc.record({ kind: fc.constant('flip' as const), at: fc.nat() }),
	fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...oddKeys), fc.string({ maxLength: 10 })), value: oddValue })
);

/** Every object or array in `value` with its keys, as places a mutation can hit. */
function places(value: unknown, out: { holder: Record<string, unknown>; key: string }[] = [], seen = new Set<unknown>()) {
	if (typeof value !== 'object' || value === null || seen.has(value) || seen.size > 50) return out;
	// Only into plain objects and arrays: not into buffers, boxed strings or maps.
	const proto = Object.getPrototypeOf(value);
	if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return out;
	seen.add(value);
	for (const key of Object.keys(value)) {
		const holder = value as Record<string, unknown>;
		out.push({ holder, key });
		places(holder[key], out, seen);
	}
	return out;
}

const flipped = (v: unknown): unknown => {
	if (typeof v === 'string') return Number(v) || v.length;
	if (typeof v === 'number') return String(v);
	if (typeof v === 'boolean') return v ? 'true' : 0;
	if (Array.isArray(v)) return Object.fromEntries(Array.from(v, (item, i) => [i, item]));
	if (typeof v === 'object' && v !== null) return Object.values(v);
	return {};
};

function mutate(payload: Payload, mutations: Mutation[]): Payload {
	const copy = structuredClone(payload);
	for (const m of mutations) {
		const all = places(copy);
		if (all.length === 0) break;
		const { holder, key } = all[m.at % all.length];
		if (m.kind === 'set') holder[key] = m.value;
		else if (m.kind === 'remove') delete holder[key];
		else if (m.kind === 'flip') holder[key] = flipped(holder[key]);
		else {
			const target = typeof holder[key] === 'object' && holder[key] !== null ? (holder[key] as Record<string, unknown>) : copy;
			// An array's `length` cannot be redefined (and no JSON payload could carry one).
			if (Object.getOwnPropertyDescriptor(target, m.key)?.configurable === false) continue;
			// defineProperty: an own `__proto__` key, as JSON.parse makes one, not a prototype change.
			Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
		}
	}
	return copy;
}

const eventName = fc.constantFrom<EventName>(...eventNames);
const mutated = fc.tuple(eventName, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([event, ms]) => ({ event, payload: mutate(valid[event], ms) }));

/** True when `value` is plain JSON data: what the console stores and acks. */
function isJsonData(value: unknown, depth = 0): boolean {
	if (depth > 50) return false;
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every((v) => isJsonData(v, depth + 1));
	if (typeof value === 'object') {
		const proto = Object.getPrototypeOf(value);
		return (proto === Object.prototype || proto === null) && Object.values(value).every((v) => isJsonData(v, depth + 1));
	}
	return false;
}

/** The answer is well formed, whatever the input was. */
function checkAnswer(result: Validation): void {
	if (!result.ok) {
		expect(['invalid_payload', 'payload_too_large']).toContain(result.error.code);
		expect(typeof result.error.message).toBe('string');
		expect(result.error.message.length).toBeGreaterThan(0);
		expect(result.error.issues.length).toBeGreaterThan(0);
		for (const issue of result.error.issues) {
			expect(typeof issue.path).toBe('string');
			expect(typeof issue.message).toBe('string');
			expect(issue.message.trim().length).toBeGreaterThan(0);
		}
		// The answer goes back over the socket as JSON.
		expect(() => JSON.stringify(result)).not.toThrow();
		return;
	}
	expect(Array.isArray(result.warnings)).toBe(true);
	for (const w of result.warnings) {
		expect(typeof w.path).toBe('string');
		expect(w.message.length).toBeGreaterThan(0);
	}
	if (result.event === 'theft.positions') {
		for (const fixResult of result.value) checkAnswer({ event: 'theft.position', ...fixResult } as Validation);
	} else {
		// What is accepted is plain JSON data, with no key the schema does not know.
		expect(isJsonData(result.value)).toBe(true);
		expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
		expect(Object.keys(result.value)).not.toContain('__proto__');
		for (const key of Object.keys(result.value)) expect(Object.keys(valid[result.event])).toContain(key);
	}
}

/** Paths of a plain object payload's issues name a field: only a problem with the whole payload has path "". */
function checkPaths(event: EventName, payload: Payload, result: Validation): void {
	if (result.ok || result.error.code === 'payload_too_large') return;
	let serialisable = true;
	try {
		JSON.stringify(payload);
	} catch {
		serialisable = false;
	}
	if (!serialisable) return;
	for (const issue of result.error.issues) expect(issue.path, `${event}: ${issue.message}`).not.toBe('');
}

const validate = (event: unknown, payload: unknown): Validation => {
	let result: Validation | undefined;
	expect(() => (result = validateEvent(event, payload))).not.toThrow();
	return result!;
};

describe('validateEvent on any input', () => {
	it('accepts every valid payload of the protocol as it is', () => {
		for (const event of eventNames) {
			const result = validateEvent(event, structuredClone(valid[event]));
			expect(result.ok, event).toBe(true);
			if (result.ok && result.event !== 'theft.positions') expect(Object.keys(result.value).sort()).toEqual(Object.keys(valid[event]).sort());
			if (result.ok) expect(result.warnings).toEqual([]);
		}
	});

	it('never throws on anything, under any event name, and answers in the protocol’s shape', () => {
		const anything = fc.anything({ maxDepth: 4, withBigInt: true, withTypedArray: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withDate: true, withSparseArray: true, stringUnit: 'binary' });
		fc.assert(
			fc.property(fc.oneof(eventName, anything), anything, (event, payload) => {
				const result = validate(event, payload);
				checkAnswer(result);
				if (!eventNames.includes(event as EventName)) expect(result.ok).toBe(false);
			}),
			{ numRuns: 1_500 }
		);
	});

	it('judges payloads mutated from valid ones of every event: accepted, or refused naming the field', () => {
		fc.assert(
			fc.property(mutated, ({ event, payload }) => {
				const result = validate(event, payload);
				checkAnswer(result);
				checkPaths(event, payload, result);
			}),
			{ numRuns: 1_500 }
		);
	});

	it('refuses a payload whose required field was removed or made unusable, and names that field', () => {
		const required: Record<EventName, string[]> = {
			'airbag.deployed': ['eventId', 'vin'],
			'theft.started': ['eventId', 'vin', 'occurredAt', 'trigger'],
			'theft.position': ['eventId', 'vin', 'fixAt', 'lat', 'lon'],
			'theft.positions': ['fixes'],
			'theft.ended': ['eventId', 'vin', 'occurredAt', 'reason']
		};
		const broken = fc.constantFrom<unknown>(undefined, null, NaN, Infinity, {}, [], true, '', 'x'.repeat(200), new Uint8Array(4), Buffer.from('gw1'));
		fc.assert(
			fc.property(eventName, fc.nat(), broken, (event, pick, value) => {
				const field = required[event][pick % required[event].length];
				const payload = structuredClone(valid[event]);
				if (value === undefined) delete payload[field];
				else payload[field] = value;
				const result = validate(event, payload);
				expect(result.ok, `${event}.${field} = ${String(value)}`).toBe(false);
				if (!result.ok) expect(result.error.issues.map((i) => i.path)).toContain(field);
			}),
			{ numRuns: 300 }
		);
	});

	it('keeps a valid event when an optional field is broken, with a warning naming it', () => {
		const optional: Partial<Record<EventName, string[]>> = {
			'airbag.deployed': ['occurredAt', 'position', 'positionTrusted', 'headingDeg', 'recentPositions', 'automatic', 'testCall', 'passengers', 'propulsion', 'vehicle', 'msd'],
			'theft.started': ['position', 'vehicle'],
			'theft.position': ['speedKmh', 'headingDeg', 'accuracyM']
		};
		const events = Object.keys(optional) as EventName[];
		fc.assert(
			fc.property(fc.constantFrom(...events), fc.nat(), oddValue, (event, pick, value) => {
				const fields = optional[event]!;
				const field = fields[pick % fields.length];
				const payload = { ...structuredClone(valid[event]), [field]: value };
				const result = validate(event, payload);
				checkAnswer(result);
				// Only the required fields can refuse an event; a huge or unwritable payload is refused as a whole.
				if (!result.ok) {
					expect(result.error.issues.map((i) => i.path)).toEqual(['']);
					return;
				}
				if (result.event === 'theft.positions') return;
				// JSON has no functions, symbols or undefined: such a field is simply absent, as on the wire.
				const absentOnTheWire = value === undefined || typeof value === 'function' || typeof value === 'symbol';
				if ((result.value as Payload)[field] === undefined && !absentOnTheWire) expect(result.warnings.some((w) => w.path === field || w.path.startsWith(`${field}.`))).toBe(true);
			}),
			{ numRuns: 800 }
		);
	});

	it('gives the same answer twice and leaves the payload as it was', () => {
		fc.assert(
			fc.property(mutated, ({ event, payload }) => {
				let before: string | undefined;
				try {
					before = JSON.stringify(payload);
				} catch {
					fc.pre(false);
				}
				const first = validate(event, payload);
				expect(JSON.stringify(payload)).toBe(before);
				expect(JSON.stringify(validate(event, payload))).toBe(JSON.stringify(first));
			}),
			{ numRuns: 300 }
		);
	});
});

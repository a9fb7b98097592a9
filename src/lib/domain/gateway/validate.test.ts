/// <reference types="node" />
import { describe, expect, it } from 'vitest';
import { maxPayloadBytes, parseRfc3339, type EventName, type Issue } from './schemas';
import { clockSkewSeconds, validateEvent, type Validation } from './validate';
import { examplePayloads as valid, exampleVehicle as vehicle, exampleVin as vin, type Payload, type SingleEvent } from './examples';

const timeMs = Date.UTC(2026, 10, 27, 4, 48, 8);

const fix = (n: number): Payload => ({ ...valid['theft.position'], eventId: `fix-${n}` });

function changed(event: SingleEvent, changes: Payload): Payload {
	return { ...valid[event], ...changes };
}

function without(event: SingleEvent, key: string): Payload {
	const payload = { ...valid[event] };
	delete payload[key];
	return payload;
}

function accepted<E extends EventName>(event: E, payload: unknown): Extract<Validation, { event: E }> {
	const result = validateEvent(event, payload);
	if (!result.ok) throw new Error(`expected acceptance, got ${result.error.message}`);
	expect(result.event).toBe(event);
	return result as Extract<Validation, { event: E }>;
}

function refused(event: unknown, payload: unknown) {
	const result = validateEvent(event, payload);
	if (result.ok) throw new Error(`expected refusal of ${result.event}`);
	return result.error;
}

function paths(issues: Issue[]): string[] {
	return issues.map((issue) => issue.path);
}

/** `depth` arrays (or objects) around `leaf`, built without recursion. */
function nested(depth: number, kind: 'array' | 'object', leaf: unknown = 1): unknown {
	let value = leaf;
	for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
	return value;
}

describe('valid events', () => {
	it('accepts airbag.deployed and parses its time to epoch ms', () => {
		const result = accepted('airbag.deployed', valid['airbag.deployed']);
		expect(result.event).toBe('airbag.deployed');
		expect(result.value).toEqual({ ...valid['airbag.deployed'], occurredAt: timeMs + 250 });
		expect(result.warnings).toEqual([]);
		expect(result.vinWarning).toBeUndefined();
	});

	it('accepts airbag.deployed with only its required fields', () => {
		const result = accepted('airbag.deployed', { eventId: 'a', vin });
		expect(result.value).toEqual({ eventId: 'a', vin });
		expect(result.warnings).toEqual([]);
	});

	it('accepts theft.started', () => {
		const result = accepted('theft.started', valid['theft.started']);
		expect(result.value).toEqual({ ...valid['theft.started'], occurredAt: timeMs });
		expect(result.warnings).toEqual([]);
	});

	it('accepts theft.position', () => {
		const result = accepted('theft.position', valid['theft.position']);
		expect(result.value).toEqual({ ...valid['theft.position'], fixAt: timeMs });
	});

	it('accepts theft.ended', () => {
		const result = accepted('theft.ended', valid['theft.ended']);
		expect(result.value).toEqual({ ...valid['theft.ended'], occurredAt: timeMs });
	});

	it('accepts theft.positions with a result per fix', () => {
		const result = accepted('theft.positions', { fixes: [fix(1), fix(2)] });
		expect(result.event).toBe('theft.positions');
		expect(result.warnings).toEqual([]);
		expect(result.value).toEqual([
			{ ok: true, value: { ...fix(1), fixAt: timeMs }, warnings: [] },
			{ ok: true, value: { ...fix(2), fixAt: timeMs }, warnings: [] }
		]);
	});

	it('removes unknown fields at every level', () => {
		const payload = {
			...valid['airbag.deployed'],
			extra: 1,
			position: { lat: 1, lon: 2, alt: 300 },
			recentPositions: [{ lat: 1, lon: 2, alt: 300 }],
			vehicle: { model: 'Taycan', engine: 'V8', owner: { name: 'Ann', email: 'a@b.c' } }
		};
		const result = accepted('airbag.deployed', payload);
		expect(result.value).not.toHaveProperty('extra');
		expect(result.value.position).toEqual({ lat: 1, lon: 2 });
		expect(result.value.recentPositions).toEqual([{ lat: 1, lon: 2 }]);
		expect(result.value.vehicle).toEqual({ model: 'Taycan', owner: { name: 'Ann' } });
		expect(result.warnings).toEqual([]);
	});

	it('accepts the boundaries of ranges', () => {
		const edges = { lat: -90, lon: 180, speedKmh: 400, headingDeg: 359, accuracyM: 0 };
		const result = accepted('theft.position', changed('theft.position', edges));
		expect(result.value).toMatchObject(edges);
		expect(result.warnings).toEqual([]);
	});
});

describe('required fields', () => {
	const required: [SingleEvent, string, unknown][] = [
		['airbag.deployed', 'eventId', 'has space'],
		['airbag.deployed', 'vin', ''],
		['theft.started', 'eventId', 'x'.repeat(129)],
		['theft.started', 'vin', 'V'.repeat(33)],
		['theft.started', 'occurredAt', '2026-13-01T00:00:00Z'],
		['theft.started', 'trigger', 'hotwire'],
		['theft.position', 'eventId', 42],
		['theft.position', 'vin', ['WP0ZZZ99ZTS392124']],
		['theft.position', 'fixAt', '2026-11-27T04:48:08'],
		['theft.position', 'lat', 90.5],
		['theft.position', 'lon', -180.5],
		['theft.ended', 'eventId', null],
		['theft.ended', 'vin', { vin }],
		['theft.ended', 'occurredAt', timeMs],
		['theft.ended', 'reason', 'stolen']
	];

	it.each(required)('%s is refused without %s', (event, key) => {
		const error = refused(event, without(event, key));
		expect(error.code).toBe('invalid_payload');
		expect(error.issues).toEqual([{ path: key, message: 'is required' }]);
		expect(error.message).toContain(`${key} is required`);
	});

	it.each(required)('%s is refused with a wrong %s', (event, key, wrong) => {
		const error = refused(event, changed(event, { [key]: wrong }));
		expect(error.code).toBe('invalid_payload');
		expect(paths(error.issues)).toEqual([key]);
		expect(error.issues[0].message).toMatch(/^must be /);
	});

	it('lists every bad required field', () => {
		const error = refused('theft.position', { eventId: '', fixAt: 'now', lat: 'north' });
		expect(paths(error.issues)).toEqual(['eventId', 'vin', 'fixAt', 'lat', 'lon']);
	});

	it('refuses a required position with NaN or Infinity', () => {
		for (const bad of [NaN, Infinity, -Infinity]) {
			const error = refused('theft.position', changed('theft.position', { lat: bad, lon: bad }));
			expect(paths(error.issues)).toEqual(['lat', 'lon']);
		}
	});
});

describe('optional fields', () => {
	const dropped: [SingleEvent, string, unknown, string][] = [
		['airbag.deployed', 'occurredAt', '2026-13-01T00:00:00Z', 'occurredAt'],
		['airbag.deployed', 'occurredAt', timeMs, 'occurredAt'],
		['airbag.deployed', 'position', { lat: 91, lon: 0 }, 'position.lat'],
		['airbag.deployed', 'position', { lat: 1 }, 'position.lon'],
		['airbag.deployed', 'position', [48, 9], 'position'],
		['airbag.deployed', 'position', null, 'position'],
		['airbag.deployed', 'positionTrusted', 'yes', 'positionTrusted'],
		['airbag.deployed', 'headingDeg', 360, 'headingDeg'],
		['airbag.deployed', 'headingDeg', NaN, 'headingDeg'],
		['airbag.deployed', 'recentPositions', 'x', 'recentPositions'],
		['airbag.deployed', 'recentPositions', { lat: 1, lon: 2 }, 'recentPositions'],
		['airbag.deployed', 'recentPositions', [{ lat: 1, lon: 2 }, { lat: 3, lon: 4 }, { lat: 5, lon: 6 }], 'recentPositions'],
		['airbag.deployed', 'automatic', 1, 'automatic'],
		['airbag.deployed', 'testCall', 'false', 'testCall'],
		['airbag.deployed', 'passengers', 2.5, 'passengers'],
		['airbag.deployed', 'passengers', 100, 'passengers'],
		['airbag.deployed', 'passengers', -1, 'passengers'],
		['airbag.deployed', 'propulsion', 'electric', 'propulsion'],
		['airbag.deployed', 'vehicle', 'Porsche 911', 'vehicle'],
		['airbag.deployed', 'vehicle', [vehicle], 'vehicle'],
		['airbag.deployed', 'msd', 'abc', 'msd'],
		['airbag.deployed', 'msd', 'zz', 'msd'],
		['airbag.deployed', 'msd', '', 'msd'],
		['airbag.deployed', 'msd', 'ab'.repeat(4097), 'msd'],
		['theft.started', 'position', { lat: '48.1', lon: 11.5 }, 'position.lat'],
		['theft.started', 'vehicle', 42, 'vehicle'],
		['theft.position', 'speedKmh', 401, 'speedKmh'],
		['theft.position', 'speedKmh', -1, 'speedKmh'],
		['theft.position', 'headingDeg', '90', 'headingDeg'],
		['theft.position', 'accuracyM', -0.1, 'accuracyM'],
		['theft.position', 'accuracyM', Infinity, 'accuracyM']
	];

	it.each(dropped)('%s drops %s = %j with a warning at %s', (event, key, bad, path) => {
		const result = accepted(event, changed(event, { [key]: bad }));
		expect(result.value).not.toHaveProperty(key);
		expect(paths(result.warnings)).toEqual([path]);
		expect(result.warnings[0].message).toMatch(new RegExp(`^(must|is) .*; ${key} was ignored$`));
		expect(result.warnings[0]).toMatchObject({ code: 'field_ignored', params: { ignored: key } });
	});

	it('keeps the good recent positions and drops the bad one', () => {
		const recentPositions = [{ lat: 1, lon: 2 }, { lat: 'x', lon: 2 }];
		const result = accepted('airbag.deployed', changed('airbag.deployed', { recentPositions }));
		expect(result.value.recentPositions).toEqual([{ lat: 1, lon: 2 }]);
		expect(result.warnings).toEqual([
			{
				path: 'recentPositions.1.lat',
				message: 'must be a number from -90 to 90; recentPositions.1 was ignored',
				code: 'field_ignored',
				params: { ignored: 'recentPositions.1' }
			}
		]);
	});

	it('keeps the known propulsions and drops the others', () => {
		const propulsion = ['electric', 'steam', 7, 'hydrogen'];
		const result = accepted('airbag.deployed', changed('airbag.deployed', { propulsion }));
		expect(result.value.propulsion).toEqual(['electric', 'hydrogen']);
		expect(paths(result.warnings)).toEqual(['propulsion.1', 'propulsion.2']);
	});

	const vehicleParts: [string, unknown][] = [
		['model', 123],
		['model', 'x'.repeat(201)],
		['modelYear', 1800],
		['modelYear', 2018.5],
		['modelYear', '2018'],
		['colour', ''],
		['plate', null],
		['owner', 'Anna Berger']
	];

	it.each(vehicleParts)('drops only vehicle.%s = %j', (key, bad) => {
		const payload = changed('theft.started', { vehicle: { ...vehicle, [key]: bad } });
		const result = accepted('theft.started', payload);
		const { [key as keyof typeof vehicle]: _, ...rest } = vehicle;
		expect(result.value.vehicle).toEqual(rest);
		expect(paths(result.warnings)).toEqual([`vehicle.${key}`]);
	});

	const ownerParts: [string, unknown][] = [
		['name', 5],
		['phone', 'call me'],
		['phone', 491709110],
		['language', 'German!']
	];

	it.each(ownerParts)('drops only vehicle.owner.%s = %j', (key, bad) => {
		const payload = changed('airbag.deployed', { vehicle: { ...vehicle, owner: { ...vehicle.owner, [key]: bad } } });
		const result = accepted('airbag.deployed', payload);
		const { [key as keyof typeof vehicle.owner]: _, ...owner } = vehicle.owner;
		expect(result.value.vehicle).toEqual({ ...vehicle, owner });
		expect(result.warnings).toHaveLength(1);
		expect(result.warnings[0].path).toBe(`vehicle.owner.${key}`);
		expect(result.warnings[0].message).toContain(`vehicle.owner.${key} was ignored`);
		expect(result.warnings[0]).toMatchObject({ code: 'field_ignored', params: { ignored: `vehicle.owner.${key}` } });
	});

	it('reports every dropped field', () => {
		const payload = changed('airbag.deployed', { headingDeg: -5, passengers: 'two', vehicle: { plate: 5 } });
		const result = accepted('airbag.deployed', payload);
		expect(paths(result.warnings)).toEqual(['headingDeg', 'passengers', 'vehicle.plate']);
	});
});

describe('VIN', () => {
	it.each(['ABC', 'WP0ZZZ99ZTS39212O', 'wp0zzz99zts392124', 'WP0ZZZ99ZTS392124WP0ZZZ99ZTS3921'])(
		'accepts %s with a warning at vin',
		(odd) => {
			const result = accepted('theft.ended', changed('theft.ended', { vin: odd }));
			expect(result.value.vin).toBe(odd);
			expect(result.vinWarning).toEqual({ path: 'vin', message: expect.stringContaining('ISO 3779'), code: 'vin_not_iso' });
			expect(result.warnings).toEqual([result.vinWarning]);
		}
	);
});

describe('RFC 3339 times', () => {
	it.each([
		['2026-11-27T04:48:08Z', timeMs],
		['2026-11-27T05:48:08.250+01:00', timeMs + 250],
		['2026-11-26T23:18:08.1-05:30', timeMs + 100],
		['2026-11-27t04:48:08.123456789z', timeMs + 123],
		['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
		['2000-02-29T00:00:00-00:00', Date.UTC(2000, 1, 29)],
		['0050-01-01T00:00:00Z', Date.parse('0050-01-01T00:00:00Z')],
		['0050-06-15T12:34:56.789+02:00', Date.parse('0050-06-15T12:34:56.789+02:00')],
		['2026-12-31T23:59:60Z', Date.UTC(2027, 0, 1)]
	])('parses %s', (text, ms) => {
		expect(parseRfc3339(text)).toBe(ms);
	});

	it.each([
		'2026-13-01T00:00:00Z',
		'2026-00-10T00:00:00Z',
		'2026-02-29T00:00:00Z',
		'2100-02-29T00:00:00Z',
		'2026-04-31T00:00:00Z',
		'2026-11-27T24:00:00Z',
		'2026-11-27T04:60:00Z',
		'2026-11-27T04:48:08',
		'2026-11-27 04:48:08Z',
		'2026-11-27T04:48:08+0100',
		'2026-11-27T04:48:08+24:00',
		'2026-11-27T04:48:08.Z',
		'2026-11-27',
		' 2026-11-27T04:48:08Z',
		''
	])('rejects %j', (text) => {
		expect(parseRfc3339(text)).toBeNull();
	});
});

describe('malformed payloads', () => {
	const cycle: Payload = { eventId: 'e', vin };
	cycle.self = cycle;
	const big = 'x'.repeat(100_000);

	const cases: [string, string, () => unknown, 'invalid_payload' | 'payload_too_large', string[]][] = [
		['null', 'airbag.deployed', () => null, 'invalid_payload', ['']],
		['undefined', 'airbag.deployed', () => undefined, 'invalid_payload', ['']],
		['a string', 'airbag.deployed', () => JSON.stringify(valid['airbag.deployed']), 'invalid_payload', ['']],
		['a 100 kB string', 'theft.started', () => big, 'invalid_payload', ['']],
		['a number', 'theft.started', () => 42, 'invalid_payload', ['']],
		['a boolean', 'theft.position', () => true, 'invalid_payload', ['']],
		['a symbol', 'theft.position', () => Symbol('payload'), 'invalid_payload', ['']],
		['a BigInt', 'theft.ended', () => 10n, 'invalid_payload', ['']],
		['a BigInt field', 'theft.ended', () => changed('theft.ended', { count: 10n }), 'invalid_payload', ['']],
		['a cycle', 'airbag.deployed', () => cycle, 'invalid_payload', ['']],
		['an empty array', 'airbag.deployed', () => [], 'invalid_payload', ['']],
		['an array holding the payload', 'airbag.deployed', () => [valid['airbag.deployed']], 'invalid_payload', ['']],
		['a Uint8Array', 'theft.position', () => new Uint8Array([123, 125]), 'invalid_payload', ['']],
		['a Buffer', 'theft.position', () => Buffer.from(JSON.stringify(valid['theft.position'])), 'invalid_payload', ['']],
		['an ArrayBuffer', 'theft.position', () => new ArrayBuffer(8), 'invalid_payload', ['']],
		['a Date', 'theft.ended', () => new Date(), 'invalid_payload', ['']],
		['a Map', 'theft.ended', () => new Map(Object.entries(valid['theft.ended'])), 'invalid_payload', ['']],
		['10,000 nested arrays', 'airbag.deployed', () => nested(10_000, 'array'), 'invalid_payload', ['']],
		['an empty object', 'airbag.deployed', () => ({}), 'invalid_payload', ['eventId', 'vin']],
		['required fields inside __proto__', 'airbag.deployed', () => JSON.parse(`{"__proto__":{"eventId":"e","vin":"${vin}"}}`), 'invalid_payload', ['eventId', 'vin']],
		['a __proto__ vin', 'theft.ended', () => changed('theft.ended', { vin: JSON.parse('{"__proto__":{"length":3}}') }), 'invalid_payload', ['vin']],
		// JSON.stringify gives up long before 10,000 levels, so the size cannot be known.
		['an eventId of 10,000 nested objects', 'theft.ended', () => changed('theft.ended', { eventId: nested(10_000, 'object') }), 'invalid_payload', ['']],
		['an unknown field of 10,000 nested arrays', 'airbag.deployed', () => changed('airbag.deployed', { extra: nested(10_000, 'array') }), 'invalid_payload', ['']],
		['a vin of 1,000 nested arrays', 'theft.started', () => changed('theft.started', { vin: nested(1000, 'array', vin) }), 'invalid_payload', ['vin']],
		['a Uint8Array vin', 'theft.ended', () => changed('theft.ended', { vin: new TextEncoder().encode(vin) }), 'invalid_payload', ['vin']],
		['a Buffer eventId', 'theft.ended', () => changed('theft.ended', { eventId: Buffer.from('e1') }), 'invalid_payload', ['eventId']],
		['an empty eventId', 'airbag.deployed', () => ({ eventId: '', vin }), 'invalid_payload', ['eventId']],
		['an eventId with a slash', 'airbag.deployed', () => ({ eventId: 'a/b', vin }), 'invalid_payload', ['eventId']],
		['an eventId with é', 'airbag.deployed', () => ({ eventId: 'café', vin }), 'invalid_payload', ['eventId']],
		['a numeric eventId', 'airbag.deployed', () => ({ eventId: 1, vin }), 'invalid_payload', ['eventId']],
		['a null vin', 'airbag.deployed', () => ({ eventId: 'e', vin: null }), 'invalid_payload', ['vin']],
		['a boolean vin', 'airbag.deployed', () => ({ eventId: 'e', vin: true }), 'invalid_payload', ['vin']],
		['a 100 kB eventId', 'airbag.deployed', () => ({ eventId: big, vin }), 'payload_too_large', ['']],
		['a 100 kB vin', 'theft.ended', () => changed('theft.ended', { vin: big }), 'payload_too_large', ['']],
		['a 100 kB unknown field', 'airbag.deployed', () => changed('airbag.deployed', { note: big }), 'payload_too_large', ['']],
		['a 100 kB msd', 'airbag.deployed', () => changed('airbag.deployed', { msd: 'ab'.repeat(50_000) }), 'payload_too_large', ['']],
		['80 kB of UTF-8 in 40,000 characters', 'theft.started', () => changed('theft.started', { note: 'é'.repeat(40_000) }), 'payload_too_large', ['']],
		['a NaN lat', 'theft.position', () => changed('theft.position', { lat: NaN }), 'invalid_payload', ['lat']],
		['an Infinity lon', 'theft.position', () => changed('theft.position', { lon: Infinity }), 'invalid_payload', ['lon']],
		['a -Infinity lat', 'theft.position', () => changed('theft.position', { lat: -Infinity }), 'invalid_payload', ['lat']],
		['a lat of 90.0001', 'theft.position', () => changed('theft.position', { lat: 90.0001 }), 'invalid_payload', ['lat']],
		['a lon of 181', 'theft.position', () => changed('theft.position', { lon: 181 }), 'invalid_payload', ['lon']],
		['a lat as text', 'theft.position', () => changed('theft.position', { lat: '48.1' }), 'invalid_payload', ['lat']],
		['swapped lat and lon out of range', 'theft.position', () => changed('theft.position', { lat: 151.2, lon: -33.9 }), 'invalid_payload', ['lat']],
		['a fixAt in month 13', 'theft.position', () => changed('theft.position', { fixAt: '2026-13-01T00:00:00Z' }), 'invalid_payload', ['fixAt']],
		['a fixAt in epoch ms', 'theft.position', () => changed('theft.position', { fixAt: timeMs }), 'invalid_payload', ['fixAt']],
		['an object fixAt', 'theft.position', () => changed('theft.position', { fixAt: {} }), 'invalid_payload', ['fixAt']],
		['a trigger in capitals', 'theft.started', () => changed('theft.started', { trigger: 'TOW_AWAY' }), 'invalid_payload', ['trigger']],
		['a trigger list', 'theft.started', () => changed('theft.started', { trigger: ['tamper'] }), 'invalid_payload', ['trigger']],
		['an occurredAt without offset', 'theft.started', () => changed('theft.started', { occurredAt: '2026-11-27T04:48:08' }), 'invalid_payload', ['occurredAt']],
		['a missing reason', 'theft.ended', () => without('theft.ended', 'reason'), 'invalid_payload', ['reason']],
		['a numeric reason', 'theft.ended', () => changed('theft.ended', { reason: 1 }), 'invalid_payload', ['reason']],
		['a batch without fixes', 'theft.positions', () => ({}), 'invalid_payload', ['fixes']],
		['a batch of no fixes', 'theft.positions', () => ({ fixes: [] }), 'invalid_payload', ['fixes']],
		['a batch of 1,001 fixes', 'theft.positions', () => ({ fixes: Array.from({ length: 1001 }, (_, i) => fix(i)) }), 'invalid_payload', ['fixes']],
		['a batch whose fixes are an object', 'theft.positions', () => ({ fixes: { 0: fix(0) } }), 'invalid_payload', ['fixes']],
		['a batch whose fixes are text', 'theft.positions', () => ({ fixes: 'fix' }), 'invalid_payload', ['fixes']],
		['a batch that is an array of fixes', 'theft.positions', () => [fix(0)], 'invalid_payload', ['']],
		['a batch whose fixes hide in __proto__', 'theft.positions', () => JSON.parse(`{"__proto__":{"fixes":[${JSON.stringify(fix(0))}]}}`), 'invalid_payload', ['fixes']],
		[
			'a batch over 1 MiB',
			'theft.positions',
			() => ({ fixes: Array.from({ length: 1000 }, (_, i) => ({ ...fix(i), note: 'x'.repeat(1100) })) }),
			'payload_too_large',
			['']
		]
	];

	it('has at least 40 cases', () => {
		expect(cases.length).toBeGreaterThanOrEqual(40);
	});

	it.each(cases)('refuses %s', (_, event, payload, code, expectedPaths) => {
		expect(() => validateEvent(event, payload())).not.toThrow();
		const error = refused(event, payload());
		expect(error.code).toBe(code);
		expect(error.issues.length).toBeGreaterThan(0);
		expect(paths(error.issues)).toEqual(expectedPaths);
		expect(error.message.length).toBeGreaterThan(0);
	});

	it('never lets __proto__ keys reach the value or Object.prototype', () => {
		const payload = JSON.parse(`{"__proto__":{"polluted":true},"eventId":"e","vin":"${vin}","vehicle":{"__proto__":{"model":"x"}}}`);
		const result = accepted('airbag.deployed', payload);
		expect(result.value).toEqual({ eventId: 'e', vin, vehicle: {} });
		expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
		expect(Object.hasOwn(result.value, '__proto__')).toBe(false);
		expect(({} as Payload).polluted).toBeUndefined();
	});

	it('survives any odd value in any field of any event', () => {
		const odd = [null, NaN, -Infinity, 'x'.repeat(10_000), nested(1000, 'array'), [null]];
		const required = new Set(['eventId', 'vin', 'occurredAt', 'trigger', 'fixAt', 'lat', 'lon', 'reason']);
		for (const event of Object.keys(valid) as SingleEvent[]) {
			for (const key of Object.keys(valid[event])) {
				for (const value of odd) {
					const result = validateEvent(event, changed(event, { [key]: value }));
					// theft.started and theft.ended make occurredAt required; airbag.deployed does not.
					const isRequired = required.has(key) && !(event === 'airbag.deployed' && key === 'occurredAt');
					const problems = result.ok ? result.warnings : result.error.issues;
					expect(result.ok).toBe(!isRequired);
					expect(problems.length).toBeGreaterThan(0);
					expect(problems.every((problem) => problem.path.startsWith(key))).toBe(true);
				}
			}
		}
	});
});

describe('payload size', () => {
	/** An airbag.deployed payload whose JSON is exactly `bytes` long. */
	function airbagOf(bytes: number): Payload {
		const base = JSON.stringify({ eventId: 'e', vin, pad: '' }).length;
		return { eventId: 'e', vin, pad: 'x'.repeat(bytes - base) };
	}

	it('accepts 64 KiB and refuses one byte more', () => {
		expect(validateEvent('airbag.deployed', airbagOf(maxPayloadBytes)).ok).toBe(true);
		const error = refused('airbag.deployed', airbagOf(maxPayloadBytes + 1));
		expect(error.code).toBe('payload_too_large');
		expect(error.message).toContain('65536');
	});

	it('allows theft.positions past 64 KiB', () => {
		const fixes = Array.from({ length: 1000 }, (_, i) => fix(i));
		expect(JSON.stringify({ fixes }).length).toBeGreaterThan(maxPayloadBytes);
		const result = accepted('theft.positions', { fixes });
		expect(result.value).toHaveLength(1000);
		expect(result.value.every((r) => r.ok)).toBe(true);
	});
});

describe('theft.positions', () => {
	it('judges each fix on its own, in order', () => {
		const fixes = [
			fix(0),
			{ ...fix(1), lat: 123 },
			{ ...fix(2), speedKmh: 'fast' },
			'not a fix',
			{ ...fix(4), vin: undefined, fixAt: 'yesterday' },
			{ ...fix(5), vin: 'ABC' }
		];
		const results = accepted('theft.positions', { fixes }).value;
		expect(results.map((r) => r.ok)).toEqual([true, false, true, false, false, true]);
		expect(results[0]).toEqual({ ok: true, value: { ...fix(0), fixAt: timeMs }, warnings: [] });
		const refusedPaths = results.map((r) => (r.ok ? [] : paths(r.error.issues)));
		expect(refusedPaths).toEqual([[], ['fixes.1.lat'], [], ['fixes.3'], ['fixes.4.vin', 'fixes.4.fixAt'], []]);
		expect(results.map((r) => (r.ok ? paths(r.warnings) : []))).toEqual([[], [], ['fixes.2.speedKmh'], [], [], ['fixes.5.vin']]);
		expect(results.map((r) => (r.ok ? r.warnings.map((w) => w.code) : []))).toEqual([[], [], ['field_ignored'], [], [], ['vin_not_iso']]);
		expect(results[2]).toMatchObject({ warnings: [{ params: { ignored: 'fixes.2.speedKmh' } }] });
		for (const r of results) if (!r.ok) expect(r.error.code).toBe('invalid_payload');
		const second = results[1];
		if (second.ok) throw new Error('fix 1 should be refused');
		expect(second.error.message).toContain('fixes.1.lat must be a number from -90 to 90');
	});
});

describe('unknown events', () => {
	it.each(['airbag', '', 'AIRBAG.DEPLOYED', 'theft.position ', 'constructor', '__proto__', 'toString', null, undefined, 42, Symbol('e'), 1n, {}, ['airbag.deployed']])(
		'refuses the event name %s',
		(name) => {
			const error = refused(name, valid['airbag.deployed']);
			expect(error.code).toBe('invalid_payload');
			expect(paths(error.issues)).toEqual(['']);
			expect(error.issues[0].message).toContain('airbag.deployed, theft.started, theft.position, theft.positions, theft.ended');
		}
	);
});

describe('clockSkewSeconds', () => {
	it('is positive when the vehicle clock is ahead', () => {
		expect(clockSkewSeconds(timeMs + 301_000, timeMs)).toBe(301);
		expect(clockSkewSeconds(timeMs - 2_500, timeMs)).toBe(-2.5);
	});
});

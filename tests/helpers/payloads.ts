// Valid gateway payloads of every event type (docs/gateway-protocol.md), built from a recorded track,
// and a seeded random source so that a run can be repeated from its printed seed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './server';

/** A recorded drive of the project (`data/tracks`, see its SOURCES.md). */
export const trackFile = join(root, 'data/tracks/munich-2014-1hz.json');

export interface TrackPoint {
	lat: number;
	lon: number;
}

/** The recorded Munich track (1 Hz), as decimal degrees. */
export function loadTrack(): TrackPoint[] {
	const rows = JSON.parse(readFileSync(trackFile, 'utf8')) as { point: string }[];
	return rows.map((row) => {
		const [lon, lat] = /POINT\(([-\d.]+) ([-\d.]+)\)/.exec(row.point)!.slice(1).map(Number);
		return { lat, lon };
	});
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class Random {
	constructor(readonly next: () => number) {}
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
}

const vinAlphabet = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
export function randomVin(random: Random, prefix = 'WP0'): string {
	let s = prefix;
	while (s.length < 17) s += random.pick([...vinAlphabet]);
	return s;
}

export const eventTypes = ['airbag.deployed', 'theft.started', 'theft.position', 'theft.positions', 'theft.ended'] as const;
export type EventType = (typeof eventTypes)[number];

export const triggers = ['unauthorised_movement', 'tow_away', 'ignition_without_card', 'battery_disconnected', 'tamper', 'owner_report', 'other'];
export const reasons = ['driver_card_recognised', 'owner_cleared', 'service_mode', 'other'];
const propulsions = ['gasoline', 'diesel', 'cng', 'lpg', 'electric', 'hydrogen', 'other'];

export interface PayloadFactory {
	eventId(): string;
	vin(): string;
	point(): TrackPoint;
	fix(vin?: string): Record<string, unknown>;
	build(type: EventType): Record<string, unknown>;
}

/** Builds valid payloads; `ids` makes event ids unique to a run. */
export function payloadFactory(random: Random, track: TrackPoint[], ids: string, vins: string[]): PayloadFactory {
	let counter = 0;
	let cursor = random.int(0, track.length - 1);
	const iso = (offsetS = 0) => new Date(Date.now() - offsetS * 1000).toISOString();
	const factory: PayloadFactory = {
		eventId: () => `${ids}-${++counter}`,
		vin: () => random.pick(vins),
		point() {
			cursor = (cursor + 1) % track.length;
			return track[cursor];
		},
		fix(v = factory.vin()) {
			const p = factory.point();
			const fix: Record<string, unknown> = { eventId: factory.eventId(), vin: v, fixAt: iso(random.int(0, 600)), lat: p.lat, lon: p.lon };
			if (random.chance(0.5)) fix.speedKmh = random.int(0, 250);
			if (random.chance(0.5)) fix.headingDeg = random.int(0, 359);
			if (random.chance(0.5)) fix.accuracyM = random.int(1, 50);
			return fix;
		},
		build(type) {
			const p = factory.point();
			switch (type) {
				case 'airbag.deployed': {
					const payload: Record<string, unknown> = { eventId: factory.eventId(), vin: factory.vin() };
					if (random.chance(0.7)) payload.occurredAt = iso(random.int(0, 30));
					if (random.chance(0.7)) payload.position = { lat: p.lat, lon: p.lon };
					if (random.chance(0.5)) payload.positionTrusted = random.chance(0.8);
					if (random.chance(0.5)) payload.headingDeg = random.int(0, 359);
					if (random.chance(0.5)) payload.recentPositions = [factory.point(), factory.point()].slice(0, random.int(0, 2)).map(({ lat, lon }) => ({ lat, lon }));
					if (random.chance(0.5)) payload.automatic = random.chance(0.8);
					if (random.chance(0.5)) payload.testCall = random.chance(0.1);
					if (random.chance(0.5)) payload.passengers = random.int(0, 5);
					if (random.chance(0.5)) payload.propulsion = [random.pick(propulsions)];
					if (random.chance(0.5))
						payload.vehicle = {
							model: '911 Carrera S',
							modelYear: 2018,
							colour: 'Guards Red',
							plate: 'S-PC 911',
							owner: { name: 'Erika Mustermann', phone: '+49 711 1234', language: 'de' }
						};
					if (random.chance(0.3)) payload.msd = '0a1b2c3d4e5f';
					return payload;
				}
				case 'theft.started': {
					const payload: Record<string, unknown> = { eventId: factory.eventId(), vin: factory.vin(), occurredAt: iso(random.int(0, 30)), trigger: random.pick(triggers) };
					if (random.chance(0.6)) payload.position = { lat: p.lat, lon: p.lon };
					if (random.chance(0.3)) payload.vehicle = { model: 'Taycan', plate: 'M-EV 1' };
					return payload;
				}
				case 'theft.position':
					return factory.fix();
				case 'theft.positions': {
					const v = factory.vin();
					const size = random.chance(0.05) ? random.int(100, 1000) : random.int(1, 20);
					return { fixes: Array.from({ length: size }, () => factory.fix(random.chance(0.8) ? v : undefined)) };
				}
				case 'theft.ended':
					return { eventId: factory.eventId(), vin: factory.vin(), occurredAt: iso(random.int(0, 30)), reason: random.pick(reasons) };
			}
		}
	};
	return factory;
}

/** The refusal codes docs/gateway-protocol.md lists. */
export const contractCodes = ['invalid_payload', 'payload_too_large', 'unavailable', 'rate_limited'];

/** Why an ack breaks the contract's shape, or null when it is well formed. */
export function ackProblem(ack: unknown, batchSize?: number): string | null {
	if (typeof ack !== 'object' || ack === null) return `not an object: ${JSON.stringify(ack)}`;
	const a = ack as Record<string, unknown>;
	if (a.ok === true) {
		if ('results' in a) {
			if (!Array.isArray(a.results)) return 'results is not an array';
			if (batchSize !== undefined && a.results.length !== batchSize) return `results has ${a.results.length} entries for ${batchSize} fixes`;
			for (const r of a.results) {
				const problem = ackProblem(r);
				if (problem) return `result: ${problem}`;
				if ('results' in (r as object)) return 'nested results';
			}
			return null;
		}
		if (!(a.incidentId === null || typeof a.incidentId === 'string')) return `incidentId ${JSON.stringify(a.incidentId)}`;
		if (typeof a.duplicate !== 'boolean') return 'duplicate is not a boolean';
		if (!Array.isArray(a.warnings)) return 'warnings is not an array';
		for (const w of a.warnings as { path: unknown; message: unknown }[]) {
			if (typeof w?.path !== 'string' || typeof w.message !== 'string') return `bad warning ${JSON.stringify(w)}`;
		}
		return null;
	}
	if (a.ok === false) {
		const error = a.error as Record<string, unknown> | undefined;
		if (typeof error !== 'object' || error === null) return 'refusal without error';
		if (!contractCodes.includes(error.code as string)) return `code ${JSON.stringify(error.code)} is not in the contract`;
		if (typeof error.message !== 'string' || error.message.length === 0) return 'refusal without a message';
		if (error.code === 'rate_limited' && !(typeof error.retryAfterMs === 'number' && error.retryAfterMs > 0)) return 'rate_limited without retryAfterMs';
		if (error.issues !== undefined) {
			if (!Array.isArray(error.issues)) return 'issues is not an array';
			for (const i of error.issues as { path: unknown; message: unknown }[]) {
				if (typeof i?.path !== 'string' || typeof i.message !== 'string') return `bad issue ${JSON.stringify(i)}`;
			}
		}
		return null;
	}
	return `ok is ${JSON.stringify(a.ok)}`;
}

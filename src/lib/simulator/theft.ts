// One stolen vehicle, from its own seed: a recorded drive replayed at its real pace from `t0`,
// moved to another city, with the gaps a real tracker has, a theft.started before it (mostly) and
// a theft.ended after it (sometimes).
import { iso, type EndReason, type Emission, type TheftPosition, type Trigger } from './events';
import { moved, offset } from './geo';
import { cities, countries, type Country } from './places';
import { Random } from './random';
import type { Track } from './tracks';
import type { VehicleMaker } from './vehicles';

const countryCodes = Object.keys(countries) as Country[];

const triggers: [Trigger, number][] = [
	['unauthorised_movement', 35],
	['ignition_without_card', 15],
	['tow_away', 10],
	['battery_disconnected', 10],
	['tamper', 10],
	['owner_report', 15],
	['other', 5]
];

const falseAlarmTriggers: [Trigger, number][] = [
	['ignition_without_card', 3],
	['unauthorised_movement', 1]
];

const endReasons: [EndReason, number][] = [
	['owner_cleared', 3],
	['service_mode', 1],
	['other', 1]
];

/**
 * A gap in the track: `gnss` loses the fixes (a tunnel, a car park); `network` keeps them and
 * sends them all when coverage returns (store and forward), so they arrive as a batch.
 */
interface Gap {
	kind: 'gnss' | 'network';
	fromMs: number;
	toMs: number;
}

export interface TheftPlan {
	seed: number;
	eventIds: string;
	t0: number;
	tracks: Track[];
	vehicles: VehicleMaker;
}

export function* theft({ seed, eventIds, t0, tracks, vehicles }: TheftPlan): Generator<Emission> {
	const r = new Random(seed);
	const track = r.pick(tracks);
	const city = r.pick(cities);
	const anchor = moved(city, r.float(-2000, 2000), r.float(-2000, 2000));
	const car = vehicles(r.seed(), r.chance(0.9) ? city.country : r.pick(countryCodes));
	const vin = car.vin;
	// A quarter are owners who forgot their driver card: a short drive, then the card is recognised.
	const falseAlarm = r.chance(0.25);
	const n = track.fixes.length;
	const first = r.int(0, Math.floor(n * 0.6));
	const origin = track.fixes[first];
	const lengthMs = falseAlarm
		? r.int(60, 300) * 1000
		: r.chance(0.3)
			? (track.fixes[n - 1].t - origin.t) * r.float(0.3, 0.9)
			: Infinity;
	const gaps: Gap[] = [];
	for (let i = falseAlarm ? 0 : r.int(0, 2); i > 0; i--) {
		const fromMs = r.int(30, 900) * 1000;
		gaps.push({ kind: r.chance(0.5) ? 'gnss' : 'network', fromMs, toMs: fromMs + r.int(20, 120) * 1000 });
	}
	const endReason: EndReason | null = falseAlarm
		? 'driver_card_recognised'
		: r.chance(0.25)
			? r.weighted(endReasons)
			: null;
	const place = (fix: { lat: number; lon: number }) => {
		const { northM, eastM } = offset(origin, fix);
		return moved(anchor, northM, eastM);
	};

	let at = t0;
	if (r.chance(0.75)) {
		at = t0 + r.int(200, 900);
		yield {
			at,
			event: 'theft.started',
			payload: {
				eventId: `${eventIds}-s`,
				vin,
				occurredAt: iso(t0),
				trigger: r.weighted(falseAlarm ? falseAlarmTriggers : triggers),
				position: place(origin),
				vehicle: car.vehicle
			}
		};
	}
	for (let i = first; i < n; i++) {
		const fix = track.fixes[i];
		const sinceMs = fix.t - origin.t;
		if (sinceMs > lengthMs) break;
		const gap = gaps.find((g) => sinceMs >= g.fromMs && sinceMs < g.toMs);
		if (gap?.kind === 'gnss') continue;
		const latencyMs = r.int(200, 900);
		at = Math.max(at, t0 + (gap ? gap.toMs : sinceMs) + latencyMs);
		const payload: TheftPosition = { eventId: `${eventIds}-f${i}`, vin, fixAt: iso(t0 + sinceMs), ...place(fix) };
		if (fix.speedKmh !== undefined) payload.speedKmh = fix.speedKmh;
		if (fix.headingDeg !== undefined) payload.headingDeg = fix.headingDeg;
		payload.accuracyM = Math.round(r.float(2.5, 12) * 10) / 10;
		yield { at, event: 'theft.position', payload };
	}
	if (endReason) {
		at += r.int(5, 60) * 1000;
		yield { at, event: 'theft.ended', payload: { eventId: `${eventIds}-e`, vin, occurredAt: iso(at - r.int(200, 900)), reason: endReason } };
	}
}

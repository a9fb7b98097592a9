import { beforeAll, describe, expect, it } from 'vitest';
import { readEcall } from '../domain/ecall';
import { validateEvent } from '../domain/gateway/validate';
import type { AirbagDeployed, Emission } from './events';
import { createScenario, type ScenarioConfig } from './scenario';
import { loadTracks, type Track } from './tracks';
import { loadVehicleMaker, type VehicleMaker } from './vehicles';
import { defaultTracksDir } from './options';

let tracks: Track[];
let vehicles: VehicleMaker;
beforeAll(async () => {
	tracks = await loadTracks(defaultTracksDir());
	vehicles = await loadVehicleMaker();
});

const start = Date.parse('2026-11-27T04:00:00Z');

/** Every event of `seconds` of a run, polled every `stepMs` as the I/O loop would. */
function run(config: Partial<ScenarioConfig>, seconds: number, stepMs = 100): Emission[] {
	const startMs = config.startMs ?? start;
	const scenario = createScenario({ seed: 1, runId: 'run1', startMs, rate: 10, mix: { airbag: 1, theft: 3 }, tracks, vehicles, ...config });
	const out: Emission[] = [];
	const end = startMs + seconds * 1000;
	for (let t = startMs; t < end; t += stepMs) out.push(...scenario.due(t));
	out.push(...scenario.due(end));
	return out;
}

/** A payload without what differs between runs of one seed: its event id and its times. */
function timeless(emission: Emission): unknown {
	const { eventId, ...rest } = emission.payload as unknown as Record<string, unknown>;
	delete rest.occurredAt;
	delete rest.fixAt;
	// The MSD carries the time too: its length stands for it.
	if (typeof rest.msd === 'string') rest.msd = rest.msd.length;
	return { event: emission.event, eventIdSuffix: String(eventId).replace(/^[^-]+-/, ''), ...rest };
}

describe('the generator', () => {
	for (const seed of [1, 7, 42, 2026]) {
		it(`makes only events that the gateway schemas accept without a warning (seed ${seed})`, () => {
			const events = run({ seed, rate: 20 }, 15 * 60, 1000);
			const seen = new Set<string>();
			for (const { event, payload } of events) {
				const judged = validateEvent(event, payload);
				expect(judged, JSON.stringify(payload)).toMatchObject({ ok: true, warnings: [] });
				seen.add(event);
			}
			expect([...seen].sort()).toEqual(['airbag.deployed', 'theft.ended', 'theft.position', 'theft.started']);
			// Fixes due together go as one batch: that batch is valid too.
			const fixes = events.filter((e) => e.event === 'theft.position').slice(0, 1000).map((e) => e.payload);
			const batch = validateEvent('theft.positions', { fixes });
			expect(batch.ok).toBe(true);
			if (batch.ok && batch.event === 'theft.positions') expect(batch.value.every((fix) => fix.ok && fix.warnings.length === 0)).toBe(true);
		});
	}

	it('gives the same payloads for the same seed, whatever the start time, run id and polling', () => {
		const a = run({ seed: 7, runId: 'first' }, 300, 100).map(timeless);
		const b = run({ seed: 7, runId: 'second', startMs: start + 86_400_000 }, 300, 1700).map(timeless);
		expect(a.length).toBeGreaterThan(1000);
		expect(b).toEqual(a);
		expect(run({ seed: 8 }, 300).map(timeless)).not.toEqual(a);
	});

	it('shifts times to the clock and replays tracks at their real pace', () => {
		const events = run({ seed: 3 }, 120);
		for (const e of events) {
			const time = 'fixAt' in e.payload ? e.payload.fixAt : e.payload.occurredAt;
			// A crash sent with its MSD alone carries its time in the MSD only.
			if (time === undefined) continue;
			expect(Date.parse(time)).toBeLessThanOrEqual(e.at);
			expect(Date.parse(time)).toBeGreaterThan(start - 5000);
		}
		const fixes = events.filter((e) => e.event === 'theft.position');
		// Several thefts at about one fix a second each, not faster.
		expect(fixes.length).toBeGreaterThan(60);
		expect(fixes.length).toBeLessThan(120 * 10);
	});

	it('starts every event id with the run id and never repeats one', () => {
		const events = run({ seed: 5, runId: 'sim-abc' }, 600, 1000);
		const ids = events.map((e) => e.payload.eventId);
		expect(ids.every((id) => id.startsWith('sim-abc-'))).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('keeps to the mix and the rate', () => {
		const events = run({ seed: 9, rate: 20, mix: { airbag: 1, theft: 1 } }, 300, 1000);
		const airbags = events.filter((e) => e.event === 'airbag.deployed').length;
		const perSecond = events.length / 300;
		expect(perSecond).toBeGreaterThan(12);
		expect(perSecond).toBeLessThan(28);
		expect(airbags / events.length).toBeGreaterThan(0.35);
		expect(airbags / events.length).toBeLessThan(0.65);
		expect(run({ seed: 9, mix: { airbag: 0, theft: 1 } }, 60).some((e) => e.event === 'airbag.deployed')).toBe(false);
		expect(run({ seed: 9, mix: { airbag: 1, theft: 0 } }, 60).every((e) => e.event === 'airbag.deployed')).toBe(true);
	});

	it('varies the eCall data: test calls, manual calls, electric and hydrogen vehicles, recent positions, MSD', () => {
		const events = run({ seed: 11, rate: 50, mix: { airbag: 1, theft: 0 } }, 60, 1000);
		const airbags = events.flatMap((e) => (e.event === 'airbag.deployed' ? [e.payload] : []));
		expect(airbags.length).toBeGreaterThan(2000);
		const share = (test: (p: AirbagDeployed) => boolean) => airbags.filter(test).length / airbags.length;
		expect(share((p) => p.testCall === true)).toBeGreaterThan(0.02);
		expect(share((p) => p.automatic === false)).toBeGreaterThan(0.1);
		expect(share((p) => p.propulsion?.includes('electric') === true)).toBeGreaterThan(0.1);
		expect(share((p) => p.propulsion?.includes('hydrogen') === true)).toBeGreaterThan(0);
		expect(share((p) => p.recentPositions?.length === 2)).toBeGreaterThan(0.5);
		expect(share((p) => p.msd !== undefined)).toBeGreaterThan(0.6);
		expect(share((p) => p.position === undefined)).toBeLessThan(0.1);
		expect(new Set(airbags.map((p) => p.vin)).size).toBe(airbags.length);
	});

	it('sends real MSDs that agree with the JSON, and a few alone, broken or disagreeing', () => {
		const events = run({ seed: 12, rate: 50, mix: { airbag: 1, theft: 0 } }, 60, 1000);
		const withMsd = events.flatMap((e) => (e.event === 'airbag.deployed' && e.payload.msd ? [e.payload] : []));
		const readings = withMsd.map((p) => {
			const { eventId, vin, occurredAt, vehicle, ...fields } = p;
			return { alone: occurredAt === undefined, reading: readEcall(vin, occurredAt === undefined ? undefined : Date.parse(occurredAt), fields) };
		});
		const share = (test: (r: (typeof readings)[number]) => boolean) => readings.filter(test).length / readings.length;
		const broken = (r: (typeof readings)[number]) => r.reading.details.msdFault !== undefined;
		const agrees = (r: (typeof readings)[number]) => !broken(r) && r.reading.problems.length === 0;
		expect(share(agrees)).toBeGreaterThan(0.8);
		expect(share(broken)).toBeGreaterThan(0.01);
		expect(share((r) => !broken(r) && r.reading.problems.some((p) => p.message.startsWith('occupants: the MSD says')))).toBeGreaterThan(0.01);
		// An MSD alone gives the crash its position.
		const alone = readings.filter((r) => r.alone);
		expect(alone.length / readings.length).toBeGreaterThan(0.02);
		expect(alone.every((r) => r.reading.problems.length === 0 && r.reading.occurredAt !== undefined)).toBe(true);
		expect(alone.filter((r) => r.reading.details.position !== undefined).length).toBeGreaterThan(alone.length * 0.9);
	});
});

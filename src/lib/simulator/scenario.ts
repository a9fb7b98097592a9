// The generator: from a seed and a clock, the events a fleet would send, in the order they become
// due. No I/O and no randomness but the seed's, so the same seed gives the same payloads (only the
// run's event id prefix and the times, which follow `startMs`, differ between runs).
import { airbagDeployment } from './airbag';
import type { Emission } from './events';
import { TimeHeap } from './heap';
import { Random } from './random';
import { theft } from './theft';
import { fixRate, type Track } from './tracks';
import type { VehicleMaker } from './vehicles';

/** Relative shares of the event rate: airbag deployments and theft events (mostly track fixes). */
export interface Mix {
	airbag: number;
	theft: number;
}

export interface ScenarioConfig {
	seed: number;
	/** Prefix of every event id, so that a second run is not all duplicates. */
	runId: string;
	startMs: number;
	/** Target events per second, every track fix counting as one event. */
	rate: number;
	mix: Mix;
	tracks: Track[];
	vehicles: VehicleMaker;
}

export interface Scenario {
	/** Thefts running at any time. */
	thefts: number;
	/** Mean seconds between airbag deployments, or null for none. */
	airbagEveryS: number | null;
	/** The events due by `nowMs` that were not returned before, in order. */
	due(nowMs: number): Emission[];
}

interface Source {
	emission: Emission;
	events: Iterator<Emission>;
	kind: 'airbag' | 'theft';
}

export function createScenario(config: ScenarioConfig): Scenario {
	const { runId, startMs, rate, mix, tracks, vehicles } = config;
	const rng = new Random(config.seed);
	const total = mix.airbag + mix.theft;
	const airbagRate = (rate * mix.airbag) / total;
	// A track replayed at its real pace sends about one fix a second (one per 15 s once thinned):
	// the theft share of the rate sets how many vehicles are being tracked at once.
	const fixesPerTheft = tracks.reduce((sum, track) => sum + fixRate(track), 0) / tracks.length;
	const thefts = mix.theft > 0 ? Math.max(1, Math.round((rate * mix.theft) / total / fixesPerTheft)) : 0;
	const heap = new TimeHeap<Source>();
	let airbagCount = 0;
	let theftCount = 0;

	const pull = (events: Iterator<Emission>, kind: Source['kind'], after: number) => {
		const next = events.next();
		if (!next.done) heap.push(next.value.at, { emission: next.value, events, kind });
		// A vehicle recovered or cleared: another theft starts somewhere else a little later.
		else if (kind === 'theft') startTheft(after + rng.int(2000, 20000));
	};
	const startTheft = (t0: number) => {
		const plan = { seed: rng.seed(), eventIds: `${runId}-t${++theftCount}`, t0, tracks, vehicles };
		pull(theft(plan), 'theft', t0);
	};
	function* airbags(): Generator<Emission> {
		const meanMs = 1000 / airbagRate;
		for (let at = startMs + meanMs * rng.float(0.05, 0.5); ; at += meanMs * rng.float(0.5, 1.5)) {
			yield airbagDeployment(rng.seed(), `${runId}-a${++airbagCount}`, Math.round(at), vehicles);
		}
	}

	if (airbagRate > 0) pull(airbags(), 'airbag', startMs);
	// Spread over the first second, so the first fixes do not all come at once.
	for (let i = 0; i < thefts; i++) startTheft(startMs + Math.floor((i * 1000) / thefts));

	return {
		thefts,
		airbagEveryS: airbagRate > 0 ? 1 / airbagRate : null,
		due(nowMs) {
			const out: Emission[] = [];
			for (let next = heap.popDue(nowMs); next; next = heap.popDue(nowMs)) {
				out.push(next.value.emission);
				pull(next.value.events, next.value.kind, next.at);
			}
			return out;
		}
	};
}

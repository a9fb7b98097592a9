// Data problems: what was wrong with an accepted event, kept with its incident. Each has a code and
// its facts, from which the screens write it in the reader's language; `message` is the same in
// English, for the gateway's ack (`warnings`, which carry `{ path, message }` only) and the logs.
import type { Issue } from './gateway/schemas';

export type Problem = Issue &
	(
		/** An optional field was malformed: `ignored` is what was dropped (it, or the item or object holding it). */
		| { code: 'field_ignored'; params: { ignored: string } }
		| { code: 'vin_not_iso' }
		/** The vehicle's time is `seconds` from the console's receive time, `ahead` or behind. */
		| { code: 'clock_skew'; params: { seconds: number; ahead: boolean } }
		/** A fix implies `kmh` from its neighbours (null: no time between them), over `limitKmh`. */
		| { code: 'implausible_speed'; params: { kmh: number | null; limitKmh: number } }
		/** `fault`: the decoder's own words (English), naming the bit. */
		| { code: 'msd_undecodable'; params: { fault: string } }
		| { code: 'msd_vin_differs'; params: { msd: string; event: string } }
		| { code: 'msd_position_apart'; params: { metres: number } }
		| { code: 'msd_test_call_differs'; params: { msd: boolean; event: boolean } }
		/** `msd` and `event`: whether each says automatic (false: manual). */
		| { code: 'msd_automatic_differs'; params: { msd: boolean; event: boolean } }
		| { code: 'msd_passengers_differ'; params: { msd: number; event: number } }
		| { code: 'traccar_no_vin'; params: { uniqueId: string } }
		| { code: 'traccar_fix_invalid' }
	);

export type ProblemCode = Problem['code'];

/** A problem as stored: rows written before problems had codes carry `path` and `message` only. */
export type StoredProblem = Issue & { code?: string; params?: Record<string, unknown> };

/** What the gateway is told of problems: `{ path, message }` each, as the protocol says. */
export const onTheWire = (problems: readonly Issue[]): Issue[] => problems.map(({ path, message }) => ({ path, message }));

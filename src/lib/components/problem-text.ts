// Data problems in the reader's language: the payload field each is about, and what was wrong,
// from its code and facts. The raw path and the English message are for a `title` only.
import type { Problem, StoredProblem } from '$lib/domain/problems';
import { formatAge } from '$lib/client/format';
import { m } from '$lib/paraglide/messages';

type Words = () => string;

/** Fields named by their whole path: every field of the gateway's payloads, and Traccar's two. */
const fieldText: Record<string, Words> = {
	'': m.field_event,
	eventId: m.field_event_id,
	vin: m.field_vin,
	occurredAt: m.field_occurred_at,
	position: m.field_position,
	'position.lat': m.field_position_lat,
	'position.lon': m.field_position_lon,
	'position.valid': m.field_position_valid,
	positionTrusted: m.field_position_trusted,
	headingDeg: m.field_heading,
	recentPositions: m.field_recent_positions,
	automatic: m.field_automatic,
	testCall: m.field_test_call,
	passengers: m.field_passengers,
	propulsion: m.field_propulsion,
	vehicle: m.field_vehicle,
	'vehicle.model': m.field_vehicle_model,
	'vehicle.modelYear': m.field_vehicle_model_year,
	'vehicle.colour': m.field_vehicle_colour,
	'vehicle.plate': m.field_vehicle_plate,
	'vehicle.owner': m.field_owner,
	'vehicle.owner.name': m.field_owner_name,
	'vehicle.owner.phone': m.field_owner_phone,
	'vehicle.owner.language': m.field_owner_language,
	msd: m.field_msd,
	trigger: m.field_trigger,
	fixAt: m.field_fix_at,
	lat: m.field_lat,
	lon: m.field_lon,
	speedKmh: m.field_speed,
	accuracyM: m.field_accuracy,
	reason: m.field_reason,
	fixes: m.field_fixes,
	'device.attributes.vin': m.field_traccar_vin
};

/** Lists whose items are named by number: `fixes.3` is "Fix 4". */
const itemText: Record<string, (inputs: { n: number }) => string> = {
	fixes: m.field_fix_n,
	recentPositions: m.field_recent_position_n,
	propulsion: m.field_propulsion_n
};

/** A field of a list item, after the item's words: `fixes.3.speedKmh` is "Fix 4, speed". */
const itemFieldText: Record<string, Words> = {
	eventId: m.field_part_event_id,
	vin: m.field_part_vin,
	fixAt: m.field_part_fix_at,
	lat: m.field_part_lat,
	lon: m.field_part_lon,
	speedKmh: m.field_part_speed,
	headingDeg: m.field_part_heading,
	accuracyM: m.field_part_accuracy
};

/** A payload path (dotted, numeric indices, `""` for the payload) in words; any other path as "another field". */
export function fieldWords(path: string): string {
	if (Object.hasOwn(fieldText, path)) return fieldText[path]();
	const item = /^(\w+)\.(\d{1,4})(?:\.(.+))?$/.exec(path);
	if (!item || !Object.hasOwn(itemText, item[1])) return m.field_other();
	const [, list, index, rest] = item;
	const words = itemText[list]({ n: Number(index) + 1 });
	if (rest === undefined) return words;
	return `${words}, ${Object.hasOwn(itemFieldText, rest) ? itemFieldText[rest]() : m.field_part_other()}`;
}

const yesNo = (value: boolean) => (value ? m.yes() : m.no());
const how = (automatic: boolean) => (automatic ? m.tl_automatic() : m.tl_manual());

/** What was wrong, in words, from the problem's code; one without a known code reads as "not as expected". */
export function problemText(stored: StoredProblem): string {
	const field = fieldWords(stored.path);
	// Stored JSON: a problem missing its facts must still read, never break the page.
	const p = { ...stored, params: stored.params ?? {} } as Problem;
	switch (p.code) {
		case 'field_ignored':
			return p.params.ignored === p.path
				? m.problem_field_ignored({ field })
				: m.problem_field_ignored_with({ field, ignored: fieldWords(p.params.ignored) });
		case 'vin_not_iso':
			return m.problem_vin_not_iso({ field });
		case 'clock_skew': {
			const time = formatAge(p.params.seconds * 1000);
			return p.params.ahead ? m.problem_clock_ahead({ time }) : m.problem_clock_behind({ time });
		}
		case 'implausible_speed':
			return p.params.kmh === null ? m.problem_implausible_jump() : m.problem_implausible_speed({ kmh: p.params.kmh, limit: p.params.limitKmh });
		case 'msd_undecodable':
			return m.problem_msd_undecodable();
		case 'msd_vin_differs':
			return m.problem_msd_vin_differs(p.params);
		case 'msd_position_apart':
			return m.problem_msd_position_apart(p.params);
		case 'msd_test_call_differs':
			return m.problem_msd_test_call({ msd: yesNo(p.params.msd), event: yesNo(p.params.event) });
		case 'msd_automatic_differs':
			return m.problem_msd_activation({ msd: how(p.params.msd), event: how(p.params.event) });
		case 'msd_passengers_differ':
			return m.problem_msd_passengers(p.params);
		case 'traccar_no_vin':
			return m.problem_traccar_no_vin(p.params);
		case 'traccar_fix_invalid':
			return m.problem_traccar_fix_invalid();
		default:
			return m.problem_unknown({ field });
	}
}

/** The problem as the gateway reported it, for a `title`: its path and English message. */
export const problemTitle = (p: StoredProblem): string => (p.path ? `${p.path}: ${p.message}` : p.message);

import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
	airbagDeployedSchema,
	theftEndedSchema,
	theftPositionSchema,
	theftPositionsSchema,
	theftStartedSchema
} from '$lib/domain/gateway/schemas';
import type { Problem, ProblemCode } from '$lib/domain/problems';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { fieldWords, problemText, problemTitle } from './problem-text';

afterEach(() => overwriteGetLocale(() => 'en'));

/** What of a program's own names is left in `text`: dotted paths, snake_case and camelCase words. */
function rawIdentifiers(text: string): string[] {
	const found = text.match(/\b\w+\.\w+\b|\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[a-z]+[A-Z]\w*\b/g) ?? [];
	return found.filter((word) => word !== 'eCall');
}

/** One problem of every code, as the producers write them. */
const samples: { [C in ProblemCode]: Extract<Problem, { code: C }> } = {
	field_ignored: { path: 'fixes.3.speedKmh', message: 'must be a number from 0 to 400; fixes.3.speedKmh was ignored', code: 'field_ignored', params: { ignored: 'fixes.3.speedKmh' } },
	vin_not_iso: { path: 'vin', message: 'is not an ISO 3779 VIN; accepted anyway', code: 'vin_not_iso' },
	clock_skew: { path: 'occurredAt', message: "the vehicle clock is 42 s ahead of the console's", code: 'clock_skew', params: { seconds: 42, ahead: true } },
	implausible_speed: { path: '', message: 'the fix implies 512 km/h from its neighbours (limit 300)', code: 'implausible_speed', params: { kmh: 512, limitKmh: 300 } },
	msd_undecodable: { path: 'msd', message: 'MSD could not be decoded: truncated at bit 96', code: 'msd_undecodable', params: { fault: 'truncated at bit 96' } },
	msd_vin_differs: { path: 'msd', message: "the MSD's VIN is …", code: 'msd_vin_differs', params: { msd: 'WP0ZZZ99ZTS392124', event: 'WDB11111111111111' } },
	msd_position_apart: { path: 'msd', message: "the MSD's position is 1223 m from the event's", code: 'msd_position_apart', params: { metres: 1223 } },
	msd_test_call_differs: { path: 'msd', message: 'test call: the MSD says yes, the event no', code: 'msd_test_call_differs', params: { msd: true, event: false } },
	msd_automatic_differs: { path: 'msd', message: 'the MSD says manual, the event automatic', code: 'msd_automatic_differs', params: { msd: false, event: true } },
	msd_passengers_differ: { path: 'msd', message: 'occupants: the MSD says 2, the event 1', code: 'msd_passengers_differ', params: { msd: 2, event: 1 } },
	traccar_no_vin: { path: 'device.attributes.vin', message: 'the device has no vin attribute', code: 'traccar_no_vin', params: { uniqueId: '358240051111110' } },
	traccar_fix_invalid: { path: 'position.valid', message: 'Traccar marked this fix not valid', code: 'traccar_fix_invalid' }
};

const words: Record<ProblemCode, [string, string]> = {
	field_ignored: ['Fix 4, speed: not valid, ignored', 'Relevé 4, vitesse : valeur non valable, ignorée'],
	vin_not_iso: ['VIN: not a standard VIN (ISO 3779), accepted anyway', 'VIN : pas un VIN normalisé (ISO 3779), accepté quand même'],
	clock_skew: ["Vehicle clock 42 s ahead of the console's", 'Horloge du véhicule en avance de 42 s sur celle de la console'],
	implausible_speed: [
		'Fix implies 512 km/h from its neighbours (limit 300 km/h): kept and flagged',
		'Relevé impliquant 512 km/h depuis ses voisins (limite 300 km/h) : gardé et signalé'
	],
	msd_undecodable: ['eCall data (MSD) could not be decoded', "Les données eCall (MSD) n'ont pas pu être décodées"],
	msd_vin_differs: [
		"eCall data (MSD): VIN WP0ZZZ99ZTS392124, the event's is WDB11111111111111",
		"Données eCall (MSD) : VIN WP0ZZZ99ZTS392124, celui de l'événement est WDB11111111111111"
	],
	msd_position_apart: [
		"eCall data (MSD) puts the vehicle 1223 m from the gateway's position",
		'Les données eCall (MSD) placent le véhicule à 1223 m de la position de la passerelle'
	],
	msd_test_call_differs: ['Test call: the MSD says yes, the event no', "Appel de test : le MSD dit oui, l'événement non"],
	msd_automatic_differs: [
		'Activation: the MSD says manual (SOS button), the event automatic',
		"Déclenchement : le MSD dit manuel (bouton SOS), l'événement automatique"
	],
	msd_passengers_differ: ['Occupants belted: the MSD says 2, the event 1', "Occupants attachés : le MSD dit 2, l'événement 1"],
	traccar_no_vin: [
		'Traccar device without a VIN: its unique id 358240051111110 stands for the vehicle',
		'Appareil Traccar sans VIN : son identifiant unique 358240051111110 tient lieu de VIN'
	],
	traccar_fix_invalid: [
		'Traccar marked this fix not valid: kept as a problem, not drawn on the track',
		'Traccar a marqué ce relevé non valable : gardé comme problème, pas tracé sur le parcours'
	]
};

describe('a data problem in words', () => {
	it('is checked for identifiers by a check that finds them', () => {
		expect(rawIdentifiers('airbag.deployed at fixes.3.speedKmh: clock_skew, accuracyM; eCall is a word')).toEqual(['airbag.deployed', 'fixes.3', 'speedKmh', 'clock_skew', 'accuracyM']);
	});

	it.each(Object.keys(samples) as ProblemCode[])('reads %s in English and in French, with no identifier left', (code) => {
		const [en, fr] = words[code];
		expect(problemText(samples[code])).toBe(en);
		overwriteGetLocale(() => 'fr');
		expect(problemText(samples[code])).toBe(fr);
		expect(rawIdentifiers(en)).toEqual([]);
		expect(rawIdentifiers(fr)).toEqual([]);
	});

	it('names what was dropped with the field when it held it', () => {
		const dropped: Problem = { path: 'recentPositions.1.lat', message: '…', code: 'field_ignored', params: { ignored: 'recentPositions.1' } };
		expect(problemText(dropped)).toBe('Position before the crash 2, latitude: not valid; all of “Position before the crash 2” is ignored');
		overwriteGetLocale(() => 'fr');
		expect(problemText(dropped)).toBe("Position avant l'accident 2, latitude : valeur non valable ; tout l'élément « Position avant l'accident 2 » est ignoré");
	});

	it('reads a clock behind, and a long skew in hours and minutes', () => {
		const behind: Problem = { path: 'fixAt', message: '…', code: 'clock_skew', params: { seconds: 3723, ahead: false } };
		expect(problemText(behind)).toBe("Vehicle clock 1 h 2 min behind the console's");
		overwriteGetLocale(() => 'fr');
		expect(problemText(behind)).toBe('Horloge du véhicule en retard de 1 h 2 min sur celle de la console');
	});

	it('reads a fix at the same time as its neighbour elsewhere (no speed to give)', () => {
		const jump: Problem = { path: '', message: '…', code: 'implausible_speed', params: { kmh: null, limitKmh: 300 } };
		expect(problemText(jump)).toBe('Fix in another place at the same moment as a neighbouring fix: kept and flagged');
		overwriteGetLocale(() => 'fr');
		expect(problemText(jump)).toBe("Relevé ailleurs au même instant qu'un relevé voisin : gardé et signalé");
	});

	it('reads a problem stored before codes, or of a code it does not know, as its field not as expected', () => {
		const old = { path: 'position.lat', message: 'must be a number from -90 to 90; position was ignored' };
		const unknown = { path: 'vehicle.owner.phone', message: 'something new', code: 'owner_unreachable' };
		expect(problemText(old)).toBe('Position, latitude: not as expected');
		expect(problemText(unknown)).toBe("Owner's phone: not as expected");
		overwriteGetLocale(() => 'fr');
		expect(problemText(old)).toBe('Position, latitude : pas comme attendu');
		expect(problemText(unknown)).toBe('Téléphone du propriétaire : pas comme attendu');
	});

	it('keeps the path and the English message for the title', () => {
		expect(problemTitle(samples.clock_skew)).toBe("occurredAt: the vehicle clock is 42 s ahead of the console's");
		expect(problemTitle(samples.implausible_speed)).toBe(samples.implausible_speed.message);
	});
});

/** Every path the schemas allow, with index 0 for lists (and 3 for the fixes of a batch). */
function pathsOf(schema: z.ZodType, at: string): string[] {
	const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
	if (inner instanceof z.ZodObject) {
		return Object.entries(inner.shape).flatMap(([key, field]) => {
			const path = at ? `${at}.${key}` : key;
			return [path, ...pathsOf(field as z.ZodType, path)];
		});
	}
	if (inner instanceof z.ZodArray) {
		const item = `${at}.${at === 'fixes' ? 3 : 0}`;
		return [item, ...pathsOf(inner.element as z.ZodType, item)];
	}
	return [];
}

describe('a payload field in words', () => {
	const schemas = [airbagDeployedSchema, theftStartedSchema, theftPositionSchema, theftPositionsSchema, theftEndedSchema];
	const paths = [...new Set(['', 'device.attributes.vin', 'position.valid', ...schemas.flatMap((s) => pathsOf(s, ''))])];

	it('knows every field of every payload, in both languages', () => {
		expect(paths).toEqual(expect.arrayContaining(['position.lat', 'recentPositions.0.lon', 'propulsion.0', 'vehicle.owner.language', 'fixes.3.accuracyM', 'msd']));
		for (const locale of ['en', 'fr'] as const) {
			overwriteGetLocale(() => locale);
			const other = fieldWords('no.such.field');
			for (const path of paths) {
				const text = fieldWords(path);
				expect(text, path).not.toBe(other);
				expect(rawIdentifiers(text), path).toEqual([]);
			}
		}
	});

	it.each([
		['position.lat', 'Position, latitude', 'Position, latitude'],
		['fixes.3.speedKmh', 'Fix 4, speed', 'Relevé 4, vitesse'],
		['fixes.0', 'Fix 1', 'Relevé 1'],
		['recentPositions.1.lon', 'Position before the crash 2, longitude', "Position avant l'accident 2, longitude"],
		['propulsion.2', 'Energy store 3', 'Énergie à bord 3'],
		['vehicle.model', 'Vehicle model', 'Modèle du véhicule'],
		['vehicle.owner.phone', "Owner's phone", 'Téléphone du propriétaire'],
		['msd', 'eCall data (MSD)', 'Données eCall (MSD)'],
		['occurredAt', 'Time at the vehicle', 'Heure au véhicule'],
		['fixAt', 'Fix time', 'Heure du relevé'],
		['accuracyM', 'Accuracy', 'Précision'],
		['headingDeg', 'Direction of travel', 'Direction de déplacement'],
		['', 'The event as a whole', "L'événement dans son ensemble"]
	])('reads %s as "%s" and "%s"', (path, en, fr) => {
		expect(fieldWords(path)).toBe(en);
		overwriteGetLocale(() => 'fr');
		expect(fieldWords(path)).toBe(fr);
	});

	it.each([
		['vehicle.wheels', 'Another field', 'Un autre champ'],
		['constructor', 'Another field', 'Un autre champ'],
		['__proto__', 'Another field', 'Un autre champ'],
		['fixes.x', 'Another field', 'Un autre champ'],
		['odometer.0', 'Another field', 'Un autre champ'],
		['fixes.3.altitude', 'Fix 4, another field', 'Relevé 4, un autre champ']
	])('reads the unknown %s in general words', (path, en, fr) => {
		expect(fieldWords(path)).toBe(en);
		overwriteGetLocale(() => 'fr');
		expect(fieldWords(path)).toBe(fr);
	});
});

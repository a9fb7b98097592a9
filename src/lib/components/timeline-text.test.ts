import { afterEach, describe, expect, it } from 'vitest';
import { endReasons, triggers } from '$lib/domain/gateway/schemas';
import type { TimelineEntry } from '$lib/domain/incident';
import { checklists, outcomes } from '$lib/domain/lifecycle';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { describeEntry, endReasonWords, triggerWords } from './timeline-text';

afterEach(() => overwriteGetLocale(() => 'en'));

/** What of a program's own names is left in `text`: dotted paths, snake_case and camelCase words. */
function rawIdentifiers(text: string): string[] {
	const found = text.match(/\b\w+\.\w+\b|\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[a-z]+[A-Z]\w*\b/g) ?? [];
	return found.filter((word) => word !== 'eCall');
}

const entry = (kind: string, data: Record<string, unknown> = {}): TimelineEntry => ({ id: 1, incidentId: 1, at: 0, kind, actorId: null, actorName: null, data });

const clock = { path: 'occurredAt', message: "the vehicle clock is 42 s ahead of the console's", code: 'clock_skew', params: { seconds: 42, ahead: true }, eventId: 'e1' };
const dropped = { path: 'vehicle.plate', message: 'must be a non-empty string; vehicle.plate was ignored', code: 'field_ignored', params: { ignored: 'vehicle.plate' }, eventId: 'e1' };
const old = { path: 'position.lat', message: 'must be a number from -90 to 90; position was ignored', eventId: 'e0' };

/** An entry of every kind the server writes (and every particular), in English and in French. */
const cases: [string, TimelineEntry, string, string][] = [
	[
		'an automatic crash',
		entry('alert', { event: 'airbag.deployed', eventId: 'e1', repeated: false, details: { automatic: true, position: { lat: 48, lon: 11 } } }),
		'Airbag deployed, automatic',
		'Airbag déclenché, automatique'
	],
	[
		'a manual test call, again',
		entry('alert', { event: 'airbag.deployed', eventId: 'e2', repeated: true, details: { automatic: false, testCall: true } }),
		'Airbag deployed, manual (SOS button), test call, again: joins this incident',
		'Airbag déclenché, manuel (bouton SOS), appel de test, de nouveau : rejoint cet incident'
	],
	['a crash that says nothing of how', entry('alert', { event: 'airbag.deployed', repeated: false, details: {} }), 'Airbag deployed', 'Airbag déclenché'],
	['a theft started', entry('alert', { event: 'theft.started', trigger: 'tow_away' }), 'Theft mode started: towed away', 'Mode vol activé : remorquage'],
	[
		'a theft cleared at the vehicle',
		entry('alert', { event: 'theft.ended', reason: 'driver_card_recognised' }),
		'Theft mode cleared at the vehicle: driver card recognised',
		'Mode vol levé au véhicule : carte du conducteur reconnue'
	],
	['an alert of an unknown event', entry('alert', { event: 'vehicle.exploded' }), 'Alert from the gateway', 'Alerte de la passerelle'],
	['a theft with an unknown trigger', entry('alert', { event: 'theft.started', trigger: 'alien_abduction' }), 'Theft mode started: other cause', 'Mode vol activé : autre cause'],
	['a theft ended for an unknown reason', entry('alert', { event: 'theft.ended', reason: 'solar_flare' }), 'Theft mode cleared at the vehicle: other reason', 'Mode vol levé au véhicule : autre raison'],
	['an acknowledgement', entry('acknowledge'), 'Acknowledged', 'Pris en charge'],
	['a release', entry('release'), 'Released', 'Relâché'],
	[
		'an escalation',
		entry('escalate', { authority: 'SAMU 44', authorityKind: 'emergency', reference: 'SAMU-44-0042', note: 'two injured' }),
		'Escalated to SAMU 44 — SAMU-44-0042 — two injured',
		'Transmis à SAMU 44 — SAMU-44-0042 — two injured'
	],
	['a reference', entry('add_reference', { escalationId: 3, reference: 'PN-44-2026-0001' }), 'Reference added: PN-44-2026-0001', 'Référence ajoutée : PN-44-2026-0001'],
	['a note', entry('note', { note: 'Owner confirms' }), 'Note: Owner confirms', 'Note : Owner confirms'],
	['a resolution', entry('resolve', { outcome: 'vehicle_recovered', note: null }), 'Resolved: vehicle recovered', 'Clos : véhicule retrouvé'],
	['a resolution of an unknown outcome', entry('resolve', { outcome: 'teleported', note: null }), 'Resolved: other', 'Clos : autre'],
	['a reassignment', entry('reassign', { from: null, to: 'olivier' }), 'Reassigned from — to olivier', 'Réattribué de — à olivier'],
	['a step ticked', entry('check', { step: 'call_owner', done: true }), 'Checklist: Call the owner', 'Liste : Appeler le propriétaire'],
	['an unknown step unticked', entry('check', { step: 'pray_loudly', done: false }), 'Checklist unticked: another step', 'Liste décochée : une autre étape'],
	[
		'one data problem',
		entry('data_problem', { problems: [clock], total: 1 }),
		"Data problem: Vehicle clock 42 s ahead of the console's",
		'Problème de données : Horloge du véhicule en avance de 42 s sur celle de la console'
	],
	[
		'data problems, some not listed, one stored before codes',
		entry('data_problem', { problems: [dropped, old], total: 3 }),
		'3 data problems: Number plate: not valid, ignored; Position, latitude: not as expected; and 1 more',
		"3 problèmes de données : Plaque d'immatriculation : valeur non valable, ignorée ; Position, latitude : pas comme attendu ; et 1 autre"
	],
	[
		'many data problems',
		entry('data_problem', { problems: [clock], total: 51 }),
		"51 data problems: Vehicle clock 42 s ahead of the console's; and 50 more",
		'51 problèmes de données : Horloge du véhicule en avance de 42 s sur celle de la console ; et 50 autres'
	],
	['a hand-off sheet opened', entry('handoff', { use: 'opened' }), 'Hand-off sheet opened', 'Fiche de transfert ouverte'],
	['a hand-off sheet copied', entry('handoff', { use: 'copied' }), 'Hand-off sheet copied as text', 'Fiche de transfert copiée en texte'],
	[
		'a police link made',
		entry('police_link', { event: 'made', linkId: 4, authority: 'Police France', expiresAt: Date.UTC(2026, 11, 3, 15, 31, 59) }),
		'Police link made for Police France, until 03/12/2026, 15:31:59',
		"Lien police créé pour Police France, jusqu'au 03/12/2026 15:31:59"
	],
	['a police link revoked', entry('police_link', { event: 'revoked', linkId: 4, authority: 'Police France' }), 'Police link for Police France revoked', 'Lien police pour Police France révoqué'],
	[
		'a police link opened at a street address',
		entry('police_link', {
			event: 'opened',
			linkId: 4,
			authority: 'Police France',
			address: { road: 'Rue de Rivoli', houseNumber: '12', postcode: '75001', town: 'Paris', at: { lat: 48.8606, lon: 2.3376 } },
			town: 'Paris',
			country: 'FR',
			browser: 'Firefox 128 · Windows'
		}),
		'Police link for Police France opened: vehicle at 12 Rue de Rivoli, 75001 Paris; Firefox 128 · Windows',
		'Lien police pour Police France ouvert : véhicule à 12 Rue de Rivoli, 75001 Paris ; Firefox 128 · Windows'
	],
	[
		'a police link opened near a town, by a browser not told',
		entry('police_link', { event: 'opened', linkId: 4, authority: 'Police France', address: null, town: 'Versailles', country: 'FR', browser: null }),
		'Police link for Police France opened: vehicle at Versailles; browser unknown',
		'Lien police pour Police France ouvert : véhicule à Versailles ; navigateur inconnu'
	],
	['a police link event not known', entry('police_link', { event: 'teleported', linkId: 4 }), 'Police link', 'Lien police'],
	['a theft opened by a fix', entry('system', { message: 'start_event_missing', eventId: 'f1' }), 'System: theft start event not received', 'Système : début de vol non reçu'],
	['an unknown system message', entry('system', { message: 'disk_nearly_full' }), 'System: a notice from the console', 'Système : un avis de la console'],
	['an unknown kind', entry('teleport', { to: 'Mars' }), 'Another kind of entry', "Autre type d'entrée"]
];

describe('a timeline entry in words', () => {
	it.each(cases)('reads %s in English and in French, with no identifier left', (_, e, en, fr) => {
		expect(describeEntry(e)).toBe(en);
		overwriteGetLocale(() => 'fr');
		expect(describeEntry(e)).toBe(fr);
		expect(rawIdentifiers(en)).toEqual([]);
		expect(rawIdentifiers(fr)).toEqual([]);
	});

	it('has words for every theft trigger, theft end reason, outcome and step, in both languages', () => {
		for (const locale of ['en', 'fr'] as const) {
			overwriteGetLocale(() => locale);
			const entries = [
				...triggers.map((trigger) => entry('alert', { event: 'theft.started', trigger })),
				...endReasons.map((reason) => entry('alert', { event: 'theft.ended', reason })),
				...outcomes.map((outcome) => entry('resolve', { outcome, note: null })),
				...[...checklists.airbag, ...checklists.theft].map((step) => entry('check', { step, done: true }))
			];
			for (const e of entries) expect(rawIdentifiers(describeEntry(e)), JSON.stringify(e.data)).toEqual([]);
			// Each value its own words: only `other` reads as the fallback.
			expect(new Set(triggers.map(triggerWords)).size).toBe(triggers.length);
			expect(new Set(endReasons.map(endReasonWords)).size).toBe(endReasons.length);
		}
	});
});

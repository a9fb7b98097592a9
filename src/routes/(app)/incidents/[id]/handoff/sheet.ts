// What the hand-off sheet holds (docs/ecall.md, "The hand-off sheet"), in the reader's language:
// what the emergency services or the police need and nothing they do not (no owner's name or
// phone, no other contact). The page shows these sections; "Copy as text" copies the same.
import { socTime, socZoneName } from '$lib/client/format';
import { msdHeading, msdRows, positionText, propulsionWords } from '$lib/components/msd-text';
import { referencesText } from '$lib/components/timeline-text';
import { streetText } from '$lib/components/street-text';
import type { StreetLine } from '$lib/domain/address';
import { toDms } from '$lib/domain/geo';
import type { FixView, IncidentView } from '$lib/domain/incident';
import { m } from '$lib/paraglide/messages';
import { countryName } from '$lib/client/country';

export interface Section {
	title: string;
	rows: [string, string][];
}

export interface Sheet {
	title: string;
	testCall: boolean;
	sections: Section[];
}

/** `street`: what the position's street line says now (domain/address.ts, `streetLine`). */
export function handoffSheet(incident: IncidentView, fixes: readonly FixView[], operator: string, street: StreetLine): Sheet {
	const time = (ms: number) => m.ho_time_value({ time: socTime(ms), zone: socZoneName() });
	const d = incident.details;
	const position = incident.lastPosition;
	const sections: Section[] = [
		{
			title: m.ho_incident(),
			rows: [
				[m.ho_incident(), String(incident.id)],
				[m.ho_type(), incident.type === 'airbag' ? m.type_airbag() : m.type_theft()],
				[m.ho_operator(), incident.ownerName ?? operator]
			]
		},
		{
			title: m.ho_times(),
			rows: [
				...(incident.occurredAt === null ? [] : ([[m.msd_time(), time(incident.occurredAt)]] as [string, string][])),
				[m.ho_console_time(), time(incident.openedAt)]
			]
		}
	];
	if (incident.type === 'airbag') {
		if (d.msdDecoded) sections.push({ title: msdHeading(d.msdDecoded), rows: msdRows(d.msdDecoded, time) });
		else sections.push({ title: m.msd_title(), rows: [[m.msd_title(), d.msdFault ? m.msd_fault({ fault: d.msdFault }) : m.msd_none()]] });
	}
	sections.push({
		title: m.ho_position(),
		rows: position
			? [
					...streetRows(incident, street),
					[m.ho_decimal(), positionText(position)],
					[m.ho_dms(), toDms(position)],
					[m.ho_town(), incident.place?.name ?? m.unknown()],
					[m.ho_country(), incident.country ? countryName(incident.country) : m.unknown()]
				]
			: [[m.ho_position(), m.unknown_place()]]
	});
	if (incident.type === 'airbag' && d.recentPositions?.length) {
		sections.push({ title: m.ho_recent(), rows: d.recentPositions.map((p, i) => [String(i + 1), `${positionText(p)} · ${toDms(p)}`]) });
	}
	if (fixes.length > 0) {
		sections.push({
			title: m.ho_last_fixes(),
			rows: fixes.map((f, i) => [String(i + 1), m.ho_fix_value({ time: time(f.fixAt), position: `${positionText(f)} · ${toDms(f)}` })])
		});
	}
	const v = incident.vehicle;
	sections.push({
		title: m.ho_vehicle(),
		rows: [
			[m.ho_model(), [v?.model, v?.modelYear].filter((x) => x !== null && x !== undefined).join(' ') || m.unknown()],
			[m.ho_colour(), v?.colour ?? m.unknown()],
			[m.ho_plate(), v?.plate ?? m.unknown()],
			['VIN', incident.vin],
			[m.energy(), d.propulsion ? propulsionWords(d.propulsion) : m.unknown()]
		]
	});
	sections.push({
		title: m.ho_occupants(),
		rows: [
			[m.msd_occupants(), d.passengers === undefined ? m.unknown() : String(d.passengers)],
			[m.ho_language(), v?.ownerLanguage ?? m.unknown()]
		]
	});
	sections.push({
		title: m.ho_references(),
		rows: incident.escalations.length === 0 ? [[m.ho_references(), m.none()]] : incident.escalations.map((e) => [e.authorityName, referencesText(e)])
	});
	return { title: m.handoff_heading({ id: incident.id }), testCall: d.testCall === true, sections };
}

/** The street address first, the words the authority knows a place by; none without a geocoder's answer. */
function streetRows(incident: IncidentView, street: StreetLine): [string, string][] {
	if (street.show === 'looking') return [[m.ho_street(), m.ho_street_looking()]];
	if (street.show === 'town') return [];
	return [[m.ho_street(), streetText(street.address, incident.place?.name ?? null, incident.country?.code ?? incident.place?.country ?? null)]];
}

/** The sheet as plain text, for pasting into a PSAP's or police system's form. */
export function sheetText(sheet: Sheet): string {
	const lines = [sheet.title, ...(sheet.testCall ? [m.test_call()] : [])];
	for (const section of sheet.sections) {
		lines.push('', section.title.toUpperCase());
		for (const [label, value] of section.rows) lines.push(`${label}: ${value}`);
	}
	return lines.join('\n') + '\n';
}

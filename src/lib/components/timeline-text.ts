// How incidents' outcomes, checklist steps, statuses, theft triggers and end reasons, and timeline
// entries read, in the reader's language; data problems read as problem-text.ts writes them. Shared
// by the console's incident detail and the supervisor's log.
import type { EndReason, Trigger } from '$lib/domain/gateway/schemas';
import type { EscalationView, IncidentDetails, IncidentStatus, TimelineEntry } from '$lib/domain/incident';
import type { Outcome } from '$lib/domain/lifecycle';
import type { StoredProblem } from '$lib/domain/problems';
import type { StreetAddress } from '$lib/domain/address';
import { m } from '$lib/paraglide/messages';
import { socTime } from '$lib/client/format';
import { problemText } from './problem-text';
import { streetText } from './street-text';

/** An escalation's references in the order given, each with who gave it; a dash when none. */
export const referencesText = (e: EscalationView): string =>
	e.references.map((r) => m.reference_by({ reference: r.reference, name: r.actorName })).join(', ') || '—';

export const outcomeText: Record<Outcome, () => string> = {
	test_call: m.outcome_test_call,
	false_alarm: m.outcome_false_alarm,
	occupants_ok: m.outcome_occupants_ok,
	handed_to_emergency_services: m.outcome_handed_to_emergency_services,
	vehicle_recovered: m.outcome_vehicle_recovered,
	theft_cleared_by_owner: m.outcome_theft_cleared_by_owner,
	other: m.outcome_other
};

export const stepText: Record<string, () => string> = {
	read_data: m.step_read_data,
	call_occupants: m.step_call_occupants,
	decide: m.step_decide,
	notify_emergency_services: m.step_notify_emergency_services,
	stay_until_confirmed: m.step_stay_until_confirmed,
	call_owner: m.step_call_owner,
	security_questions: m.step_security_questions,
	driver_card_check: m.step_driver_card_check,
	crime_reference: m.step_crime_reference,
	notify_police: m.step_notify_police
};

export const statusText: Record<IncidentStatus, () => string> = {
	new: m.status_new,
	acknowledged: m.status_acknowledged,
	escalated: m.status_escalated,
	resolved: m.status_resolved
};

export const triggerText: Record<Trigger, () => string> = {
	unauthorised_movement: m.trigger_unauthorised_movement,
	tow_away: m.trigger_tow_away,
	ignition_without_card: m.trigger_ignition_without_card,
	battery_disconnected: m.trigger_battery_disconnected,
	tamper: m.trigger_tamper,
	owner_report: m.trigger_owner_report,
	other: m.trigger_other
};

export const endReasonText: Record<EndReason, () => string> = {
	driver_card_recognised: m.end_reason_driver_card_recognised,
	owner_cleared: m.end_reason_owner_cleared,
	service_mode: m.end_reason_service_mode,
	other: m.end_reason_other
};

/** The words of `value` in `words`; `fallback`'s for a value it does not know. */
function wordsOf(words: Record<string, () => string>, value: unknown, fallback: () => string): string {
	return typeof value === 'string' && Object.hasOwn(words, value) ? words[value]() : fallback();
}

/** A theft's trigger in words; an unknown one as "other cause". */
export const triggerWords = (trigger: unknown): string => wordsOf(triggerText, trigger, m.trigger_other);
/** Why theft mode was cleared at the vehicle, in words; an unknown reason as "other reason". */
export const endReasonWords = (reason: unknown): string => wordsOf(endReasonText, reason, m.end_reason_other);

/** An outcome in words; an unknown one as stored. */
export const outcomeWords = (outcome: string | null): string =>
	outcome === null ? '—' : (outcomeText[outcome as Outcome]?.() ?? outcome);

/** A gateway's alert: the event and its particulars. */
function alertText(d: Record<string, unknown>): string {
	switch (d.event) {
		case 'airbag.deployed': {
			const details = (d.details ?? {}) as IncidentDetails;
			const particulars = [
				details.automatic === undefined ? null : details.automatic ? m.tl_automatic() : m.tl_manual(),
				details.testCall ? m.tl_test_call() : null,
				d.repeated ? m.tl_repeated() : null
			];
			return [m.tl_airbag_deployed(), ...particulars].filter((p) => p !== null).join(', ');
		}
		case 'theft.started':
			return m.tl_theft_started({ trigger: triggerWords(d.trigger) });
		case 'theft.ended':
			return m.tl_theft_ended({ reason: endReasonWords(d.reason) });
		default:
			return m.tl_alert();
	}
}

/** A `data_problem` entry: its problems (the first 50 are stored), and how many more there were. */
function problemsText(d: Record<string, unknown>): string {
	const problems = Array.isArray(d.problems) ? (d.problems as StoredProblem[]) : [];
	const total = typeof d.total === 'number' ? Math.max(d.total, problems.length) : problems.length;
	const words = problems.map(problemText);
	if (total > problems.length) words.push(m.tl_and_more({ count: total - problems.length }));
	return m.tl_data_problem({ count: total, problems: words.join(m.tl_problem_separator()) });
}

/** A `police_link` entry: made (until when), revoked, or opened (where the vehicle was, the browser in short). */
function policeLinkText(d: Record<string, unknown>): string {
	const authority = String(d.authority ?? '—');
	switch (d.event) {
		case 'made':
			return m.tl_police_link_made({ authority, time: typeof d.expiresAt === 'number' ? socTime(d.expiresAt) : '—' });
		case 'revoked':
			return m.tl_police_link_revoked({ authority });
		case 'opened': {
			const town = typeof d.town === 'string' ? d.town : null;
			const country = typeof d.country === 'string' ? d.country : null;
			const address = d.address as StreetAddress | null | undefined;
			const where = address ? streetText(address, town, country) : (town ?? m.unknown_place());
			return m.tl_police_link_opened({ authority, where, browser: typeof d.browser === 'string' ? d.browser : m.tl_browser_unknown() });
		}
		default:
			return m.tl_police_link_other();
	}
}

/** A timeline entry in words (without its time and actor); an unknown kind or value in general words. */
export function describeEntry(entry: TimelineEntry): string {
	const d = entry.data as Record<string, string | boolean | null | undefined>;
	switch (entry.kind) {
		case 'alert':
			return alertText(entry.data);
		case 'acknowledge':
			return m.tl_acknowledge();
		case 'release':
			return m.tl_release();
		case 'escalate':
			return m.tl_escalate({ authority: String(d.authority) }) + (d.reference ? ` — ${d.reference}` : '') + (d.note ? ` — ${d.note}` : '');
		case 'add_reference':
			return m.tl_add_reference({ reference: String(d.reference) });
		case 'note':
			return m.tl_note({ note: String(d.note) });
		case 'resolve':
			return m.tl_resolve({ outcome: wordsOf(outcomeText, d.outcome, m.outcome_other) }) + (d.note ? ` — ${d.note}` : '');
		case 'reassign':
			return m.tl_reassign({ from: String(d.from ?? '—'), to: String(d.to) });
		case 'check':
			return (d.done ? m.tl_check : m.tl_uncheck)({ step: wordsOf(stepText, d.step, m.tl_step_other) });
		case 'data_problem':
			return problemsText(entry.data);
		case 'handoff':
			return d.use === 'copied' ? m.tl_handoff_copied() : m.tl_handoff_opened();
		case 'police_link':
			return policeLinkText(entry.data);
		case 'system':
			return m.tl_system({ message: d.message === 'start_event_missing' ? m.start_event_missing() : m.tl_system_other() });
		default:
			return m.tl_other();
	}
}

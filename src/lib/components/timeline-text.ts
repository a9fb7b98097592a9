// How incidents' outcomes, checklist steps, statuses and timeline entries read, in the reader's
// language. Shared by the console's incident detail and the supervisor's log (moved here from
// src/routes/(app)/IncidentDetail.svelte).
import type { EscalationView, IncidentStatus, TimelineEntry } from '$lib/domain/incident';
import type { Outcome } from '$lib/domain/lifecycle';
import { m } from '$lib/paraglide/messages';

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

/** An outcome in words; an unknown one as stored. */
export const outcomeWords = (outcome: string | null): string =>
	outcome === null ? '—' : (outcomeText[outcome as Outcome]?.() ?? outcome);

/** A timeline entry in words (without its time and actor). */
export function describeEntry(entry: TimelineEntry): string {
	const d = entry.data as Record<string, string | boolean | null | undefined>;
	switch (entry.kind) {
		case 'alert':
			return m.tl_alert({ event: String(d.event) }) + (d.repeated ? ' ↻' : '');
		case 'acknowledge':
			return m.tl_acknowledge();
		case 'release':
			return m.tl_release();
		case 'escalate':
			return m.tl_escalate({ authority: String(d.authority) }) + (d.reference ? ` — ${d.reference}` : '') + (d.note ? ` — ${d.note}` : '');
		case 'add_reference':
			return m.tl_add_reference({ reference: String(d.reference) });
		case 'note':
			return `${m.tl_note()}: ${d.note}`;
		case 'resolve':
			return m.tl_resolve({ outcome: outcomeText[d.outcome as Outcome]?.() ?? String(d.outcome) }) + (d.note ? ` — ${d.note}` : '');
		case 'reassign':
			return m.tl_reassign({ from: String(d.from ?? '—'), to: String(d.to) });
		case 'check':
			return (d.done ? m.tl_check : m.tl_uncheck)({ step: stepText[String(d.step)]?.() ?? String(d.step) });
		case 'data_problem':
			return `${m.tl_data_problem()}: ${((entry.data.problems as { path: string; message: string }[]) ?? []).map((p) => `${p.path || '—'} ${p.message}`).join('; ')}`;
		case 'handoff':
			return d.use === 'copied' ? m.tl_handoff_copied() : m.tl_handoff_opened();
		case 'system':
			return `${m.tl_system()}: ${d.message === 'start_event_missing' ? m.start_event_missing() : String(d.message)}`;
		default:
			return entry.kind;
	}
}

// The incident lifecycle (docs/console.md): who may do what, in which state. Pure, shared by server and
// browser (the browser greys out what the server would refuse anyway).
import { z } from 'zod';
import type { Role } from './roles';
import type { IncidentStatus } from './incident';
import { wellFormed, wellFormedRule } from './text';

export const outcomes = [
	'test_call',
	'false_alarm',
	'occupants_ok',
	'handed_to_emergency_services',
	'vehicle_recovered',
	'theft_cleared_by_owner',
	'other'
] as const;
export type Outcome = (typeof outcomes)[number];

export const checklists = {
	airbag: ['read_data', 'call_occupants', 'decide', 'notify_emergency_services', 'stay_until_confirmed'],
	theft: ['call_owner', 'security_questions', 'driver_card_check', 'crime_reference', 'notify_police']
} as const;
export type ChecklistStep = (typeof checklists)[keyof typeof checklists][number];

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`).refine(wellFormed, wellFormedRule);
const id = z.number().int().positive();

/** Every action an operator can take, as sent over the socket. */
export const actionSchema = z.discriminatedUnion('action', [
	z.object({ action: z.literal('acknowledge'), incidentId: id }),
	z.object({ action: z.literal('release'), incidentId: id }),
	z.object({
		action: z.literal('escalate'),
		incidentId: id,
		authorityId: id,
		reference: text(100).optional(),
		note: text(2000).optional()
	}),
	z.object({ action: z.literal('add_reference'), incidentId: id, escalationId: id, reference: text(100).min(1, 'a reference is required') }),
	z.object({ action: z.literal('note'), incidentId: id, note: text(2000).min(1, 'a note is required') }),
	z.object({ action: z.literal('resolve'), incidentId: id, outcome: z.enum(outcomes), note: text(2000).optional() }),
	z.object({ action: z.literal('reassign'), incidentId: id, toAccountId: id }),
	z.object({ action: z.literal('check'), incidentId: id, step: z.string().max(64), done: z.boolean() })
]);
export type Action = z.infer<typeof actionSchema>;
export type ActionName = Action['action'];

export type Refusal =
	| 'not_allowed'
	| 'owned_by_other'
	| 'not_owner'
	| 'already_resolved'
	| 'not_acknowledged'
	| 'outcome_note_required'
	| 'unknown_step'
	| 'unknown_authority'
	| 'unknown_escalation'
	| 'unknown_account'
	| 'not_found';

export interface ActionContext {
	role: Role;
	accountId: number;
	status: IncidentStatus;
	ownerId: number | null;
	type: 'airbag' | 'theft';
}

/** Null when `action` may be taken now, else why not. */
export function refusalOf(action: Action, c: ActionContext): Refusal | null {
	if (c.role !== 'operator' && c.role !== 'supervisor') return 'not_allowed';
	const resolved = c.status === 'resolved';
	const mine = c.ownerId === c.accountId;
	switch (action.action) {
		case 'note':
			return null;
		case 'acknowledge':
			if (resolved) return 'already_resolved';
			if (c.ownerId !== null) return mine ? null : 'owned_by_other';
			return null;
		case 'release':
			if (resolved) return 'already_resolved';
			return mine ? null : 'not_owner';
		case 'reassign':
			if (c.role !== 'supervisor') return 'not_allowed';
			return resolved ? 'already_resolved' : null;
		case 'check':
			if (resolved) return 'already_resolved';
			if (!(checklists[c.type] as readonly string[]).includes(action.step)) return 'unknown_step';
			return ownedAct(c, mine);
		case 'escalate':
		case 'resolve':
			if (resolved) return 'already_resolved';
			if (action.action === 'resolve' && action.outcome === 'other' && !action.note) return 'outcome_note_required';
			return ownedAct(c, mine);
		case 'add_reference':
			// The owner's hand-off, or a supervisor's; never on a closed record.
			if (resolved) return 'already_resolved';
			return c.role === 'supervisor' ? null : ownedAct(c, mine);
	}
}

/** Escalating, resolving and ticking steps need the incident acknowledged, by this operator. */
function ownedAct(c: ActionContext, mine: boolean): Refusal | null {
	if (c.ownerId === null) return 'not_acknowledged';
	return mine ? null : 'owned_by_other';
}

/** The status after an action. */
export function nextStatus(action: ActionName, status: IncidentStatus): IncidentStatus {
	switch (action) {
		case 'acknowledge':
			return status === 'new' ? 'acknowledged' : status;
		case 'release':
			return 'new';
		case 'escalate':
			return 'escalated';
		case 'resolve':
			return 'resolved';
		case 'reassign':
			return status === 'new' ? 'acknowledged' : status;
		default:
			return status;
	}
}

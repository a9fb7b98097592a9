// Operators' actions on incidents: each is judged by the lifecycle rules, applied in one
// transaction with its timeline entry, and put on the feed after the commit.
import { nextStatus, refusalOf, type Action, type Refusal } from '../../domain/lifecycle';
import type { Role } from '../../domain/roles';
import type { ActionResult } from '../../contract/ops';
import type { FeedEntry } from '../../domain/incident';
import { activeAgent } from '../stores/accounts';
import { activeAuthority } from '../stores/authorities';
import type { IncidentChanges, IncidentPatch, IncidentStore } from '../stores/incidents';

export interface Actor {
	id: number;
	username: string;
	role: Role;
}

/** Where committed changes go: the screens' feed. */
export type Publish = (feed: FeedEntry[]) => void;

/** Takes an action for `actor`; exactly one of two simultaneous acknowledgements wins. */
export async function act(incidents: IncidentStore, publish: Publish, actor: Actor, action: Action): Promise<ActionResult> {
	const now = Date.now();
	const { result, feed } = await incidents.change(now, (changes) => apply(changes, actor, action, now));
	if (feed.length > 0) publish(feed);
	if (!result.ok) return result;
	return { ok: true, incident: (await incidents.get(action.incidentId))! };
}

type Outcome = { ok: true } | { ok: false; error: Refusal; ownerName?: string | null };

async function apply(changes: IncidentChanges, actor: Actor, action: Action, now: number): Promise<Outcome> {
	const incident = await changes.current(action.incidentId);
	if (!incident) return { ok: false, error: 'not_found' };
	const refusal = refusalOf(action, { role: actor.role, accountId: actor.id, status: incident.status, ownerId: incident.ownerId, type: incident.type });
	if (refusal) return { ok: false, error: refusal, ownerName: incident.ownerName };
	const base: IncidentPatch = { status: nextStatus(action.action, incident.status), ownerId: incident.ownerId, checklist: incident.checklist };
	const changed = async (patch: Partial<IncidentPatch>, data: Record<string, unknown>): Promise<Outcome> => {
		if (!(await changes.update(incident, { ...base, ...patch }))) return { ok: false, error: 'owned_by_other', ownerName: incident.ownerName };
		await changes.appendTimeline(incident.id, action.action, data, actor.id);
		return { ok: true };
	};
	switch (action.action) {
		case 'acknowledge':
			if (incident.ownerId === actor.id) return { ok: true };
			return changed({ ownerId: actor.id, acknowledgedAt: now }, {});
		case 'release':
			return changed({ ownerId: null }, {});
		case 'reassign': {
			const to = await activeAgent(changes.tx, action.toAccountId);
			if (!to) return { ok: false, error: 'unknown_account' };
			return changed({ ownerId: to.id, acknowledgedAt: now }, { from: incident.ownerName, to: to.username });
		}
		case 'escalate': {
			const authority = await activeAuthority(changes.tx, action.authorityId);
			if (!authority) return { ok: false, error: 'unknown_authority' };
			const reference = action.reference || null;
			const outcome = await changed({ escalatedAt: now }, { authority: authority.name, authorityKind: authority.kind, reference, note: action.note || null });
			if (outcome.ok) await changes.addEscalation(incident.id, authority.id, reference, actor.id);
			return outcome;
		}
		case 'add_reference':
			if (!(await changes.addReference(incident.id, action.escalationId, action.reference, actor.id))) return { ok: false, error: 'unknown_escalation' };
			await changes.appendTimeline(incident.id, 'add_reference', { escalationId: action.escalationId, reference: action.reference }, actor.id);
			return { ok: true };
		case 'note':
			await changes.appendTimeline(incident.id, 'note', { note: action.note }, actor.id);
			return { ok: true };
		case 'resolve':
			return changed({ resolvedAt: now, outcome: action.outcome }, { outcome: action.outcome, note: action.note || null });
		case 'check': {
			const checklist = action.done
				? [...new Set([...incident.checklist, action.step])]
				: incident.checklist.filter((s) => s !== action.step);
			return changed({ checklist }, { step: action.step, done: action.done });
		}
	}
}

/** How the hand-off sheet was used: each use goes on the incident's timeline (docs/ecall.md). */
export type HandoffUse = 'opened' | 'copied';

/** Puts a use of the incident's hand-off sheet on its timeline; false when there is no such incident. */
export async function recordHandoff(incidents: IncidentStore, publish: Publish, actor: Actor, incidentId: number, use: HandoffUse): Promise<boolean> {
	const { result, feed } = await incidents.change(Date.now(), async (changes) => {
		if (!(await changes.current(incidentId))) return false;
		await changes.appendTimeline(incidentId, 'handoff', { use }, actor.id);
		return true;
	});
	if (feed.length > 0) publish(feed);
	return result;
}

/**
 * An owner signed out, timed out or was disabled (here or from the command line): their open
 * incidents go on the feed again, now marked "owner offline" on every screen; and back when they return.
 */
export class OwnerPresence {
	/** Whether each owned open incident's owner was online when last put on the feed. */
	readonly #published = new Map<number, boolean>();

	constructor(
		private readonly incidents: IncidentStore,
		private readonly publish: Publish
	) {}

	async refresh(): Promise<void> {
		const presence = await this.incidents.ownerPresence();
		const changed = presence.filter(({ id, online }) => (this.#published.get(id) ?? true) !== online).map((p) => p.id);
		this.#published.clear();
		for (const { id, online } of presence) this.#published.set(id, online);
		if (changed.length === 0) return;
		const { feed } = await this.incidents.change(Date.now(), (changes) => changes.touch(changed));
		this.publish(feed);
	}
}

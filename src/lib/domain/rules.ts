// The console's rules of time (docs/console.md, "Incident lifecycle"): the time target, breached,
// follow-up due, owner offline, stale track and gateway silence. Their one home, with one
// configuration shape, used by the list, the map, the wall, the incident pages and the reports.
import type { GatewayStatus, IncidentType, IncidentView } from './incident';

export interface Thresholds {
	targetAirbagMs: number;
	targetTheftMs: number;
	followUpMs: number;
	staleAfterMs: number;
	gatewaySilentMs: number;
	/** How long a new position may wait for its street address (address.ts); 0 without a geocoder. */
	addressWaitMs: number;
}

/** The time targets alone: what the reports need. */
export type Targets = Pick<Thresholds, 'targetAirbagMs' | 'targetTheftMs'>;

/** Time to acknowledge, from the console's receive time of the opening event. */
export const targetOf = (type: IncidentType, t: Targets): number => (type === 'airbag' ? t.targetAirbagMs : t.targetTheftMs);

/** Breached now: still new past its target (it alarms until acknowledged). */
export const isBreached = (i: Pick<IncidentView, 'type' | 'status' | 'openedAt'>, now: number, t: Targets): boolean =>
	i.status === 'new' && now - i.openedAt > targetOf(i.type, t);

/**
 * Whether its target was breached at any time: acknowledged later than its target, or never
 * acknowledged while open past it (open until resolved, or until `now`).
 */
export function missedTarget(
	i: Pick<IncidentView, 'type' | 'openedAt' | 'acknowledgedAt' | 'resolvedAt'>,
	now: number,
	t: Targets
): boolean {
	const target = targetOf(i.type, t);
	if (i.acknowledgedAt !== null) return i.acknowledgedAt - i.openedAt > target;
	return (i.resolvedAt ?? now) - i.openedAt > target;
}

/** Owned, with no action for the follow-up time. */
export const needsFollowUp = (i: IncidentView, now: number, t: Thresholds): boolean =>
	(i.status === 'acknowledged' || i.status === 'escalated') && now - (i.lastActionAt ?? i.acknowledgedAt ?? i.openedAt) > t.followUpMs;

export const isOwnerOffline = (i: IncidentView): boolean => i.status !== 'resolved' && i.ownerId !== null && !i.ownerOnline;

/** When a theft's track last showed life: its last fix received, else its opening. */
export const lastSignOfLife = (i: Pick<IncidentView, 'lastFixReceivedAt' | 'openedAt'>): number => i.lastFixReceivedAt ?? i.openedAt;

/** A theft with no fix received for the stale time (by the console's receive time), none at all included. */
export const isStale = (i: Pick<IncidentView, 'type' | 'status' | 'lastFixReceivedAt' | 'openedAt'>, now: number, t: Pick<Thresholds, 'staleAfterMs'>): boolean =>
	i.type === 'theft' && i.status !== 'resolved' && now - lastSignOfLife(i) > t.staleAfterMs;

/** No gateway connected, or none heard for the silence time: a dead feed must not look calm. */
export function isGatewaySilent(g: GatewayStatus, now: number, t: Thresholds): boolean {
	return g.connected.length === 0 || g.lastEventAt === null || now - g.lastEventAt > t.gatewaySilentMs;
}

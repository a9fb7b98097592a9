// The operator's queue and alarms (console.md: order, time targets, follow-up, owner offline,
// stale tracks, gateway silence). Pure functions of the incidents, the clock and the settings.
import type { GatewayStatus, IncidentView } from './incident';

export interface Thresholds {
	targetAirbagMs: number;
	targetTheftMs: number;
	followUpMs: number;
	staleAfterMs: number;
	gatewaySilentMs: number;
}

export const targetOf = (incident: Pick<IncidentView, 'type'>, t: Thresholds) =>
	incident.type === 'airbag' ? t.targetAirbagMs : t.targetTheftMs;

/** Past its time to acknowledge and still not acknowledged. */
export const isBreached = (i: IncidentView, now: number, t: Thresholds) =>
	i.status === 'new' && now - i.openedAt > targetOf(i, t);

/** Owned, with no action for the follow-up time. */
export const needsFollowUp = (i: IncidentView, now: number, t: Thresholds) =>
	(i.status === 'acknowledged' || i.status === 'escalated') && now - (i.lastActionAt ?? i.acknowledgedAt ?? i.openedAt) > t.followUpMs;

export const isOwnerOffline = (i: IncidentView) => i.status !== 'resolved' && i.ownerId !== null && !i.ownerOnline;

/** A theft with no fix received for the stale time (by the console's receive time). */
export const isStale = (i: IncidentView, now: number, t: Thresholds) =>
	i.type === 'theft' && i.status !== 'resolved' && now - (i.lastFixReceivedAt ?? i.openedAt) > t.staleAfterMs;

/** No gateway connected, or none heard for the silence time: a dead feed must not look calm. */
export function isGatewaySilent(g: GatewayStatus, now: number, t: Thresholds): boolean {
	return g.connected.length === 0 || g.lastEventAt === null || now - g.lastEventAt > t.gatewaySilentMs;
}

/** Breached first, then airbag before theft, then `new` before the rest, then oldest first. */
export function compareIncidents(a: IncidentView, b: IncidentView, now: number, t: Thresholds): number {
	return (
		Number(isBreached(b, now, t)) - Number(isBreached(a, now, t)) ||
		Number(b.type === 'airbag') - Number(a.type === 'airbag') ||
		Number(b.status === 'new') - Number(a.status === 'new') ||
		a.openedAt - b.openedAt ||
		a.id - b.id
	);
}

export type AlarmKind = 'airbag' | 'theft' | 'breach' | 'follow_up' | 'owner_offline' | 'gateway_silence';

export interface Alarm {
	kind: AlarmKind;
	incidentId: number | null;
	/** Urgent alarms sound loud and repeat; soft ones chime. */
	urgent: boolean;
}

/** Every alarm sounding now for the account `me` (null on a wall display: everything but follow-ups). */
export function alarmsOf(incidents: IncidentView[], gateways: GatewayStatus, now: number, t: Thresholds, me: number | null): Alarm[] {
	const alarms: Alarm[] = [];
	for (const i of incidents) {
		if (i.status === 'resolved') continue;
		if (isBreached(i, now, t)) alarms.push({ kind: 'breach', incidentId: i.id, urgent: true });
		else if (i.status === 'new') alarms.push({ kind: i.type, incidentId: i.id, urgent: i.type === 'airbag' && !i.details.testCall });
		if (isOwnerOffline(i)) alarms.push({ kind: 'owner_offline', incidentId: i.id, urgent: true });
		else if (me !== null && i.ownerId === me && needsFollowUp(i, now, t)) alarms.push({ kind: 'follow_up', incidentId: i.id, urgent: false });
	}
	if (isGatewaySilent(gateways, now, t)) alarms.push({ kind: 'gateway_silence', incidentId: null, urgent: true });
	return alarms;
}

// The operator's queue and alarms (docs/console.md): the order of the list and what sounds now,
// from the rules of time (rules.ts). Pure functions of the incidents, the clock and the settings.
import type { GatewayStatus, IncidentView } from './incident';
import { isBreached, isGatewaySilent, isOwnerOffline, needsFollowUp, type Thresholds } from './rules';

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

// An incident as screens receive it, with every field at its plain default, and the console's
// default thresholds: tests change what they are about.
import type { IncidentView } from './incident';
import type { Thresholds } from './rules';

/** The defaults of docs/console.md: 60 s and 120 s targets, 300 s follow-up, 120 s stale, 300 s silence; no geocoder. */
export const exampleThresholds: Thresholds = { targetAirbagMs: 60_000, targetTheftMs: 120_000, followUpMs: 300_000, staleAfterMs: 120_000, gatewaySilentMs: 300_000, addressWaitMs: 0 };

export function exampleIncident(over: Partial<IncidentView> = {}): IncidentView {
	return {
		id: 1,
		type: 'airbag',
		status: 'new',
		vin: 'VF1AAAAA123456789',
		vehicle: null,
		openedAt: 0,
		occurredAt: null,
		details: {},
		ownerId: null,
		ownerName: null,
		acknowledgedAt: null,
		escalatedAt: null,
		resolvedAt: null,
		outcome: null,
		clearedAtVehicleAt: null,
		lastActionAt: null,
		lastFixAt: null,
		lastFixReceivedAt: null,
		lastPosition: null,
		place: null,
		country: null,
		address: null,
		escalations: [],
		checklist: [],
		ownerOnline: true,
		...over
	};
}

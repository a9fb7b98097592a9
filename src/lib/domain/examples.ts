// An incident as screens receive it, with every field at its plain default: tests change what
// they are about.
import type { IncidentView } from './incident';

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
		escalations: [],
		checklist: [],
		ownerOnline: true,
		...over
	};
}

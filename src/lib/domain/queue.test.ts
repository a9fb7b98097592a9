import { describe, expect, it } from 'vitest';
import { exampleIncident, exampleThresholds } from './examples';
import type { GatewayStatus, IncidentView } from './incident';
import { alarmsOf, compareIncidents } from './queue';

const t = exampleThresholds;
let ids = 0;
const incident = (over: Partial<IncidentView>): IncidentView => exampleIncident({ id: ++ids, vin: 'V', ...over });
const live: GatewayStatus = { connected: [{ gateway: 'g', since: 0 }], lastEventAt: 0 };

describe('queue order', () => {
	it('puts breached first, then airbag before theft, then new before the rest, then oldest first', () => {
		const now = 100_000;
		const breachedTheft = incident({ type: 'theft', openedAt: -50_000 });
		const newAirbag = incident({ openedAt: 90_000 });
		const olderAckAirbag = incident({ status: 'acknowledged', openedAt: 0 });
		const newTheftOld = incident({ type: 'theft', openedAt: 10_000 });
		const newTheftYoung = incident({ type: 'theft', openedAt: 20_000 });
		const sorted = [newTheftYoung, olderAckAirbag, newTheftOld, newAirbag, breachedTheft].sort((a, b) => compareIncidents(a, b, now, t));
		expect(sorted).toEqual([breachedTheft, newAirbag, olderAckAirbag, newTheftOld, newTheftYoung]);
	});
});

describe('alarms', () => {
	it('sounds a new crash loudly, a test call and a theft softly, and nothing once acknowledged', () => {
		const alarms = alarmsOf([incident({}), incident({ details: { testCall: true } }), incident({ type: 'theft' }), incident({ status: 'acknowledged', ownerId: 2 })], live, 1_000, t, 2);
		expect(alarms.map((a) => [a.kind, a.urgent])).toEqual([
			['airbag', true],
			['airbag', false],
			['theft', false]
		]);
	});

	it('alarms for everyone when an owner is offline, for the owner alone on follow-up, and on gateway silence', () => {
		const offline = incident({ status: 'acknowledged', ownerId: 3, ownerOnline: false, acknowledgedAt: 0 });
		const late = incident({ status: 'escalated', ownerId: 2, acknowledgedAt: 0, lastActionAt: 0 });
		expect(alarmsOf([offline, late], live, 301_000, t, 2).map((a) => a.kind)).toEqual(['owner_offline', 'follow_up', 'gateway_silence']);
		expect(alarmsOf([offline, late], { ...live, lastEventAt: 300_000 }, 301_000, t, 4).map((a) => a.kind)).toEqual(['owner_offline']);
	});
});

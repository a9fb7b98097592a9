import { describe, expect, it } from 'vitest';
import { exampleIncident, exampleThresholds } from './examples';
import type { GatewayStatus, IncidentView } from './incident';
import { isBreached, isGatewaySilent, isStale, missedTarget, needsFollowUp } from './rules';

const t = exampleThresholds;
let ids = 0;
const incident = (over: Partial<IncidentView>): IncidentView => exampleIncident({ id: ++ids, vin: 'V', ...over });
const live: GatewayStatus = { connected: [{ gateway: 'g', since: 0 }], lastEventAt: 0 };

describe('time targets', () => {
	it('breaches an unacknowledged crash after 60 s and a theft after 120 s, counted from receive time', () => {
		expect(isBreached(incident({ openedAt: 0 }), 60_000, t)).toBe(false);
		expect(isBreached(incident({ openedAt: 0 }), 60_001, t)).toBe(true);
		expect(isBreached(incident({ type: 'theft' }), 100_000, t)).toBe(false);
		expect(isBreached(incident({ type: 'theft' }), 120_001, t)).toBe(true);
		expect(isBreached(incident({ status: 'acknowledged' }), 999_999, t)).toBe(false);
	});

	it('asks for a follow-up after 5 minutes without action', () => {
		expect(needsFollowUp(incident({ status: 'acknowledged', ownerId: 1, acknowledgedAt: 0, lastActionAt: 10_000 }), 300_000, t)).toBe(false);
		expect(needsFollowUp(incident({ status: 'acknowledged', ownerId: 1, acknowledgedAt: 0, lastActionAt: 10_000 }), 310_001, t)).toBe(true);
	});

	it('marks a theft track stale without a fix for 120 s', () => {
		expect(isStale(incident({ type: 'theft', lastFixReceivedAt: 0 }), 120_001, t)).toBe(true);
		expect(isStale(incident({ type: 'theft', lastFixReceivedAt: 1 }), 120_000, t)).toBe(false);
		expect(isStale(incident({ type: 'airbag' }), 999_999, t)).toBe(false);
		expect(isStale(incident({ type: 'theft', status: 'resolved', lastFixReceivedAt: 0 }), 999_999, t)).toBe(false);
	});

	it('marks a theft with no fix at all stale once the stale time has passed since it opened', () => {
		expect(isStale(incident({ type: 'theft', openedAt: 0, lastFixReceivedAt: null }), 120_000, t)).toBe(false);
		expect(isStale(incident({ type: 'theft', openedAt: 0, lastFixReceivedAt: null }), 120_001, t)).toBe(true);
	});

	it('says a target was missed when acknowledged late, or left open past it without acknowledgement', () => {
		const base = { type: 'airbag' as const, openedAt: 0, acknowledgedAt: null, resolvedAt: null };
		expect(missedTarget({ ...base, acknowledgedAt: 60_000 }, 999_999, t)).toBe(false);
		expect(missedTarget({ ...base, acknowledgedAt: 60_001 }, 999_999, t)).toBe(true);
		expect(missedTarget({ ...base, resolvedAt: 30_000 }, 999_999, t)).toBe(false);
		expect(missedTarget(base, 60_000, t)).toBe(false);
		expect(missedTarget(base, 60_001, t)).toBe(true);
		expect(missedTarget({ ...base, type: 'theft', acknowledgedAt: 100_000 }, 999_999, t)).toBe(false);
	});
});

describe('gateway silence', () => {
	it('alarms with no gateway connected, none ever heard, or none heard for 300 s', () => {
		expect(isGatewaySilent({ connected: [], lastEventAt: 0 }, 1, t)).toBe(true);
		expect(isGatewaySilent({ ...live, lastEventAt: null }, 1, t)).toBe(true);
		expect(isGatewaySilent(live, 300_001, t)).toBe(true);
		expect(isGatewaySilent(live, 300_000, t)).toBe(false);
	});
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewayStatus } from '../../domain/incident';
import { GatewayLiveness } from './liveness';

afterEach(() => vi.useRealTimers());

describe('gateway liveness', () => {
	it('counts an HTTP upstream as connected while heard within the silence time, and tells every screen when it falls silent', () => {
		vi.useFakeTimers({ now: 1_000_000 });
		const published: GatewayStatus[] = [];
		const liveness = new GatewayLiveness(null, (s) => published.push(s), 300_000);
		liveness.heardFrom('traccar-main', Date.now());
		expect(liveness.status()).toEqual({ connected: [{ gateway: 'traccar-main', since: 1_000_000 }], lastEventAt: 1_000_000 });
		vi.advanceTimersByTime(200_000);
		liveness.heardFrom('traccar-main', Date.now());
		expect(liveness.status().connected).toEqual([{ gateway: 'traccar-main', since: 1_000_000 }]);
		vi.advanceTimersByTime(300_002);
		// Silent for the whole window: gone from the connected list, on the screens too.
		expect(liveness.status()).toEqual({ connected: [], lastEventAt: 1_200_000 });
		expect(published.at(-1)).toEqual({ connected: [], lastEventAt: 1_200_000 });
		liveness.stop();
	});

	it('lists socket gateways and HTTP upstreams together', () => {
		const liveness = new GatewayLiveness(null, () => {}, 300_000);
		liveness.connect('socket-1', 'gateway-a', 5);
		liveness.heardFrom('traccar-main', Date.now());
		expect(liveness.status().connected.map((c) => c.gateway)).toEqual(['gateway-a', 'traccar-main']);
		liveness.stop();
	});

	it('adds what the other nodes report: their gateways at once, the latest event of any node', () => {
		vi.useFakeTimers({ now: 1_000_000 });
		const published: GatewayStatus[] = [];
		const liveness = new GatewayLiveness(900_000, (s) => published.push(s), 300_000);
		liveness.connect('socket-1', 'gateway-a', 1_000_000);
		liveness.others({ connected: [{ gateway: 'gateway-b', since: 990_000 }], lastEventAt: 950_000 });
		expect(published.at(-1)).toEqual({
			connected: [
				{ gateway: 'gateway-a', since: 1_000_000 },
				{ gateway: 'gateway-b', since: 990_000 }
			],
			lastEventAt: 950_000
		});
		// What this node tells the others is its own alone.
		expect(liveness.local()).toEqual({ connected: [{ gateway: 'gateway-a', since: 1_000_000 }], lastEventAt: 900_000 });
		liveness.heard(1_000_100);
		expect(liveness.status().lastEventAt).toBe(1_000_100);
		// Another node's later event: at the events' pace, not at once.
		const count = published.length;
		liveness.others({ connected: [{ gateway: 'gateway-b', since: 990_000 }], lastEventAt: 1_000_200 });
		expect(published.length).toBe(count);
		vi.advanceTimersByTime(1_000);
		expect(published.at(-1)?.lastEventAt).toBe(1_000_200);
		// The other node stopped and took its row away: its gateway is gone at once, its last event stays.
		liveness.others({ connected: [], lastEventAt: null });
		expect(published.at(-1)).toEqual({ connected: [{ gateway: 'gateway-a', since: 1_000_000 }], lastEventAt: 1_000_200 });
		// The same report again changes nothing.
		const settled = published.length;
		liveness.others({ connected: [], lastEventAt: null });
		vi.advanceTimersByTime(2_000);
		expect(published.length).toBe(settled);
		liveness.stop();
	});
});

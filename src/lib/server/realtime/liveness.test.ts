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
});

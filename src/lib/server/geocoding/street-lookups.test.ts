import { describe, expect, it, vi } from 'vitest';
import type { StreetAddress } from '../../domain/address';
import { exampleIncident } from '../../domain/examples';
import type { FeedEntry, IncidentView } from '../../domain/incident';
import { StreetLookups } from './street-lookups';

const munich = { lat: 48.1372, lon: 11.5755 };
const leopold = {
	place_id: 1,
	licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright',
	lat: '48.1372000',
	lon: '11.5755000',
	category: 'place',
	type: 'house',
	place_rank: 30,
	addresstype: 'place',
	display_name: '12, Leopoldstraße, München, 80802, Deutschland',
	address: { house_number: '12', road: 'Leopoldstraße', city: 'München', postcode: '80802', country: 'Deutschland', country_code: 'de' }
};

type Answer = () => Response | Promise<Response>;
const json = (body: unknown, status = 200) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Street lookups against a fake geocoder answering with `answer`; records requests, saves and log lines. */
function lookups(answer: { current: Answer }, timeoutMs = 2_000) {
	const requests: { url: URL; headers: Headers }[] = [];
	const saved: { id: number; address: StreetAddress }[] = [];
	const log = { error: vi.fn(), log: vi.fn() };
	const fake = (async (input: string | URL | Request, init?: RequestInit) => {
		requests.push({ url: new URL(String(input)), headers: new Headers(init?.headers) });
		const signal = init?.signal;
		return new Promise<Response>((resolve, reject) => {
			signal?.addEventListener('abort', () => reject(signal.reason));
			Promise.resolve(answer.current()).then(resolve, reject);
		});
	}) as typeof fetch;
	const streets = new StreetLookups({
		baseUrl: 'http://geo.test/nominatim',
		language: 'en',
		save: async (id, address) => void saved.push({ id, address }),
		fetch: fake,
		perSecond: 1000,
		timeoutMs,
		log
	});
	return { streets, requests, saved, log };
}

let seq = 0;
const incidentEntry = (over: Partial<IncidentView>): FeedEntry => {
	const data = exampleIncident({ lastPosition: { ...munich, fixAt: 0 }, ...over });
	return { seq: ++seq, at: 0, kind: 'incident', incidentId: data.id, data };
};
const trackEntry = (incidentId: number, position: { lat: number; lon: number }): FeedEntry => ({
	seq: ++seq,
	at: 0,
	kind: 'track',
	incidentId,
	data: { fixes: [], latest: { lastFixAt: 0, lastFixReceivedAt: 0, lastPosition: { ...position, fixAt: 0 }, place: null, country: null } }
});

describe('StreetLookups', () => {
	it("looks up a crash's position after its commit, for the centre of its ~25 m cell, and saves the address with the incident", async () => {
		const { streets, requests, saved } = lookups({ current: json(leopold) });
		streets.committed([incidentEntry({ id: 7 })]);
		await vi.waitFor(() => expect(saved).toHaveLength(1));
		expect(saved[0]).toEqual({ id: 7, address: { road: 'Leopoldstraße', houseNumber: '12', postcode: '80802', town: 'München', at: { lat: 48.13725, lon: 11.5755 } } });
		expect(requests[0].url.pathname).toBe('/nominatim/reverse');
		expect(Object.fromEntries(requests[0].url.searchParams)).toMatchObject({ format: 'jsonv2', lat: '48.13725', lon: '11.5755', zoom: '18', addressdetails: '1' });
		expect(requests[0].headers.get('accept-language')).toBe('en');
	});

	it("asks once per cell: a second crash and a theft's fix in the same cell come from the cache", async () => {
		const { streets, requests, saved } = lookups({ current: json(leopold) });
		streets.committed([incidentEntry({ id: 1 })]);
		await vi.waitFor(() => expect(saved).toHaveLength(1));
		streets.committed([incidentEntry({ id: 2, lastPosition: { lat: 48.13731, lon: 11.57541, fixAt: 0 } }), trackEntry(3, { lat: 48.1373, lon: 11.5756 })]);
		await vi.waitFor(() => expect(saved).toHaveLength(3));
		expect(requests).toHaveLength(1);
		expect(saved.map((s) => s.address.road)).toEqual(['Leopoldstraße', 'Leopoldstraße', 'Leopoldstraße']);
	});

	it('saves "nothing there" for a position at sea, so that screens stop looking', async () => {
		const { streets, saved, log } = lookups({ current: json({ error: 'Unable to geocode' }) });
		streets.committed([incidentEntry({ id: 4, lastPosition: { lat: 45.5, lon: -10, fixAt: 0 } })]);
		await vi.waitFor(() => expect(saved).toHaveLength(1));
		expect(saved[0].address).toEqual({ road: null, houseNumber: null, postcode: null, town: null, at: { lat: 45.5, lon: -10 } });
		expect(log.error).not.toHaveBeenCalled();
	});

	it('skips incidents whose address is already their position\'s, and resolved ones', async () => {
		const { streets, requests } = lookups({ current: json(leopold) });
		const address: StreetAddress = { road: 'Leopoldstraße', houseNumber: '12', postcode: '80802', town: 'München', at: { lat: 48.13725, lon: 11.5755 } };
		streets.committed([incidentEntry({ id: 1, address }), incidentEntry({ id: 2, status: 'resolved' }), incidentEntry({ id: 3, lastPosition: null })]);
		await new Promise((r) => setTimeout(r, 50));
		expect(requests).toHaveLength(0);
	});

	it("asks nothing more for a parked car's fixes in the cell its address is for", async () => {
		const { streets, requests, saved } = lookups({ current: json(leopold) });
		streets.committed([trackEntry(5, munich)]);
		await vi.waitFor(() => expect(saved).toHaveLength(1));
		for (let i = 0; i < 5; i++) streets.committed([trackEntry(5, { lat: munich.lat + 0.00001 * i, lon: munich.lon })]);
		await new Promise((r) => setTimeout(r, 50));
		expect(saved).toHaveLength(1);
		expect(requests).toHaveLength(1);
	});

	it('logs a failing geocoder once, not once per lookup; again after it answered and failed anew', async () => {
		const answer: { current: Answer } = { current: json({ error: 'Internal Server Error' }, 500) };
		const { streets, requests, saved, log } = lookups(answer);
		const many = (from: number) => Array.from({ length: 5 }, (_, i) => trackEntry(from + i, { lat: 48 + i / 100, lon: 11 }));
		streets.committed(many(1));
		await vi.waitFor(() => expect(requests).toHaveLength(5));
		answer.current = () => new Response('<html>Bad gateway</html>', { status: 200 });
		streets.committed(many(11));
		await vi.waitFor(() => expect(requests).toHaveLength(10));
		await new Promise((r) => setTimeout(r, 20));
		expect(saved).toHaveLength(0);
		expect(log.error).toHaveBeenCalledTimes(1);
		expect(log.error.mock.calls[0][0]).toMatch(/^street lookups: the geocoder at geo\.test failed \(HTTP 500\); screens show the nearest town alone/);

		answer.current = json(leopold);
		streets.committed([trackEntry(21, munich)]);
		// It answers again: that one, then the ten that failed.
		await vi.waitFor(() => expect(saved).toHaveLength(11));
		expect(log.log).toHaveBeenCalledWith('street lookups: the geocoder answers again');
		answer.current = json({ ...leopold, address: 'not an address' });
		streets.committed([trackEntry(22, { lat: 47, lon: 11 }), trackEntry(23, { lat: 46, lon: 11 })]);
		await vi.waitFor(() => expect(requests).toHaveLength(18));
		await vi.waitFor(() => expect(log.error).toHaveBeenCalledTimes(2));
		expect(log.error.mock.calls[1][0]).toMatch(/failed \(not a jsonv2 reverse answer \(address: /);
	});

	it('asks again, once the geocoder answers, for what failed meanwhile, but not for a position since replaced', async () => {
		const answer: { current: Answer } = { current: json({}, 503) };
		const { streets, requests, saved } = lookups(answer);
		const crashAt = { lat: 48.1372, lon: 11.5755 };
		streets.committed([incidentEntry({ id: 1, lastPosition: { ...crashAt, fixAt: 0 } }), trackEntry(2, { lat: 47, lon: 11 })]);
		await vi.waitFor(() => expect(requests).toHaveLength(2));
		answer.current = json(leopold);
		// The theft moved on while the geocoder was down; its newer fix is the one to look up.
		streets.committed([trackEntry(2, { lat: 47.5, lon: 11 })]);
		await vi.waitFor(() => expect(saved).toHaveLength(2));
		await new Promise((r) => setTimeout(r, 50));
		expect(saved.map((s) => [s.id, s.address.at])).toEqual([
			[2, { lat: 47.5, lon: 11 }],
			[1, { lat: 48.13725, lon: 11.5755 }]
		]);
		expect(requests).toHaveLength(4);
	});

	it('gives up on a geocoder that does not answer in time, and does not cache the failure', async () => {
		const answer: { current: Answer } = { current: () => new Promise<Response>(() => {}) };
		const { streets, requests, saved, log } = lookups(answer, 50);
		streets.committed([trackEntry(1, munich)]);
		await vi.waitFor(() => expect(log.error).toHaveBeenCalledTimes(1));
		expect(log.error.mock.calls[0][0]).toMatch(/failed \(no answer within the time allowed\)/);
		answer.current = json(leopold);
		streets.committed([trackEntry(1, munich)]);
		await vi.waitFor(() => expect(saved).toHaveLength(1));
		expect(requests).toHaveLength(2);
	});

	it('stops: what waits is forgotten, the request under way is cut and saves nothing', async () => {
		const { streets, requests, saved, log } = lookups({ current: () => new Promise<Response>(() => {}) });
		streets.committed([trackEntry(1, munich), trackEntry(2, { lat: 47, lon: 11 })]);
		await vi.waitFor(() => expect(requests).toHaveLength(1));
		streets.stop();
		await new Promise((r) => setTimeout(r, 50));
		expect(requests).toHaveLength(1);
		expect(saved).toHaveLength(0);
		expect(log.error).not.toHaveBeenCalled();
	});
});

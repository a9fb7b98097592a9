import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exampleIncident } from '$lib/domain/examples';
import type { FeedEntry, FixView, Snapshot } from '$lib/domain/incident';

/** A stand-in for the /ops socket: the test plays the server. */
const fake = vi.hoisted(() => {
	const handlers = new Map<string, (...args: unknown[]) => void>();
	const resumes: unknown[] = [];
	let reply: unknown = null;
	const socket = {
		connected: true,
		active: true,
		connects: 0,
		connect: () => socket.connects++,
		on: (event: string, handler: (...args: unknown[]) => void) => handlers.set(event, handler),
		close: () => {},
		timeout: () => ({
			emitWithAck: async (_event: string, payload: unknown) => {
				resumes.push(payload);
				return reply;
			}
		})
	};
	return {
		socket,
		resumes,
		answer: (next: unknown) => (reply = next),
		emit: (event: string, ...args: unknown[]) => handlers.get(event)?.(...args)
	};
});
vi.mock('socket.io-client', () => ({ io: () => fake.socket }));

const { LiveFeed, LiveTrack } = await import('./live.svelte');

const fix = (fixAt: number, lat: number): FixView => ({ fixAt, receivedAt: fixAt + 500, lat, lon: 11.5, speedKmh: null, headingDeg: null, accuracyM: null, flags: [] });

const theft = exampleIncident({
	id: 7,
	type: 'theft',
	vin: 'WP0ZZZ99ZTS392124',
	lastFixAt: 1_000,
	lastFixReceivedAt: 1_500,
	lastPosition: { lat: 48.1, lon: 11.5, fixAt: 1_000 }
});

async function connected(): Promise<InstanceType<typeof LiveFeed>> {
	const live = new LiveFeed();
	fake.answer({ ok: true, snapshot: { seq: 10, incidents: [theft], tracks: { 7: { fixAt: [1_000], lat: [48.1], lon: [11.5], last: fix(1_000, 48.1) } }, gateways: { connected: [], lastEventAt: null } } satisfies Snapshot, entries: [] });
	live.connect();
	fake.emit('connect');
	await vi.waitFor(() => expect(live.connection).toBe('live'));
	return live;
}

/** Feed messages are shown at the next frame, or within 100 ms. */
const shown = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('LiveFeed', () => {
	it('shows the messages that arrive together once, in order, at the next frame', async () => {
		const live = await connected();
		const latest = (at: number) => ({ lastFixAt: at, lastFixReceivedAt: at, lastPosition: { lat: 48, lon: 11.5, fixAt: at }, place: null, country: null });
		for (let i = 0; i < 3; i++) {
			const at = 2_000 + i * 1000;
			fake.emit('feed', [{ seq: 11 + i, at, kind: 'track', incidentId: 7, data: { fixes: [fix(at, 48)], latest: latest(at) } } as FeedEntry]);
		}
		expect(live.tracks.get(7)!.points).toHaveLength(1);
		await shown();
		expect(live.tracks.get(7)!.points.map((f) => f.fixAt)).toEqual([1_000, 2_000, 3_000, 4_000]);
		expect(live.tracks.get(7)!.version).toBe(3);
		expect(live.incidents.get(7)!.lastFixAt).toBe(4_000);
		live.close();
	});

	it('shows anything but fixes at once, after the fixes that came before it', async () => {
		const live = await connected();
		const latest = { lastFixAt: 2_000, lastFixReceivedAt: 2_000, lastPosition: { lat: 48, lon: 11.5, fixAt: 2_000 }, place: null, country: null };
		fake.emit('feed', [{ seq: 11, at: 2_000, kind: 'track', incidentId: 7, data: { fixes: [fix(2_000, 48)], latest } } as FeedEntry]);
		const crash = exampleIncident({ id: 8, type: 'airbag', vin: 'WVWZZZ1KZAW000001' });
		fake.emit('feed', [{ seq: 12, at: 2_100, kind: 'incident', incidentId: 8, data: crash } as FeedEntry]);
		expect(live.incidents.has(8)).toBe(true);
		expect(live.tracks.get(7)!.points.map((f) => f.fixAt)).toEqual([1_000, 2_000]);
		live.close();
	});

	it('applies a track entry: the fixes join the track and its last-fix fields the incident', async () => {
		const live = await connected();
		const latest = { lastFixAt: 3_000, lastFixReceivedAt: 3_400, lastPosition: { lat: 48.3, lon: 11.5, fixAt: 3_000 }, place: { name: 'Garching', country: 'DE' } };
		const entry = { seq: 11, at: 3_400, kind: 'track', incidentId: 7, data: { fixes: [fix(2_000, 48.2), fix(3_000, 48.3)], latest } } as FeedEntry;
		fake.emit('feed', [entry]);
		await vi.waitFor(() => expect(live.tracks.get(7)!.points.map((f) => f.fixAt)).toEqual([1_000, 2_000, 3_000]));
		expect(live.incidents.get(7)).toMatchObject({ ...latest, status: 'new', vin: theft.vin });
		live.close();
	});

	it('applies after a snapshot the entries that came while it was read', async () => {
		const live = new LiveFeed();
		const crash = { ...theft, id: 8, type: 'airbag' as const };
		fake.answer({
			ok: true,
			snapshot: { seq: 10, incidents: [theft], tracks: {}, gateways: { connected: [], lastEventAt: null } } satisfies Snapshot,
			entries: [{ seq: 11, at: 2_000, kind: 'incident', incidentId: 8, data: crash } as FeedEntry]
		});
		live.connect();
		fake.emit('connect');
		await vi.waitFor(() => expect(live.connection).toBe('live'));
		expect([...live.incidents.keys()]).toEqual([7, 8]);
		live.close();
	});

	it('ignores a track entry of an incident it does not show, and asks again after a gap', async () => {
		const live = await connected();
		fake.emit('feed', [{ seq: 11, at: 0, kind: 'track', incidentId: 99, data: { fixes: [fix(2_000, 1)], latest: theft } } as FeedEntry]);
		await shown();
		expect(live.tracks.has(99)).toBe(false);
		expect(live.incidents.has(99)).toBe(false);
		fake.answer({ ok: true, entries: [], gateways: { connected: [], lastEventAt: null } });
		const asked = fake.resumes.length;
		fake.emit('feed', [{ seq: 15, at: 0, kind: 'timeline', incidentId: 7, data: {} } as FeedEntry]);
		await vi.waitFor(() => expect(fake.resumes.length).toBe(asked + 1));
		expect(fake.resumes.at(-1)).toEqual({ seq: 11 });
		live.close();
	});

	describe('when the server refuses the connection', () => {
		beforeEach(() => {
			vi.useFakeTimers();
			fake.socket.active = false;
		});
		afterEach(() => {
			vi.useRealTimers();
			fake.socket.active = true;
		});

		/** A screen refused with `message`; `asked` counts its connection attempts since. */
		function refused(message: string) {
			const live = new LiveFeed();
			live.connect();
			const before = fake.socket.connects;
			fake.emit('connect_error', new Error(message));
			return { live, asked: () => fake.socket.connects - before };
		}

		it('says so when refused for too many screens, and asks again by itself', () => {
			const { live, asked } = refused('too_many_screens');
			expect(live.tooManyScreens).toBe(true);
			expect(live.sessionEnded).toBe(false);
			vi.advanceTimersByTime(4_999);
			expect(asked()).toBe(0);
			vi.advanceTimersByTime(1);
			expect(asked()).toBe(1);
			live.close();
		});

		it('ends the session, without asking again, when the server says unauthorized', () => {
			const { live, asked } = refused('unauthorized');
			expect(live.sessionEnded).toBe(true);
			vi.advanceTimersByTime(60_000);
			expect(asked()).toBe(0);
			live.close();
		});
	});
});

describe('LiveTrack', () => {
	it('adds fixes in place, late ones slotted into fixAt order, and counts each change', () => {
		const track = new LiveTrack([fix(1_000, 48.1)]);
		const points = track.points;
		track.add([fix(3_000, 48.3), fix(2_000, 48.2)]);
		track.add([fix(500, 48.0), fix(3_000, 48.31)]);
		expect(track.points).toBe(points);
		expect(track.points.map((p) => p.fixAt)).toEqual([500, 1_000, 2_000, 3_000, 3_000]);
		expect(track.last).toMatchObject({ fixAt: 3_000, lat: 48.31 });
		expect(track.version).toBe(2);
	});

	it('keeps the latest 5,000 points, cutting the oldest in one go past 5,500', () => {
		const track = new LiveTrack();
		track.add(Array.from({ length: 5_500 }, (_, i) => fix(i, 48)));
		expect(track.points).toHaveLength(5_500);
		track.add([fix(5_500, 48)]);
		expect(track.points).toHaveLength(5_000);
		expect(track.points[0].fixAt).toBe(501);
		expect(track.last?.fixAt).toBe(5_500);
	});
});

import { describe, expect, it } from 'vitest';
import type { FeedEntry, FixView } from '../../../domain/incident';
import { exampleIncident } from '../../../domain/examples';
import { RecentTracks } from './recent-tracks';

const fix = (fixAt: number): FixView => ({ fixAt, receivedAt: fixAt, lat: 48, lon: 11, speedKmh: null, headingDeg: null, accuracyM: 5, flags: [] });
const track = (seq: number, incidentId: number, ...times: number[]) =>
	({ seq, at: 0, kind: 'track', incidentId, data: { fixes: times.map(fix), latest: {} } }) as unknown as FeedEntry;
const empty = async () => ({ points: [], last: null });
const times = async (tracks: RecentTracks, id: number, seq: number) => (await tracks.get(id, seq, empty)).points.map((p) => p.fixAt);

describe('RecentTracks', () => {
	it('reads a track once, then keeps it current from the feed, late fixes in their place', async () => {
		const tracks = new RecentTracks(5);
		let loads = 0;
		const load = async () => (loads++, { points: [1, 2].map((t) => ({ fixAt: t, lat: 48, lon: 11 })), last: fix(2) });
		expect((await tracks.get(7, 0, load)).points.map((p) => p.fixAt)).toEqual([1, 2]);
		tracks.feed([track(1, 7, 4, 3)]);
		tracks.feed([track(2, 8, 10)]);
		expect((await tracks.get(7, 2, load)).points.map((p) => p.fixAt)).toEqual([1, 2, 3, 4]);
		expect((await tracks.get(7, 2, load)).last?.fixAt).toBe(4);
		expect(loads).toBe(1);
		// A track not read yet is not held in part.
		expect(await times(tracks, 8, 2)).toEqual([]);
	});

	it('keeps the latest `limit` fixes, and drops a late fix older than all of a full track', async () => {
		const tracks = new RecentTracks(3);
		await tracks.get(7, 0, empty);
		tracks.feed([track(1, 7, 10, 20, 30, 40)]);
		expect(await times(tracks, 7, 1)).toEqual([20, 30, 40]);
		tracks.feed([track(2, 7, 5)]);
		expect(await times(tracks, 7, 2)).toEqual([20, 30, 40]);
		tracks.feed([track(3, 7, 25)]);
		expect(await times(tracks, 7, 3)).toEqual([25, 30, 40]);
	});

	it('lets a resolved incident go', async () => {
		const tracks = new RecentTracks(3);
		await tracks.get(7, 1, async () => ({ points: [{ fixAt: 1, lat: 48, lon: 11 }], last: fix(1) }));
		tracks.feed([{ seq: 2, at: 0, kind: 'incident', incidentId: 7, data: exampleIncident({ id: 7, status: 'resolved' }) }]);
		expect(await times(tracks, 7, 2)).toEqual([]);
	});

	it('reads again, and keeps nothing, when the feed is not at the snapshot\'s number', async () => {
		const tracks = new RecentTracks(5);
		let loads = 0;
		const load = async () => (loads++, { points: [{ fixAt: 1, lat: 48, lon: 11 }], last: fix(1) });
		await tracks.get(7, 1, load);
		// The snapshot is ahead of the feed this process has seen: what is held may lack entry 2.
		expect((await tracks.get(7, 2, load)).points).toHaveLength(1);
		expect(loads).toBe(2);
		// A gap in the feed lets every held track go.
		tracks.feed([track(3, 7, 5)]);
		await tracks.get(7, 3, load);
		expect(loads).toBe(3);
		// An entry that comes while a track is read: the read is not kept.
		const slow = tracks.get(9, 3, async () => (tracks.feed([track(4, 9, 7)]), { points: [], last: null }));
		await slow;
		await tracks.get(9, 4, load);
		expect(loads).toBe(4);
	});
});

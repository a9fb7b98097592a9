import { describe, expect, it } from 'vitest';
import type { FeedEntry, FixView } from '../../../domain/incident';
import { exampleIncident } from '../../../domain/examples';
import { RecentTracks } from './recent-tracks';

const fix = (fixAt: number): FixView => ({ fixAt, receivedAt: fixAt, lat: 48, lon: 11, speedKmh: null, headingDeg: null, accuracyM: 5, flags: [] });
const track = (incidentId: number, ...times: number[]) =>
	({ seq: 1, at: 0, kind: 'track', incidentId, data: { fixes: times.map(fix), latest: {} } }) as unknown as FeedEntry;
const times = (tracks: RecentTracks, id: number) => tracks.get(id, () => ({ points: [], last: null })).points.map((p) => p.fixAt);

describe('RecentTracks', () => {
	it('reads a track once, then keeps it current from the commits, late fixes in their place', () => {
		const tracks = new RecentTracks(5);
		let loads = 0;
		const load = () => (loads++, { points: [1, 2].map((t) => ({ fixAt: t, lat: 48, lon: 11 })), last: fix(2) });
		expect(tracks.get(7, load).points.map((p) => p.fixAt)).toEqual([1, 2]);
		tracks.committed([track(7, 4, 3)]);
		tracks.committed([track(8, 10)]);
		expect(tracks.get(7, load).points.map((p) => p.fixAt)).toEqual([1, 2, 3, 4]);
		expect(tracks.get(7, load).last?.fixAt).toBe(4);
		expect(loads).toBe(1);
		// A track not read yet is not held in part.
		expect(times(tracks, 8)).toEqual([]);
	});

	it('keeps the latest `limit` fixes, and drops a late fix older than all of a full track', () => {
		const tracks = new RecentTracks(3);
		tracks.get(7, () => ({ points: [], last: null }));
		tracks.committed([track(7, 10, 20, 30, 40)]);
		expect(times(tracks, 7)).toEqual([20, 30, 40]);
		tracks.committed([track(7, 5)]);
		expect(times(tracks, 7)).toEqual([20, 30, 40]);
		tracks.committed([track(7, 25)]);
		expect(times(tracks, 7)).toEqual([25, 30, 40]);
	});

	it('lets a resolved incident go', () => {
		const tracks = new RecentTracks(3);
		tracks.get(7, () => ({ points: [{ fixAt: 1, lat: 48, lon: 11 }], last: fix(1) }));
		tracks.committed([{ seq: 2, at: 0, kind: 'incident', incidentId: 7, data: exampleIncident({ id: 7, status: 'resolved' }) }]);
		expect(times(tracks, 7)).toEqual([]);
	});
});

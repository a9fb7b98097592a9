// The track replay's arithmetic, pure: where the vehicle was at a time (between two fixes, on the
// straight line between them), which fixes it had passed, and the span the time slider covers.
import type { TrackPoint } from '$lib/domain/incident';
import { firstAfter } from '$lib/domain/sorted';

export const speeds = [1, 2, 5, 10, 20, 30, 60] as const;

/** Index of the last fix at or before `t` (fixes in fixAt order); -1 before the first. */
export function passedIndex(fixes: readonly TrackPoint[], t: number): number {
	return firstAfter(fixes.length, (i) => fixes[i].fixAt, t) - 1;
}

/** Where the vehicle was at `t`: at the first fix before the track, at the last after it. */
export function positionAt(fixes: readonly TrackPoint[], t: number): { lat: number; lon: number } | null {
	if (fixes.length === 0) return null;
	const i = passedIndex(fixes, t);
	if (i < 0) return { lat: fixes[0].lat, lon: fixes[0].lon };
	if (i >= fixes.length - 1) return { lat: fixes[i].lat, lon: fixes[i].lon };
	const a = fixes[i];
	const b = fixes[i + 1];
	const f = b.fixAt === a.fixAt ? 1 : (t - a.fixAt) / (b.fixAt - a.fixAt);
	return { lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f };
}

/** Timeline entries further than this outside the track do not stretch the slider. */
const reachMs = 24 * 3_600_000;

/**
 * The times the slider covers: the track, stretched to the timeline entries near it (an alert
 * just before the first fix, a resolution after the last), so that each can be reached.
 */
export function replaySpan(fixes: readonly TrackPoint[], entryTimes: readonly number[]): { start: number; end: number } {
	let start = fixes[0].fixAt;
	let end = fixes[fixes.length - 1].fixAt;
	for (const t of entryTimes) {
		if (t < start && t >= fixes[0].fixAt - reachMs) start = t;
		if (t > end && t <= fixes[fixes.length - 1].fixAt + reachMs) end = t;
	}
	return { start, end: Math.max(end, start + 1000) };
}

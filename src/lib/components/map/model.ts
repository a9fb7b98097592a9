// What the incident map draws, as pure functions (no Leaflet, no DOM): marker and track styles,
// the uncertainty ring, stale tracks and the fading of old track parts. Unit-tested in model.test.ts.
import { lastSignOfLife } from '$lib/domain/rules';
import { firstAtOrAfter } from '$lib/domain/sorted';
import type { FixView, IncidentView, TrackPoint } from '$lib/domain/incident';

/** The words the map shows; English by default, the parent passes its translations. */
export interface MapText {
	airbag: string;
	testCall: string;
	theft: string;
	/** "stale 3 min 12 s" (the permanent label of a stale track). */
	stale: (age: string) => string;
	/** "last fix 3 min 12 s ago" (in a theft's tooltip). */
	lastFix: (age: string) => string;
	/** Shown in a tooltip when the vehicle has no plate and no model on record. */
	unknownVehicle: string;
	/** How old something is, in words ("3 min 12 s"). */
	age: (ms: number) => string;
	/** The labels of a crash's two positions where the MSD's is not the gateway's. */
	msdPosition: string;
	gatewayPosition: string;
}

export const englishMapText: MapText = {
	airbag: 'Airbag deployment',
	testCall: 'Airbag — test call',
	theft: 'Theft',
	stale: (age) => `stale ${age}`,
	lastFix: (age) => `last fix ${age} ago`,
	unknownVehicle: 'Unknown vehicle',
	age: (ms) => `${Math.max(0, Math.floor(ms / 1000))} s`,
	msdPosition: 'MSD position',
	gatewayPosition: 'Gateway position'
};

/** The colours of styles.css ("Look": one meaning per colour), for the canvas, which cannot read CSS. */
export const colours = {
	airbag: '#ff5a4f',
	theft: '#ffb020',
	grey: '#8b949e',
	selected: '#e8edf2'
} as const;

export type MarkerKind = 'airbag' | 'testCall' | 'theft';

export function markerKind(incident: Pick<IncidentView, 'type' | 'details'>): MarkerKind {
	if (incident.type === 'theft') return 'theft';
	return incident.details.testCall === true ? 'testCall' : 'airbag';
}

export interface LatLon {
	lat: number;
	lon: number;
}

/** Where to draw an incident: its last position, else its track's last fix; null: not drawn. */
export function incidentPosition(
	incident: Pick<IncidentView, 'lastPosition' | 'details'>,
	lastFix?: TrackPoint | null
): LatLon | null {
	const p = incident.lastPosition ?? lastFix ?? incident.details.position ?? null;
	if (!p || !Number.isFinite(p.lat) || !Number.isFinite(p.lon)) return null;
	return { lat: p.lat, lon: p.lon };
}

/**
 * A crash's way in, oldest first: its recent positions (sent newest first) and then the crash.
 * It shows the direction of travel: which carriageway of a motorway. Empty without them.
 */
export function approachPath(details: Pick<IncidentView['details'], 'recentPositions'>, at: LatLon): LatLon[] {
	const recent = (details.recentPositions ?? []).filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
	return recent.length === 0 ? [] : [...recent.reverse().map(({ lat, lon }) => ({ lat, lon })), at];
}

/** Canvas path options, a subset of Leaflet's PathOptions/CircleMarkerOptions. */
export interface PathStyle {
	color: string;
	weight: number;
	opacity: number;
	fillColor?: string;
	fillOpacity?: number;
	/** Undefined means a solid line (it must be set, so that setStyle clears an earlier dash). */
	dashArray: string | undefined;
	radius?: number;
}

export function markerStyle(kind: MarkerKind, selected: boolean, stale: boolean): PathStyle {
	let style: PathStyle;
	if (kind === 'airbag') {
		// Urgent: large, thick outline, solid.
		style = { radius: 11, color: colours.airbag, weight: 4, opacity: 1, fillColor: colours.airbag, fillOpacity: 0.75, dashArray: undefined };
	} else if (kind === 'testCall') {
		// A test call must be recognisable at a glance: grey, dashed, smaller.
		style = { radius: 8, color: colours.grey, weight: 3, opacity: 1, fillColor: colours.grey, fillOpacity: 0.35, dashArray: '4 3' };
	} else if (stale) {
		// Still a theft (amber inside), but its outline says the data is old.
		style = { radius: 8, color: colours.grey, weight: 3, opacity: 1, fillColor: colours.theft, fillOpacity: 0.5, dashArray: '4 3' };
	} else {
		style = { radius: 8, color: colours.theft, weight: 3, opacity: 1, fillColor: colours.theft, fillOpacity: 0.9, dashArray: undefined };
	}
	if (selected) {
		style = { ...style, radius: (style.radius ?? 8) + 4, color: colours.selected, weight: style.weight + 2 };
	}
	return style;
}

/** A stable key of a marker's look, to call setStyle only when it changes. */
export function styleKey(kind: MarkerKind, selected: boolean, stale: boolean): string {
	return `${kind}:${selected ? 1 : 0}:${stale ? 1 : 0}`;
}

/**
 * A track is drawn as a few polylines, oldest first; a fix falls in the first bucket whose age
 * limit it is under, the age being counted back from the track's newest fix rounded down to
 * `bucketStepMs`. So the buckets move only when a fix crosses a step, never on a clock tick: in
 * between, a new fix only lengthens the newest line, and the older lines are not drawn again.
 * The last bucket has no limit.
 */
export const trackBuckets: readonly { olderThanMs: number; opacity: number }[] = [
	{ olderThanMs: 30 * 60_000, opacity: 0.22 },
	{ olderThanMs: 10 * 60_000, opacity: 0.4 },
	{ olderThanMs: 2 * 60_000, opacity: 0.65 },
	{ olderThanMs: 0, opacity: 0.95 }
];

export const bucketStepMs = 30_000;

/**
 * The index ranges [first, last] (inclusive) of each bucket's polyline, oldest first. Neighbouring
 * ranges share their boundary fix so that the line stays connected; a range of fewer than two
 * fixes is null (nothing to draw). O(buckets × log n).
 */
export function trackRanges(
	n: number,
	fixAt: (i: number) => number,
	buckets: readonly { olderThanMs: number }[] = trackBuckets,
	stepMs = bucketStepMs
): ([number, number] | null)[] {
	if (n < 2) return buckets.map(() => null);
	const newest = Math.floor(fixAt(n - 1) / stepMs) * stepMs;
	const starts: number[] = [0];
	for (let k = 0; k < buckets.length - 1; k++) {
		// Fixes younger than this bucket's limit belong to a newer bucket.
		starts.push(Math.max(starts[k], firstAtOrAfter(n, fixAt, newest - buckets[k].olderThanMs + 1)));
	}
	return starts.map((start, k) => {
		const end = k < starts.length - 1 ? starts[k + 1] : n - 1;
		return end - start >= 1 ? [start, Math.min(end, n - 1)] : null;
	});
}

export function trackStyle(bucket: number, stale: boolean, selected: boolean): PathStyle {
	const opacity = trackBuckets[Math.min(Math.max(bucket, 0), trackBuckets.length - 1)].opacity;
	return {
		color: stale ? colours.grey : colours.theft,
		weight: selected ? 5 : 3,
		opacity: stale ? Math.max(opacity * 0.9, 0.2) : opacity,
		dashArray: stale ? '6 6' : undefined
	};
}

export function ringStyle(stale: boolean): PathStyle {
	return {
		color: stale ? colours.grey : colours.theft,
		weight: 1.5,
		opacity: 0.7,
		fillColor: stale ? colours.grey : colours.theft,
		fillOpacity: 0.08,
		dashArray: stale ? '4 6' : '2 4'
	};
}

export interface RingOptions {
	/** Used when the fix gives no accuracy. */
	defaultAccuracyM: number;
	/** Assumed top speed of the vehicle since its last fix. */
	maxSpeedKmh: number;
	capM: number;
}

export const ringDefaults: RingOptions = { defaultAccuracyM: 25, maxSpeedKmh: 50, capM: 20_000 };

/**
 * Radius (m) of the circle the vehicle is probably in: the last fix's accuracy plus how far it
 * may have gone since at an assumed top speed, capped.
 */
export function uncertaintyRadiusM(
	accuracyM: number | null | undefined,
	ageMs: number,
	options: RingOptions = ringDefaults
): number {
	const base =
		typeof accuracyM === 'number' && Number.isFinite(accuracyM) && accuracyM > 0 ? accuracyM : options.defaultAccuracyM;
	const age = Number.isFinite(ageMs) && ageMs > 0 ? ageMs : 0;
	const travelled = (options.maxSpeedKmh / 3.6) * (age / 1000);
	return Math.min(base + travelled, Math.max(options.capM, base));
}

/**
 * How old a fix's position is by our clock. A fix buffered in the vehicle and sent late is as old
 * as its fixAt; a vehicle clock ahead of ours (or flagged as skewed) is not trusted, and the
 * console's receive time is used.
 */
export function fixAgeMs(fix: Pick<FixView, 'fixAt' | 'receivedAt' | 'flags'>, now: number): number {
	const skewed = fix.flags.includes('clock_skew');
	const at = skewed ? fix.receivedAt : Math.min(fix.fixAt, fix.receivedAt);
	return Math.max(0, now - at);
}

/** Ground metres per screen pixel in Web Mercator at a latitude and zoom. */
export function metresPerPixel(lat: number, zoom: number): number {
	return (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / 2 ** (zoom + 8);
}

/** Whether a ring's radius moved by at least a pixel: cheaper than redrawing every second. */
export function ringNeedsUpdate(drawnM: number, nextM: number, mPerPx: number): boolean {
	return !(Math.abs(nextM - drawnM) < mPerPx);
}

/** The lines of a marker's tooltip: type, vehicle, VIN (and, for a theft, the last fix's age). */
export function tooltipLines(incident: IncidentView, text: MapText, now: number, stale = false): string[] {
	const kind = markerKind(incident);
	const v = incident.vehicle;
	const vehicle = [v?.plate, v?.model, v?.colour].filter((s): s is string => !!s).join(' · ');
	const lines = [
		kind === 'airbag' ? text.airbag : kind === 'testCall' ? text.testCall : text.theft,
		vehicle || text.unknownVehicle,
		incident.vin
	];
	if (kind === 'theft' && (stale || incident.lastFixReceivedAt !== null)) {
		const age = text.age(now - lastSignOfLife(incident));
		lines.push(stale ? text.stale(age) : text.lastFix(age));
	}
	return lines;
}

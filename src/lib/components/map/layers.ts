// The incident layers of the map, kept up to date in place: one layer group per incident, whose
// marker, ring, track polylines and stale label are updated (setLatLng, addLatLng, setLatLngs,
// setStyle, setRadius) as the data changes, never rebuilt. Leaflet is passed in (it is loaded in
// the browser only); this module imports only its types.
import type * as Leaflet from 'leaflet';
import { msdPositionApart } from '$lib/domain/ecall';
import type { FixView, IncidentView, TrackPoint } from '$lib/domain/incident';
import { isStale, lastSignOfLife } from '$lib/domain/rules';
import {
	fixAgeMs,
	incidentPosition,
	approachPath,
	markerKind,
	markerStyle,
	metresPerPixel,
	ringNeedsUpdate,
	ringStyle,
	styleKey,
	tooltipLines,
	trackBuckets,
	trackRanges,
	trackStyle,
	uncertaintyRadiusM,
	englishMapText,
	type MapText,
	type MarkerKind
} from './model';

export type LeafletModule = typeof Leaflet;

/** Panes below the markers' canvas (overlayPane, 400): only one canvas can take the pointer. */
export const panes = {
	basemap: { name: 'socBasemap', zIndex: 150 }, // under the tile pane (200)
	rings: { name: 'socRings', zIndex: 380 },
	tracks: { name: 'socTracks', zIndex: 390 }
} as const;

export interface SyncInput {
	incidents: readonly IncidentView[];
	/** Theft tracks by incident id. */
	tracks: ReadonlyMap<number, MapTrack>;
	selectedId: number | null;
	now: number;
	staleAfterMs: number;
	text: MapText;
	/** Beyond this many stale tracks, only the selected one keeps its permanent label. */
	maxStaleLabels?: number;
}

export const defaultMaxStaleLabels = 20;

/** A track as the screen holds it: points in fixAt order, changed in place, and a counter of changes. */
export interface MapTrack {
	readonly points: readonly TrackPoint[];
	readonly version: number;
}

/** The newest point of a track, with the fields of its fix where they came with it. */
type LastPoint = TrackPoint & Partial<Pick<FixView, 'receivedAt' | 'accuracyM' | 'flags'>>;

const noPoints: readonly TrackPoint[] = [];

/** Runs a function without subscribing to what it reads (Svelte's `untrack`); identity by default. */
export type Peek = <T>(fn: () => T) => T;

type Range = [number, number] | null;

interface Track {
	ring: Leaflet.Circle;
	ringM: number;
	segments: Leaflet.Polyline[];
	ranges: Range[];
	/** One LatLng per fix, shared with the polylines (Leaflet keeps LatLng objects as given). */
	latlngs: Leaflet.LatLng[];
	firstKey: string | null;
	lastKey: string | null;
	lastFix: LastPoint | null;
	/** The track's version last drawn: an unchanged track costs nothing on a sync. */
	version: number;
	styleKey: string;
	stale: boolean;
	/** Console receive time of the last fix. */
	receivedAt: number | null;
	label: Leaflet.Tooltip | null;
	labelNode: HTMLElement | null;
	labelText: string;
}

interface Entry {
	id: number;
	kind: MarkerKind;
	incident: IncidentView;
	group: Leaflet.LayerGroup;
	marker: Leaflet.CircleMarker;
	lat: number;
	lon: number;
	markerKey: string;
	track: Track | null;
	/** A crash whose MSD puts it elsewhere than the gateway: the MSD's position, and both labels. */
	msd: { layers: Leaflet.Layer[]; key: string; at: Leaflet.LatLng } | null;
	/** A crash's recent positions, joined up to it. */
	approach: { layers: Leaflet.Layer[]; key: string; points: Leaflet.LatLng[] } | null;
	/** The words of the tooltip as last shown. */
	tooltipText: string;
}

function fixKey(fix: TrackPoint): string {
	return `${fix.fixAt}:${fix.lat}:${fix.lon}`;
}

function sameRange(a: Range, b: Range): boolean {
	return a === b || (a !== null && b !== null && a[0] === b[0] && a[1] === b[1]);
}

export class IncidentLayers {
	private readonly entries = new Map<number, Entry>();
	private last: SyncInput | null = null;
	private lastSelected: number | null = null;
	/** Counters for tests and profiling: how many layers were ever created. */
	readonly stats = { groupsCreated: 0, groupsRemoved: 0, trackResets: 0, fixesAppended: 0 };

	constructor(
		private readonly L: LeafletModule,
		private readonly map: Leaflet.Map,
		private readonly onselect: (id: number) => void
	) {
		for (const pane of Object.values(panes)) {
			if (!map.getPane(pane.name)) {
				const el = map.createPane(pane.name);
				el.style.zIndex = String(pane.zIndex);
				el.style.pointerEvents = 'none';
			}
		}
	}

	/** Brings the layers in line with the data; cheap when little changed. */
	sync(input: SyncInput, peek: Peek = (fn) => fn()): void {
		const prev = this.last;
		this.last = input;
		// A new second, selection or threshold touches every entry; otherwise only changed ones.
		const all =
			!prev || prev.now !== input.now || prev.selectedId !== input.selectedId || prev.staleAfterMs !== input.staleAfterMs || prev.text !== input.text;
		const seen = new Set<number>();
		let added = false;
		for (const incident of input.incidents) {
			const track = incident.type === 'theft' ? input.tracks.get(incident.id) : undefined;
			// The version is read here, so that a change of the track re-runs the caller's effect.
			const version = track?.version ?? 0;
			const fixes = track?.points ?? noPoints;
			const n = fixes.length;
			const lastFix = n > 0 ? fixes[n - 1] : null;
			const pos = incidentPosition(incident, lastFix);
			if (!pos) continue; // an airbag without a position: the parent lists it
			seen.add(incident.id);
			let entry = this.entries.get(incident.id);
			if (entry && (entry.track !== null) !== (incident.type === 'theft')) {
				this.removeEntry(entry);
				entry = undefined;
			}
			if (!entry) {
				entry = this.createEntry(incident, pos.lat, pos.lon);
				added = true;
			}
			const changed = entry.incident !== incident;
			entry.incident = incident;
			entry.kind = markerKind(incident);
			if (entry.lat !== pos.lat || entry.lon !== pos.lon) {
				entry.lat = pos.lat;
				entry.lon = pos.lon;
				const ll = this.L.latLng(pos.lat, pos.lon);
				entry.marker.setLatLng(ll);
				entry.track?.ring.setLatLng(ll);
				entry.track?.label?.setLatLng(ll);
			}
			const moved = entry.track !== null && entry.track.version !== version;
			if (moved) {
				entry.track!.version = version;
				peek(() => this.updateTrack(entry, fixes, n));
			} else if (!entry.track && (changed || all)) {
				this.updateMsd(entry, input.text);
				this.updateApproach(entry);
			}
			if (all || changed || moved) this.updateState(entry, input);
		}
		for (const entry of this.entries.values()) {
			if (!seen.has(entry.id)) this.removeEntry(entry);
		}
		this.updateLabels(input);
		this.restack(added, input.selectedId);
	}

	/** Re-checks the time- and zoom-dependent parts (ring radii, stale labels), e.g. after a zoom. */
	refresh(): void {
		if (!this.last) return;
		for (const entry of this.entries.values()) this.updateState(entry, this.last);
		this.updateLabels(this.last);
	}

	/** The drawn position of every incident, or of one. */
	positions(): Leaflet.LatLng[] {
		return [...this.entries.values()].map((e) => this.L.latLng(e.lat, e.lon));
	}

	position(id: number): Leaflet.LatLng | null {
		const entry = this.entries.get(id);
		return entry ? this.L.latLng(entry.lat, entry.lon) : null;
	}

	/**
	 * What to bring into view for one incident: its marker, with a theft's whole track or a crash's
	 * MSD position where drawn apart; null when it is not drawn.
	 */
	focusPoints(id: number): Leaflet.LatLng[] | null {
		const entry = this.entries.get(id);
		if (!entry) return null;
		const points = [this.L.latLng(entry.lat, entry.lon), ...(entry.track?.latlngs ?? [])];
		if (entry.msd) points.push(entry.msd.at);
		if (entry.approach) points.push(...entry.approach.points);
		return points;
	}

	get size(): number {
		return this.entries.size;
	}

	destroy(): void {
		for (const entry of this.entries.values()) this.removeEntry(entry);
	}

	private createEntry(incident: IncidentView, lat: number, lon: number): Entry {
		const { L } = this;
		const ll = L.latLng(lat, lon);
		const kind = markerKind(incident);
		const group = L.layerGroup();
		const marker = L.circleMarker(ll, { ...markerStyle(kind, false, false), bubblingMouseEvents: false });
		const entry: Entry = {
			id: incident.id,
			kind,
			incident,
			group,
			marker,
			lat,
			lon,
			markerKey: '',
			track: null,
			msd: null,
			approach: null,
			tooltipText: ''
		};
		// The content is built when the tooltip opens, from the latest data, as text (never HTML:
		// plates and models come from outside).
		marker.bindTooltip(() => this.tooltipContent(entry), {
			direction: 'top',
			offset: [0, -12],
			opacity: 1,
			className: 'soc-map-tip'
		});
		marker.on('click', () => this.onselect(entry.id));
		if (incident.type === 'theft') {
			const ring = L.circle(ll, {
				radius: 0,
				...ringStyle(false),
				pane: panes.rings.name,
				interactive: false
			});
			const segments = trackBuckets.map((_, k) =>
				L.polyline([], { ...trackStyle(k, false, false), pane: panes.tracks.name, interactive: false })
			);
			entry.track = {
				ring,
				ringM: Number.NaN,
				segments,
				ranges: segments.map(() => null),
				latlngs: [],
				firstKey: null,
				lastKey: null,
				lastFix: null,
				version: -1,
				styleKey: '',
				stale: false,
				receivedAt: null,
				label: null,
				labelNode: null,
				labelText: ''
			};
			group.addLayer(ring);
			for (const s of segments) group.addLayer(s);
		}
		group.addLayer(marker);
		group.addTo(this.map);
		this.entries.set(incident.id, entry);
		this.stats.groupsCreated++;
		return entry;
	}

	private removeEntry(entry: Entry): void {
		entry.group.clearLayers();
		entry.group.remove();
		this.entries.delete(entry.id);
		this.stats.groupsRemoved++;
	}

	/** Appends the new fixes, or starts the line again if the track was replaced. */
	private updateTrack(entry: Entry, fixes: readonly TrackPoint[], n: number): void {
		const t = entry.track!;
		const had = t.latlngs.length;
		const grew =
			had > 0 && n >= had && fixKey(fixes[0]) === t.firstKey && fixKey(fixes[had - 1]) === t.lastKey;
		if (grew && n === had) return;
		if (grew) {
			for (let i = had; i < n; i++) t.latlngs.push(this.L.latLng(fixes[i].lat, fixes[i].lon));
			this.stats.fixesAppended += n - had;
		} else {
			t.latlngs = fixes.map((f) => this.L.latLng(f.lat, f.lon));
			t.ranges = t.segments.map(() => null); // forces setLatLngs below
			this.stats.trackResets++;
		}
		t.firstKey = n > 0 ? fixKey(fixes[0]) : null;
		t.lastKey = n > 0 ? fixKey(fixes[n - 1]) : null;
		t.lastFix = n > 0 ? { ...fixes[n - 1] } : null;
		const ranges = trackRanges(n, (i) => fixes[i].fixAt);
		ranges.forEach((range, k) => {
			const old = t.ranges[k];
			if (sameRange(old, range)) return;
			const segment = t.segments[k];
			if (old && range && old[0] === range[0] && range[1] === old[1] + 1) {
				segment.addLatLng(t.latlngs[range[1]]);
			} else {
				segment.setLatLngs(range ? t.latlngs.slice(range[0], range[1] + 1) : []);
			}
			t.ranges[k] = range;
		});
	}

	/** Selection, staleness and ring radius: what changes with the clock or the state. */
	private updateState(entry: Entry, input: SyncInput): void {
		const selected = entry.id === input.selectedId;
		const t = entry.track;
		let stale = false;
		if (t) {
			t.receivedAt = entry.incident.lastFixReceivedAt ?? t.lastFix?.receivedAt ?? null;
			const { type, status, openedAt } = entry.incident;
			stale = isStale({ type, status, openedAt, lastFixReceivedAt: t.receivedAt }, input.now, input);
			const trackKey = `${stale ? 1 : 0}:${selected ? 1 : 0}`;
			if (trackKey !== t.styleKey) {
				t.styleKey = trackKey;
				t.segments.forEach((s, k) => s.setStyle(trackStyle(k, stale, selected)));
				if (stale !== t.stale) t.ring.setStyle(ringStyle(stale));
			}
			t.stale = stale;
			this.updateRing(entry, t, input.now);
		}
		const key = styleKey(entry.kind, selected, stale);
		if (key !== entry.markerKey) {
			entry.markerKey = key;
			entry.marker.setStyle(markerStyle(entry.kind, selected, stale));
		}
		// Updating an open tooltip lays the page out again: only when its words change.
		if (entry.marker.isTooltipOpen() && this.tooltipLines(entry).join('\n') !== entry.tooltipText) entry.marker.getTooltip()?.update();
	}

	/**
	 * The permanent "stale 3 min 12 s" labels. Past `maxStaleLabels` stale tracks (a feed outage)
	 * they would cover the map: then only the selected one keeps its label; the others stay grey
	 * and dashed and say "stale …" in their tooltip.
	 */
	private updateLabels(input: SyncInput): void {
		let staleCount = 0;
		for (const entry of this.entries.values()) if (entry.track?.stale) staleCount++;
		const all = staleCount <= (input.maxStaleLabels ?? defaultMaxStaleLabels);
		for (const entry of this.entries.values()) {
			const t = entry.track;
			if (!t) continue;
			const show = t.stale && (all || entry.id === input.selectedId);
			const since = lastSignOfLife({ lastFixReceivedAt: t.receivedAt, openedAt: entry.incident.openedAt });
			this.updateLabel(entry, t, show ? input.text.stale(input.text.age(input.now - since)) : '');
		}
	}

	private updateRing(entry: Entry, t: Track, now: number): void {
		const last = t.lastFix;
		const fix =
			last && last.receivedAt !== undefined
				? { fixAt: last.fixAt, receivedAt: last.receivedAt, flags: last.flags ?? [] }
				: entry.incident.lastFixAt !== null && entry.incident.lastFixReceivedAt !== null
					? { fixAt: entry.incident.lastFixAt, receivedAt: entry.incident.lastFixReceivedAt, flags: [] }
					: null;
		const radius = uncertaintyRadiusM(t.lastFix?.accuracyM ?? null, fix ? fixAgeMs(fix, now) : 0);
		if (ringNeedsUpdate(t.ringM, radius, metresPerPixel(entry.lat, this.map.getZoom()))) {
			t.ringM = radius;
			t.ring.setRadius(radius);
		}
	}

	/** The permanent "stale 3 min 12 s" label beside a stale theft's marker. */
	private updateLabel(entry: Entry, t: Track, text: string): void {
		if (text === t.labelText) return;
		t.labelText = text;
		if (!text) {
			if (t.label) {
				entry.group.removeLayer(t.label);
				t.label = null;
				t.labelNode = null;
			}
			return;
		}
		if (!t.label || !t.labelNode) {
			const node = document.createElement('span');
			node.textContent = text;
			// direction 'right': its position depends on its height only, so changing the text
			// needs no re-layout.
			t.label = this.L.tooltip(this.L.latLng(entry.lat, entry.lon), {
				permanent: true,
				direction: 'right',
				offset: [14, 0],
				opacity: 1,
				className: 'soc-map-stale',
				content: node
			});
			t.labelNode = node;
			entry.group.addLayer(t.label);
		} else {
			t.labelNode.textContent = text;
		}
	}

	/**
	 * Where the MSD and the gateway disagree by more than 150 m, both positions are drawn and
	 * labelled, joined by a dashed line (docs/ecall.md, "Using it").
	 */
	private updateMsd(entry: Entry, text: MapText): void {
		const apart = msdPositionApart(entry.incident.details);
		const key = apart ? `${apart.lat}:${apart.lon}:${entry.lat}:${entry.lon}:${text.msdPosition}` : '';
		if ((entry.msd?.key ?? '') === key) return;
		for (const layer of entry.msd?.layers ?? []) entry.group.removeLayer(layer);
		entry.msd = null;
		if (!apart) return;
		const { L } = this;
		const here = L.latLng(entry.lat, entry.lon);
		const there = L.latLng(apart.lat, apart.lon);
		const label = (at: Leaflet.LatLng, words: string) => {
			const node = document.createElement('span');
			node.textContent = words;
			return L.tooltip(at, { permanent: true, direction: 'right', offset: [14, 0], opacity: 1, className: 'soc-map-stale', content: node });
		};
		const layers: Leaflet.Layer[] = [
			L.polyline([here, there], { ...markerStyle('airbag', false, false), weight: 2, dashArray: '6 6', pane: panes.tracks.name, interactive: false }),
			L.circleMarker(there, { ...markerStyle('airbag', false, false), fillOpacity: 0, dashArray: '4 3', interactive: false }),
			label(there, text.msdPosition),
			label(here, text.gatewayPosition)
		];
		for (const layer of layers) entry.group.addLayer(layer);
		entry.msd = { layers, key, at: there };
	}

	private updateApproach(entry: Entry): void {
		const path = approachPath(entry.incident.details, { lat: entry.lat, lon: entry.lon });
		const key = path.map((p) => `${p.lat}:${p.lon}`).join(' ');
		if ((entry.approach?.key ?? '') === key) return;
		for (const layer of entry.approach?.layers ?? []) entry.group.removeLayer(layer);
		entry.approach = null;
		if (path.length === 0) return;
		const { L } = this;
		const points = path.map((p) => L.latLng(p.lat, p.lon));
		const style = { ...markerStyle('airbag', false, false), pane: panes.tracks.name, interactive: false };
		const layers: Leaflet.Layer[] = [
			L.polyline(points, { ...style, weight: 3, opacity: 0.8 }),
			...points.slice(0, -1).map((p) => L.circleMarker(p, { ...style, radius: 4, weight: 2 }))
		];
		for (const layer of layers) entry.group.addLayer(layer);
		entry.approach = { layers, key, points };
	}

	/** Urgent markers above thefts, the selected one above all (canvas: draw order). */
	private restack(added: boolean, selectedId: number | null): void {
		const selectionChanged = selectedId !== this.lastSelected;
		this.lastSelected = selectedId;
		if (!added && !selectionChanged) return;
		if (added) {
			for (const e of this.entries.values()) if (e.kind === 'airbag') e.marker.bringToFront();
		}
		const selected = selectedId === null ? undefined : this.entries.get(selectedId);
		if (selected) {
			selected.track?.segments.forEach((s) => s.bringToFront());
			selected.marker.bringToFront();
		}
	}

	private tooltipLines(entry: Entry): string[] {
		return tooltipLines(entry.incident, this.last?.text ?? englishMapText, this.last?.now ?? Date.now(), entry.track?.stale ?? false);
	}

	private tooltipContent(entry: Entry): HTMLElement {
		const root = document.createElement('div');
		const lines = this.tooltipLines(entry);
		entry.tooltipText = lines.join('\n');
		lines.forEach((line, i) => {
			const el = document.createElement(i === 0 ? 'strong' : 'div');
			el.textContent = line;
			if (i === 0) el.style.display = 'block';
			root.appendChild(el);
		});
		return root;
	}
}

// Opening a map of the console (the incident map and the replay map alike): Leaflet loaded in the
// browser, motion only for those who did not ask for less, France in view until there is something
// to fit, the offline basemap under everything, and the size followed as the container changes.
import type * as Leaflet from 'leaflet';
import { addBasemap } from './basemap';
import { panes } from './layers';

export interface OpenedMap {
	L: typeof Leaflet;
	map: Leaflet.Map;
	reduceMotion: boolean;
	/** Adds the tile layer of SOC_TILE_URL over the offline basemap; returns its removal. */
	addTiles(url: string, attribution: string | null): () => void;
	/** Stops following the container and removes the map. */
	close(): void;
}

/** Opens the map in `container`; null when `gone` says the component went away while Leaflet loaded. */
export async function openMap(container: HTMLElement, gone: () => boolean): Promise<OpenedMap | null> {
	const leaflet = await import('leaflet');
	if (gone()) return null;
	// Leaflet 1.9 is a UMD module: depending on the bundler's interop it comes as a default.
	const mod = leaflet as typeof Leaflet & { default?: typeof Leaflet };
	const L = mod.default ?? mod;
	const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
	const map = L.map(container, {
		zoomAnimation: !reduceMotion,
		fadeAnimation: !reduceMotion,
		markerZoomAnimation: !reduceMotion,
		preferCanvas: true,
		center: [46.6, 2.5],
		zoom: 6,
		minZoom: 2,
		maxZoom: 18,
		worldCopyJump: true
	});
	map.attributionControl.setPrefix('Leaflet');
	const basemapPane = map.createPane(panes.basemap.name);
	basemapPane.style.zIndex = String(panes.basemap.zIndex);
	basemapPane.style.pointerEvents = 'none';
	const resize = new ResizeObserver(() => map.invalidateSize());
	resize.observe(container);
	void addBasemap(L, map, panes.basemap.name, gone);
	return {
		L,
		map,
		reduceMotion,
		addTiles(url, attribution) {
			const tiles = L.tileLayer(url, { attribution: attribution ?? undefined, maxZoom: 19 }).addTo(map);
			return () => {
				tiles.remove();
			};
		},
		close() {
			resize.disconnect();
			map.remove();
		}
	};
}

// A reverse geocoder for tests: node:http on a free port, answering `/reverse` as a Nominatim
// server does with format=jsonv2 and addressdetails=1 (its real field names and value types), from
// a few known places; elsewhere (at sea) "Unable to geocode". Or, on purpose, one that hangs or
// answers 500.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubPlace {
	lat: number;
	lon: number;
	/** Nominatim's `address` object, as it would give it. */
	address: Record<string, string>;
	osmType?: 'node' | 'way';
}

/** Known places; a query within 100 m of one gets its address. */
export const places = {
	marienplatz: {
		lat: 48.1374,
		lon: 11.5755,
		address: {
			house_number: '8',
			road: 'Marienplatz',
			suburb: 'Altstadt',
			city_district: 'Altstadt-Lehel',
			city: 'München',
			state: 'Bayern',
			'ISO3166-2-lvl4': 'DE-BY',
			postcode: '80331',
			country: 'Deutschland',
			country_code: 'de'
		}
	},
	sendlinger: {
		lat: 48.1356,
		lon: 11.5713,
		address: { house_number: '3', road: 'Sendlinger Straße', suburb: 'Hackenviertel', city: 'München', state: 'Bayern', postcode: '80331', country: 'Deutschland', country_code: 'de' }
	},
	rivoli: {
		lat: 48.8608,
		lon: 2.337,
		address: {
			house_number: '99',
			road: 'Rue de Rivoli',
			quarter: 'Quartier du Palais Royal',
			suburb: 'Paris',
			city_district: 'Paris',
			city: 'Paris',
			'ISO3166-2-lvl6': 'FR-75C',
			state: 'Île-de-France',
			'ISO3166-2-lvl4': 'FR-IDF',
			region: 'France métropolitaine',
			postcode: '75001',
			country: 'France',
			country_code: 'fr'
		}
	},
	saintHonore: {
		lat: 48.8631,
		lon: 2.3378,
		osmType: 'way',
		address: { road: 'Rue Saint-Honoré', suburb: 'Paris', city: 'Paris', state: 'Île-de-France', postcode: '75001', country: 'France', country_code: 'fr' }
	}
} satisfies Record<string, StubPlace>;

export type GeocoderMode = 'answer' | 'hang' | 'fail';

export interface StubGeocoder {
	/** The base URL, for SOC_GEOCODER_URL. */
	url: string;
	/** Every request, in order. */
	requests: URL[];
	/** Requests for the cell around a position (the console asks for the centre of its ~25 m cell). */
	requestsNear(position: { lat: number; lon: number }, withinM?: number): URL[];
	mode: GeocoderMode;
	/** Answers wait this long first. */
	delayMs: number;
	close(): Promise<void>;
}

const metres = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
	const rad = (d: number) => (d * Math.PI) / 180;
	const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
	return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
};

/** A place's answer as Nominatim 4.x writes it: ids and ranks as numbers, coordinates and box as strings. */
function jsonv2(place: StubPlace, id: number) {
	const a = place.address;
	const display = [a.house_number, a.road, a.suburb, a.city, a.state, a.postcode, a.country].filter(Boolean).join(', ');
	return {
		place_id: 100_000 + id,
		licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright',
		osm_type: place.osmType ?? 'node',
		osm_id: 3_000_000_000 + id,
		lat: place.lat.toFixed(7),
		lon: place.lon.toFixed(7),
		category: place.osmType === 'way' ? 'highway' : 'place',
		type: place.osmType === 'way' ? 'residential' : 'house',
		place_rank: place.osmType === 'way' ? 26 : 30,
		importance: 0.00000999999999995449,
		addresstype: place.osmType === 'way' ? 'road' : 'place',
		name: place.osmType === 'way' ? a.road : '',
		display_name: display,
		address: a,
		boundingbox: [(place.lat - 0.00005).toFixed(7), (place.lat + 0.00005).toFixed(7), (place.lon - 0.00005).toFixed(7), (place.lon + 0.00005).toFixed(7)]
	};
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8') {
	res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
	res.end(body);
}

export async function startGeocoder(mode: GeocoderMode = 'answer', known: StubPlace[] = Object.values(places)): Promise<StubGeocoder> {
	const requests: URL[] = [];
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://stub');
		requests.push(url);
		if (stub.mode === 'hang') return;
		if (stub.mode === 'fail') return send(res, 500, 'Internal Server Error', 'text/plain');
		const answer = () => {
			if (url.pathname !== '/reverse') return send(res, 404, JSON.stringify({ error: { code: 404, message: 'Not found' } }));
			const lat = Number(url.searchParams.get('lat'));
			const lon = Number(url.searchParams.get('lon'));
			if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
				return send(res, 400, JSON.stringify({ error: { code: 400, message: "Parameter 'lat' must be a number." } }));
			}
			const i = known.findIndex((p) => metres(p, { lat, lon }) <= 100);
			send(res, 200, i === -1 ? '{"error":"Unable to geocode"}' : JSON.stringify(jsonv2(known[i], i)));
		};
		if (stub.delayMs > 0) setTimeout(answer, stub.delayMs);
		else answer();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const stub: StubGeocoder = {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		requestsNear: (position, withinM = 25) =>
			requests.filter((u) => metres(position, { lat: Number(u.searchParams.get('lat')), lon: Number(u.searchParams.get('lon')) }) <= withinM),
		mode,
		delayMs: 0,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
	return stub;
}

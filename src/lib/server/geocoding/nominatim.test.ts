import { describe, expect, it } from 'vitest';
import { readReverse, reverseUrl } from './nominatim';

/** As Nominatim 4.x answers format=jsonv2&zoom=18&addressdetails=1 (numbers as it writes them: lat, lon and boundingbox as strings). */
const munich = {
	place_id: 123456789,
	licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright',
	osm_type: 'node',
	osm_id: 2_384_960_112,
	lat: '48.1519327',
	lon: '11.5824516',
	category: 'place',
	type: 'house',
	place_rank: 30,
	importance: 0.00000999999999995449,
	addresstype: 'place',
	name: '',
	display_name: '12, Leopoldstraße, Maxvorstadt, München, Bayern, 80802, Deutschland',
	address: {
		house_number: '12',
		road: 'Leopoldstraße',
		suburb: 'Maxvorstadt',
		city_district: 'Bezirksteil Schönfeldvorstadt',
		city: 'München',
		state: 'Bayern',
		'ISO3166-2-lvl4': 'DE-BY',
		postcode: '80802',
		country: 'Deutschland',
		country_code: 'de'
	},
	boundingbox: ['48.1518827', '48.1519827', '11.5824016', '11.5825016']
};

/** The example of Nominatim's documentation: a motorway, no house number, a village for a town. */
const motorway = {
	place_id: '134140761',
	licence: 'Data © OpenStreetMap contributors, ODbL 1.0. https://www.openstreetmap.org/copyright',
	osm_type: 'way',
	osm_id: '280940520',
	lat: '-34.4391708',
	lon: '-58.7064573',
	place_rank: '26',
	category: 'highway',
	type: 'motorway',
	importance: '0.1',
	addresstype: 'road',
	display_name: 'Autopista Pedro Eugenio Aramburu, El Triángulo, Partido de Malvinas Argentinas, Buenos Aires, 1.619, Argentina',
	name: 'Autopista Pedro Eugenio Aramburu',
	address: {
		road: 'Autopista Pedro Eugenio Aramburu',
		village: 'El Triángulo',
		state_district: 'Partido de Malvinas Argentinas',
		state: 'Buenos Aires',
		postcode: '1.619',
		country: 'Argentina',
		country_code: 'ar'
	},
	boundingbox: ['-34.44159', '-34.4370994', '-58.7086067', '-58.7044712']
};

/** Out in the country: a hamlet, no road within reach at zoom 18. */
const farm = {
	place_id: 99,
	licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright',
	osm_type: 'node',
	osm_id: 4242,
	lat: '45.9012000',
	lon: '4.6102000',
	category: 'place',
	type: 'hamlet',
	place_rank: 20,
	importance: 0.1,
	addresstype: 'hamlet',
	name: 'Les Granges',
	display_name: 'Les Granges, Theizé, Villefranche-sur-Saône, Rhône, Auvergne-Rhône-Alpes, France métropolitaine, 69620, France',
	address: { hamlet: 'Les Granges', municipality: 'Villefranche-sur-Saône', county: 'Rhône', postcode: '69620', country: 'France', country_code: 'fr' },
	boundingbox: ['45.8812', '45.9212', '4.5902', '4.6302']
};

describe('reverseUrl', () => {
	it("asks Nominatim's reverse endpoint for jsonv2 with the address broken down, at building level", () => {
		const url = new URL(reverseUrl('https://geo.example.org/nominatim/', { lat: 48.15175, lon: 11.5825 }));
		expect(url.origin + url.pathname).toBe('https://geo.example.org/nominatim/reverse');
		expect(Object.fromEntries(url.searchParams)).toEqual({ format: 'jsonv2', lat: '48.15175', lon: '11.5825', zoom: '18', addressdetails: '1' });
	});

	it("keeps the base's own query (a key, say)", () => {
		expect(reverseUrl('http://127.0.0.1:8080?key=k1', { lat: 1, lon: 2 })).toBe('http://127.0.0.1:8080/reverse?key=k1&format=jsonv2&lat=1&lon=2&zoom=18&addressdetails=1');
	});
});

describe('readReverse', () => {
	it('reads road, house number, postcode and city', () => {
		expect(readReverse(munich)).toEqual({ ok: true, parts: { road: 'Leopoldstraße', houseNumber: '12', postcode: '80802', town: 'München' } });
	});

	it('takes the town from city, town, village, hamlet or municipality, in that order', () => {
		expect(readReverse(motorway)).toEqual({ ok: true, parts: { road: 'Autopista Pedro Eugenio Aramburu', houseNumber: null, postcode: '1.619', town: 'El Triángulo' } });
		expect(readReverse(farm)).toEqual({ ok: true, parts: { road: null, houseNumber: null, postcode: '69620', town: 'Les Granges' } });
		const both = { ...munich, address: { town: 'Sutton Coldfield', village: 'Wylde Green', city: 'City of Birmingham' } };
		expect(readReverse(both)).toMatchObject({ ok: true, parts: { town: 'City of Birmingham' } });
		expect(readReverse({ ...munich, address: { municipality: 'Theizé' } })).toMatchObject({ ok: true, parts: { town: 'Theizé' } });
	});

	it('reads "Unable to geocode" (at sea, or outside the imported data) as nothing there', () => {
		expect(readReverse({ error: 'Unable to geocode' })).toEqual({ ok: true, parts: null });
	});

	it('takes blank parts for missing ones', () => {
		expect(readReverse({ ...munich, address: { road: '  ', house_number: '', city: ' Paris ' } })).toEqual({
			ok: true,
			parts: { road: null, houseNumber: null, postcode: null, town: 'Paris' }
		});
	});

	it('refuses what is not such an answer, saying what is wrong', () => {
		const refused = [
			null,
			'Unable to geocode',
			[munich],
			{},
			{ error: { code: 400, message: "Parameter 'lat' must be a number." } },
			{ error: 'Internal Server Error' },
			{ ...munich, address: 'Leopoldstraße 12' },
			{ ...munich, address: { ...munich.address, road: 42 } },
			{ ...munich, address: { ...munich.address, road: 'x'.repeat(301) } },
			// Photon's /reverse answers GeoJSON, not Nominatim's format.
			{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { street: 'Leopoldstraße', housenumber: '12', city: 'München' } }] }
		];
		for (const body of refused) {
			const reading = readReverse(body);
			expect(reading.ok, JSON.stringify(body)).toBe(false);
			if (!reading.ok) expect(reading.problem).toMatch(/^not a jsonv2 reverse answer \(/);
		}
	});
});

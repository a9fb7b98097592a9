import { describe, expect, it } from 'vitest';
import { streetLine, type StreetAddress } from './address';
import { exampleIncident } from './examples';

const munich = { lat: 48.1372, lon: 11.5755 };
/** `metres` north of Munich. */
const north = (metres: number) => ({ lat: munich.lat + metres / 111_195, lon: munich.lon });
const leopold: StreetAddress = { road: 'Leopoldstraße', houseNumber: '12', postcode: '80802', town: 'München', at: munich };
const nothing: StreetAddress = { road: null, houseNumber: null, postcode: null, town: null, at: munich };
const wait = 15_000;

const crash = (address: StreetAddress | null) => exampleIncident({ openedAt: 1_000, lastPosition: { ...munich, fixAt: 0 }, address });
const theftAt = (metres: number, address: StreetAddress | null, lastFixReceivedAt = 10_000) =>
	exampleIncident({ type: 'theft', openedAt: 0, lastFixReceivedAt, lastPosition: { ...north(metres), fixAt: 0 }, address });

describe('streetLine', () => {
	it('shows the address of the position itself, and of one within 25 m of it', () => {
		expect(streetLine(crash(leopold), 2_000, wait)).toEqual({ show: 'address', address: leopold });
		expect(streetLine(theftAt(20, leopold), 11_000, wait)).toEqual({ show: 'address', address: leopold });
	});

	it('does not show it once the latest fix is further away: "looking up" while its lookup may come, then the town', () => {
		expect(streetLine(theftAt(40, leopold), 11_000, wait)).toEqual({ show: 'looking' });
		expect(streetLine(theftAt(40, leopold), 10_000 + wait, wait)).toEqual({ show: 'town' });
	});

	it('is looking up a new crash until the wait is over, counted from the console receive time', () => {
		expect(streetLine(crash(null), 1_000, wait)).toEqual({ show: 'looking' });
		expect(streetLine(crash(null), 1_000 + wait - 1, wait)).toEqual({ show: 'looking' });
		expect(streetLine(crash(null), 1_000 + wait, wait)).toEqual({ show: 'town' });
	});

	it('shows the town alone without a geocoder, without a position, and where the geocoder found nothing', () => {
		expect(streetLine(crash(null), 1_000, 0)).toEqual({ show: 'town' });
		expect(streetLine(exampleIncident({ address: leopold }), 0, wait)).toEqual({ show: 'town' });
		expect(streetLine(crash(nothing), 1_000, wait)).toEqual({ show: 'town' });
	});

	it('shows an address with only a postcode and town (no road there)', () => {
		const village = { ...nothing, postcode: '82031', town: 'Grünwald' };
		expect(streetLine(crash(village), 2_000, wait)).toEqual({ show: 'address', address: village });
	});
});

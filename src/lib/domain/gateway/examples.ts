// Valid payloads of the single events of docs/gateway-protocol.md, with every optional field: where
// the validator's tests start from.
import type { EventName } from './schemas';

export type Payload = Record<string, unknown>;
export type SingleEvent = Exclude<EventName, 'theft.positions'>;

export const exampleVin = 'WP0ZZZ99ZTS392124';
export const exampleTime = '2026-11-27T04:48:08Z';

export const exampleVehicle = {
	model: '911 Carrera S',
	modelYear: 2018,
	colour: 'Guards Red',
	plate: 'S-PC 911',
	owner: { name: 'Anna Berger', phone: '+49 711 9110', language: 'de' }
};

/** A valid payload of every single event, with every optional field. */
export const examplePayloads: Record<SingleEvent, Payload> = {
	'airbag.deployed': {
		eventId: 'gw1:airbag:0001',
		vin: exampleVin,
		occurredAt: '2026-11-27T05:48:08.250+01:00',
		position: { lat: 48.8342, lon: 9.1523 },
		positionTrusted: true,
		headingDeg: 271.5,
		recentPositions: [
			{ lat: 48.8341, lon: 9.1526 },
			{ lat: 48.834, lon: 9.153 }
		],
		automatic: true,
		testCall: false,
		passengers: 2,
		propulsion: ['gasoline', 'electric'],
		vehicle: exampleVehicle,
		msd: '0a1B2c'
	},
	'theft.started': {
		eventId: 'gw1-theft-0001',
		vin: exampleVin,
		occurredAt: exampleTime,
		trigger: 'tow_away',
		position: { lat: -33.8688, lon: 151.2093 },
		vehicle: exampleVehicle
	},
	'theft.position': {
		eventId: 'gw1.fix.0001',
		vin: exampleVin,
		fixAt: exampleTime,
		lat: 48.1,
		lon: 11.5,
		speedKmh: 87.5,
		headingDeg: 0,
		accuracyM: 4.2
	},
	'theft.ended': { eventId: 'gw1_end_0001', vin: exampleVin, occurredAt: exampleTime, reason: 'owner_cleared' }
};

// The mapping of docs/traccar.md on bodies shaped as Traccar 6 forwards them (field names and
// types from its forward/EventData.java, model/Event.java, model/Position.java and
// model/Device.java; see examples.ts).
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../gateway/validate';
import { traccarDevice, traccarEvent, traccarPosition } from './examples';
import { alarmsOf, mapEventData, mapPositionData } from './mapping';
import { traccarEventDataSchema, traccarPositionDataSchema } from './schemas';

const eventData = (event: Record<string, unknown>, position: Record<string, unknown> | null = traccarPosition(), device = traccarDevice()) =>
	traccarEventDataSchema.parse({ event: traccarEvent(event), ...(position ? { position } : {}), device });

describe('Traccar events', () => {
	it('makes an accident a crash, automatic, at the position, for the device’s VIN', () => {
		const [crash, ...rest] = mapEventData(eventData({}));
		expect(rest).toEqual([]);
		expect(crash).toMatchObject({
			event: 'airbag.deployed',
			payload: { eventId: 'traccar-event:501', vin: 'WP0ZZZ99ZTS392124', occurredAt: '2026-12-03T06:20:00.000+00:00', position: { lat: 48.137154, lon: 11.576124 }, automatic: true, vehicle: { model: '911 Carrera' } },
			warnings: []
		});
		expect(validateEvent(crash.event, crash.payload)).toMatchObject({ ok: true, warnings: [] });
	});

	it('makes sos a manual crash, and tow, movement, powerCut and tampering thefts with their triggers', () => {
		const one = (alarm: string) => mapEventData(eventData({ attributes: { alarm } }))[0];
		expect(one('sos')).toMatchObject({ event: 'airbag.deployed', payload: { automatic: false } });
		expect(one('tow')).toMatchObject({ event: 'theft.started', payload: { trigger: 'tow_away' } });
		expect(one('movement')).toMatchObject({ event: 'theft.started', payload: { trigger: 'unauthorised_movement' } });
		expect(one('powerCut')).toMatchObject({ event: 'theft.started', payload: { trigger: 'battery_disconnected' } });
		for (const alarm of ['tampering', 'removing', 'jamming', 'gpsAntennaCut']) expect(one(alarm)).toMatchObject({ payload: { trigger: 'tamper' } });
		for (const alarm of ['tow', 'sos']) expect(validateEvent(one(alarm).event, one(alarm).payload).ok).toBe(true);
	});

	it('reads an alarm attribute holding two alarms separated by a comma as both, each with its own event id', () => {
		const data = eventData({ attributes: {} }, traccarPosition({ attributes: { alarm: 'powerCut,accident' } }));
		expect(alarmsOf(data)).toEqual(['powerCut', 'accident']);
		expect(mapEventData(data).map((m) => [m.event, m.payload.eventId])).toEqual([
			['theft.started', 'traccar-event:501:powerCut'],
			['airbag.deployed', 'traccar-event:501:accident']
		]);
	});

	it('keeps an accident with no position, without one', () => {
		const [crash] = mapEventData(eventData({}, null));
		expect(crash.payload).not.toHaveProperty('position');
		expect(crash.payload.occurredAt).toBe('2026-12-03T06:20:00.000+00:00');
		expect(validateEvent(crash.event, crash.payload).ok).toBe(true);
	});

	it('takes the uniqueId for a device without a VIN attribute, and says so', () => {
		const [crash] = mapEventData(eventData({}, traccarPosition(), traccarDevice({ attributes: { speedLimit: 27 } })));
		expect(crash.payload.vin).toBe('358240051111110');
		expect(crash.warnings).toEqual([
			{ path: 'device.attributes.vin', message: expect.stringContaining('uniqueId "358240051111110"'), code: 'traccar_no_vin', params: { uniqueId: '358240051111110' } }
		]);
	});

	it('acts on no other alarm and no other event type', () => {
		expect(mapEventData(eventData({ attributes: { alarm: 'overspeed' } }))).toEqual([]);
		expect(mapEventData(eventData({ type: 'deviceOnline', attributes: {} }))).toEqual([]);
		expect(mapEventData(eventData({ type: 'geofenceEnter', attributes: { alarm: 'accident' } }))).toEqual([]);
	});

	it('reads nulls and absent fields, and ignores unknown attributes', () => {
		const data = traccarEventDataSchema.parse({
			event: traccarEvent({ attributes: { alarm: 'tow', vendorCode: 'X7' }, positionId: 0, eventTime: null }),
			device: traccarDevice({ name: null, model: null, phone: null, attributes: null }),
			geofence: null
		});
		const [theft] = mapEventData(data);
		expect(theft.payload).toEqual({ eventId: 'traccar-event:501', vin: '358240051111110', vehicle: {}, trigger: 'tow_away' });
		// Without a time, the protocol refuses theft.started: the endpoint answers 400 naming occurredAt.
		expect(validateEvent(theft.event, theft.payload)).toMatchObject({ ok: false, error: { issues: [{ path: 'occurredAt' }] } });
	});
});

describe('Traccar positions', () => {
	it('makes a fix in km/h from knots, with its heading and accuracy, that only joins a followed theft', () => {
		const fix = mapPositionData(traccarPositionDataSchema.parse({ position: traccarPosition({ accuracy: 8.5 }), device: traccarDevice() }));
		expect(fix).toMatchObject({
			event: 'theft.position',
			payload: { eventId: 'traccar-position:1001', vin: 'WP0ZZZ99ZTS392124', fixAt: '2026-12-03T06:20:00.000+00:00', lat: 48.137154, lon: 11.576124, speedKmh: 50, headingDeg: 184, accuracyM: 8.5 },
			followOnly: true,
			invalidFix: false
		});
		expect(validateEvent(fix.event, fix.payload)).toMatchObject({ ok: true, warnings: [] });
	});

	it('keeps a fix Traccar marked not valid as a data problem, and leaves out an accuracy of 0', () => {
		const fix = mapPositionData(traccarPositionDataSchema.parse({ position: traccarPosition({ valid: false, course: 360 }), device: traccarDevice() }));
		expect(fix.invalidFix).toBe(true);
		expect(fix.warnings).toEqual([{ path: 'position.valid', message: expect.stringContaining('not valid'), code: 'traccar_fix_invalid' }]);
		expect(fix.payload).not.toHaveProperty('accuracyM');
		expect(fix.payload.headingDeg).toBe(0);
	});

	it('refuses a body that is not a position with its device, naming the field', () => {
		const parsed = traccarPositionDataSchema.safeParse({ position: traccarPosition({ latitude: 'north' }), device: traccarDevice({ uniqueId: '' }) });
		expect(parsed.success).toBe(false);
		expect(parsed.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['device.uniqueId', 'position.latitude']);
	});
});

// Bodies as Traccar 6 forwards them, for tests: the JSON its Jackson mapper writes of
// `forward/EventData` (nulls left out) and of `model/Event`, `model/Position` and `model/Device`
// (nulls written), with their field names and types from those classes. Times are ISO 8601 with
// an offset; speed is in knots.
export const traccarDevice = (over: Record<string, unknown> = {}) => ({
	id: 7,
	attributes: { vin: 'WP0ZZZ99ZTS392124', speedLimit: 27 },
	groupId: 0,
	calendarId: 0,
	name: 'Porsche 911 (fleet 12)',
	uniqueId: '358240051111110',
	status: 'online',
	lastUpdate: '2026-12-03T06:20:00.000+00:00',
	positionId: 1001,
	phone: '+491701234567',
	model: '911 Carrera',
	contact: null,
	category: 'car',
	disabled: false,
	expirationTime: null,
	...over
});

export const traccarPosition = (over: Record<string, unknown> = {}) => ({
	id: 1001,
	attributes: { sat: 11, ignition: true, motion: true, odometer: 120_345, batteryLevel: 92, distance: 12.4, totalDistance: 9_876_543.2 },
	deviceId: 7,
	protocol: 'teltonika',
	serverTime: '2026-12-03T06:20:01.000+00:00',
	deviceTime: '2026-12-03T06:20:00.000+00:00',
	fixTime: '2026-12-03T06:20:00.000+00:00',
	outdated: false,
	valid: true,
	latitude: 48.137154,
	longitude: 11.576124,
	altitude: 519,
	speed: 27.0,
	course: 184,
	address: null,
	accuracy: 0,
	network: null,
	geofenceIds: null,
	...over
});

export const traccarEvent = (over: Record<string, unknown> = {}) => ({
	id: 501,
	attributes: { alarm: 'accident' },
	deviceId: 7,
	type: 'alarm',
	eventTime: '2026-12-03T06:20:00.000+00:00',
	positionId: 1001,
	geofenceId: 0,
	maintenanceId: 0,
	...over
});

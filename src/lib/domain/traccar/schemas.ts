// What Traccar forwards, as Traccar 6 writes it (docs/traccar.md): the JSON of its model classes
// `forward/EventData`, `model/Event`, `model/Position` and `model/Device`. Jackson leaves nulls
// out of EventData and writes them elsewhere; dates are ISO 8601 with an offset. Only the fields
// the console uses are read; everything else (network, geofence, maintenance, unknown
// attributes) passes through untouched.
import { z } from 'zod';

const id = z.number().int().nonnegative();
const text = z.string().nullish();
/** Traccar's free-form attributes: any JSON object. */
const attributes = z.record(z.string(), z.unknown()).nullish();

export const traccarDeviceSchema = z.object({
	id,
	name: text,
	uniqueId: z.string().min(1, 'must be the device identifier'),
	phone: text,
	model: text,
	attributes
});

export const traccarPositionSchema = z.object({
	id,
	deviceId: id,
	protocol: text,
	serverTime: text,
	deviceTime: text,
	fixTime: z.string({ error: 'must be the ISO 8601 time of the fix' }),
	valid: z.boolean().nullish(),
	latitude: z.number({ error: 'must be a number' }),
	longitude: z.number({ error: 'must be a number' }),
	altitude: z.number().nullish(),
	/** Knots. */
	speed: z.number().nullish(),
	course: z.number().nullish(),
	address: text,
	/** Metres; 0 when the device gives none. */
	accuracy: z.number().nullish(),
	attributes
});

export const traccarEventSchema = z.object({
	id,
	type: z.string({ error: 'must be the event type' }),
	eventTime: text,
	deviceId: id,
	positionId: id.nullish(),
	attributes
});

/** `POST /traccar/events`: Traccar's `EventData`. */
export const traccarEventDataSchema = z.object({
	event: traccarEventSchema,
	position: traccarPositionSchema.nullish(),
	device: traccarDeviceSchema
});

/** `POST /traccar/positions`: a position with its device. */
export const traccarPositionDataSchema = z.object({
	position: traccarPositionSchema,
	device: traccarDeviceSchema
});

export type TraccarDevice = z.infer<typeof traccarDeviceSchema>;
export type TraccarPosition = z.infer<typeof traccarPositionSchema>;
export type TraccarEventData = z.infer<typeof traccarEventDataSchema>;
export type TraccarPositionData = z.infer<typeof traccarPositionDataSchema>;

// Payload schemas of gateway protocol version 1 (the gateway protocol).
// They describe the cleaned value of each event; validate.ts applies them leniently, so that only
// required fields can refuse an event. Every rule has one message, written for a gateway developer.
import { z } from 'zod';
import { wellFormed, wellFormedRule } from '../text';

export const eventNames = [
	'airbag.deployed',
	'theft.started',
	'theft.position',
	'theft.positions',
	'theft.ended'
] as const;
export type EventName = (typeof eventNames)[number];

/** Largest payload JSON, in UTF-8 bytes, of every event but `theft.positions`. */
export const maxPayloadBytes = 64 * 1024;
/** Largest `theft.positions` payload JSON, in UTF-8 bytes. */
export const maxBatchPayloadBytes = 1024 * 1024;
export const maxFixesPerBatch = 1000;

export const triggers = [
	'unauthorised_movement',
	'tow_away',
	'ignition_without_card',
	'battery_disconnected',
	'tamper',
	'owner_report',
	'other'
] as const;
export const endReasons = ['driver_card_recognised', 'owner_cleared', 'service_mode', 'other'] as const;
export const propulsions = ['gasoline', 'diesel', 'cng', 'lpg', 'electric', 'hydrogen', 'other'] as const;

/** A string of `min` to `max` characters; any failure is reported as `rule`, but broken Unicode. */
function textOf(min: number, max: number, rule: string) {
	return z.string({ error: rule }).min(min, { error: rule }).max(max, { error: rule }).refine(wellFormed, { error: wellFormedRule });
}

/** A string matching `pattern`; any failure is reported as `rule`. */
function matching(pattern: RegExp, rule: string) {
	return z.string({ error: rule }).regex(pattern, { error: rule });
}

/** A finite number in [min, max]; zod already refuses NaN and ±Infinity. */
function numberIn(min: number, max: number, rule: string) {
	return z.number({ error: rule }).min(min, { error: rule }).max(max, { error: rule });
}

function integerIn(min: number, max: number, rule: string) {
	return numberIn(min, max, rule).int({ error: rule });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
	return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

// Groups: 1-6 date and time, 7 fraction (with its dot), 8 offset sign, 9-10 offset hours and minutes.
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
	if (month === 2) return isLeapYear(year) ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Epoch milliseconds of an RFC 3339 date-time, or null if `text` is not one (e.g. month 13). */
export function parseRfc3339(text: string): number | null {
	// Every fix of every batch passes here: plain reads of the match, no intermediate arrays.
	const match = rfc3339.exec(text);
	if (!match) return null;
	const year = Number(match[1]);
	const month = Number(match[2]);
	const day = Number(match[3]);
	const hour = Number(match[4]);
	const minute = Number(match[5]);
	const second = Number(match[6]);
	const offsetHours = match[8] ? Number(match[9]) : 0;
	const offsetMinutes = match[8] ? Number(match[10]) : 0;
	const dateValid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
	// Second 60 is a leap second, which RFC 3339 allows.
	const timeValid = hour <= 23 && minute <= 59 && second <= 60;
	const offsetValid = offsetHours <= 23 && offsetMinutes <= 59;
	if (!dateValid || !timeValid || !offsetValid) return null;
	const millis = match[7] ? Math.floor(Number(`0${match[7]}`) * 1000) : 0;
	// Date.UTC maps years 0-99 to 1900-1999: those (and only those) go through setUTCFullYear.
	const utc =
		year >= 100
			? Date.UTC(year, month - 1, day, hour, minute, second, millis)
			: new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
	const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
	return match[8] === '-' ? utc + offsetMs : utc - offsetMs;
}

const timeRule = 'must be an RFC 3339 time such as 2026-11-27T04:48:08Z or 2026-11-27T05:48:08.250+01:00';

/** An RFC 3339 time, parsed to epoch milliseconds. */
export const timeSchema = z.string({ error: timeRule }).transform((text, ctx) => {
	const ms = parseRfc3339(text);
	if (ms !== null) return ms;
	ctx.issues.push({ code: 'custom', message: timeRule, input: text });
	return z.NEVER;
});

export const eventIdSchema = matching(
	/^[A-Za-z0-9._:-]{1,128}$/,
	'must be a string of 1 to 128 characters from A-Z a-z 0-9 . _ : -'
);

export const vinSchema = textOf(1, 32, 'must be a non-empty string of at most 32 characters');

/** ISO 3779: 17 characters of A-Z and 0-9, without I, O and Q. */
export function isIsoVin(vin: string): boolean {
	return /^[A-HJ-NPR-Z0-9]{17}$/.test(vin);
}

export const latSchema = numberIn(-90, 90, 'must be a number from -90 to 90');
export const lonSchema = numberIn(-180, 180, 'must be a number from -180 to 180');
export const positionSchema = z.object({ lat: latSchema, lon: lonSchema });
export type Position = z.infer<typeof positionSchema>;

const headingSchema = numberIn(0, 359, 'must be a number from 0 to 359');
const flagSchema = z.boolean({ error: 'must be true or false' });

export const triggerSchema = oneOf(triggers);
export type Trigger = z.infer<typeof triggerSchema>;
export const endReasonSchema = oneOf(endReasons);
export type EndReason = z.infer<typeof endReasonSchema>;
export const propulsionSchema = oneOf(propulsions);
export type Propulsion = z.infer<typeof propulsionSchema>;

// Bounded so that a vehicle record stays small enough to show and store.
const textSchema = textOf(1, 200, 'must be a non-empty string of at most 200 characters');
const phoneSchema = matching(/^\+?[0-9 ()./-]{3,32}$/, 'must be a phone number such as +49 711 9110');
const languageSchema = matching(
	/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/,
	'must be a language tag such as de or en-GB'
);

export const ownerSchema = z.object({
	name: textSchema.optional(),
	phone: phoneSchema.optional(),
	language: languageSchema.optional()
});
export type Owner = z.infer<typeof ownerSchema>;

export const vehicleSchema = z.object({
	model: textSchema.optional(),
	modelYear: integerIn(1900, 2100, 'must be a whole number from 1900 to 2100').optional(),
	colour: textSchema.optional(),
	plate: textSchema.optional(),
	owner: ownerSchema.optional()
});
export type Vehicle = z.infer<typeof vehicleSchema>;

const msdSchema = matching(
	/^(?:[0-9A-Fa-f]{2}){1,4096}$/,
	'must be hex digits in pairs, at most 8192 characters'
);

export const airbagDeployedSchema = z.object({
	eventId: eventIdSchema,
	vin: vinSchema,
	occurredAt: timeSchema.optional(),
	position: positionSchema.optional(),
	positionTrusted: flagSchema.optional(),
	headingDeg: headingSchema.optional(),
	recentPositions: z.array(positionSchema).max(2, { error: 'must hold at most 2 positions' }).optional(),
	automatic: flagSchema.optional(),
	testCall: flagSchema.optional(),
	passengers: integerIn(0, 99, 'must be a whole number from 0 to 99').optional(),
	propulsion: z.array(propulsionSchema).optional(),
	vehicle: vehicleSchema.optional(),
	msd: msdSchema.optional()
});
export type AirbagDeployed = z.infer<typeof airbagDeployedSchema>;

export const theftStartedSchema = z.object({
	eventId: eventIdSchema,
	vin: vinSchema,
	occurredAt: timeSchema,
	trigger: triggerSchema,
	position: positionSchema.optional(),
	vehicle: vehicleSchema.optional()
});
export type TheftStarted = z.infer<typeof theftStartedSchema>;

const accuracyRule = 'must be a number of at least 0';
const accuracySchema = z.number({ error: accuracyRule }).min(0, { error: accuracyRule });

export const theftPositionSchema = z.object({
	eventId: eventIdSchema,
	vin: vinSchema,
	fixAt: timeSchema,
	lat: latSchema,
	lon: lonSchema,
	speedKmh: numberIn(0, 400, 'must be a number from 0 to 400').optional(),
	headingDeg: headingSchema.optional(),
	accuracyM: accuracySchema.optional()
});
export type TheftPosition = z.infer<typeof theftPositionSchema>;

function batchOf<T extends z.ZodType>(fix: T) {
	const rule = `must be an array of 1 to ${maxFixesPerBatch} fixes`;
	return z.object({
		fixes: z.array(fix, { error: rule }).min(1, { error: rule }).max(maxFixesPerBatch, { error: rule })
	});
}

export const theftPositionsSchema = batchOf(theftPositionSchema);
export type TheftPositions = z.infer<typeof theftPositionsSchema>;
/** `theft.positions` with its fixes unjudged: each fix is judged on its own. */
export const batchEnvelopeSchema = batchOf(z.unknown());

export const theftEndedSchema = z.object({
	eventId: eventIdSchema,
	vin: vinSchema,
	occurredAt: timeSchema,
	reason: endReasonSchema
});
export type TheftEnded = z.infer<typeof theftEndedSchema>;

/** A problem with one field; `path` is dotted with numeric indices, `""` for the payload itself. */
export type Issue = { path: string; message: string };

export type AcceptedAck = { ok: true; incidentId: string | null; duplicate: boolean; warnings: Issue[] };
export type AckErrorCode = 'invalid_payload' | 'payload_too_large' | 'unavailable' | 'rate_limited';
export type RefusedAck = {
	ok: false;
	error: { code: AckErrorCode; message: string; issues?: Issue[]; retryAfterMs?: number };
};
/** The ack of `theft.positions`: one result per fix, in the order of `fixes`. */
export type BatchAck = { ok: true; results: (AcceptedAck | RefusedAck)[] };
export type Ack = AcceptedAck | BatchAck | RefusedAck;

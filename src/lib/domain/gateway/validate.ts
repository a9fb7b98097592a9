// Judges a gateway event before anything is stored (docs/gateway-protocol.md). Pure: no I/O, no clock,
// safe in the browser. The rule that shapes it: only required fields can make an event be refused;
// a malformed optional field is dropped and reported as a warning.
import { z } from 'zod';
import {
	airbagDeployedSchema,
	batchEnvelopeSchema,
	eventNames,
	isIsoVin,
	maxBatchPayloadBytes,
	maxPayloadBytes,
	theftEndedSchema,
	theftPositionSchema,
	theftStartedSchema,
	type AirbagDeployed,
	type EventName,
	type Issue,
	type TheftEnded,
	type TheftPosition,
	type TheftStarted
} from './schemas';
import type { Problem } from '../problems';

export type RefusalCode = 'invalid_payload' | 'payload_too_large';
export type Refusal<Code extends RefusalCode = RefusalCode> = {
	ok: false;
	error: { code: Code; message: string; issues: Issue[] };
};
/** `warnings` includes `vinWarning`, which is set when the VIN is not ISO 3779. */
export type Accepted<T> = { ok: true; value: T; warnings: Problem[]; vinWarning?: Problem };
export type FixResult = Accepted<TheftPosition> | Refusal<'invalid_payload'>;

/** `json`: the payload as received, written as JSON (what the gateway log keeps). */
export type Validation =
	| ({ event: 'airbag.deployed'; json: string } & Accepted<AirbagDeployed>)
	| ({ event: 'theft.started'; json: string } & Accepted<TheftStarted>)
	| ({ event: 'theft.position'; json: string } & Accepted<TheftPosition>)
	| ({ event: 'theft.ended'; json: string } & Accepted<TheftEnded>)
	| ({ event: 'theft.positions' } & Accepted<FixResult[]>)
	| Refusal;

/** Judges one event as received from the gateway. Never throws, whatever it is given. */
export function validateEvent(eventName: unknown, payload: unknown): Validation {
	if (!isEventName(eventName)) return unknownEvent(eventName);
	const read = readPayload(eventName, payload);
	if (!read.ok) return read;
	const summary = `Invalid ${eventName} payload`;
	const { json } = read;
	switch (eventName) {
		case 'airbag.deployed':
			return tagged(eventName, json, judgePayload(airbagDeployedSchema, read.data, '', summary));
		case 'theft.started':
			return tagged(eventName, json, judgePayload(theftStartedSchema, read.data, '', summary));
		case 'theft.position':
			return tagged(eventName, json, judgePayload(theftPositionSchema, read.data, '', summary));
		case 'theft.ended':
			return tagged(eventName, json, judgePayload(theftEndedSchema, read.data, '', summary));
		case 'theft.positions':
			return judgeBatch(read.data);
	}
}

/** Seconds the vehicle clock is ahead of the console (negative: behind). */
export function clockSkewSeconds(vehicleMs: number, receivedMs: number): number {
	return (vehicleMs - receivedMs) / 1000;
}

function isEventName(value: unknown): value is EventName {
	return eventNames.some((name) => name === value);
}

function unknownEvent(eventName: unknown): Refusal {
	const named =
		typeof eventName === 'string' ? JSON.stringify(eventName.slice(0, 100)) : `of type ${typeof eventName}`;
	return refusal('invalid_payload', 'Unknown event', [
		{ path: '', message: `the event name ${named} is unknown; the events are ${eventNames.join(', ')}` }
	]);
}

/**
 * The payload as plain JSON data, after the size check. Judging a JSON copy means no getters,
 * prototypes or binary buffers of the original can reach the field checks.
 */
function readPayload(eventName: EventName, payload: unknown): { ok: true; data: unknown; json: string } | Refusal {
	const limit = eventName === 'theft.positions' ? maxBatchPayloadBytes : maxPayloadBytes;
	try {
		if (!isPlainObject(payload)) return refusal('invalid_payload', `Invalid ${eventName} payload`, notAnObject);
		const json = JSON.stringify(payload);
		if (isTooLarge(json, limit)) {
			return refusal('payload_too_large', `The ${eventName} payload is too large`, [
				{ path: '', message: `the payload is over ${limit} bytes of JSON, the limit for ${eventName}` }
			]);
		}
		return { ok: true, data: JSON.parse(json), json };
	} catch {
		// BigInt values, cycles and extreme nesting make JSON.stringify throw.
		return refusal('invalid_payload', `Invalid ${eventName} payload`, [
			{ path: '', message: 'the payload cannot be written as JSON (a BigInt, a cycle or nesting too deep)' }
		]);
	}
}

const notAnObject: Issue[] = [{ path: '', message: 'the payload must be a JSON object' }];

/** Binary data (Buffer, Uint8Array), arrays and class instances are not JSON objects. */
function isPlainObject(value: unknown): boolean {
	if (typeof value !== 'object' || value === null) return false;
	const prototype = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

function isTooLarge(json: string, limit: number): boolean {
	// A UTF-16 code unit is one to three UTF-8 bytes, so only texts between limit/3 and limit
	// code units need encoding to tell.
	if (json.length > limit) return true;
	return json.length * 3 > limit && new TextEncoder().encode(json).length > limit;
}

function tagged<E extends EventName, T>(
	event: E,
	json: string,
	judged: Accepted<T> | Refusal
): (Accepted<T> & { event: E; json: string }) | Refusal {
	if (!judged.ok) return judged;
	const { value, warnings, vinWarning } = judged;
	return vinWarning ? { event, ok: true, value, warnings, vinWarning, json } : { event, ok: true, value, warnings, json };
}

function judgeBatch(data: unknown): Validation {
	const envelope = batchEnvelopeSchema.safeParse(data);
	if (!envelope.success) {
		return refusal('invalid_payload', 'Invalid theft.positions payload', issuesOf(envelope.error, ''));
	}
	const results = envelope.data.fixes.map((fix, index) =>
		judgePayload(theftPositionSchema, fix, `fixes.${index}`, `Invalid fix ${index}`)
	);
	return { ok: true, event: 'theft.positions', value: results, warnings: [] };
}

/** Judges an event payload at `path` (`""`, or `fixes.3` for a fix of a batch). */
function judgePayload<S extends z.ZodObject>(
	schema: S,
	data: unknown,
	path: string,
	summary: string
): Accepted<z.infer<S>> | Refusal<'invalid_payload'> {
	// Almost every payload is wholly valid: one parse by the schema settles it. Only a payload it
	// refuses needs the field-by-field walk that tells a refusal from a dropped optional field.
	// (The input is a JSON copy, so the schema's own-key reads see no inherited values.)
	const strict = schema.safeParse(data);
	const judged = strict.success ? { ok: true as const, value: strict.data, warnings: [] } : judgeObject(schema, data, path);
	if (!judged.ok) return refusal('invalid_payload', summary, judged.errors);
	// Both build the value from the schema's own fields only, so it has the schema's type.
	const value = judged.value as z.infer<S>;
	const vin = field(value, 'vin');
	if (typeof vin !== 'string' || isIsoVin(vin)) return { ok: true, value, warnings: judged.warnings };
	const vinWarning: Problem = {
		path: join(path, 'vin'),
		message: 'is not an ISO 3779 VIN (17 characters of A-Z and 0-9 without I, O and Q); accepted anyway',
		code: 'vin_not_iso'
	};
	return { ok: true, value, warnings: [...judged.warnings, vinWarning], vinWarning };
}

function refusal<Code extends RefusalCode>(code: Code, summary: string, issues: Issue[]): Refusal<Code> {
	// Issues at the payload itself ("") are whole sentences; the others follow their path.
	const described = issues.map((issue) =>
		issue.path ? `${issue.path} ${issue.message}` : issue.message
	);
	return { ok: false, error: { code, message: `${summary}: ${described.join('; ')}`, issues } };
}

// The lenient walk over a schema. `errors` are problems that make the judged value unusable;
// the caller decides whether that refuses the event (a required field) or drops the value.
type Judgement = { ok: true; value: unknown; warnings: Problem[] } | { ok: false; errors: Issue[] };

function judge(schema: z.ZodType, input: unknown, path: string): Judgement {
	if (schema instanceof z.ZodObject) return judgeObject(schema, input, path);
	if (schema instanceof z.ZodArray) return judgeList(schema, input, path);
	return judgeStrictly(schema, input, path);
}

/** Keeps the schema's fields only; a malformed optional field is dropped with a warning. */
function judgeObject(schema: z.ZodObject, input: unknown, path: string): Judgement {
	if (!isRecord(input)) return failed(path, 'must be an object');
	const value: Record<string, unknown> = {};
	const errors: Issue[] = [];
	const warnings: Problem[] = [];
	for (const [key, fieldSchema] of Object.entries(schema.shape)) {
		const at = join(path, key);
		const raw = field(input, key);
		const optional = fieldSchema instanceof z.ZodOptional;
		if (raw === undefined) {
			if (!optional) errors.push({ path: at, message: 'is required' });
			continue;
		}
		const judged = judge(optional ? fieldSchema.unwrap() : fieldSchema, raw, at);
		if (judged.ok) {
			value[key] = judged.value;
			warnings.push(...judged.warnings);
		} else if (optional) {
			warnings.push(...ignored(judged.errors, at));
		} else {
			errors.push(...judged.errors);
		}
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value, warnings };
}

/** Keeps a list's good items (each judged whole); the list's own limits apply to what is kept. */
function judgeList(schema: z.ZodArray, input: unknown, path: string): Judgement {
	if (!Array.isArray(input)) return failed(path, 'must be an array');
	const warnings: Problem[] = [];
	const kept = input.filter((item, index) => {
		const judged = judgeStrictly(schema.element, item, join(path, index));
		if (!judged.ok) warnings.push(...ignored(judged.errors, join(path, index)));
		return judged.ok;
	});
	const list = judgeStrictly(schema, kept, path);
	return list.ok ? { ...list, warnings } : list;
}

function judgeStrictly(schema: z.core.$ZodType, input: unknown, path: string): Judgement {
	const result = z.safeParse(schema, input);
	if (!result.success) return { ok: false, errors: issuesOf(result.error, path) };
	return { ok: true, value: result.data, warnings: [] };
}

/** One issue per path: several failed checks of one field share its message. */
function issuesOf(error: z.ZodError, path: string): Issue[] {
	const messages = new Map<string, string>();
	for (const issue of error.issues) {
		const at = join(path, ...issue.path.map(String));
		if (!messages.has(at)) messages.set(at, issue.message);
	}
	return [...messages].map(([at, message]) => ({ path: at, message }));
}

function failed(path: string, message: string): Judgement {
	return { ok: false, errors: [{ path, message }] };
}

/** The errors that made `dropped` be dropped, as warnings. */
function ignored(errors: Issue[], dropped: string): Problem[] {
	return errors.map((error) => ({
		path: error.path,
		message: `${error.message}; ${dropped} was ignored`,
		code: 'field_ignored',
		params: { ignored: dropped }
	}));
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: a `__proto__` or `constructor` key must not reach inherited values. */
function field(value: unknown, key: string): unknown {
	return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

function join(...parts: (string | number)[]): string {
	return parts.filter((part) => part !== '').join('.');
}

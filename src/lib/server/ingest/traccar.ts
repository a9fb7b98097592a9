// Traccar's forwarding over HTTP (docs/traccar.md): events and positions, authenticated by a
// gateway token before the body is read, bounded in size, judged by Traccar's own model shapes,
// mapped to the console's gateway events and stored through the same group committer and rules
// as /gateway. 200 only after the commit.
import type { z } from 'zod';
import type { AcceptedAck, Issue, RefusedAck } from '../../domain/gateway/schemas';
import { validateEvent } from '../../domain/gateway/validate';
import { mapEventData, mapPositionData, traccarEventId, traccarPositionId, type Mapped } from '../../domain/traccar/mapping';
import { traccarEventDataSchema, traccarPositionDataSchema } from '../../domain/traccar/schemas';
import type { FailureLog } from '../../domain/throttle';
import type { Sql } from '../db';
import type { GatewayLiveness } from '../realtime/liveness';
import { gatewayOfToken } from '../stores/gateway-tokens';
import type { GroupCommitter } from './committer';
import type { IngestItem } from './rules';

/** Largest body Traccar may post. */
export const maxTraccarBytes = 256 * 1024;

export interface TraccarDeps {
	database: Sql;
	envTokens: string[];
	committer: GroupCommitter;
	liveness: GatewayLiveness;
	/** Wrong tokens per address, shared with the gateway's handshakes. */
	failures: FailureLog;
}

export type TraccarKind = 'events' | 'positions';

const answer = (status: number, body: Record<string, unknown>) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
const refused = (status: number, code: string, message: string, issues?: Issue[]) => answer(status, { ok: false, error: { code, message, ...(issues ? { issues } : {}) } });

export async function takeTraccar(deps: TraccarDeps, kind: TraccarKind, request: Request, address: string, now = Date.now()): Promise<Response> {
	// The token first: nothing of the body is read for a caller without one.
	if (deps.failures.lockedUntil(address, now) !== null) return refused(429, 'rate_limited', 'too many wrong tokens from this address; retry in a minute');
	const token = /^Bearer (\S{1,512})$/.exec(request.headers.get('authorization') ?? '')?.[1];
	const gateway = token ? await gatewayOfToken(deps.database, token, deps.envTokens) : null;
	if (!gateway) {
		deps.failures.fail(address, now);
		return refused(401, 'unauthorized', 'send a gateway token as Authorization: Bearer <token>');
	}
	const body = await readBounded(request, maxTraccarBytes);
	if (body === null) return refused(413, 'payload_too_large', `the body is over ${maxTraccarBytes / 1024} KiB`);
	let json: unknown;
	try {
		json = JSON.parse(body);
	} catch (error) {
		return refused(400, 'invalid_payload', `the body is not JSON: ${(error as Error).message}`);
	}
	const read = readTraccar(kind, json);
	if (!read.ok) {
		const what = kind === 'events' ? 'event' : 'position';
		return refused(400, 'invalid_payload', `not Traccar's ${what} forwarding: ${read.issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; ')}`, read.issues);
	}
	const items: IngestItem[] = [];
	for (const m of read.mapped) {
		const judged = validateEvent(m.event, m.payload);
		if (!judged.ok) return refused(400, 'invalid_payload', judged.error.message, judged.error.issues);
		if (judged.event === 'theft.positions') continue; // never: the mapping makes single events
		items.push({
			event: judged.event,
			value: judged.value,
			json: body,
			warnings: [...m.warnings, ...judged.warnings],
			receivedAt: now,
			gateway,
			source: 'Traccar',
			followOnly: m.followOnly,
			invalidFix: m.invalidFix
		} as IngestItem);
	}
	// An event the console does not act on is kept in the gateway log, and changes nothing.
	if (items.length === 0) items.push({ event: 'traccar.event', value: { eventId: read.eventId }, json: body, warnings: [], receivedAt: now, gateway });
	deps.liveness.heardFrom(gateway, now);
	const acks = await new Promise<AcceptedAck[] | RefusedAck>((resolve) => deps.committer.submit(items, resolve));
	if (!Array.isArray(acks)) return answer(503, acks);
	return answer(200, { ok: true, results: acks });
}

type Read = { ok: true; mapped: Mapped[]; eventId: string } | { ok: false; issues: Issue[] };

/** The body judged by Traccar's shape for `kind`, and mapped; `eventId` names it in the gateway log. */
function readTraccar(kind: TraccarKind, json: unknown): Read {
	const issuesOf = (error: z.ZodError) => error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
	if (kind === 'events') {
		const parsed = traccarEventDataSchema.safeParse(json);
		return parsed.success ? { ok: true, mapped: mapEventData(parsed.data), eventId: traccarEventId(parsed.data.event.id) } : { ok: false, issues: issuesOf(parsed.error) };
	}
	const parsed = traccarPositionDataSchema.safeParse(json);
	return parsed.success ? { ok: true, mapped: [mapPositionData(parsed.data)], eventId: traccarPositionId(parsed.data.position.id) } : { ok: false, issues: issuesOf(parsed.error) };
}

/**
 * The body as text, or null past `limit` bytes. What comes past the limit is read and dropped, up
 * to a few times the limit, so that the sender gets its 413 on an open connection; a body larger
 * still is cut.
 */
async function readBounded(request: Request, limit: number): Promise<string | null> {
	const drainUpTo = 8 * limit;
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > drainUpTo) return null;
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > drainUpTo) {
			await reader.cancel();
			return null;
		}
		if (size <= limit) chunks.push(value);
	}
	return size > limit ? null : Buffer.concat(chunks).toString('utf8');
}

// One gateway event from its arrival to its ack: rate, validation, storage (gateway-protocol.md).
import type { TokenBucket } from '../../domain/rate';
import type { AcceptedAck, Ack, RefusedAck } from '../../domain/gateway/schemas';
import { validateEvent } from '../../domain/gateway/validate';
import type { GroupCommitter } from './committer';
import type { IngestItem } from './rules';

export interface Receiver {
	gateway: string;
	bucket: TokenBucket;
	committer: GroupCommitter;
	heard: (now: number) => void;
}

/** What a batch costs against the rate: its fixes (read defensively: the payload is unchecked yet). */
function costOf(event: unknown, payload: unknown): number {
	if (event !== 'theft.positions' || typeof payload !== 'object' || payload === null) return 1;
	const fixes = (payload as { fixes?: unknown }).fixes;
	return Array.isArray(fixes) ? Math.max(1, Math.min(fixes.length, 1000)) : 1;
}

export async function receive(receiver: Receiver, event: unknown, args: unknown[], now = Date.now()): Promise<Ack> {
	const rate = receiver.bucket.take(costOf(event, args[0]), now);
	if (!rate.ok) {
		return {
			ok: false,
			error: {
				code: 'rate_limited',
				message: `over ${receiver.bucket.perSecond} fixes per second on this connection; retry after ${rate.retryAfterMs} ms`,
				retryAfterMs: rate.retryAfterMs
			}
		};
	}
	if (args.length !== 1) {
		const message = `send exactly one payload with an acknowledgement callback (got ${args.length} arguments)`;
		return { ok: false, error: { code: 'invalid_payload', message, issues: [{ path: '', message }] } };
	}
	const judged = validateEvent(event, args[0]);
	if (!judged.ok) return judged;
	receiver.heard(now);
	const base = { receivedAt: now, gateway: receiver.gateway };
	if (judged.event !== 'theft.positions') {
		const item = { event: judged.event, value: judged.value, raw: args[0], warnings: judged.warnings, ...base } as IngestItem;
		const acks = await receiver.committer.submit([item]);
		return Array.isArray(acks) ? acks[0] : acks;
	}
	const rawFixes = (args[0] as { fixes: unknown[] }).fixes;
	const items: IngestItem[] = [];
	judged.value.forEach((fix, index) => {
		if (fix.ok) items.push({ event: 'theft.position', value: fix.value, raw: rawFixes[index], warnings: fix.warnings, ...base });
	});
	const stored = items.length > 0 ? await receiver.committer.submit(items) : [];
	if (!Array.isArray(stored)) return stored;
	let next = 0;
	const results: (AcceptedAck | RefusedAck)[] = judged.value.map((fix) => (fix.ok ? stored[next++] : fix));
	return { ok: true, results };
}

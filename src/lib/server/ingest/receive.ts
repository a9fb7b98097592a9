// One gateway event from its arrival to its ack: rate, validation, storage (docs/gateway-protocol.md).
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

/** Judges and stores one event; `reply` gets its ack at once if it is refused, else after the commit. */
export function receive(receiver: Receiver, event: unknown, args: unknown[], reply: (ack: Ack) => void, now = Date.now()): void {
	const rate = receiver.bucket.take(costOf(event, args[0]), now);
	if (!rate.ok) {
		return reply({
			ok: false,
			error: {
				code: 'rate_limited',
				message: `over ${receiver.bucket.perSecond} fixes per second on this connection; retry after ${rate.retryAfterMs} ms`,
				retryAfterMs: rate.retryAfterMs
			}
		});
	}
	if (args.length !== 1) {
		const message = `send exactly one payload with an acknowledgement callback (got ${args.length} arguments)`;
		return reply({ ok: false, error: { code: 'invalid_payload', message, issues: [{ path: '', message }] } });
	}
	const judged = validateEvent(event, args[0]);
	if (!judged.ok) return reply(judged);
	receiver.heard(now);
	const { gateway } = receiver;
	if (judged.event !== 'theft.positions') {
		const item = { event: judged.event, value: judged.value, json: judged.json, warnings: judged.warnings, receivedAt: now, gateway } as IngestItem;
		return receiver.committer.submit([item], (acks) => reply(Array.isArray(acks) ? acks[0] : acks));
	}
	const rawFixes = (args[0] as { fixes: unknown[] }).fixes;
	const items: IngestItem[] = [];
	judged.value.forEach((fix, index) => {
		if (fix.ok) {
			const json = JSON.stringify(rawFixes[index]);
			items.push({ event: 'theft.position', value: fix.value, json, warnings: fix.warnings, receivedAt: now, gateway });
		}
	});
	const answer = (stored: AcceptedAck[] | RefusedAck) => {
		if (!Array.isArray(stored)) return reply(stored);
		let next = 0;
		const results: (AcceptedAck | RefusedAck)[] = judged.value.map((fix) => (fix.ok ? stored[next++] : fix));
		reply({ ok: true, results });
	};
	if (items.length === 0) answer([]);
	else receiver.committer.submit(items, answer);
}

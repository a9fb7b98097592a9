// What to do with each event of a message once its ack came back, or did not (docs/gateway-protocol.md,
// "Acknowledgements"). Pure, so that the at-least-once rules are tested without a server.

export type Outcome =
	| { kind: 'acked'; duplicate: boolean; warnings: number }
	| { kind: 'refused'; message: string }
	/** Send it again, with the same eventId: after `afterMs` when the console said when, else after a back-off. */
	| { kind: 'retry'; afterMs?: number };

const retryable = new Set(['unavailable', 'rate_limited']);

/**
 * One outcome per event of the message: `count` events, sent as a `theft.positions` batch when
 * `batch`. `ack` is undefined when none came (timeout or disconnect).
 */
export function outcomes(ack: unknown, count: number, batch: boolean): Outcome[] {
	if (!isRecord(ack)) return Array(count).fill({ kind: 'retry' });
	if (ack.ok === false) return Array(count).fill(refusal(ack));
	if (ack.ok !== true) return Array(count).fill({ kind: 'retry' });
	if (!batch) return [accepted(ack)];
	// A batch is judged fix by fix; an ack without one result per fix is resent whole.
	if (!Array.isArray(ack.results) || ack.results.length !== count) return Array(count).fill({ kind: 'retry' });
	return ack.results.map((result) => (isRecord(result) && result.ok === true ? accepted(result) : refusal(result)));
}

function accepted(ack: Record<string, unknown>): Outcome {
	const warnings = Array.isArray(ack.warnings) ? ack.warnings.length : 0;
	return { kind: 'acked', duplicate: ack.duplicate === true, warnings };
}

function refusal(ack: unknown): Outcome {
	const error = isRecord(ack) && isRecord(ack.error) ? ack.error : {};
	const code = typeof error.code === 'string' ? error.code : 'unknown';
	if (retryable.has(code)) {
		return typeof error.retryAfterMs === 'number' && error.retryAfterMs >= 0 ? { kind: 'retry', afterMs: error.retryAfterMs } : { kind: 'retry' };
	}
	const message = typeof error.message === 'string' ? error.message : 'no message';
	return { kind: 'refused', message: `${code}: ${message}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

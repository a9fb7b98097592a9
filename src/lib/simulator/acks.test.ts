import { describe, expect, it } from 'vitest';
import { outcomes } from './acks';

const ok = (extra = {}) => ({ ok: true, incidentId: '1', duplicate: false, warnings: [], ...extra });
const error = (code: string, extra = {}) => ({ ok: false, error: { code, message: `it is ${code}`, ...extra } });

describe('what an ack means for each event of a message', () => {
	it('no ack (timeout or disconnect): every event is sent again after a back-off', () => {
		expect(outcomes(undefined, 3, true)).toEqual(Array(3).fill({ kind: 'retry' }));
		expect(outcomes(undefined, 1, false)).toEqual([{ kind: 'retry' }]);
	});

	it('accepted, a duplicate, warnings', () => {
		expect(outcomes(ok(), 1, false)).toEqual([{ kind: 'acked', duplicate: false, warnings: 0 }]);
		expect(outcomes(ok({ duplicate: true, warnings: [{ path: 'vin', message: 'x' }] }), 1, false)).toEqual([
			{ kind: 'acked', duplicate: true, warnings: 1 }
		]);
	});

	it('rate_limited is retried after retryAfterMs, unavailable after a back-off', () => {
		expect(outcomes(error('rate_limited', { retryAfterMs: 250 }), 2, true)).toEqual(Array(2).fill({ kind: 'retry', afterMs: 250 }));
		expect(outcomes(error('unavailable'), 1, false)).toEqual([{ kind: 'retry' }]);
	});

	it('invalid_payload and payload_too_large are refused, not retried', () => {
		expect(outcomes(error('invalid_payload'), 1, false)).toEqual([{ kind: 'refused', message: 'invalid_payload: it is invalid_payload' }]);
		expect(outcomes(error('payload_too_large'), 2, true)).toEqual(Array(2).fill({ kind: 'refused', message: 'payload_too_large: it is payload_too_large' }));
	});

	it('a batch is judged fix by fix: only the fixes refused with a retryable code are sent again', () => {
		const ack = { ok: true, results: [ok(), error('invalid_payload'), error('unavailable'), ok({ duplicate: true })] };
		expect(outcomes(ack, 4, true).map((o) => o.kind)).toEqual(['acked', 'refused', 'retry', 'acked']);
	});

	it('a batch ack without one result per fix is not trusted: the whole batch is sent again', () => {
		expect(outcomes({ ok: true, results: [ok()] }, 2, true)).toEqual(Array(2).fill({ kind: 'retry' }));
		expect(outcomes({ ok: true }, 2, true)).toEqual(Array(2).fill({ kind: 'retry' }));
	});
});

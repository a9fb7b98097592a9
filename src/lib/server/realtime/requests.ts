// A request a screen sends over /ops, answered through its acknowledgement. One failing request
// must never take the console down: an unexpected error is logged and answered `internal`, and
// the socket, the other screens and the gateways carry on. The payload is `unknown` here, whatever
// the contract says the browser sends: each handler validates it.
import type { InternalError, OpsReply, OpsRequestName } from '../../contract/ops';
import type { OpsSocket } from './screens';

export const internalError: InternalError = { ok: false, error: 'internal' };

export function onRequest<E extends OpsRequestName>(socket: OpsSocket, event: E, handler: (payload: unknown) => Promise<OpsReply<E>>): void {
	const listener = (payload: unknown, ack: unknown) => {
		if (typeof ack !== 'function') return;
		const answer = (reply: unknown) => {
			try {
				ack(reply);
			} catch (error) {
				console.error(`/ops ${event}: the answer could not be sent:`, error);
			}
		};
		let pending: Promise<unknown>;
		try {
			pending = handler(payload);
		} catch (error) {
			pending = Promise.reject(error);
		}
		pending.then(answer, (error: unknown) => {
			console.error(`/ops ${event} failed:`, error);
			answer(internalError);
		});
	};
	// Socket.IO types a listener by the contract's payload; this one takes it as unknown, on purpose.
	(socket as unknown as { on(event: string, listener: (payload: unknown, ack: unknown) => void): void }).on(event, listener);
}

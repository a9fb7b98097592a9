// A request a screen sends over /ops, answered through its acknowledgement. One failing request
// must never take the console down: an unexpected error is logged and answered `internal`, and
// the socket, the other screens and the gateways carry on.
import type { Socket } from 'socket.io';

export const internalError = { ok: false, error: 'internal' } as const;

export function onRequest(socket: Socket, event: string, handler: (payload: unknown) => Promise<unknown>): void {
	socket.on(event, (payload: unknown, ack: unknown) => {
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
	});
}

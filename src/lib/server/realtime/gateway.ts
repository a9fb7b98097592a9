// The /gateway namespace: telematics gateways, authenticated by token (gateway-protocol.md, "Connection").
import type { NamespaceHandlers } from '../host';
import { socketServer } from '../host';
import { config } from '../config';
import { gatewayOfToken } from '../stores/gateway-tokens';
import { db, ingest } from '../app';
import { TokenBucket } from '../../domain/rate';
import { FailureLog } from '../../domain/throttle';
import type { Ack } from '../../domain/gateway/schemas';
import { unavailable } from '../ingest/committer';
import { receive } from '../ingest/receive';

export interface GatewaySocketData {
	gateway: string;
	token: string;
}

/**
 * Wrong tokens per address: 10 within a minute refuse every handshake from that address, unread,
 * for a minute after the last (guessing gets nowhere). Gateways already connected are not cut.
 */
export const handshakeFailures = new FailureLog(10, 60_000);

export const gatewayHandlers: NamespaceHandlers = {
	authenticate(socket, next) {
		const address = socket.handshake.address;
		const now = Date.now();
		if (handshakeFailures.lockedUntil(address, now) !== null) return next(new Error('rate_limited'));
		const refuse = () => {
			handshakeFailures.fail(address, now);
			next(new Error('unauthorized'));
		};
		const token: unknown = socket.handshake.auth?.token;
		if (typeof token !== 'string' || token.length === 0 || token.length > 512) return refuse();
		gatewayOfToken(db(), token, config().SOC_GATEWAY_TOKENS).then(
			(gateway) => {
				if (!gateway) return refuse();
				const data: GatewaySocketData = { gateway, token };
				socket.data = data;
				next();
			},
			() => next(new Error('unavailable'))
		);
	},
	connection(socket) {
		const { gateway } = socket.data as GatewaySocketData;
		void ingest().then(({ committer, liveness }) => {
			liveness.connect(socket.id, gateway);
			socket.on('disconnect', () => liveness.disconnect(socket.id));
			const receiver = {
				gateway,
				bucket: new TokenBucket(config().SOC_GATEWAY_RATE, Date.now()),
				committer,
				heard: (now: number) => liveness.heard(now)
			};
			socket.onAny((event: unknown, ...args: unknown[]) => {
				const ack = typeof args.at(-1) === 'function' ? (args.pop() as (reply: Ack) => void) : undefined;
				try {
					receive(receiver, event, args, (reply) => ack?.(reply));
				} catch (error) {
					console.error('ingest: unexpected failure:', (error as Error).message);
					ack?.(unavailable('the console could not handle the event now; retry later'));
				}
			});
		});
	}
};

/** Cuts gateways whose token was revoked (from /admin or the command line). */
export async function sweepGatewaySockets(): Promise<void> {
	const nsp = socketServer()?.of('/gateway');
	if (!nsp) return;
	for (const socket of nsp.sockets.values()) {
		const { token } = socket.data as GatewaySocketData;
		if (!(await gatewayOfToken(db(), token, config().SOC_GATEWAY_TOKENS))) socket.disconnect(true);
	}
}

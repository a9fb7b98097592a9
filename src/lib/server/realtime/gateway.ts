// The /gateway namespace: telematics gateways, authenticated by token (docs/gateway-protocol.md,
// "Connection"), each event taken through the one ingest path (ingest/receive.ts).
import type { Namespace, Socket } from 'socket.io';
import type { GatewayEvents, GatewayRefusal } from '../../contract/gateway';
import type { Ack } from '../../domain/gateway/schemas';
import { TokenBucket } from '../../domain/rate';
import type { FailureLog } from '../../domain/throttle';
import type { Sql } from '../db';
import type { NamespaceHandlers } from '../host';
import { unavailable, type GroupCommitter } from '../ingest/committer';
import { receive } from '../ingest/receive';
import { gatewayOfToken } from '../stores/gateway-tokens';
import type { GatewayLiveness } from './liveness';

export interface GatewaySocketData {
	gateway: string;
	token: string;
}

export type GatewaySocket = Socket<GatewayEvents, Record<string, never>, Record<string, never>, GatewaySocketData>;
export type GatewayNamespace = Namespace<GatewayEvents, Record<string, never>, Record<string, never>, GatewaySocketData>;

export interface GatewayDeps {
	database: Sql;
	/** Tokens from SOC_GATEWAY_TOKENS, besides those in the database. */
	envTokens: string[];
	/** Fixes per second per connection (SOC_GATEWAY_RATE). */
	rate: number;
	committer: GroupCommitter;
	liveness: GatewayLiveness;
	/**
	 * Wrong tokens per address: 10 within a minute refuse every handshake from that address, unread,
	 * for a minute after the last (guessing gets nowhere). Gateways already connected are not cut.
	 */
	failures: FailureLog;
}

const refused = (reason: GatewayRefusal) => new Error(reason);

export function gatewayHandlers(deps: GatewayDeps): NamespaceHandlers<GatewaySocket> {
	const { failures } = deps;
	return {
		authenticate(socket, next) {
			const address = socket.handshake.address;
			const now = Date.now();
			if (failures.lockedUntil(address, now) !== null) return next(refused('rate_limited'));
			const refuse = () => {
				failures.fail(address, now);
				next(refused('unauthorized'));
			};
			const token: unknown = socket.handshake.auth?.token;
			if (typeof token !== 'string' || token.length === 0 || token.length > 512) return refuse();
			gatewayOfToken(deps.database, token, deps.envTokens).then(
				(gateway) => {
					if (!gateway) return refuse();
					socket.data = { gateway, token };
					next();
				},
				() => next(refused('unavailable'))
			);
		},
		connection(socket) {
			const { gateway } = socket.data;
			const { liveness } = deps;
			liveness.connect(socket.id, gateway);
			socket.on('disconnect', () => liveness.disconnect(socket.id));
			const receiver = {
				gateway,
				bucket: new TokenBucket(deps.rate, Date.now()),
				committer: deps.committer,
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
		}
	};
}

/** Cuts gateways whose token was revoked (from /admin or the command line). */
export async function sweepGatewaySockets(nsp: GatewayNamespace | undefined, db: Sql, envTokens: string[]): Promise<void> {
	if (!nsp) return;
	for (const socket of nsp.sockets.values()) {
		if (!(await gatewayOfToken(db, socket.data.token, envTokens))) socket.disconnect(true);
	}
}

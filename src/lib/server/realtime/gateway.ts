// The /gateway namespace: telematics gateways, authenticated by token (gateway-protocol.md, "Connection").
import type { NamespaceHandlers } from '../host';
import { socketServer } from '../host';
import { db } from '../app';
import { config } from '../config';
import { gatewayOfToken } from '../stores/gateway-tokens';

export interface GatewaySocketData {
	gateway: string;
	token: string;
}

export const gatewayHandlers: NamespaceHandlers = {
	authenticate(socket, next) {
		const token: unknown = socket.handshake.auth?.token;
		if (typeof token !== 'string' || token.length === 0 || token.length > 512) return next(new Error('unauthorized'));
		gatewayOfToken(db(), token, config().SOC_GATEWAY_TOKENS).then(
			(gateway) => {
				if (!gateway) return next(new Error('unauthorized'));
				const data: GatewaySocketData = { gateway, token };
				socket.data = data;
				next();
			},
			() => next(new Error('unavailable'))
		);
	},
	connection() {}
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

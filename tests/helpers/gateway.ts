// A gateway as the protocol describes it, for tests: socket.io-client on /gateway with a token.
import { io, type Socket } from 'socket.io-client';
import type { GatewayEvents } from '../../src/lib/contract/gateway';
import type { Ack } from '../../src/lib/domain/gateway/schemas';

export interface TestGateway {
	socket: Socket<Record<string, never>, GatewayEvents>;
	/** Any event and payload, malformed ones included: the tests send those on purpose. */
	send(event: string, payload: unknown, timeoutMs?: number): Promise<Ack>;
	close(): void;
}

export async function connectGateway(url: string, token: string): Promise<TestGateway> {
	const socket: Socket<Record<string, never>, GatewayEvents> = io(`${url}/gateway`, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	return {
		socket,
		send: (event, payload, timeoutMs = 15_000) => (socket as Socket).timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack>,
		close: () => socket.close()
	};
}

let counter = 0;
/** A unique event id for this test process. */
export const eventId = (prefix = 'ev') => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;

/** A VIN unique to this test process (17 characters, ISO 3779 alphabet). */
export function vin(): string {
	const alphabet = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
	let s = 'WDB';
	for (let i = 0; i < 14; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
	return s;
}

export const iso = (ms: number) => new Date(ms).toISOString();

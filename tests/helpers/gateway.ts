// A gateway as the protocol describes it, for tests: socket.io-client on /gateway with a token.
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../src/lib/domain/gateway/schemas';

export interface TestGateway {
	socket: Socket;
	send(event: string, payload: unknown): Promise<Ack>;
	close(): void;
}

export async function connectGateway(url: string, token: string): Promise<TestGateway> {
	const socket = io(`${url}/gateway`, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	return {
		socket,
		send: (event, payload) => socket.timeout(15_000).emitWithAck(event, payload) as Promise<Ack>,
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

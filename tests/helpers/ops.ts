// An operator's screen for tests: signs in, opens /ops with the session cookie and follows the feed.
import { io, type Socket } from 'socket.io-client';
import type { OpsPushes, OpsReply, OpsRequestName, OpsRequests } from '../../src/lib/contract/ops';
import type { FeedEntry, GatewayStatus, Snapshot } from '../../src/lib/domain/incident';
import { addUser, signIn } from './server';

export interface TestScreen {
	socket: Socket<OpsPushes, OpsRequests>;
	entries: FeedEntry[];
	gateways: GatewayStatus[];
	lastSeq: number;
	resume(seq: number | null): Promise<{ entries?: FeedEntry[]; snapshot?: Snapshot }>;
	/** A request as the server may get it from any client, malformed ones included. */
	send<E extends OpsRequestName>(event: E, payload: unknown): Promise<OpsReply<E>>;
	close(): void;
}

let screens = 0;

export async function operatorCookie(url: string, dbPath: string): Promise<string> {
	const name = `screen-${process.pid}-${++screens}`;
	const password = addUser(dbPath, name, 'operator');
	const { cookie } = await signIn(url, name, password);
	if (!cookie) throw new Error('sign-in failed');
	return cookie;
}

/** Opens a screen and resumes from `seq` (null: a snapshot); live entries are collected in `entries`. */
export async function openScreen(url: string, cookie: string, seq: number | null = null): Promise<TestScreen> {
	const socket: Socket<OpsPushes, OpsRequests> = io(`${url}/ops`, { transports: ['websocket'], extraHeaders: { cookie, origin: url }, reconnection: false, forceNew: true });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	const screen: TestScreen = {
		socket,
		entries: [],
		gateways: [],
		lastSeq: seq ?? 0,
		async resume(from) {
			const reply = await socket.timeout(10_000).emitWithAck('resume', { seq: from });
			if (!reply.ok) throw new Error(reply.error);
			if (reply.snapshot) screen.lastSeq = reply.snapshot.seq;
			for (const entry of reply.entries ?? []) screen.lastSeq = entry.seq;
			return reply;
		},
		send: (event, payload) => (socket as Socket).timeout(10_000).emitWithAck(event, payload),
		close: () => socket.close()
	};
	socket.on('feed', (entries: FeedEntry[]) => {
		screen.entries.push(...entries);
		screen.lastSeq = entries[entries.length - 1].seq;
	});
	socket.on('gateways', (status: GatewayStatus) => screen.gateways.push(status));
	return screen;
}

export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise((r) => setTimeout(r, 20));
	}
}

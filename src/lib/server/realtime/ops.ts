// The /ops namespace: screens of signed-in people. Authenticated from the session cookie and Origin;
// what each role may connect for and send is decided by the access table (domain/access.ts).
import { parse as parseCookie } from 'cookie';
import type { Socket } from 'socket.io';
import { mayConnectOps, maySendOps } from '../../domain/access';
import type { Role } from '../../domain/roles';
import { db, sessionLimits } from '../app';
import { handleResume } from './feed';
import { handleActions } from './actions';
import { sessionCookie } from '../auth/cookie';
import { config } from '../config';
import type { NamespaceHandlers } from '../host';
import { socketServer } from '../host';
import { liveSessionIds, renewSession, validateSession } from '../stores/sessions';

export interface OpsSocketData {
	sessionId: string;
	accountId: number;
	username: string;
	role: Role;
}

const unauthorized = () => new Error('unauthorized');

/**
 * Screens one account may have open at once, over all its sessions (tabs, a second monitor): each
 * gets the whole feed, so an account must not open them without end, even by signing in again.
 * Handshakes in flight together may pass it by a few.
 */
export const maxScreensPerAccount = 16;

/** The origin pages are served from: ORIGIN when set, else the Host the browser asked for. */
function expectedOrigin(socket: Socket): string | undefined {
	const configured = config().ORIGIN;
	if (configured) return new URL(configured).origin;
	const host = socket.handshake.headers.host;
	return host ? `http://${host}` : undefined;
}

export const opsHandlers: NamespaceHandlers = {
	authenticate(socket, next) {
		const origin = socket.handshake.headers.origin;
		if (!origin || origin !== expectedOrigin(socket)) return next(unauthorized());
		const token = parseCookie(socket.handshake.headers.cookie ?? '')[sessionCookie];
		if (!token) return next(unauthorized());
		validateSession(db(), token, sessionLimits()).then(
			(signedIn) => {
				if (!signedIn) return next(unauthorized());
				if (!mayConnectOps(signedIn.account.role)) return next(new Error('forbidden'));
				if ((socket.nsp.adapter.rooms.get(`account:${signedIn.account.id}`)?.size ?? 0) >= maxScreensPerAccount) {
					return next(new Error('too_many_screens'));
				}
				const data: OpsSocketData = {
					sessionId: signedIn.sessionId,
					accountId: signedIn.account.id,
					username: signedIn.account.username,
					role: signedIn.account.role
				};
				socket.data = data;
				next();
			},
			() => next(new Error('unavailable'))
		);
	},
	connection(socket) {
		const data = socket.data as OpsSocketData;
		void socket.join([`session:${data.sessionId}`, `account:${data.accountId}`]);
		// Every event passes the access table before any handler sees it.
		socket.use(([event, ...args], next) => {
			if (maySendOps(data.role, String(event))) return next();
			const ack = args.at(-1);
			if (typeof ack === 'function') ack({ ok: false, error: 'not_allowed' });
		});
		handleResume(socket);
		handleActions(socket);
	}
};

function ops() {
	return socketServer()?.of('/ops');
}

/** Tells the screens of a session (or of an account) that it ended, then cuts them. */
export function endSessionSockets(room: `session:${string}` | `account:${number}`): void {
	const nsp = ops();
	if (!nsp) return;
	nsp.to(room).emit('session:ended');
	nsp.in(room).disconnectSockets(true);
}

/**
 * Cuts sockets whose session ended elsewhere (idle, expired, signed out, account disabled from
 * the command line) and keeps connected wall displays' sessions alive.
 */
export async function sweepOpsSockets(now = Date.now()): Promise<void> {
	const nsp = ops();
	if (!nsp) return;
	const sockets = [...nsp.sockets.values()];
	const ids = [...new Set(sockets.map((s) => (s.data as OpsSocketData).sessionId))];
	const live = await liveSessionIds(db(), ids, sessionLimits(), now);
	for (const id of ids) {
		if (!live.has(id)) endSessionSockets(`session:${id}`);
	}
	const displays = new Set(
		sockets.filter((s) => (s.data as OpsSocketData).role === 'display').map((s) => (s.data as OpsSocketData).sessionId)
	);
	for (const id of displays) if (live.has(id)) await renewSession(db(), id, now);
}

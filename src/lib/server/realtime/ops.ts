// The /ops namespace: screens of signed-in people. Authenticated from the session cookie and Origin;
// what each role may connect for and send is decided by the access table (domain/access.ts).
import { parse as parseCookie } from 'cookie';
import type { OpsRefusal } from '../../contract/ops';
import { mayConnectOps, maySendOps } from '../../domain/access';
import { sessionCookie } from '../auth/cookie';
import type { Sql } from '../db';
import type { NamespaceHandlers } from '../host';
import { liveSessionIds, renewSession, validateSession, type SessionLimits } from '../stores/sessions';
import { handleActions, type ActionDeps } from './actions';
import { handleResume, type ResumeDeps } from './feed';
import type { GatewayLiveness } from './liveness';
import type { OpsSocket, OpsSocketData, Screens } from './screens';

const refused = (reason: OpsRefusal) => new Error(reason);

/**
 * Screens one account may have open at once, over all its sessions (tabs, a second monitor): each
 * gets the whole feed, so an account must not open them without end, even by signing in again.
 * Handshakes in flight together may pass it by a few.
 */
export const maxScreensPerAccount = 16;

export interface OpsDeps extends ActionDeps, ResumeDeps {
	liveness: GatewayLiveness;
	/** The origin pages are served from (ORIGIN); undefined: the Host the browser asked for. */
	origin: string | undefined;
}

function expectedOrigin(socket: OpsSocket, configured: string | undefined): string | undefined {
	if (configured) return new URL(configured).origin;
	const host = socket.handshake.headers.host;
	return host ? `http://${host}` : undefined;
}

export function opsHandlers(deps: OpsDeps): NamespaceHandlers<OpsSocket> {
	return {
		authenticate(socket, next) {
			const origin = socket.handshake.headers.origin;
			if (!origin || origin !== expectedOrigin(socket, deps.origin)) return next(refused('unauthorized'));
			const token = parseCookie(socket.handshake.headers.cookie ?? '')[sessionCookie];
			if (!token) return next(refused('unauthorized'));
			validateSession(deps.database, token, deps.limits).then(
				(signedIn) => {
					if (!signedIn) return next(refused('unauthorized'));
					if (!mayConnectOps(signedIn.account.role)) return next(refused('forbidden'));
					if ((socket.nsp.adapter.rooms.get(`account:${signedIn.account.id}`)?.size ?? 0) >= maxScreensPerAccount) {
						return next(refused('too_many_screens'));
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
				() => next(refused('unavailable'))
			);
		},
		connection(socket) {
			const { data } = socket;
			void socket.join([`session:${data.sessionId}`, `account:${data.accountId}`]);
			// Every event passes the access table before any handler sees it.
			socket.use(([event, ...args], next) => {
				if (maySendOps(data.role, String(event))) return next();
				const ack = args.at(-1);
				if (typeof ack === 'function') ack({ ok: false, error: 'not_allowed' });
			});
			handleResume(socket, deps);
			handleActions(socket, deps);
		}
	};
}

/**
 * Cuts screens whose session ended elsewhere (idle, expired, signed out, account disabled from
 * the command line) and keeps connected wall displays' sessions alive.
 */
export async function sweepOpsSockets(screens: Screens, db: Sql, limits: SessionLimits, now = Date.now()): Promise<void> {
	const nsp = screens.namespace;
	if (!nsp) return;
	const sockets = [...nsp.sockets.values()];
	const ids = [...new Set(sockets.map((s) => s.data.sessionId))];
	const live = await liveSessionIds(db, ids, limits, now);
	for (const id of ids) {
		if (!live.has(id)) screens.endSession(`session:${id}`);
	}
	const displays = new Set(sockets.filter((s) => s.data.role === 'display').map((s) => s.data.sessionId));
	for (const id of displays) if (live.has(id)) await renewSession(db, id, now);
}

// The /track namespace: the police's pages behind their links (docs/police.md). A page is let in by its
// link's token in the handshake, and gets its link's incident alone: everything it shows at each
// connection, then the incident's new fixes and changes, as police-view.ts builds them. When the
// link ends (resolved, revoked, expired) the page is told why and cut.
import type { Namespace, Socket } from 'socket.io';
import type { TrackPushes, TrackRefusal } from '../../contract/track';
import type { FeedEntry } from '../../domain/incident';
import type { LinkEnd } from '../../domain/police-link';
import { policeFixes, policeView } from '../../domain/police-view';
import type { NamespaceHandlers } from '../host';
import type { PoliceLinks } from '../incidents/police-links';

export interface TrackSocketData {
	linkId: number;
	incidentId: number;
	expiresAt: number;
}

type None = Record<string, never>;
export type TrackNamespace = Namespace<None, TrackPushes, None, TrackSocketData>;
export type TrackSocket = Socket<None, TrackPushes, None, TrackSocketData>;

/** Pages one link may have open at once: a car followed by a few patrols, not a link passed around. */
export const maxPagesPerLink = 20;

const incidentRoom = (id: number) => `incident:${id}`;
const linkRoom = (id: number) => `link:${id}`;
const refused = (reason: TrackRefusal) => new Error(reason);

export class TrackPages {
	#nsp: TrackNamespace | undefined;

	attach(nsp: TrackNamespace): void {
		this.#nsp = nsp;
	}

	handlers(links: PoliceLinks): NamespaceHandlers<TrackSocket> {
		return {
			authenticate(socket, next) {
				const token: unknown = socket.handshake.auth?.token;
				if (typeof token !== 'string') return next(refused('unknown'));
				links.find(token, Date.now()).then(
					(found) => {
						if (found.found !== 'active') return next(refused(found.found));
						if ((socket.nsp.adapter.rooms.get(linkRoom(found.link.id))?.size ?? 0) >= maxPagesPerLink) return next(refused('too_many_pages'));
						socket.data = { linkId: found.link.id, incidentId: found.incident.id, expiresAt: found.link.expiresAt };
						next();
					},
					() => next(refused('unavailable'))
				);
			},
			connection: (socket) => {
				const { linkId, incidentId } = socket.data;
				void socket.join([incidentRoom(incidentId), linkRoom(linkId)]);
				// Judged again once in the rooms: a link that ended since the handshake is cut here.
				const now = Date.now();
				links
					.recheck(incidentId, linkId, now)
					.then(async (found) => {
						if (found.found === 'active') socket.emit('state', await links.state(found.link, found.incident, now));
						else this.#end(socket, found.found === 'ended' ? found.why : 'revoked');
					})
					.catch(() => socket.disconnect(true));
			}
		};
	}

	/** Every committed change: what concerns an incident with open pages goes to them. */
	readonly publishFeed = (entries: FeedEntry[]): void => {
		const nsp = this.#nsp;
		if (!nsp || nsp.sockets.size === 0) return;
		for (const entry of entries) {
			const room = incidentRoom(entry.incidentId);
			const ids = nsp.adapter.rooms.get(room);
			if (!ids?.size) continue;
			if (entry.kind === 'track') nsp.to(room).emit('fixes', policeFixes(entry.data));
			else if (entry.kind === 'incident' && entry.data.status === 'resolved') this.#endRoom(room, 'resolved');
			else if (entry.kind === 'incident') {
				// Each link has its own end, so each page its own view.
				for (const id of ids) {
					const socket = nsp.sockets.get(id);
					socket?.emit('view', policeView(entry.data, socket.data.expiresAt));
				}
			}
		}
	};

	/** A link was revoked: its pages are cut now. */
	readonly revoked = (linkId: number): void => this.#endRoom(linkRoom(linkId), 'revoked');

	/** Cuts the pages of links past their expiry (run every few seconds). */
	sweep(now: number): void {
		for (const socket of this.#nsp?.sockets.values() ?? []) {
			if (now >= socket.data.expiresAt) this.#end(socket, 'expired');
		}
	}

	#endRoom(room: string, why: LinkEnd): void {
		const nsp = this.#nsp;
		if (!nsp) return;
		nsp.to(room).emit('ended', why);
		nsp.in(room).disconnectSockets(true);
	}

	#end(socket: TrackSocket, why: LinkEnd): void {
		socket.emit('ended', why);
		socket.disconnect(true);
	}
}

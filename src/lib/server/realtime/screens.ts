// What the console pushes to people's screens on /ops: every committed change (the wall's copy
// without personal data or notes), the gateways' status, and the end of a session.
import type { Namespace, Socket } from 'socket.io';
import type { OpsPushes, OpsRequests } from '../../contract/ops';
import type { FeedEntry, GatewayStatus } from '../../domain/incident';
import type { Role } from '../../domain/roles';
import { wallEntry } from '../../domain/wall-feed';

export interface OpsSocketData {
	sessionId: string;
	accountId: number;
	username: string;
	role: Role;
}

export type OpsNamespace = Namespace<OpsRequests, OpsPushes, Record<string, never>, OpsSocketData>;
export type OpsSocket = Socket<OpsRequests, OpsPushes, Record<string, never>, OpsSocketData>;

/** Screens that get the whole feed, and wall displays, which get it without personal data or notes. */
const feedRoom = 'feed';
const wallRoom = 'feed:wall';
export const feedRoomOf = (role: Role) => (role === 'display' ? wallRoom : feedRoom);

/**
 * Bytes of packets queued for one screen before it counts as not reading: it is cut and catches
 * up later. Bytes, not packets: one packet of a busy commit can hold thousands of fixes.
 */
export const maxQueuedBytes = 16 * 1024 * 1024;

export class Screens {
	#nsp: OpsNamespace | undefined;

	attach(nsp: OpsNamespace): void {
		this.#nsp = nsp;
	}

	get namespace(): OpsNamespace | undefined {
		return this.#nsp;
	}

	readonly publishFeed = (entries: FeedEntry[]): void => {
		const nsp = this.#nsp;
		if (!nsp) return;
		for (const socket of nsp.sockets.values()) {
			// A screen that stops reading must not grow the server's memory nor slow the ingest.
			if (queuedBytes(socket) > maxQueuedBytes) socket.disconnect(true);
		}
		// Broadcasting encodes the entries even for an empty room: skip it when no screen listens.
		if (nsp.adapter.rooms.get(feedRoom)?.size) nsp.to(feedRoom).emit('feed', entries);
		if (nsp.adapter.rooms.get(wallRoom)?.size) nsp.to(wallRoom).emit('feed', entries.map(wallEntry));
	};

	readonly publishGatewayStatus = (status: GatewayStatus): void => {
		this.#nsp?.to([feedRoom, wallRoom]).emit('gateways', status);
	};

	/** Cuts every screen: each says it is not live and connects again, which needs the database. */
	cutAll(): void {
		this.#nsp?.disconnectSockets(true);
	}

	/** Tells the screens of a session (or of an account) that it ended, then cuts them. */
	endSession(room: `session:${string}` | `account:${number}`): void {
		const nsp = this.#nsp;
		if (!nsp) return;
		nsp.to(room).emit('session:ended');
		nsp.in(room).disconnectSockets(true);
	}
}

/** What engine.io holds for the socket in its writeBuffer, where packets wait while the transport cannot write. */
function queuedBytes(socket: OpsSocket): number {
	const { writeBuffer } = socket.conn as unknown as { writeBuffer: { data?: unknown }[] };
	let bytes = 0;
	for (const { data } of writeBuffer) {
		if (typeof data === 'string') bytes += data.length;
		else if (ArrayBuffer.isView(data)) bytes += data.byteLength;
	}
	return bytes;
}

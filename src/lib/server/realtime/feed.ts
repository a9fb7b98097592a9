// The live feed to every /ops screen: committed changes at once, and catching up after a reconnect.
import { z } from 'zod';
import type { Socket } from 'socket.io';
import type { FeedEntry, GatewayStatus, Snapshot } from '../../domain/incident';
import { wallEntry, wallSnapshot } from '../../domain/wall-feed';
import { db, ingest } from '../app';
import { socketServer } from '../host';
import { feedAfter, snapshotOf } from '../stores/incidents';
import type { OpsSocketData } from './ops';
import { onRequest } from './requests';

/** A screen further behind than this gets a fresh snapshot instead of the entries it missed. */
export const maxCatchUp = 5_000;
/** Fixes per track in a snapshot. */
const snapshotTrack = 1_000;
/**
 * Bytes of packets queued for one screen before it counts as not reading: it is cut and catches
 * up later. Bytes, not packets: one packet of a busy commit can hold thousands of fixes.
 */
export const maxQueuedBytes = 16 * 1024 * 1024;

/** Screens that get the whole feed, and wall displays, which get it without personal data or notes. */
const room = 'feed';
const wallRoom = 'feed:wall';
const roomOf = (socket: Socket) => ((socket.data as OpsSocketData).role === 'display' ? wallRoom : room);

export function publishFeed(entries: FeedEntry[]): void {
	const nsp = socketServer()?.of('/ops');
	if (!nsp) return;
	for (const socket of nsp.sockets.values()) {
		// A screen that stops reading must not grow the server's memory nor slow the ingest.
		if (queuedBytes(socket) > maxQueuedBytes) socket.disconnect(true);
	}
	// Broadcasting encodes the entries even for an empty room: skip it when no screen listens.
	if (nsp.adapter.rooms.get(room)?.size) nsp.to(room).emit('feed', entries);
	if (nsp.adapter.rooms.get(wallRoom)?.size) nsp.to(wallRoom).emit('feed', entries.map(wallEntry));
}

/** What engine.io holds for the socket in its writeBuffer, where packets wait while the transport cannot write. */
function queuedBytes(socket: Socket): number {
	const { writeBuffer } = socket.conn as unknown as { writeBuffer: { data?: unknown }[] };
	let bytes = 0;
	for (const { data } of writeBuffer) {
		if (typeof data === 'string') bytes += data.length;
		else if (ArrayBuffer.isView(data)) bytes += data.byteLength;
	}
	return bytes;
}

export function publishGatewayStatus(status: GatewayStatus): void {
	socketServer()?.of('/ops').to([room, wallRoom]).emit('gateways', status);
}

const resumeSchema = z.object({ seq: z.number().int().min(0).nullable() });

export type ResumeReply =
	| { ok: true; entries: FeedEntry[]; gateways: GatewayStatus }
	| { ok: true; snapshot: Snapshot }
	| { ok: false; error: string };

/**
 * `resume { seq }`: the entries after `seq` (or a snapshot when `seq` is null or too old), then
 * live entries. Reading and joining the room happen with no commit in between.
 */
export function handleResume(socket: Socket) {
	const feedRoom = roomOf(socket);
	const wall = feedRoom === wallRoom;
	onRequest(socket, 'resume', async (payload): Promise<ResumeReply> => {
		const parsed = resumeSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: `resume needs { seq: a whole number or null }` };
		const { liveness } = await ingest();
		const gateways = () => liveness.status();
		const since = parsed.data.seq;
		const entries = since === null ? null : await feedAfter(db(), since, maxCatchUp);
		if (entries) {
			void socket.join(feedRoom);
			return { ok: true, entries: wall ? entries.map(wallEntry) : entries, gateways: gateways() };
		}
		const snapshot: Snapshot = { ...(await snapshotOf(db(), snapshotTrack)), gateways: gateways() };
		void socket.join(feedRoom);
		return { ok: true, snapshot: wall ? wallSnapshot(snapshot) : snapshot };
	});
}

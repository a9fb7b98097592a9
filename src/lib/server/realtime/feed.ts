// The live feed to every /ops screen: committed changes at once, and catching up after a reconnect.
import { z } from 'zod';
import type { Socket } from 'socket.io';
import type { FeedEntry, GatewayStatus, Snapshot } from '../../domain/incident';
import { db, ingest } from '../app';
import { socketServer } from '../host';
import { feedAfter, snapshotOf } from '../stores/incidents';

/** A screen further behind than this gets a fresh snapshot instead of the entries it missed. */
export const maxCatchUp = 5_000;
/** Fixes per track in a snapshot. */
const snapshotTrack = 1_000;
/** Packets queued for one screen before it counts as not reading; it is cut and catches up later. */
const maxQueuedPackets = 2_000;

const room = 'feed';

export function publishFeed(entries: FeedEntry[]): void {
	const nsp = socketServer()?.of('/ops');
	if (!nsp) return;
	for (const socket of nsp.sockets.values()) {
		// A screen that stops reading must not grow the server's memory nor slow the ingest.
		// engine.io queues packets in writeBuffer while the transport cannot write.
		const queued = (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
		if (queued > maxQueuedPackets) socket.disconnect(true);
	}
	nsp.to(room).emit('feed', entries);
}

export function publishGatewayStatus(status: GatewayStatus): void {
	socketServer()?.of('/ops').to(room).emit('gateways', status);
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
	socket.on('resume', async (payload: unknown, ack: unknown) => {
		if (typeof ack !== 'function') return;
		const parsed = resumeSchema.safeParse(payload);
		if (!parsed.success) return ack({ ok: false, error: `resume needs { seq: a whole number or null }` } satisfies ResumeReply);
		const { liveness } = await ingest();
		const gateways = () => liveness.status();
		const since = parsed.data.seq;
		const entries = since === null ? null : await feedAfter(db(), since, maxCatchUp);
		if (entries) {
			void socket.join(room);
			return ack({ ok: true, entries, gateways: gateways() } satisfies ResumeReply);
		}
		const snapshot = { ...(await snapshotOf(db(), snapshotTrack)), gateways: gateways() };
		void socket.join(room);
		ack({ ok: true, snapshot } satisfies ResumeReply);
	});
}

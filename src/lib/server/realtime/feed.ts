// Catching up after a (re)connection: `resume { seq }` gives the entries after `seq`, or a
// snapshot when `seq` is null or too old, then live entries. Reading and joining the room happen
// with no commit in between.
import { resumeSchema, type ResumeReply } from '../../contract/ops';
import type { Snapshot } from '../../domain/incident';
import { wallEntry, wallSnapshot } from '../../domain/wall-feed';
import type { IncidentStore } from '../stores/incidents';
import type { GatewayLiveness } from './liveness';
import { onRequest } from './requests';
import { feedRoomOf, type OpsSocket } from './screens';

/** A screen further behind than this gets a fresh snapshot instead of the entries it missed. */
export const maxCatchUp = 5_000;

export function handleResume(socket: OpsSocket, deps: { incidents: IncidentStore; liveness: GatewayLiveness }): void {
	const room = feedRoomOf(socket.data.role);
	const wall = socket.data.role === 'display';
	onRequest(socket, 'resume', async (payload): Promise<ResumeReply> => {
		const parsed = resumeSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: `resume needs { seq: a whole number or null }` };
		const since = parsed.data.seq;
		const entries = since === null ? null : await deps.incidents.feedAfter(since, maxCatchUp);
		if (entries) {
			void socket.join(room);
			return { ok: true, entries: wall ? entries.map(wallEntry) : entries, gateways: deps.liveness.status() };
		}
		const snapshot: Snapshot = { ...(await deps.incidents.snapshot()), gateways: deps.liveness.status() };
		void socket.join(room);
		return { ok: true, snapshot: wall ? wallSnapshot(snapshot) : snapshot };
	});
}

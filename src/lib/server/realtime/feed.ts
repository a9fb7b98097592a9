// Catching up after a (re)connection: `resume { seq }` gives the entries after `seq`, or a
// snapshot when `seq` is null or too old, then live entries. What the feed reader handed on while
// the database was read is added from its memory, and the room is joined in the same turn: no
// entry falls between the answer and the live feed.
import { resumeSchema, type ResumeReply } from '../../contract/ops';
import type { FeedEntry, Snapshot } from '../../domain/incident';
import { wallEntry, wallSnapshot } from '../../domain/wall-feed';
import type { IncidentStore } from '../stores/incidents';
import type { FeedReader } from './feed-reader';
import type { GatewayLiveness } from './liveness';
import { onRequest } from './requests';
import { feedRoomOf, type OpsSocket } from './screens';

/** A screen further behind than this gets a fresh snapshot instead of the entries it missed. */
export const maxCatchUp = 5_000;

export interface ResumeDeps {
	incidents: IncidentStore;
	liveness: GatewayLiveness;
	feed: FeedReader;
}

/** The last feed number of `entries`, or `since` when there are none. */
const lastOf = (entries: FeedEntry[], since: number) => entries.at(-1)?.seq ?? since;

/**
 * The entries after `since`: from the reader's memory where it still has them, else from the
 * table and then the memory for what was handed on during the read. `join` is called in the same
 * turn as the last look at the memory, so no live entry falls between. Null when more than
 * `maxCatchUp` (or pruned): the screen takes a snapshot.
 */
async function catchUp(deps: ResumeDeps, since: number, join: () => void): Promise<FeedEntry[] | null> {
	const found: FeedEntry[] = [];
	for (let from = since; found.length <= maxCatchUp; ) {
		// Past what the reader handed on (it lags, or the screen is ahead of the table): the table says.
		const kept = from <= deps.feed.last ? deps.feed.after(from) : null;
		if (kept) {
			if (found.length + kept.length > maxCatchUp) return null;
			join();
			return [...found, ...kept];
		}
		const read = await deps.incidents.feedAfter(from, maxCatchUp + 1 - found.length);
		if (!read) return null;
		if (read.length === 0) {
			// Nothing after `from` yet: what follows comes live, once the reader gets there.
			join();
			return found;
		}
		found.push(...read);
		from = lastOf(read, from);
	}
	return null;
}

/** Attempts at a snapshot whose catch-up outran the reader's memory (a flood during a slow read). */
const snapshotAttempts = 3;

export function handleResume(socket: OpsSocket, deps: ResumeDeps): void {
	const room = feedRoomOf(socket.data.role);
	const wall = socket.data.role === 'display';
	const join = () => void socket.join(room);
	onRequest(socket, 'resume', async (payload): Promise<ResumeReply> => {
		const parsed = resumeSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: `resume needs { seq: a whole number or null }` };
		const since = parsed.data.seq;
		const shown = (entries: FeedEntry[]) => (wall ? entries.map(wallEntry) : entries);
		const gateways = () => deps.liveness.status();
		if (since !== null) {
			const missed = await catchUp(deps, since, join);
			if (missed) return { ok: true, entries: shown(missed), gateways: gateways() };
		}
		for (let attempt = 0; attempt < snapshotAttempts; attempt++) {
			const snapshot: Snapshot = { ...(await deps.incidents.snapshot()), gateways: gateways() };
			const meanwhile = await catchUp(deps, snapshot.seq, join);
			if (meanwhile) return { ok: true, snapshot: wall ? wallSnapshot(snapshot) : snapshot, entries: shown(meanwhile) };
		}
		return { ok: false, error: 'the feed moves faster than a snapshot can be read; try again' };
	});
}

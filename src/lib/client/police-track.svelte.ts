// The police's page kept current from the /track socket (docs/police.md): its link's token in the
// handshake, everything again at each (re)connection, then new fixes and changes, until the
// link ends.
import { io, type Socket } from 'socket.io-client';
import type { TrackPushes, TrackRefusal } from '$lib/contract/track';
import type { LinkEnd } from '$lib/domain/police-link';
import { trailMs, type PoliceFix, type PoliceFixes, type PoliceState, type PoliceView } from '$lib/domain/police-view';
import { insertByTime } from '$lib/domain/sorted';
import type { Connection } from './live.svelte';

/** Without a connection for this long, the page says Offline rather than Reconnecting. */
const offlineAfterMs = 10_000;
/** A connection the server could not take now is asked again after this. */
const retryMs = 5_000;

export class PoliceTrack {
	view: PoliceView = $state()!;
	/** In fixAt order: the last hour's, and the last one whatever its age. */
	fixes: PoliceFix[] = $state.raw([]);
	connection = $state<Connection>('reconnecting');
	/** Why the link ended (`ended`: a reconnection was refused, without saying why), or null while it is active. */
	ended = $state<LinkEnd | 'ended' | null>(null);
	/** The server refused this page for now: its link has as many pages open as it may. */
	tooManyPages = $state(false);

	#socket: Socket<TrackPushes> | undefined;
	#offlineTimer: ReturnType<typeof setTimeout> | undefined;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(state: PoliceState) {
		this.#take(state);
	}

	get last(): PoliceFix | null {
		return this.fixes.at(-1) ?? null;
	}

	connect(token: string): void {
		const socket: Socket<TrackPushes> = io('/track', { transports: ['websocket'], auth: { token }, reconnectionDelayMax: 5_000 });
		this.#socket = socket;
		this.#startOfflineTimer();
		socket.on('connect', () => {
			this.tooManyPages = false;
			clearTimeout(this.#offlineTimer);
			this.connection = 'live';
		});
		socket.on('disconnect', () => {
			if (this.ended) return;
			this.connection = 'reconnecting';
			this.#startOfflineTimer();
		});
		socket.on('connect_error', (error) => {
			const reason = error.message as TrackRefusal;
			if (reason === 'ended' || reason === 'unknown') return this.#end('ended');
			this.tooManyPages = reason === 'too_many_pages';
			// A refusal by the server (not a network failure) is not retried by Socket.IO itself.
			if (!socket.active) {
				clearTimeout(this.#retryTimer);
				this.#retryTimer = setTimeout(() => socket.connect(), retryMs);
			}
		});
		socket.on('state', (state) => this.#take(state));
		socket.on('fixes', (change) => this.#add(change));
		socket.on('view', (view) => (this.view = view));
		socket.on('ended', (why) => this.#end(why));
	}

	close(): void {
		clearTimeout(this.#offlineTimer);
		clearTimeout(this.#retryTimer);
		this.#socket?.close();
	}

	#take(state: PoliceState): void {
		this.view = state.view;
		this.fixes = state.fixes;
	}

	#add(change: PoliceFixes): void {
		const fixes = [...this.fixes];
		for (const fix of change.fixes) insertByTime(fixes, fix);
		// Older than the trail, only the last one is kept.
		const newest = fixes.at(-1)?.fixAt ?? 0;
		const from = fixes.findIndex((f) => newest - f.fixAt <= trailMs);
		this.fixes = fixes.slice(Math.min(from, fixes.length - 1));
		this.view = { ...this.view, lastFixReceivedAt: change.lastFixReceivedAt, place: change.place, country: change.country };
	}

	#end(why: LinkEnd | 'ended'): void {
		this.ended = why;
		this.close();
	}

	#startOfflineTimer(): void {
		clearTimeout(this.#offlineTimer);
		this.#offlineTimer = setTimeout(() => {
			if (!this.#socket?.connected) this.connection = 'offline';
		}, offlineAfterMs);
	}
}

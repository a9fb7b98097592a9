// The screen's live state: the open incidents, their tracks and the gateways, kept current from
// the /ops feed. On every (re)connection it catches up from the last feed number it saw before
// it calls itself live: a frozen screen must never look like a calm night.
import { io, type Socket } from 'socket.io-client';
import { SvelteMap } from 'svelte/reactivity';
import type { FeedEntry, FixView, GatewayStatus, IncidentView, Snapshot, TrackPoint } from '$lib/domain/incident';
import { insertByTime } from '$lib/domain/sorted';
import { linePoints } from '$lib/domain/track-line';
import type { Action } from '$lib/domain/lifecycle';
import type { ActReply, DetailReply, MakeLinkReply, OpsPushes, OpsRefusal, OpsRequests, ResumeReply, RevokeLinkReply } from '$lib/contract/ops';

export type Connection = 'live' | 'reconnecting' | 'offline';

/** Without a connection for this long, the screen says Offline rather than Reconnecting. */
const offlineAfterMs = 10_000;
/** A connection the server refused for now (too many screens, a failed check) is asked again after this. */
const retryRefusedMs = 5_000;
/** Points kept per track; past it by `trimSlack`, the oldest go, in one cut rather than one per fix. */
const trackKept = 5_000;
const trimSlack = 500;

/**
 * One theft's track on this screen, in fixAt order. Fixes join it in place (a track of thousands of
 * points is not copied for each fix); `version` changes with every change, for the map to notice.
 */
export class LiveTrack {
	readonly points: TrackPoint[];
	version = $state(0);

	constructor(points: TrackPoint[] = []) {
		this.points = points;
	}

	/** The newest point: the last fix, with all its fields once one arrived live or in a snapshot. */
	get last(): TrackPoint | undefined {
		return this.points.at(-1);
	}

	/** Adds fixes (late ones slot into place); keeps the latest `trackKept`. */
	add(fixes: readonly FixView[]): void {
		const points = this.points;
		for (const fix of fixes) insertByTime(points, fix);
		if (points.length > trackKept + trimSlack) points.splice(0, points.length - trackKept);
		this.version++;
	}
}

/**
 * Runs `fn` at the next animation frame, or after 100 ms if no frame comes first: a hidden tab
 * draws no frames, and its alarms must still sound.
 */
function nextFrame(fn: () => void): void {
	let done = false;
	const once = () => {
		if (done) return;
		done = true;
		fn();
	};
	if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
	setTimeout(once, 100);
}

export class LiveFeed {
	incidents = new SvelteMap<number, IncidentView>();
	tracks = new SvelteMap<number, LiveTrack>();
	gateways = $state<GatewayStatus>({ connected: [], lastEventAt: null });
	connection = $state<Connection>('reconnecting');
	sessionEnded = $state(false);
	/** The server refused this screen: its session already has as many screens as it may. */
	tooManyScreens = $state(false);
	/** Changes to the detail's timeline: bumped when a timeline entry arrives for an incident. */
	timelineVersion = new SvelteMap<number, number>();

	#socket: Socket<OpsPushes, OpsRequests> | undefined;
	#seq: number | null = null;
	#offlineTimer: ReturnType<typeof setTimeout> | undefined;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#catchingUp = false;
	/** Feed messages received and not yet shown: shown together, once a frame. */
	#pending: FeedEntry[][] = [];

	connect(): void {
		const socket: Socket<OpsPushes, OpsRequests> = io('/ops', { transports: ['websocket'], reconnectionDelayMax: 5_000 });
		this.#socket = socket;
		this.#startOfflineTimer();
		socket.on('connect', () => {
			this.tooManyScreens = false;
			void this.#catchUp();
		});
		socket.on('disconnect', () => {
			this.connection = 'reconnecting';
			this.#startOfflineTimer();
		});
		socket.on('connect_error', (error) => {
			const reason = error.message as OpsRefusal;
			// The server refuses a socket whose session ended: no point retrying.
			if (reason === 'unauthorized') return this.#endSession();
			this.tooManyScreens = reason === 'too_many_screens';
			// A refusal by the server (not a network failure) is not retried by Socket.IO itself.
			if (!socket.active) {
				clearTimeout(this.#retryTimer);
				this.#retryTimer = setTimeout(() => socket.connect(), retryRefusedMs);
			}
		});
		socket.on('feed', (entries: FeedEntry[]) => this.#receive(entries));
		socket.on('gateways', (status: GatewayStatus) => (this.gateways = status));
		socket.on('session:ended', () => this.#endSession());
	}

	close(): void {
		clearTimeout(this.#offlineTimer);
		clearTimeout(this.#retryTimer);
		this.#socket?.close();
	}

	async act(action: Action): Promise<ActReply> {
		if (!this.#socket?.connected) return { ok: false, error: 'invalid', message: 'not connected' };
		return this.#socket.timeout(10_000).emitWithAck('act', action);
	}

	/** A police link for an authority (docs/police.md); the answer holds its token, once. */
	async makePoliceLink(incidentId: number, authorityId: number): Promise<MakeLinkReply> {
		if (!this.#socket?.connected) return { ok: false, error: 'invalid', message: 'not connected' };
		return this.#socket.timeout(10_000).emitWithAck('police-link:make', { incidentId, authorityId });
	}

	async revokePoliceLink(incidentId: number, linkId: number): Promise<RevokeLinkReply> {
		if (!this.#socket?.connected) return { ok: false, error: 'invalid', message: 'not connected' };
		return this.#socket.timeout(10_000).emitWithAck('police-link:revoke', { incidentId, linkId });
	}

	async detail(incidentId: number): Promise<DetailReply> {
		if (!this.#socket?.connected) return { ok: false, error: 'not connected' };
		return this.#socket.timeout(10_000).emitWithAck('incident:detail', { incidentId });
	}

	#endSession() {
		this.sessionEnded = true;
		this.connection = 'offline';
		this.#socket?.close();
	}

	#startOfflineTimer() {
		clearTimeout(this.#offlineTimer);
		this.#offlineTimer = setTimeout(() => {
			if (this.connection !== 'live') this.connection = 'offline';
		}, offlineAfterMs);
	}

	/** Asks for what was missed since the last feed number (or a snapshot), then shows Live. */
	async #catchUp() {
		if (this.#catchingUp || !this.#socket) return;
		this.#catchingUp = true;
		try {
			const reply: ResumeReply = await this.#socket.timeout(15_000).emitWithAck('resume', { seq: this.#seq });
			if (!reply.ok) throw new Error(reply.error);
			if ('snapshot' in reply) this.#applySnapshot(reply.snapshot);
			else this.gateways = reply.gateways;
			for (const entry of reply.entries) this.#apply(entry);
			clearTimeout(this.#offlineTimer);
			this.connection = 'live';
		} catch {
			// The connection dropped while catching up; the next connect tries again.
		} finally {
			this.#catchingUp = false;
		}
	}

	#applySnapshot(snapshot: Snapshot) {
		this.incidents.clear();
		this.tracks.clear();
		this.timelineVersion.clear();
		for (const incident of snapshot.incidents) this.incidents.set(incident.id, incident);
		for (const [id, line] of Object.entries(snapshot.tracks)) this.tracks.set(Number(id), new LiveTrack(linePoints(line)));
		this.gateways = snapshot.gateways;
		this.#seq = snapshot.seq;
	}

	// A busy night brings a commit of fixes every few milliseconds; the screen is drawn once a
	// frame, so fixes are applied once a frame, not once a message (each application sorts the
	// queue and walks the map). Anything else (a new alarm, a change of status) is applied at
	// once, after the fixes before it, in the feed's order.
	#receive(entries: FeedEntry[]) {
		this.#pending.push(entries);
		if (entries.some((e) => e.kind !== 'track')) this.#flush();
		else if (this.#pending.length === 1) nextFrame(() => this.#flush());
	}

	#flush() {
		const batches = this.#pending;
		this.#pending = [];
		for (const entries of batches) this.#applyLive(entries);
	}

	#applyLive(entries: FeedEntry[]) {
		if (this.#catchingUp || this.#seq === null) return;
		if (entries[0] && entries[0].seq > this.#seq + 1) {
			// A gap: ask for what is missing rather than show a partial picture.
			void this.#catchUp();
			return;
		}
		for (const entry of entries) this.#apply(entry);
	}

	#apply(entry: FeedEntry) {
		if (this.#seq !== null && entry.seq <= this.#seq) return;
		this.#seq = entry.seq;
		switch (entry.kind) {
			case 'incident':
				if (entry.data.status === 'resolved') {
					this.incidents.delete(entry.incidentId);
					this.tracks.delete(entry.incidentId);
					this.timelineVersion.delete(entry.incidentId);
				} else this.incidents.set(entry.incidentId, entry.data);
				break;
			case 'timeline':
				this.timelineVersion.set(entry.incidentId, entry.seq);
				break;
			case 'track': {
				const incident = this.incidents.get(entry.incidentId);
				if (!incident) break;
				this.incidents.set(entry.incidentId, { ...incident, ...entry.data.latest });
				let track = this.tracks.get(entry.incidentId);
				if (!track) this.tracks.set(entry.incidentId, (track = new LiveTrack()));
				track.add(entry.data.fixes);
				break;
			}
		}
	}
}

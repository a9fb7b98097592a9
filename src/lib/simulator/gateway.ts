// The gateway's sending side: at-least-once delivery over one or more Socket.IO connections
// (docs/gateway-protocol.md). Every event waits for its ack; an event without one is sent again, with
// the same eventId, after a back-off; the connections come back by themselves.
import type { Socket } from 'socket.io-client';
import { outcomes, type Outcome } from './acks';
import type { Emission } from './events';
import { noCounts } from './stats';

export interface GatewayOptions {
	url: string;
	token: string;
	sockets: number;
	/** Most fixes in one theft.positions message. */
	batch: number;
	/** Most fixes waiting to be sent; past it the oldest are dropped (default 100,000). */
	maxQueuedFixes?: number;
	onAcked?: (eventId: string) => void;
	onRefused: (eventId: string, message: string) => void;
	/** The console will never take these events (a refused token): the run cannot go on. */
	onFatal: (message: string) => void;
}

interface Pending {
	emission: Emission;
	attempts: number;
	readyAt: number;
}

interface Connection {
	socket: Socket;
	/** Messages awaiting their ack. */
	inflight: number;
	/** After `rate_limited`, nothing is sent on this connection until then. */
	pausedUntil: number;
}

// Messages in flight per connection: enough to keep a console's group commit busy, few enough
// that a stalled console does not make the gateway hold everything in flight.
const maxInflight = 256;
const ackTimeoutMs = 10_000;

const backoffMs = (attempts: number) => Math.min(8000, 250 * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);

export class Gateway {
	readonly counts = noCounts();
	readonly latenciesMs: number[] = [];
	private alerts: Pending[] = [];
	private fixes: Pending[] = [];
	private delayed: Pending[] = [];
	private inflightEvents = 0;
	private connections: Connection[] = [];
	private closing = false;
	private wake: { at: number; timer: NodeJS.Timeout } | undefined;

	private constructor(private readonly options: GatewayOptions) {}

	static async connect(options: GatewayOptions): Promise<Gateway> {
		// Imported on demand: the other `soc` commands do not need a Socket.IO client.
		const { io } = await import('socket.io-client');
		const gateway = new Gateway(options);
		for (let i = 0; i < options.sockets; i++) {
			const socket = io(`${options.url}/gateway`, {
				auth: { token: options.token },
				transports: ['websocket'],
				forceNew: true,
				reconnectionDelay: 500,
				reconnectionDelayMax: 3000
			});
			gateway.watch(socket);
			gateway.connections.push({ socket, inflight: 0, pausedUntil: 0 });
		}
		return gateway;
	}

	private watch(socket: Socket): void {
		socket.on('connect', () => this.pump());
		socket.on('connect_error', (error) => {
			if (error.message === 'unauthorized') this.options.onFatal('the console refused the gateway token (unauthorized)');
			// A console that refused the connection for another reason (e.g. still starting) is asked again.
			else if (!socket.active) this.reconnectLater(socket);
		});
		// Socket.IO reconnects by itself after a network loss, but not when the console closed the connection.
		socket.on('disconnect', () => {
			if (!socket.active) this.reconnectLater(socket);
		});
	}

	private reconnectLater(socket: Socket): void {
		setTimeout(() => {
			if (!this.closing && !socket.connected) socket.connect();
		}, 1000).unref();
	}

	get connected(): number {
		return this.connections.filter((c) => c.socket.connected).length;
	}

	/** Events neither acked nor refused yet: queued, waiting to be retried, or in flight. */
	get outstanding(): number {
		return this.alerts.length + this.fixes.length + this.delayed.length + this.inflightEvents;
	}

	enqueue(emissions: Emission[]): void {
		for (const emission of emissions) this.queueOf(emission).push({ emission, attempts: 0, readyAt: 0 });
		this.pump();
		// While the console cannot take them, fixes pile up: keep the newest (where the car is now)
		// within a bound, as a vehicle's own buffer would. Alerts are few and always kept.
		const excess = this.fixes.length - (this.options.maxQueuedFixes ?? 100_000);
		if (excess > 0) {
			this.fixes.splice(0, excess);
			this.counts.dropped += excess;
		}
	}

	/** Sends what is ready on every connection with room, in turn. */
	private pump(): void {
		const now = Date.now();
		if (this.delayed.length > 0) {
			const waiting: Pending[] = [];
			let next = Infinity;
			for (const p of this.delayed) {
				if (p.readyAt <= now) this.queueOf(p.emission).push(p);
				else {
					waiting.push(p);
					next = Math.min(next, p.readyAt);
				}
			}
			this.delayed = waiting;
			if (waiting.length > 0) this.wakeAt(next);
		}
		for (let sent = true; sent; ) {
			sent = false;
			for (const connection of this.connections) {
				if (this.alerts.length + this.fixes.length === 0) return;
				const { socket, inflight, pausedUntil } = connection;
				if (!socket.connected || inflight >= maxInflight || pausedUntil > now) continue;
				// Alerts first; fixes due together go as one batch.
				void this.send(connection, this.alerts.length > 0 ? this.alerts.splice(0, 1) : this.fixes.splice(0, this.options.batch));
				sent = true;
			}
		}
	}

	/** Pumps again at `at`, when the first retry is due. */
	private wakeAt(at: number): void {
		if (this.wake && this.wake.at <= at) return;
		if (this.wake) clearTimeout(this.wake.timer);
		// A timer may fire a millisecond before Date.now() reaches `at`: one more, and pump re-arms anyway.
		const timer = setTimeout(() => {
			this.wake = undefined;
			this.pump();
		}, at - Date.now() + 1);
		this.wake = { at, timer: timer.unref() };
	}

	close(): void {
		this.closing = true;
		if (this.wake) clearTimeout(this.wake.timer);
		for (const { socket } of this.connections) socket.close();
	}

	private queueOf(emission: Emission): Pending[] {
		return emission.event === 'theft.position' ? this.fixes : this.alerts;
	}

	private async send(connection: Connection, items: Pending[]): Promise<void> {
		const batch = items.length > 1;
		const event = batch ? 'theft.positions' : items[0].emission.event;
		const payload = batch ? { fixes: items.map((p) => p.emission.payload) } : items[0].emission.payload;
		for (const p of items) {
			if (p.attempts++ === 0) this.counts.sent++;
			else this.counts.retried++;
		}
		connection.inflight++;
		this.inflightEvents += items.length;
		const began = performance.now();
		let ack: unknown;
		try {
			ack = await connection.socket.timeout(ackTimeoutMs).emitWithAck(event, payload);
			this.latenciesMs.push(performance.now() - began);
		} catch {
			// No ack: a timeout, or the connection dropped with the message in flight.
		}
		connection.inflight--;
		this.inflightEvents -= items.length;
		this.settle(connection, items, outcomes(ack, items.length, batch));
		this.pump();
	}

	private settle(connection: Connection, items: Pending[], results: Outcome[]): void {
		const now = Date.now();
		if (results.some((r) => r.kind === 'acked')) this.counts.messages++;
		results.forEach((result, i) => {
			const p = items[i];
			const { eventId } = p.emission.payload;
			if (result.kind === 'acked') {
				this.counts.acked++;
				if (result.duplicate) this.counts.duplicates++;
				this.counts.warnings += result.warnings;
				if (p.emission.event === 'theft.position') this.counts.ackedFixes++;
				this.options.onAcked?.(eventId);
			} else if (result.kind === 'refused') {
				this.counts.refused++;
				this.options.onRefused(eventId, result.message);
			} else {
				p.readyAt = now + (result.afterMs ?? backoffMs(p.attempts));
				this.delayed.push(p);
				if (result.afterMs !== undefined) connection.pausedUntil = Math.max(connection.pausedUntil, p.readyAt);
			}
		});
	}
}

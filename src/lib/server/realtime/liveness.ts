// Which gateways are connected and when any last sent an event: a dead feed must never look like
// a calm night. Changes go to every screen. Upstreams that post over HTTP (Traccar) hold no
// connection: they count as connected while heard within the silence time. With several nodes on
// one database, the other nodes' gateways are added to this node's (gateway-presence.ts).
import type { GatewayStatus } from '../../domain/incident';

/** The later of two times, either of which may be unknown. */
export const latest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

export class GatewayLiveness {
	readonly #connected = new Map<string, { gateway: string; since: number }>();
	readonly #upstreams = new Map<string, { since: number; last: number }>();
	#lastEventAt: number | null;
	/** What the other nodes on the database report; nothing on one node. */
	#others: GatewayStatus = { connected: [], lastEventAt: null };
	#lastPublished = 0;
	#pending: ReturnType<typeof setTimeout> | undefined;
	#expiry: ReturnType<typeof setTimeout> | undefined;

	constructor(
		lastEventAt: number | null,
		private readonly publish: (status: GatewayStatus) => void,
		/** An HTTP upstream not heard for this long no longer counts as connected (SOC_GATEWAY_SILENT_S). */
		private readonly upstreamWindowMs = 300_000,
		/** Events are frequent: their time goes out at most this often. */
		private readonly eventEveryMs = 1_000
	) {
		this.#lastEventAt = lastEventAt;
	}

	/** What the screens show: this node's gateways and the other nodes'. */
	status(now = Date.now()): GatewayStatus {
		const local = this.local(now);
		return { connected: [...local.connected, ...this.#others.connected], lastEventAt: latest(local.lastEventAt, this.#others.lastEventAt) };
	}

	/** This node's own gateways and last event: what it tells the other nodes. */
	local(now = Date.now()): GatewayStatus {
		const upstreams = [...this.#upstreams]
			.filter(([, u]) => now - u.last <= this.upstreamWindowMs)
			.map(([gateway, u]) => ({ gateway, since: u.since }));
		return { connected: [...this.#connected.values(), ...upstreams], lastEventAt: this.#lastEventAt };
	}

	/** What the other nodes report: gateways coming and going there show at once, their event times at the same pace as this node's. */
	others(report: GatewayStatus, now = Date.now()): void {
		const before = this.status(now);
		// A time once heard stays true, also after the node that heard it has stopped and taken its row away.
		this.#others = { connected: report.connected, lastEventAt: latest(this.#others.lastEventAt, report.lastEventAt) };
		const after = this.status(now);
		if (JSON.stringify(after.connected) !== JSON.stringify(before.connected)) this.#publishNow();
		else if (after.lastEventAt !== before.lastEventAt) this.#eventTimeChanged(before.lastEventAt === null, now);
	}

	connect(socketId: string, gateway: string, now = Date.now()): void {
		this.#connected.set(socketId, { gateway, since: now });
		this.#publishNow();
	}

	disconnect(socketId: string): void {
		if (this.#connected.delete(socketId)) this.#publishNow();
	}

	heard(now = Date.now()): void {
		const wasSilent = latest(this.#lastEventAt, this.#others.lastEventAt) === null;
		this.#lastEventAt = now;
		this.#eventTimeChanged(wasSilent, now);
	}

	/** An HTTP upstream posted: it counts as connected for the silence time from now. */
	heardFrom(gateway: string, now = Date.now()): void {
		const known = this.#upstreams.get(gateway);
		const returning = !known || now - known.last > this.upstreamWindowMs;
		this.#upstreams.set(gateway, { since: returning ? now : known.since, last: now });
		if (returning) this.#publishNow();
		this.heard(now);
		this.#scheduleExpiry(now);
	}

	stop(): void {
		clearTimeout(this.#pending);
		clearTimeout(this.#expiry);
	}

	/** The first event time goes out at once; later ones at most every `eventEveryMs`. */
	#eventTimeChanged(wasSilent: boolean, now: number) {
		if (wasSilent || now - this.#lastPublished >= this.eventEveryMs) this.#publishNow();
		else this.#pending ??= setTimeout(() => this.#publishNow(), this.eventEveryMs - (now - this.#lastPublished));
	}

	/** When the first upstream falls silent, every screen must see it gone. */
	#scheduleExpiry(now: number) {
		clearTimeout(this.#expiry);
		const lasts = [...this.#upstreams.values()].map((u) => u.last).filter((last) => now - last <= this.upstreamWindowMs);
		if (lasts.length === 0) return;
		const dueIn = Math.min(...lasts) + this.upstreamWindowMs - now + 1;
		this.#expiry = setTimeout(() => {
			this.#publishNow();
			this.#scheduleExpiry(Date.now());
		}, dueIn);
		this.#expiry.unref?.();
	}

	#publishNow() {
		clearTimeout(this.#pending);
		this.#pending = undefined;
		this.#lastPublished = Date.now();
		this.publish(this.status());
	}
}

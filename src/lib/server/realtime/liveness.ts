// Which gateways are connected and when any last sent an event: a dead feed must never look like
// a calm night. Changes go to every screen. Upstreams that post over HTTP (Traccar) hold no
// connection: they count as connected while heard within the silence time.
import type { GatewayStatus } from '../../domain/incident';

export class GatewayLiveness {
	readonly #connected = new Map<string, { gateway: string; since: number }>();
	readonly #upstreams = new Map<string, { since: number; last: number }>();
	#lastEventAt: number | null;
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

	status(now = Date.now()): GatewayStatus {
		const upstreams = [...this.#upstreams]
			.filter(([, u]) => now - u.last <= this.upstreamWindowMs)
			.map(([gateway, u]) => ({ gateway, since: u.since }));
		return { connected: [...this.#connected.values(), ...upstreams], lastEventAt: this.#lastEventAt };
	}

	connect(socketId: string, gateway: string, now = Date.now()): void {
		this.#connected.set(socketId, { gateway, since: now });
		this.#publishNow();
	}

	disconnect(socketId: string): void {
		if (this.#connected.delete(socketId)) this.#publishNow();
	}

	heard(now = Date.now()): void {
		const wasSilent = this.#lastEventAt === null;
		this.#lastEventAt = now;
		if (wasSilent || now - this.#lastPublished >= this.eventEveryMs) this.#publishNow();
		else this.#pending ??= setTimeout(() => this.#publishNow(), this.eventEveryMs - (now - this.#lastPublished));
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

// Which gateways are connected and when any last sent an event: a dead feed must never look like
// a calm night. Changes go to every screen.
import type { GatewayStatus } from '../../domain/incident';

export class GatewayLiveness {
	readonly #connected = new Map<string, { gateway: string; since: number }>();
	#lastEventAt: number | null;
	#lastPublished = 0;
	#pending: ReturnType<typeof setTimeout> | undefined;

	constructor(
		lastEventAt: number | null,
		private readonly publish: (status: GatewayStatus) => void,
		/** Events are frequent: their time goes out at most this often. */
		private readonly eventEveryMs = 1_000
	) {
		this.#lastEventAt = lastEventAt;
	}

	status(): GatewayStatus {
		return { connected: [...this.#connected.values()], lastEventAt: this.#lastEventAt };
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

	stop(): void {
		clearTimeout(this.#pending);
	}

	#publishNow() {
		clearTimeout(this.#pending);
		this.#pending = undefined;
		this.#lastPublished = Date.now();
		this.publish(this.status());
	}
}

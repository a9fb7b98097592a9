// A token bucket per gateway connection: SOC_GATEWAY_RATE fixes per second, a batch counting its
// fixes. Pure: the caller passes the clock.
export class TokenBucket {
	#tokens: number;
	#at: number;

	constructor(
		readonly perSecond: number,
		now: number
	) {
		this.#tokens = perSecond;
		this.#at = now;
	}

	/** Takes `cost` tokens, or says how long to wait before asking again. */
	take(cost: number, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
		this.#tokens = Math.min(this.perSecond, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
		this.#at = now;
		// A batch larger than one second's allowance passes on a full bucket and leaves it in debt.
		const needed = Math.min(cost, this.perSecond);
		if (this.#tokens >= needed) {
			this.#tokens -= cost;
			return { ok: true };
		}
		return { ok: false, retryAfterMs: Math.ceil(((needed - this.#tokens) / this.perSecond) * 1000) };
	}
}

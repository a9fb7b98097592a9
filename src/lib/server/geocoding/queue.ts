// Lookups waiting their turn: run one at a time, in the order their keys first came, with their
// requests at most `perSecond` a second in all. A key's newer job takes the place of the one it
// had waiting (a theft's newer fix), and one at a time keeps each key's answers in order.
export interface QueueOptions {
	perSecond: number;
	/** Keys waiting at most; past it, new keys are turned away until there is room. */
	maxWaiting: number;
}

export class LookupQueue<K, J> {
	readonly #waiting = new Map<K, J>();
	readonly #intervalMs: number;
	#busy = false;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#nextRequestAt = 0;
	#stopped = false;

	constructor(
		/** Runs a job; resolves true when it made a request (an answer from the cache takes no turn). */
		private readonly run: (key: K, job: J) => Promise<boolean>,
		private readonly options: QueueOptions
	) {
		this.#intervalMs = 1000 / options.perSecond;
	}

	get waiting(): number {
		return this.#waiting.size;
	}

	add(key: K, job: J): void {
		if (this.#stopped) return;
		if (!this.#waiting.has(key) && this.#waiting.size >= this.options.maxWaiting) return;
		this.#waiting.set(key, job);
		this.#next();
	}

	has(key: K): boolean {
		return this.#waiting.has(key);
	}

	/** Forgets the key's waiting job, if any. */
	drop(key: K): void {
		this.#waiting.delete(key);
	}

	/** Forgets what waits; the job running finishes on its own. */
	stop(): void {
		this.#stopped = true;
		this.#waiting.clear();
		clearTimeout(this.#timer);
	}

	#next(): void {
		if (this.#busy || this.#timer || this.#stopped || this.#waiting.size === 0) return;
		const wait = this.#nextRequestAt - Date.now();
		if (wait > 0) {
			this.#timer = setTimeout(() => {
				this.#timer = undefined;
				this.#next();
			}, wait);
			this.#timer.unref?.();
			return;
		}
		const [key, job] = this.#waiting.entries().next().value!;
		this.#waiting.delete(key);
		this.#busy = true;
		const startedAt = Date.now();
		const requested = () => (this.#nextRequestAt = startedAt + this.#intervalMs);
		this.run(key, job)
			.then((asked) => asked && requested(), requested)
			.finally(() => {
				this.#busy = false;
				this.#next();
			});
	}
}

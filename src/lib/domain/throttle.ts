// Sign-in throttling (docs/console.md): after 5 failures for one account within 15 minutes,
// every attempt for it is refused for 15 minutes.
export const maxFailures = 5;
export const throttleWindowMs = 15 * 60 * 1000;

/**
 * `failures` are the times of the latest failures, newest first: `max` of them within `windowMs`
 * lock for `windowMs` after the newest. Returns when it opens again, or null if it is open.
 */
export function lockedUntil(failures: readonly number[], now: number, max = maxFailures, windowMs = throttleWindowMs): number | null {
	if (failures.length < max) return null;
	const newest = failures[0];
	const oldest = failures[max - 1];
	if (newest - oldest > windowMs) return null;
	const until = newest + windowMs;
	return now < until ? until : null;
}

/**
 * Failures remembered per key (such as a network address) in this process, for `lockedUntil`.
 * Bounded: past `maxKeys`, the key that failed longest ago is forgotten first.
 */
export class FailureLog {
	readonly #failures = new Map<string, number[]>();

	constructor(
		readonly max: number,
		readonly windowMs: number,
		readonly maxKeys = 10_000
	) {}

	lockedUntil(key: string, now: number): number | null {
		return lockedUntil(this.#failures.get(key) ?? [], now, this.max, this.windowMs);
	}

	fail(key: string, now: number): void {
		const failures = [now, ...(this.#failures.get(key) ?? [])].slice(0, this.max);
		this.#failures.delete(key);
		if (this.#failures.size >= this.maxKeys) this.#failures.delete(this.#failures.keys().next().value!);
		this.#failures.set(key, failures);
	}
}

// A small seeded PRNG (mulberry32): the same seed gives the same run, on every machine.

export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** A seed for a sub-stream, so that what one vehicle draws does not shift what the next one gets. */
	seed(): number {
		return Math.floor(this.next() * 4294967296);
	}

	float(min: number, max: number): number {
		return min + this.next() * (max - min);
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** One of `choices`, each as likely as its weight. */
	weighted<T>(choices: readonly (readonly [T, number])[]): T {
		const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
		let r = this.next() * total;
		for (const [value, weight] of choices) {
			r -= weight;
			if (r < 0) return value;
		}
		return choices[choices.length - 1][0];
	}
}

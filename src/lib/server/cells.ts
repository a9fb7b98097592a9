// Answers about a place that change over hundreds of metres, not metres (its town, its country):
// positions share the answer of their grid cell (0.001°, about 100 m, unless told otherwise). A
// stolen car reports every second or so, and each new last position asks again.
export class CellMemo<T> {
	readonly #remembered = new Map<string, T>();

	/** `cellsPerDegree`: 1000 is about 100 m, 4000 about 25 m (north–south; less east–west away from the equator). */
	constructor(
		private readonly maxRemembered = 100_000,
		private readonly cellsPerDegree = 1000
	) {}

	/** The centre of the position's cell: what every position in it is answered for. */
	cellOf(position: { lat: number; lon: number }): { lat: number; lon: number } {
		const n = this.cellsPerDegree;
		return { lat: Math.round(position.lat * n) / n, lon: Math.round(position.lon * n) / n };
	}

	/** The cell's answer if one is remembered. */
	known(position: { lat: number; lon: number }, variant = ''): { value: T } | undefined {
		const key = this.#key(position, variant);
		return this.#remembered.has(key) ? { value: this.#remembered.get(key)! } : undefined;
	}

	remember(position: { lat: number; lon: number }, value: T, variant = ''): void {
		this.#set(this.#key(position, variant), value);
	}

	/** `compute`'s answer for the cell's centre, once per cell (and `variant`, a further argument of it). */
	get(position: { lat: number; lon: number }, compute: (lat: number, lon: number) => T, variant = ''): T {
		const key = this.#key(position, variant);
		if (this.#remembered.has(key)) return this.#remembered.get(key)!;
		const { lat, lon } = this.cellOf(position);
		const answer = compute(lat, lon);
		this.#set(key, answer);
		return answer;
	}

	#set(key: string, value: T): void {
		// Past the bound, start again: cheaper than keeping an order, and the cells in use come back at once.
		if (this.#remembered.size >= this.maxRemembered) this.#remembered.clear();
		this.#remembered.set(key, value);
	}

	#key(position: { lat: number; lon: number }, variant: string): string {
		const { lat, lon } = this.cellOf(position);
		return `${lat} ${lon} ${variant}`;
	}
}

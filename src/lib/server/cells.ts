// Answers about a place that change over hundreds of metres, not metres (its town, its country):
// positions share the answer of their grid cell (0.001°, about 100 m). A stolen car reports every
// second or so, and each new last position asks again.
const cellDegrees = 1000;

export class CellMemo<T> {
	readonly #remembered = new Map<string, T>();

	constructor(private readonly maxRemembered = 100_000) {}

	/** `compute`'s answer for the cell's centre, once per cell (and `variant`, a further argument of it). */
	get(position: { lat: number; lon: number }, compute: (lat: number, lon: number) => T, variant = ''): T {
		const lat = Math.round(position.lat * cellDegrees) / cellDegrees;
		const lon = Math.round(position.lon * cellDegrees) / cellDegrees;
		const key = `${lat} ${lon} ${variant}`;
		if (this.#remembered.has(key)) return this.#remembered.get(key)!;
		const answer = compute(lat, lon);
		if (this.#remembered.size >= this.maxRemembered) this.#remembered.clear();
		this.#remembered.set(key, answer);
		return answer;
	}
}

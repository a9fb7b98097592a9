// What later transactions can start from instead of asking the database, filled after each commit
// only, and true while nobody else has written: a transaction that finds the feed further on than
// this process left it (another node, a command) forgets it all. Fixes are only ever added:
// - the last fix of each incident (an in-order fix needs no neighbour query);
// - each VIN's open incident of a type (`type vin`), forgotten whenever an operator changes one.

export type LastFix = { fixAt: number; lat: number; lon: number };
export type OpenIncident = { id: number; openedAt: number };

const maxRemembered = 20_000;

export class Committed {
	/** The feed number of this process's last commit (-1: none yet). */
	seq = -1;
	readonly lastFixes = new Map<number, LastFix>();
	readonly open = new Map<string, OpenIncident | undefined>();

	forget(): void {
		this.lastFixes.clear();
		this.open.clear();
	}
}

/** Remembers the entries; past the bound, those set longest ago are forgotten first. */
export function remember<K, V>(known: Map<K, V>, entries: Map<K, V>): void {
	for (const [key, value] of entries) {
		known.delete(key);
		if (known.size >= maxRemembered) known.delete(known.keys().next().value!);
		known.set(key, value);
	}
}

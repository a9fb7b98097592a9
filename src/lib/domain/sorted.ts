// Binary search over things kept in time order (a track's fixes): where a time falls.

/** The first index whose time is at or after `t` (`n` if none); `timeOf(i)` rises with i. */
export function firstAtOrAfter(n: number, timeOf: (i: number) => number, t: number): number {
	let lo = 0;
	let hi = n;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (timeOf(mid) < t) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The first index whose time is after `t` (`n` if none): where something at `t` goes after its equals. */
export function firstAfter(n: number, timeOf: (i: number) => number, t: number): number {
	let lo = 0;
	let hi = n;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (timeOf(mid) <= t) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Adds `item` to a list in time order, after its equals: at the end, or where a late one belongs. */
export function insertByTime<T extends { fixAt: number }>(items: T[], item: T): void {
	if (items.length === 0 || item.fixAt >= items[items.length - 1].fixAt) items.push(item);
	else items.splice(firstAfter(items.length, (i) => items[i].fixAt, item.fixAt), 0, item);
}

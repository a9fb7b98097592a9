// A binary min-heap ordered by time, then by insertion: what is due comes out in one fixed order.

interface Entry<T> {
	at: number;
	seq: number;
	value: T;
}

export class TimeHeap<T> {
	private items: Entry<T>[] = [];
	private counter = 0;

	get size(): number {
		return this.items.length;
	}

	push(at: number, value: T): void {
		this.items.push({ at, seq: this.counter++, value });
		let i = this.items.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.before(i, parent)) break;
			this.swap(i, parent);
			i = parent;
		}
	}

	/** The earliest entry if it is due at `now`, removed from the heap. */
	popDue(now: number): { at: number; value: T } | undefined {
		const top = this.items[0];
		if (!top || top.at > now) return undefined;
		const last = this.items.pop()!;
		if (this.items.length > 0) {
			this.items[0] = last;
			this.sink(0);
		}
		return top;
	}

	private sink(i: number): void {
		for (;;) {
			const left = 2 * i + 1;
			const right = left + 1;
			let least = i;
			if (left < this.items.length && this.before(left, least)) least = left;
			if (right < this.items.length && this.before(right, least)) least = right;
			if (least === i) return;
			this.swap(i, least);
			i = least;
		}
	}

	private before(a: number, b: number): boolean {
		const x = this.items[a];
		const y = this.items[b];
		return x.at < y.at || (x.at === y.at && x.seq < y.seq);
	}

	private swap(a: number, b: number): void {
		[this.items[a], this.items[b]] = [this.items[b], this.items[a]];
	}
}

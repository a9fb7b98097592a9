// The replay clock: a time in the track's span that moves at `speed` times real time while playing
// (one step per animation frame), and stops at the end.

export class Replay {
	time = $state(0);
	playing = $state(false);
	speed = $state(10);
	readonly start: number;
	readonly end: number;
	#frame = 0;
	#last = 0;

	constructor(start: number, end: number) {
		this.start = start;
		this.end = end;
		this.time = start;
	}

	play(): void {
		if (this.playing) return;
		if (this.time >= this.end) this.time = this.start;
		this.playing = true;
		this.#last = performance.now();
		this.#frame = requestAnimationFrame(this.#tick);
	}

	pause(): void {
		this.playing = false;
		cancelAnimationFrame(this.#frame);
	}

	toggle(): void {
		if (this.playing) this.pause();
		else this.play();
	}

	seek(t: number): void {
		this.time = Math.min(this.end, Math.max(this.start, t));
	}

	#tick = (now: number) => {
		if (!this.playing) return;
		const elapsed = Math.max(0, now - this.#last);
		this.#last = now;
		this.time = Math.min(this.end, this.time + elapsed * this.speed);
		if (this.time >= this.end) this.pause();
		else this.#frame = requestAnimationFrame(this.#tick);
	};
}

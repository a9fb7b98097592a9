// One ticking clock per page: every age on screen counts up from it.
export class Clock {
	now = $state(Date.now());
	#timer: ReturnType<typeof setInterval> | undefined;

	start(everyMs = 1_000): void {
		this.#timer = setInterval(() => (this.now = Date.now()), everyMs);
	}

	stop(): void {
		clearInterval(this.#timer);
	}
}

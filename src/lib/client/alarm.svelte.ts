// The alarm sound, made with Web Audio (no asset): urgent alarms repeat a loud two-tone, soft ones
// chime now and then, until nothing alarms any more. Browsers keep audio off until a first user
// gesture: until then `soundOff` is true and the screen says so.
import type { Alarm } from '$lib/domain/queue';

const urgentEveryMs = 2_000;
const softEveryMs = 12_000;
export const muteForMs = 5 * 60_000;

export class AlarmPlayer {
	/** Something is alarming on this screen. */
	sounding = $state(false);
	/** The browser has not allowed sound yet. */
	soundOff = $state(true);
	mutedUntil = $state<number | null>(null);

	#context: AudioContext | undefined;
	#urgent = false;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#unlock = () => void this.#resume();

	start(): void {
		if (typeof AudioContext === 'undefined') return;
		this.#context = new AudioContext();
		this.soundOff = this.#context.state !== 'running';
		this.#context.onstatechange = () => (this.soundOff = this.#context?.state !== 'running');
		for (const event of ['pointerdown', 'keydown'] as const) window.addEventListener(event, this.#unlock);
	}

	stop(): void {
		clearTimeout(this.#timer);
		for (const event of ['pointerdown', 'keydown'] as const) window.removeEventListener(event, this.#unlock);
		void this.#context?.close();
	}

	/** Called with the alarms of the moment, whenever they may have changed. */
	update(alarms: Alarm[], now: number): void {
		if (this.mutedUntil !== null && now >= this.mutedUntil) this.mutedUntil = null;
		const wasSounding = this.sounding;
		this.sounding = alarms.length > 0;
		this.#urgent = alarms.some((a) => a.urgent);
		if (this.sounding && !wasSounding) this.#ring();
		if (!this.sounding) clearTimeout(this.#timer);
	}

	mute(now: number): void {
		this.mutedUntil = now + muteForMs;
	}

	unmute(): void {
		this.mutedUntil = null;
	}

	async #resume() {
		await this.#context?.resume().catch(() => undefined);
	}

	#ring() {
		clearTimeout(this.#timer);
		if (!this.sounding) return;
		if (this.mutedUntil === null) this.#beep(this.#urgent);
		this.#timer = setTimeout(() => this.#ring(), this.#urgent ? urgentEveryMs : softEveryMs);
	}

	#beep(urgent: boolean) {
		const ctx = this.#context;
		if (!ctx || ctx.state !== 'running') return;
		const tones = urgent ? [880, 660, 880, 660] : [660];
		tones.forEach((frequency, i) => {
			const start = ctx.currentTime + i * 0.22;
			const osc = ctx.createOscillator();
			const gain = ctx.createGain();
			osc.type = urgent ? 'square' : 'sine';
			osc.frequency.value = frequency;
			gain.gain.setValueAtTime(0.0001, start);
			gain.gain.exponentialRampToValueAtTime(urgent ? 0.3 : 0.15, start + 0.02);
			gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
			osc.connect(gain).connect(ctx.destination);
			osc.start(start);
			osc.stop(start + 0.21);
		});
	}
}

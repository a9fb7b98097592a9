// Sign-in throttling (console.md): after 5 failures for one account within 15 minutes,
// every attempt for it is refused for 15 minutes.
export const maxFailures = 5;
export const throttleWindowMs = 15 * 60 * 1000;

/** `failures` are the times of the account's latest failures, newest first. Returns when sign-in opens again, or null if it is open. */
export function lockedUntil(failures: readonly number[], now: number): number | null {
	if (failures.length < maxFailures) return null;
	const newest = failures[0];
	const fifth = failures[maxFailures - 1];
	if (newest - fifth > throttleWindowMs) return null;
	const until = newest + throttleWindowMs;
	return now < until ? until : null;
}

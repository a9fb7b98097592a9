// Counts of what the gateway did, per event (a fix in a batch counts as one), and the lines that report them.

export interface Counts {
	/** Events sent for the first time. */
	sent: number;
	acked: number;
	/** Sends of an event again, after a missing ack or a retryable refusal. */
	retried: number;
	refused: number;
	/** Acked as already stored: an earlier send got through but its ack was lost. */
	duplicates: number;
	warnings: number;
	ackedFixes: number;
	/** Socket.IO messages acked (a batch is one). */
	messages: number;
	/** Fixes given up unsent while the console could not take them (the oldest first). */
	dropped: number;
}

export const noCounts = (): Counts => ({ sent: 0, acked: 0, retried: 0, refused: 0, duplicates: 0, warnings: 0, ackedFixes: 0, messages: 0, dropped: 0 });

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function progressLine(now: Counts, before: Counts, elapsedS: number, queued: number, connected: string): string {
	const perSecond = (['sent', 'acked', 'retried', 'refused'] as const).map((key) => `${key} ${now[key] - before[key]}/s`).join('  ');
	return `${Math.round(elapsedS)}s  ${perSecond}  queued ${queued}  connected ${connected}`;
}

export function totalsLine(c: Counts, unacked: number): string {
	return `sent ${c.sent} acked ${c.acked} retried ${c.retried} refused ${c.refused} duplicates ${c.duplicates} warnings ${c.warnings} dropped ${c.dropped} unacked ${unacked}`;
}

export function rateLine(c: Counts, elapsedS: number, latenciesMs: number[]): string {
	const sorted = [...latenciesMs].sort((a, b) => a - b);
	const per = (n: number) => (n / Math.max(elapsedS, 0.001)).toFixed(1);
	const ms = (x: number) => x.toFixed(1);
	return (
		`rate ${per(c.acked)} events/s ${per(c.ackedFixes)} fixes/s ${per(c.messages)} messages/s over ${elapsedS.toFixed(1)} s; ` +
		`ack latency p50 ${ms(percentile(sorted, 50))} ms p99 ${ms(percentile(sorted, 99))} ms`
	);
}

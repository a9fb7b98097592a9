// Reads a running console's memory through the Chrome DevTools Protocol of node's inspector
// (start it with startConsole(env, { nodeArgs: ['--inspect=127.0.0.1:0'] })). No product code.
import WebSocket from 'ws';

export interface Memory {
	/** V8 heap in use, bytes (Runtime.getHeapUsage). */
	heapUsed: number;
	/** process.memoryUsage() of the server. */
	rss: number;
	external: number;
	arrayBuffers: number;
}

export interface Inspector {
	call<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
	/** Forces full garbage collections, then reads the heap and the process's memory. */
	memoryAfterGc(): Promise<Memory>;
	close(): void;
}

export async function connectInspector(url: string): Promise<Inspector> {
	const ws = new WebSocket(url, { perMessageDeflate: false });
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	let nextId = 0;
	const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	ws.on('message', (data) => {
		const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
		if (message.id === undefined) return;
		const waiter = waiting.get(message.id);
		if (!waiter) return;
		waiting.delete(message.id);
		if (message.error) waiter.reject(new Error(message.error.message));
		else waiter.resolve(message.result);
	});
	ws.on('close', () => {
		for (const waiter of waiting.values()) waiter.reject(new Error('inspector closed'));
		waiting.clear();
	});
	const call = <T>(method: string, params: Record<string, unknown> = {}) =>
		new Promise<T>((resolve, reject) => {
			const id = ++nextId;
			waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
			ws.send(JSON.stringify({ id, method, params }));
		});
	const inspector: Inspector = {
		call,
		async memoryAfterGc() {
			for (let i = 0; i < 3; i++) await call('HeapProfiler.collectGarbage');
			const heap = await call<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
			const evaluated = await call<{ result: { value: { rss: number; external: number; arrayBuffers: number } } }>('Runtime.evaluate', {
				expression: 'process.memoryUsage()',
				returnByValue: true
			});
			const usage = evaluated.result.value;
			return { heapUsed: heap.usedSize, rss: usage.rss, external: usage.external, arrayBuffers: usage.arrayBuffers };
		},
		close: () => ws.close()
	};
	return inspector;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Percentile of a list of numbers (p in 0..100); NaN for an empty list. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A larger figure when SOC_SOAK is set (npm run soak), else the CI default. */
export function soakNumber(name: string, ciDefault: number, soakDefault: number): number {
	const explicit = process.env[name];
	if (explicit !== undefined && explicit !== '') return Number(explicit);
	return process.env.SOC_SOAK ? soakDefault : ciDefault;
}

// Reads a CPU profile of the console's page (DevTools Profiler, .cpuprofile format) and names where
// the busy time went. The client build is minified, so a function is named by its (short) name, its
// file, line and column, and the start of its source, read from the built client files: enough to
// find it in src/ by searching for the words it contains. Idle, program and GC time are shown as such.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function summarisePageProfile(path, clientDir, top = 20) {
	const profile = JSON.parse(readFileSync(path, 'utf8'));
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parents = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
	const sources = new Map();
	const sourceOf = (url) => {
		if (!sources.has(url)) {
			let text = null;
			try {
				const file = join(clientDir, new URL(url).pathname);
				if (existsSync(file)) text = readFileSync(file, 'utf8').split('\n');
			} catch {
				// not a file of the build
			}
			sources.set(url, text);
		}
		return sources.get(url);
	};
	const nameOf = (frame) => {
		const fn = frame.functionName || '(anonymous)';
		if (!frame.url) return fn;
		const file = frame.url.split('/').pop();
		const lines = sourceOf(frame.url);
		const excerpt = lines?.[frame.lineNumber]?.slice(frame.columnNumber, frame.columnNumber + 70).replace(/\s+/g, ' ');
		return `${fn}  ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}${excerpt ? `  «${excerpt}»` : ''}`;
	};
	const self = new Map();
	const total = new Map();
	const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
	let all = 0;
	let idle = 0;
	profile.samples.forEach((id, i) => {
		const us = profile.timeDeltas[i] ?? 0;
		all += us;
		const frame = nodes.get(id).callFrame;
		if (frame.functionName === '(idle)') {
			idle += us;
			return;
		}
		add(self, nameOf(frame), us);
		const callers = new Set();
		for (let at = id; at !== undefined; at = parents.get(at)) callers.add(nameOf(nodes.get(at).callFrame));
		for (const name of callers) add(total, name, us);
	});
	const busy = all - idle;
	const lines = (map, n) =>
		[...map]
			.filter(([key]) => key !== '(root)')
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(([key, us]) => `  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(2).padStart(6)} s  ${key}`);
	return [
		`Page CPU profile ${path}: ${(all / 1e6).toFixed(1)} s, of which ${(busy / 1e6).toFixed(1)} s busy on the page's main thread (idle left out; percentages of busy)`,
		'self time, by function:',
		...lines(self, top),
		'total time (with callees), by function:',
		...lines(total, top + 10)
	].join('\n');
}

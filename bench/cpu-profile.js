// Reads a V8 .cpuprofile (node --cpu-prof) and names where the busy time went: per function, self
// (its own code) and total (with what it calls), and per file or package. Idle time is left out.
// Native work (SQLite, fsync, JSON, regular expressions) counts as self time of its JavaScript caller.
import { readFileSync } from 'node:fs';

/** `node_modules/<package>` for dependencies, the last two path parts otherwise. */
function placeOf(url) {
	if (!url) return '(V8)';
	const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (dependency) return dependency[1];
	return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

const nameOf = (frame) => `${frame.functionName || '(anonymous)'}  ${placeOf(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;

export function summariseProfile(path, top = 15) {
	const profile = JSON.parse(readFileSync(path, 'utf8'));
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parents = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
	const self = new Map();
	const total = new Map();
	const byPlace = new Map();
	const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
	let busy = 0;
	profile.samples.forEach((id, i) => {
		const us = profile.timeDeltas[i];
		const frame = nodes.get(id).callFrame;
		if (frame.functionName === '(idle)') return;
		busy += us;
		add(self, nameOf(frame), us);
		add(byPlace, placeOf(frame.url), us);
		const callers = new Set();
		for (let at = id; at !== undefined; at = parents.get(at)) callers.add(nameOf(nodes.get(at).callFrame));
		for (const name of callers) add(total, name, us);
	});
	const lines = (map, n) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(([key, us]) => `  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(2).padStart(6)} s  ${key}`);
	return [
		`CPU profile ${path}: ${(busy / 1e6).toFixed(1)} s busy (idle left out)`,
		'self time, by function:',
		...lines(self, top),
		'total time (with callees), by function:',
		...lines(total, top + 10),
		'self time, by file or package:',
		...lines(byPlace, 10)
	].join('\n');
}

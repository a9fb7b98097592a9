// npm run soak — the longer runs of the robustness tests: the same test files as CI
// (tests/integration/{fuzz,crash-loop,flood,slow-client}.test.ts) with SOC_SOAK=1, which makes them
// use larger counts: 100,000 fuzz payloads with the heap check, 100 crash-loop rounds, a 5-minute
// flood, a 20-second stuck screen. It then writes a dated summary of the figures the tests print
// into the section "## Soak results" at the end of SECURITY.md (that section only; the rest of the
// file is left as it is).
//
// Each figure can be set on its own (these win over SOC_SOAK's defaults):
//   SOC_FUZZ_COUNT, SOC_FUZZ_SEED, SOC_CRASH_ROUNDS, SOC_CRASH_SEED, SOC_FLOOD_SECONDS, SOC_SLOW_SECONDS
// SOAK_FILES        comma-separated subset: fuzz,crash-loop,flood,slow-client (default all)
// SOAK_MAX_MINUTES  wall-clock limit for each file (default 60)
// SOAK_NO_REPORT=1  run without touching SECURITY.md
//
// The build must be current (`npm run soak` builds first). Exits 1 if a file failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const all = ['fuzz', 'crash-loop', 'flood', 'slow-client'];
const files = (process.env.SOAK_FILES ?? all.join(','))
	.split(',')
	.map((f) => f.trim())
	.filter(Boolean);
for (const f of files) if (!all.includes(f)) throw new Error(`unknown soak file ${f}; choose from ${all.join(', ')}`);
const maxMinutes = Number(process.env.SOAK_MAX_MINUTES ?? 60);

/** The lines the tests print with their figures (vitest prints console.log output as is). */
const figure = /^(fuzz|crash-loop|flood|normal|screen \d|flooder|slow-client)\b/;
const settings = ['SOC_FUZZ_COUNT', 'SOC_FUZZ_SEED', 'SOC_CRASH_ROUNDS', 'SOC_CRASH_SEED', 'SOC_FLOOD_SECONDS', 'SOC_SLOW_SECONDS'];

const results = [];
for (const name of files) {
	const file = `tests/integration/${name}.test.ts`;
	const started = Date.now();
	console.log(`soak: ${file} …`);
	const run = spawnSync('npx', ['vitest', 'run', file], {
		cwd: root,
		env: { ...process.env, SOC_SOAK: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
		encoding: 'utf8',
		timeout: maxMinutes * 60_000,
		maxBuffer: 256 * 1024 * 1024
	});
	const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
	const seconds = Math.round((Date.now() - started) / 1000);
	const passed = run.status === 0;
	const lines = output
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => figure.test(l));
	// The crash loop prints a line per round: keep its summary and the slowest few rounds out.
	const figures = lines.filter((l) => !/^round \d+:/.test(l));
	const failure = passed ? '' : run.error ? String(run.error.message) : (output.match(/(AssertionError|Error):[^\n]*/)?.[0] ?? `exit ${run.status}`);
	results.push({ name, passed, seconds, figures, failure });
	console.log(`soak: ${file} ${passed ? 'passed' : 'FAILED'} in ${seconds} s`);
	for (const l of figures) console.log(`  ${l}`);
	if (!passed) console.log(output.slice(-4000));
}

const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const chosen = settings.filter((s) => process.env[s]).map((s) => `${s}=${process.env[s]}`);
let section = `## Soak results\n\n`;
section += `Run ${date} with \`npm run soak\` (SOC_SOAK=1${chosen.length ? `, ${chosen.join(', ')}` : ''}) on ${process.platform}/${process.arch}, Node ${process.version}. `;
section += `Figures are measurements on the machine the run used, not targets.\n\n`;
for (const r of results) {
	section += `### ${r.name}: ${r.passed ? 'passed' : 'FAILED'} (${r.seconds} s)\n\n`;
	if (r.failure) section += `Failure: ${r.failure}\n\n`;
	if (r.figures.length) section += '```\n' + r.figures.join('\n') + '\n```\n\n';
}

if (!process.env.SOAK_NO_REPORT) {
	const path = join(root, 'SECURITY.md');
	const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
	const start = current.search(/^## Soak results[ \t]*$/m);
	let next;
	if (start < 0) {
		next = `${current.replace(/\s*$/, '')}${current.trim() ? '\n\n' : ''}${section}`;
	} else {
		const rest = current.slice(start + 1);
		const end = rest.search(/^## /m);
		const after = end < 0 ? '' : rest.slice(end);
		next = `${current.slice(0, start)}${section}${after}`;
	}
	writeFileSync(path, next.replace(/\n*$/, '\n'));
	console.log(`soak: wrote the section "## Soak results" of SECURITY.md`);
}

process.exit(results.every((r) => r.passed) ? 0 : 1);

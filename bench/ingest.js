// npm run bench:ingest — the gateway ingest's throughput and ack latency, against a baseline and
// the ingest's targets. It prints figures and never asserts timings: it exits 0 whatever
// they are, and 1 only if something crashed.
//
// It starts the BUILT console (`npm run build` first) and the baseline (bench/baseline-server.js: the
// least an ingest can do), each on a free port and a fresh temporary database, and drives each from
// 8 gateway sockets through the same rows: single `theft.position` events, `theft.positions`
// batches of 100 and of 1,000 (each socket keeping a window in flight), and a steady, paced 1,000
// fixes/s. At the end it checks that each database holds exactly the fixes that were acked ok.
//
// The gateway sockets live in this process, not in a separate child: on 2 cores the server (one
// JavaScript thread that parses, validates and writes SQLite synchronously) takes one core and the
// load generator the other. Nothing else runs here during a row, so a separate process would only
// add IPC; one process for all 8 sockets, because more processes would take CPU from the server.
// Each row's CPU use of both sides is printed: a bench CPU near 100 % means that row measured the
// load generator rather than the server.
//
// Environment (all optional):
//   BENCH_SECONDS         measured seconds of each closed-loop row (default 8)
//   BENCH_STEADY_SECONDS  measured seconds of the steady row (default 10)
//   BENCH_WARMUP_SECONDS  unmeasured seconds before each row (default 1)
//   BENCH_ROWS            rows to run, comma-separated: single,batch100,batch1000,steady,airbag,
//                         airbagMsd,traccar (default all; the last three are the console's only:
//                         single airbag.deployed events without and with an MSD (EN 15722, decoded
//                         at ingest), and Traccar's position forwarding over HTTP for the cars the
//                         earlier rows put in theft mode)
//   BENCH_CPU_PROF        a folder: run the console under `node --cpu-prof` there and print its
//                         hottest functions (profiling slows it: its figures are then not comparable)
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { copyBuiltConsole, freePort, machineBusySeconds } from './console-server.js';
import { summariseProfile } from './cpu-profile.js';
import { closedLoop, closeGateways, connectGateways, paced, traccarLoop, vehicleCount } from './ingest-load.js';

const root = resolve(import.meta.dirname, '..');
const socketCount = 8;
const token = 'bench-gateway-token';

function envNumber(name, fallback) {
	const value = Number(process.env[name] ?? fallback);
	if (!(value > 0)) throw new Error(`${name} must be a positive number of seconds`);
	return value;
}
const measureMs = envNumber('BENCH_SECONDS', 8) * 1000;
const steadyMs = envNumber('BENCH_STEADY_SECONDS', 10) * 1000;
const warmupMs = envNumber('BENCH_WARMUP_SECONDS', 1) * 1000;
const profileDir = process.env.BENCH_CPU_PROF && resolve(process.env.BENCH_CPU_PROF);

// Windows are in events per socket: 64 single fixes, 8 batches of 100, 2 batches of 1,000 (the
// server always has the socket's next batch while it stores the previous one). Smaller windows
// leave the baseline waiting for round trips; larger ones only add queueing.
const allRows = [
	{ key: 'single', label: 'single', event: 'theft.position', batchSize: 1, window: 64 },
	{ key: 'batch100', label: 'batch 100', event: 'theft.positions', batchSize: 100, window: 8 },
	{ key: 'batch1000', label: 'batch 1000', event: 'theft.positions', batchSize: 1000, window: 2 },
	{ key: 'steady', label: 'steady 1000/s', rate: 1000 },
	// The console only: single airbag deployments without and with an MSD, which it decodes on each.
	{ key: 'airbag', label: 'airbag', event: 'airbag.deployed', batchSize: 1, window: 64, projectOnly: true },
	{ key: 'airbagMsd', label: 'airbag + MSD', event: 'airbag.deployed', batchSize: 1, window: 64, msd: true, projectOnly: true },
	// The console only: Traccar's position forwarding over HTTP, against its own Socket.IO singles.
	{ key: 'traccar', label: 'traccar http', traccar: true, window: 8, projectOnly: true }
];
const wanted = (process.env.BENCH_ROWS ?? allRows.map((r) => r.key).join(',')).split(',').map((s) => s.trim());
const rows = allRows.filter((r) => wanted.includes(r.key));
if (rows.length !== wanted.length) throw new Error(`BENCH_ROWS: known rows are ${allRows.map((r) => r.key).join(', ')}`);
/** The rows both the console and the baseline run. */
const compared = rows.filter((r) => !r.projectOnly);

if (!existsSync(join(root, 'dist/server.js')) || !existsSync(join(root, 'build/handler.js'))) {
	console.error('bench:ingest measures the built console, and dist/server.js (or build/handler.js) is missing: run `npm run build` first.');
	process.exit(1);
}

// Children and temporary files go away however this process ends (crash, Ctrl-C, kill).
const scratch = mkdtempSync(join(tmpdir(), 'soc-bench-'));
const children = new Set();
process.on('exit', () => {
	for (const child of children) child.kill('SIGKILL');
	rmSync(scratch, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		console.error(`\n${signal}: stopping the servers and removing ${scratch}`);
		process.exit(130);
	});
}

/**
 * The baseline imports the console's schema (TypeScript): bundle it into a plain script. It is
 * written under node_modules so that its packages (kept outside the bundle) resolve as usual.
 */
function bundleBaseline() {
	const entry = 'node_modules/.cache/soc-bench/baseline-server.js';
	buildSync({
		entryPoints: [join(root, 'bench/baseline-server.js')],
		outfile: join(root, entry),
		bundle: true,
		packages: 'external',
		platform: 'node',
		format: 'esm',
		logLevel: 'warning'
	});
	return entry;
}

const targets = [
	{ name: 'baseline', dir: root, entry: bundleBaseline(), env: {}, nodeArgs: [] },
	{
		name: 'project',
		dir: join(scratch, 'console'),
		entry: 'dist/server.js',
		env: { SOC_GATEWAY_TOKENS: token, SOC_GATEWAY_RATE: '10000000' },
		nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
	}
];

async function startServer(target, dir) {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const dbPath = join(dir, 'soc.db');
	const child = spawn(process.execPath, [...target.nodeArgs, join(target.dir, target.entry)], {
		cwd: target.dir,
		env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, SOC_DB: dbPath, ...target.env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	const exited = new Promise((r) => child.once('exit', r)).then(() => children.delete(child));
	let stderr = '';
	let output = '';
	child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
	child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`${target.name} exited with ${child.exitCode}:\n${output}${stderr}`);
		if (Date.now() > deadline) throw new Error(`${target.name} did not answer /healthz within 30 s:\n${output}${stderr}`);
		const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
		if (ok) break;
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		child,
		url,
		dbPath,
		stderr: () => stderr,
		assertRunning() {
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new Error(`${target.name} died (exit code ${child.exitCode}, signal ${child.signalCode}):\n${output}${stderr}`);
			}
		},
		/** Graceful stop (SIGTERM: the console drains and closes its database), SIGKILL after 15 s. */
		async stop() {
			const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
			child.kill('SIGTERM');
			await exited;
			clearTimeout(force);
			return child.exitCode;
		}
	};
}

/** CPU seconds (user + system, all threads) a process has used; Linux clock ticks are 1/100 s. */
function cpuSecondsOf(pid) {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs one row; CPU use is in cores: the server's, this process's, and everything else's. */
async function runRow(gateways, row, server) {
	const cpu = () => ({ wall: performance.now(), server: cpuSecondsOf(server.child.pid), bench: process.cpuUsage(), machine: machineBusySeconds() });
	const before = cpu();
	const result = row.traccar
		? await traccarLoop(server.url, token, gateways, { window: row.window, warmupMs, measureMs })
		: row.rate
			? await paced(gateways, { rate: row.rate, warmupMs, measureMs: steadyMs })
			: await closedLoop(gateways, { ...row, warmupMs, measureMs });
	server.assertRunning();
	const after = cpu();
	const wallSeconds = (after.wall - before.wall) / 1000;
	const serverCpu = (after.server - before.server) / wallSeconds;
	const bench = process.cpuUsage(before.bench);
	const benchCpu = (bench.user + bench.system) / 1e6 / wallSeconds;
	const machineCpu = (after.machine - before.machine) / wallSeconds;
	// CPU time per fix barely depends on what else the machine runs, unlike fixes/s.
	const serverUsPerFix = ((after.server - before.server) * 1e6) / result.ackedOk;
	return { ...result, serverCpu, serverUsPerFix, benchCpu, otherCpu: Math.max(0, machineCpu - serverCpu - benchCpu) };
}

/** The rows of the `fixes` table, and the size of the whole database (WAL included). */
function readStored(dbPath) {
	const db = new Database(dbPath, { readonly: true, fileMustExist: true });
	try {
		const rows = db.prepare('select count(*) as n from fixes').get().n;
		return { rows, bytes: db.pragma('page_count', { simple: true }) * db.pragma('page_size', { simple: true }) };
	} finally {
		db.close();
	}
}

/**
 * The MSD of each bench car (version 2, agreeing with its airbag events), made by the console's
 * own encoder, bundled from its TypeScript like the baseline.
 */
async function msdMaker() {
	const entry = join(root, 'node_modules/.cache/soc-bench/msd.js');
	buildSync({
		stdin: {
			contents: "export { encodeMsd } from './src/lib/domain/msd/encode.ts'; export { msdFromFacts } from './src/lib/domain/msd/facts.ts';",
			resolveDir: root,
			loader: 'ts'
		},
		outfile: entry,
		bundle: true,
		platform: 'node',
		format: 'esm',
		logLevel: 'warning'
	});
	const { encodeMsd, msdFromFacts } = await import(entry);
	return (car) =>
		encodeMsd(
			msdFromFacts({
				version: 2,
				vin: car.vin,
				automatic: true,
				testCall: false,
				positionTrusted: true,
				vehicleType: 'passengerVehicleClassM1',
				propulsion: ['gasoline'],
				timestamp: Math.floor(car.startMs / 1000) * 1000,
				position: { lat: car.lat0, lon: car.lon0 },
				headingDeg: car.heading - (car.heading % 2),
				recentPositions: [],
				passengers: 2,
				additionalData: null
			})
		);
}
const msdOf = rows.some((r) => r.msd) ? await msdMaker() : undefined;

async function start(target) {
	const server = await startServer(target, mkdtempSync(join(scratch, `${target.name}-`)));
	const gateways = await connectGateways(server.url, token, socketCount, `${target.name}-${process.pid}`, msdOf);
	return { name: target.name, server, gateways, results: {} };
}

/** Compares the fixes stored with those acked ok (every ack is in by now), then stops the server. */
async function finish(run) {
	closeGateways(run.gateways);
	// Airbag deployments are incidents, not fixes: the fixes table holds what the other rows acked.
	const fixRows = Object.entries(run.results).filter(([key]) => !allRows.find((r) => r.key === key)?.event?.startsWith('airbag'));
	run.ackedOk = fixRows.reduce((sum, [, r]) => sum + r.ackedOk, 0);
	run.stored = readStored(run.server.dbPath);
	const code = await run.server.stop();
	if (code !== 0) console.log(`  ${run.name} stopped with exit code ${code}`);
	if (run.server.stderr()) console.log(`  ${run.name} wrote to stderr:\n${run.server.stderr()}`);
}

const int = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => (Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const pct = (n) => `${Math.round(n * 100)} %`;

function table(header, body) {
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
	const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
	return [line(header), widths.map((w) => '-'.repeat(w)).join('   '), ...body.map(line)].join('\n');
}

function report(runs) {
	const { project, baseline } = runs;
	const rows = compared;
	console.log('\nIngest: fixes acked per second, ack latency (ms)\n');
	console.log(
		table(
			['row', 'project fixes/s', 'baseline fixes/s', 'project/baseline', 'project p50 / p99', 'baseline p50 / p99'],
			rows.map((row) => {
				const p = project.results[row.key];
				const b = baseline.results[row.key];
				return [row.label, int(p.fixesPerSec), int(b.fixesPerSec), (p.fixesPerSec / b.fixesPerSec).toFixed(2), `${ms(p.p50)} / ${ms(p.p99)}`, `${ms(b.p50)} / ${ms(b.p99)}`];
			})
		)
	);

	console.log('\nLoad: CPU use during each row (1 core = 100 %; "other" is the rest of the machine), refusals and warnings\n');
	console.log(
		table(
			['row', 'target', 'server CPU', 'server CPU/fix', 'bench CPU', 'other CPU', 'fixes acked ok', 'refused', 'with warnings'],
			rows.flatMap((row) =>
				['project', 'baseline'].map((name) => {
					const r = runs[name].results[row.key];
					const refused = Object.entries(r.refused).map(([code, n]) => `${code} ${int(n)}`).join(', ') || '0';
					return [row.label, name, pct(r.serverCpu), `${r.serverUsPerFix.toFixed(1)} µs`, pct(r.benchCpu), pct(r.otherCpu), int(r.ackedOk), refused, int(r.withWarnings)];
				})
			)
		)
	);

	const busiest = Math.max(...rows.flatMap((row) => ['project', 'baseline'].map((name) => runs[name].results[row.key].otherCpu)));
	if (busiest > 0.25) {
		console.log(`\nOther work used up to ${pct(busiest)} of the machine during a row: the figures are lower and noisier than on an idle machine.`);
	}

	console.log('\nTargets (information only)\n');
	const targetsMet = rows.flatMap((row) => {
		const p = project.results[row.key];
		const ratio = p.fixesPerSec / baseline.results[row.key].fixesPerSec;
		const checks = [[row.label, 'project fixes/s >= 0.5 x baseline', ratio.toFixed(2), ratio >= 0.5]];
		if (row.rate) checks.push([row.label, 'project ack p99 < 50 ms', `${ms(p.p99)} ms`, p.p99 < 50]);
		return checks;
	});
	console.log(table(['row', 'target', 'measured', 'met?'], targetsMet.map(([label, target, measured, met]) => [label, target, measured, met ? 'met' : 'NOT MET'])));

	const { airbag, airbagMsd } = project.results;
	if (airbag && airbagMsd) {
		console.log('\neCall: single airbag.deployed events (8 sockets, 64 in flight each), the console only: the MSD decoded on every event\n');
		console.log(
			table(
				['row', 'events/s', 'p50 / p99', 'server CPU/event', 'with / without MSD'],
				[airbag, airbagMsd].map((r, i) => [
					i === 0 ? 'airbag' : 'airbag + MSD',
					int(r.fixesPerSec),
					`${ms(r.p50)} / ${ms(r.p99)}`,
					`${r.serverUsPerFix.toFixed(1)} µs`,
					i === 0 ? '1.00' : (r.fixesPerSec / airbag.fixesPerSec).toFixed(2)
				])
			)
		);
	}

	const traccar = project.results.traccar;
	if (traccar) {
		const single = project.results.single;
		console.log('\nTraccar: positions forwarded over HTTP keep-alive (8 clients, 8 posts in flight each), the console only\n');
		console.log(
			table(
				['row', 'positions/s', 'p50 / p99', 'server CPU/fix', 'vs Socket.IO singles', 'refused'],
				[
					[
						'traccar http',
						int(traccar.fixesPerSec),
						`${ms(traccar.p50)} / ${ms(traccar.p99)}`,
						`${traccar.serverUsPerFix.toFixed(1)} µs`,
						single ? `${(traccar.fixesPerSec / single.fixesPerSec).toFixed(2)} x ${int(single.fixesPerSec)}/s` : '-',
						Object.entries(traccar.refused).map(([code, n]) => `${code} ${int(n)}`).join(', ') || '0'
					]
				]
			)
		);
	}

	console.log('\nCorrectness: rows in the fixes table (database opened read-only) = fixes acked ok\n');
	for (const name of ['project', 'baseline']) {
		const { ackedOk, stored } = runs[name];
		const verdict = stored.rows === ackedOk ? 'equal' : 'DIFFERENT';
		const size = `database ${int(stored.bytes / 2 ** 20)} MiB, ${int(stored.bytes / stored.rows)} bytes per fix`;
		console.log(`  ${name.padEnd(8)}  ${int(stored.rows)} rows, ${int(ackedOk)} acked ok: ${verdict} (${size})`);
	}
}

console.log(
	`bench:ingest on Node ${process.version}, ${availableParallelism()} CPUs: ${socketCount} gateway sockets, ${vehicleCount} vehicles; ` +
		`each row ${warmupMs / 1000} s warm-up + ${measureMs / 1000} s (steady ${steadyMs / 1000} s)` +
		(profileDir ? `; console under --cpu-prof (${profileDir})` : '')
);
try {
	if (profileDir) mkdirSync(profileDir, { recursive: true });
	await copyBuiltConsole(targets.find((t) => t.name === 'project').dir);
	const runs = {};
	for (const target of targets) runs[target.name] = await start(target);
	// Both servers stay up and the rows alternate between them (the idle one costs nothing), so a
	// change in the machine's background load falls on both alike.
	for (const row of rows) {
		for (const run of Object.values(runs)) {
			if (row.projectOnly && run.name !== 'project') continue;
			console.log(`  ${row.label.padEnd(14)} ${run.name} …`);
			run.results[row.key] = await runRow(run.gateways, row, run.server);
		}
	}
	for (const run of Object.values(runs)) await finish(run);
	report(runs);
	if (profileDir) {
		const pid = runs.project.server.child.pid;
		const profile = readdirSync(profileDir).find((f) => f.includes(`.${pid}.`) && f.endsWith('.cpuprofile'));
		console.log(`\n${profile ? summariseProfile(join(profileDir, profile)) : `no CPU profile of process ${pid} in ${profileDir}`}`);
	}
} catch (error) {
	console.error(`bench:ingest failed: ${error.stack ?? error}`);
	process.exitCode = 1;
}
// The sockets and timers are closed; exit without waiting for anything left behind.
process.exit();

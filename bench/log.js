// npm run bench:log — the supervisor's incident log on a large history, against its targets.
// It prints figures and never asserts timings: it exits 0 whatever they are (marking the
// page queries over the 100 ms target), and 1 only if something failed.
//
// 1. Checks there is room for the database (like df) in the scratch folder.
// 2. Creates a fresh database file with the app's own migrations (the built `soc` command run once
//    against it), then seeds 1,000,000 incidents over two years (with their vehicles, timelines
//    and escalations) and 10,000,000 track fixes with better-sqlite3, in big transactions.
// 3. Starts the BUILT console (`npm run build` first) on that file, signs in as a supervisor and
//    times real HTTP requests (the whole response read): the log's first page unfiltered, its last
//    page, by VIN, by plate, by operator and range, by type/status and range, one incident's page
//    (timeline and a 20,000-fix track), the reports of a shift and of 30 days, and a full CSV
//    export (1,000,000 rows, streamed), with a log page asked for while the export streams.
// 4. Stops the console and deletes the file, however this process ends.
//
// Environment (all optional):
//   BENCH_DIR        where the scratch database goes (default: the system's temporary folder)
//   BENCH_INCIDENTS  incidents to seed (default 1000000)
//   BENCH_FIXES      track fixes to seed (default 10000000)
//   BENCH_RUNS       timed runs of each query, after one warm-up run (default 5)
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from './console-server.js';

const root = resolve(import.meta.dirname, '..');
const count = (name, fallback) => {
	const value = Number(process.env[name] ?? fallback);
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
	return value;
};
const incidentCount = count('BENCH_INCIDENTS', 1_000_000);
const fixCount = count('BENCH_FIXES', 10_000_000);
const runs = count('BENCH_RUNS', 5);
const targetMs = 100;
/** The incident whose page is timed: a theft with a long track. */
const longTrack = Math.min(20_000, Math.floor(fixCount / 4));

for (const file of ['dist/server.js', 'dist/soc.js', 'build/handler.js']) {
	if (!existsSync(join(root, file))) {
		console.error(`bench:log measures the built console, and ${file} is missing: run \`npm run build\` first.`);
		process.exit(1);
	}
}

// ---------------------------------------------------------------------------------------------
// Scratch folder, cleaned up however this ends

const scratch = mkdtempSync(join(resolve(process.env.BENCH_DIR ?? tmpdir()), 'soc-bench-log-'));
const dbPath = join(scratch, 'soc.db');
let server = null;
let output = '';
process.on('exit', (code) => {
	if (code !== 0 && output) console.error(`\nthe console's output:\n${output.slice(-4000)}`);
	server?.kill('SIGKILL');
	rmSync(scratch, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		console.error(`\n${signal}: stopping the console and removing ${scratch}`);
		process.exit(130);
	});
}

const gib = (bytes) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

// About 230 bytes per incident with its vehicle, timeline and escalations and 95 per fix, with
// their indexes, the WAL while seeding, and a margin.
const neededBytes = Math.ceil((incidentCount * 1_500 + fixCount * 160) * 1.3);
const fs = statfsSync(scratch);
const freeBytes = fs.bavail * fs.bsize;
console.log(`df ${scratch}: ${gib(freeBytes)} free of ${gib(fs.blocks * fs.bsize)}; about ${gib(neededBytes)} needed`);
if (freeBytes < neededBytes) {
	console.error(`Not enough room: set BENCH_DIR to a folder with ${gib(neededBytes)} free, or seed less (BENCH_INCIDENTS, BENCH_FIXES).`);
	process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// The schema, from the app's own migrations

function soc(args, input = '') {
	const result = spawnSync(process.execPath, [join(root, 'dist/soc.js'), ...args], {
		cwd: root,
		env: { PATH: process.env.PATH ?? '', SOC_DB: dbPath },
		input,
		encoding: 'utf8'
	});
	if (result.status !== 0) throw new Error(`soc ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout;
}
soc(['user', 'list']);
const password = 'bench-supervisor-password';
soc(['user', 'add', 'bench-supervisor', '--role', 'supervisor'], `${password}\n`);

// ---------------------------------------------------------------------------------------------
// Seeding

/** A small deterministic generator (mulberry32), so that every run seeds the same history. */
let seed = 0x5eed;
function random() {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

const vinAlphabet = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const letters = 'ABCDEFGHJKLMNPQRSTVWXYZ';
const makeVin = () => `VF${Array.from({ length: 15 }, () => pick(vinAlphabet)).join('')}`;
const makePlate = () => `${pick(letters)}${pick(letters)}-${between(100, 999)}-${pick(letters)}${pick(letters)}`;
const models = ['Clio', 'Megane', '208', '3008', 'C3', 'Golf', 'Model 3', 'Zoe', 'Captur', 'Twingo', 'Kangoo', 'Yaris'];
const colours = ['black', 'white', 'grey', 'blue', 'red', 'silver', 'green'];
const airbagOutcomes = ['test_call', 'false_alarm', 'occupants_ok', 'handed_to_emergency_services'];
const theftOutcomes = ['false_alarm', 'vehicle_recovered', 'theft_cleared_by_owner', 'other'];
const hash = 'f'.repeat(64);

const seeding = performance.now();
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -262144');
db.pragma('temp_store = MEMORY');

const now = Date.now();
const start = now - 2 * 365 * 86_400_000;
const step = (now - 3_600_000 - start) / incidentCount;

const operatorCount = 40;
const insertAccount = db.prepare(`insert into accounts (username, password_hash, role, created_at) values (?, 'x', 'operator', ?)`);
const operatorIds = [];
db.transaction(() => {
	for (let i = 1; i <= operatorCount; i++) operatorIds.push(Number(insertAccount.run(`op${i}`, start).lastInsertRowid));
})();
const authorityIds = db.prepare(`select id from authorities`).all().map((r) => r.id);

const vehicleCount = Math.max(1, Math.floor(incidentCount / 4));
const vins = [];
const insertVehicle = db.prepare(
	`insert into vehicles (vin, model, model_year, colour, plate, owner_name, owner_phone, owner_language, updated_at) values (?, ?, ?, ?, ?, ?, ?, 'fr', ?)`
);
db.transaction(() => {
	for (let i = 0; i < vehicleCount; i++) {
		const vin = makeVin();
		vins.push(vin);
		insertVehicle.run(vin, pick(models), between(2005, 2026), pick(colours), makePlate(), `Owner ${i}`, `+33 6 ${between(10, 99)} ${between(10, 99)} ${between(10, 99)} ${between(10, 99)}`, start);
	}
})();

const insertIncident = db.prepare(`
	insert into incidents (id, type, status, vin, opened_at, occurred_at, details, owner_id, acknowledged_at, escalated_at, resolved_at,
		outcome, last_action_at, last_fix_at, last_fix_received_at, checklist)
	values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')`);
const insertTimeline = db.prepare(`insert into timeline (incident_id, at, kind, actor_id, data, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?)`);
const insertEscalation = db.prepare(`insert into escalations (incident_id, authority_id, reference, at, actor_id) values (?, ?, ?, ?, ?)`);
const insertFix = db.prepare(`
	insert into fixes (incident_id, fix_at, received_at, lat, lon, speed_kmh, heading_deg, accuracy_m, flags)
	values (?, ?, ?, ?, ?, ?, ?, ?, '[]')`);

const theftShare = 0.65;
let fixesLeft = fixCount;
let longTrackId = null;
const openFrom = incidentCount - 30; // the last 30 incidents are still open
const batch = 50_000;
let timelineRows = 0;
let escalationRows = 0;
let done = 0;

const progress = () =>
	process.stdout.write(`\rseeding: ${done.toLocaleString('en')} incidents, ${(fixCount - fixesLeft).toLocaleString('en')} fixes, ${timelineRows.toLocaleString('en')} timeline entries`);

while (done < incidentCount) {
	db.transaction(() => {
		const end = Math.min(incidentCount, done + batch);
		for (let i = done; i < end; i++) {
			const id = i + 1;
			const theft = random() < theftShare;
			const type = theft ? 'theft' : 'airbag';
			const vin = vins[Math.floor(random() * vins.length)];
			const openedAt = Math.floor(start + i * step + random() * step * 0.5);
			const lat = 43 + random() * 7;
			const lon = -4.5 + random() * 12; // western France has negative longitudes
			const open = i >= openFrom;
			const owner = operatorIds[Math.floor(random() * operatorIds.length)];
			const ackAt = open && random() < 0.5 ? null : openedAt + between(5_000, 300_000);
			const escAt = ackAt !== null && random() < 0.4 ? ackAt + between(30_000, 900_000) : null;
			const resAt = open || ackAt === null ? null : (escAt ?? ackAt) + between(60_000, 7_200_000);
			const status = resAt !== null ? 'resolved' : escAt !== null ? 'escalated' : ackAt !== null ? 'acknowledged' : 'new';
			const outcome = resAt === null ? null : pick(theft ? theftOutcomes : airbagOutcomes);
			const details = theft
				? { trigger: pick(['unauthorised_movement', 'tow_away', 'ignition_without_card', 'battery_disconnected']), position: { lat, lon } }
				: { position: { lat, lon }, positionTrusted: true, headingDeg: between(0, 359), automatic: true, testCall: outcome === 'test_call', passengers: between(1, 4), propulsion: ['gasoline'] };
			// The fixes left are spread evenly over the thefts still to come (one long track apart).
			let trackFixes = 0;
			if (theft && fixesLeft > 0) {
				if (longTrackId === null && i >= incidentCount / 2) {
					trackFixes = Math.min(fixesLeft, longTrack);
					longTrackId = id;
				} else {
					const reserved = longTrackId === null ? longTrack : 0;
					const theftsToCome = Math.max(1, (incidentCount - i) * theftShare);
					trackFixes = Math.min(fixesLeft - reserved, Math.max(1, Math.round((fixesLeft - reserved) / theftsToCome)));
				}
			}
			const lastFixAt = trackFixes > 0 ? openedAt + (trackFixes - 1) * 10_000 : null;
			insertIncident.run(id, type, status, vin, openedAt, openedAt - 800, JSON.stringify(details), ackAt === null ? null : owner, ackAt, escAt, resAt, outcome, resAt ?? escAt ?? ackAt, lastFixAt, lastFixAt);

			const event = theft ? 'theft.started' : 'airbag.deployed';
			insertTimeline.run(id, openedAt, 'alert', null, JSON.stringify({ event, eventId: `bench-${id}`, occurredAt: new Date(openedAt - 800).toISOString() }), hash, hash);
			timelineRows++;
			if (ackAt !== null) {
				insertTimeline.run(id, ackAt, 'acknowledge', owner, '{}', hash, hash);
				timelineRows++;
			}
			if (escAt !== null) {
				const authority = pick(authorityIds);
				const reference = `REF-${id}`;
				insertTimeline.run(id, escAt, 'escalate', owner, JSON.stringify({ authority: 'Authority', reference, note: null }), hash, hash);
				insertEscalation.run(id, authority, reference, escAt, owner);
				timelineRows++;
				escalationRows++;
			}
			if (resAt !== null) {
				insertTimeline.run(id, resAt, 'resolve', owner, JSON.stringify({ outcome, note: null }), hash, hash);
				timelineRows++;
			}
			let fLat = lat;
			let fLon = lon;
			for (let k = 0; k < trackFixes; k++) {
				fLat += (random() - 0.45) * 0.002;
				fLon += (random() - 0.45) * 0.003;
				const fixAt = openedAt + k * 10_000;
				insertFix.run(id, fixAt, fixAt + 400, fLat, fLon, between(0, 130), between(0, 359), between(3, 30));
			}
			fixesLeft -= trackFixes;
		}
		done = end;
	})();
	progress();
}
// Whatever the rounding left over goes to the last theft, so that the total is exact.
if (fixesLeft > 0) {
	const last = db.prepare(`select id, opened_at from incidents where type = 'theft' order by id desc limit 1`).get();
	db.transaction(() => {
		const from = db.prepare(`select max(fix_at) as t from fixes where incident_id = ?`).get(last.id).t ?? last.opened_at;
		for (let k = 1; k <= fixesLeft; k++) insertFix.run(last.id, from + k * 10_000, from + k * 10_000 + 400, 45, -1, 50, 90, 10);
	})();
	fixesLeft = 0;
}
progress();
db.pragma('wal_checkpoint(TRUNCATE)');
const totals = db.prepare(`select (select count(*) from incidents) as incidents, (select count(*) from fixes) as fixes, (select count(*) from timeline) as timeline`).get();
// A VIN with several incidents, a plate, a busy operator and a recent week: what the queries ask for.
const sample = db.prepare(`select i.vin, v.plate, count(*) as n from incidents i join vehicles v on v.vin = i.vin where i.id > ? group by i.vin order by n desc limit 1`).get(incidentCount - 100_000);
const typical = db
	.prepare(`select id, (select count(*) from fixes where incident_id = i.id) as fixes from incidents i where type = 'theft' and id > ? and id != ? limit 1`)
	.get(Math.floor(incidentCount * 0.9), longTrackId ?? 0);
db.close();
const seconds = (performance.now() - seeding) / 1000;
console.log(`\nseeded in ${seconds.toFixed(0)} s: ${totals.incidents.toLocaleString('en')} incidents, ${totals.fixes.toLocaleString('en')} fixes, ${totals.timeline.toLocaleString('en')} timeline entries, ${escalationRows.toLocaleString('en')} escalations; file ${mib(statSync(dbPath).size)}`);

// ---------------------------------------------------------------------------------------------
// The console on that file

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
server = spawn(process.execPath, [join(root, 'dist/server.js')], {
	cwd: root,
	env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, SOC_DB: dbPath },
	stdio: ['ignore', 'pipe', 'pipe']
});
server.stdout.on('data', (d) => (output += d));
server.stderr.on('data', (d) => (output += d));
const deadline = Date.now() + 60_000;
while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) {
	if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the console did not start:\n${output}`);
	await new Promise((r) => setTimeout(r, 100));
}
const signIn = await fetch(`${url}/login`, {
	method: 'POST',
	redirect: 'manual',
	headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
	body: new URLSearchParams({ username: 'bench-supervisor', password })
});
const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('soc_session='))?.split(';')[0];
if (!cookie) throw new Error(`could not sign in (${signIn.status})`);

async function get(path) {
	const began = performance.now();
	const response = await fetch(`${url}${path}`, { headers: { cookie } });
	const body = await response.text();
	const ms = performance.now() - began;
	if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}\n${body.slice(0, 500)}`);
	return { ms, body };
}

const isoZ = (ms) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const week = `from=${isoZ(now - 7 * 86_400_000)}&to=${isoZ(now)}`;
const month = `from=${isoZ(now - 30 * 86_400_000)}&to=${isoZ(now)}`;
const rows = [
	{ name: 'log: first page, unfiltered', path: '/log', page: true },
	{ name: 'log: last page, unfiltered', path: '/log?last=1', page: true },
	{ name: `log: by VIN (${sample.n} incidents)`, path: `/log?vin=${sample.vin}`, page: true },
	{ name: 'log: by VIN beginning (4 chars)', path: `/log?vin=${sample.vin.slice(0, 4)}`, page: true },
	{ name: 'log: by plate', path: `/log?plate=${encodeURIComponent(sample.plate)}`, page: true },
	{ name: 'log: by operator, last 7 days', path: `/log?operator=op7&${week}`, page: true },
	{ name: 'log: by operator, all time', path: `/log?operator=op7`, page: true },
	{ name: 'log: theft + resolved, last 30 days', path: `/log?type=theft&status=resolved&${month}`, page: true },
	{ name: `incident page: ${longTrack.toLocaleString('en')}-fix track + timeline`, path: `/log/${longTrackId}`, page: true },
	{ name: `incident page: ${typical.fixes}-fix track + timeline`, path: `/log/${typical.id}`, page: true },
	{ name: 'reports: current shift', path: '/reports', page: true },
	{ name: 'reports: last 30 days', path: `/reports?${month}`, page: false }
];

const median = (list) => [...list].sort((a, b) => a - b)[Math.ceil(list.length / 2) - 1];
console.log(`\nHTTP GET against the built console, whole response read; median and worst of ${runs} runs after a warm-up (target ${targetMs} ms per page query)\n`);
console.log(`${'query'.padEnd(48)} ${'median'.padStart(9)} ${'worst'.padStart(9)} ${'bytes'.padStart(10)}`);
for (const row of rows) {
	const first = await get(row.path);
	const times = [];
	for (let i = 0; i < runs; i++) times.push((await get(row.path)).ms);
	const flag = row.page ? (median(times) <= targetMs ? ' ok' : ' OVER TARGET') : '';
	console.log(`${row.name.padEnd(48)} ${`${median(times).toFixed(1)} ms`.padStart(9)} ${`${Math.max(...times).toFixed(1)} ms`.padStart(9)} ${String(first.body.length).padStart(10)}${flag}`);
}

// The full export, streamed, with a log page asked for while it runs.
const exportStart = performance.now();
const response = await fetch(`${url}/log/export.csv`, { headers: { cookie } });
if (response.status !== 200) throw new Error(`export: ${response.status}`);
let bytes = 0;
let lines = 0;
let firstByteMs = null;
let duringExport = null;
const probe = new Promise((r) => setTimeout(r, 1000)).then(async () => {
	duringExport = (await get('/log')).ms;
});
const decoder = new TextDecoder();
for await (const chunk of response.body) {
	firstByteMs ??= performance.now() - exportStart;
	bytes += chunk.length;
	const text = decoder.decode(chunk, { stream: true });
	for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
}
await probe;
const exportMs = performance.now() - exportStart;
console.log(`\nCSV export, all ${(lines - 1).toLocaleString('en')} incidents: ${(exportMs / 1000).toFixed(1)} s, ${mib(bytes)} (first bytes after ${firstByteMs.toFixed(0)} ms; ${Math.round(((lines - 1) / exportMs) * 1000).toLocaleString('en')} rows/s)`);
console.log(`log first page while the export streamed: ${duringExport.toFixed(1)} ms`);
if (lines - 1 !== totals.incidents) throw new Error(`the export has ${lines - 1} rows for ${totals.incidents} incidents`);

server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
server = null;
rmSync(scratch, { recursive: true, force: true });
console.log(`\nstopped the console and deleted ${scratch}`);

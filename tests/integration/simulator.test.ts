// `soc simulate` against a real console: what it reports as acked is exactly what the console
// stored, also across a console restart in the middle of the run (at-least-once, no duplicates).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/databases';
import { root, startConsole, type RunningConsole } from '../helpers/server';

const token = 'simulator-test-token';
let app: RunningConsole | undefined;
afterEach(async () => {
	await app?.dispose();
	app = undefined;
});

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
	totals: Record<string, number>;
	/** Event ids the simulator wrote to --acked-log. */
	acked: string[];
}

/**
 * Runs the built simulator against `console` until it exits by itself, or, with `interruptAtStart`,
 * sends it Ctrl-C as soon as it says it starts (before its sockets connect).
 */
function simulate(running: RunningConsole, args: string[] = [], { interruptAtStart = false } = {}): Promise<Run> {
	const ackedLog = join(running.dir, 'acked.log');
	const child = spawn(
		process.execPath,
		[join(root, 'dist/soc.js'), 'simulate', '--url', running.url, '--token', token, '--seed', '7', '--acked-log', ackedLog, ...(interruptAtStart ? [] : ['--quiet']), ...args],
		{ cwd: root, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d) => (stdout += d));
	child.stderr.on('data', (d) => {
		stderr += d;
		if (interruptAtStart && stderr.includes('soc simulate: run ') && !child.killed) child.kill('SIGINT');
	});
	return new Promise((resolve) => {
		child.on('exit', (code) => {
			const totalsLine = stdout.split('\n').find((line) => line.startsWith('sent ')) ?? '';
			const totals = Object.fromEntries([...totalsLine.matchAll(/(\w+) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
			const acked = existsSync(ackedLog) ? readFileSync(ackedLog, 'utf8').split('\n').filter(Boolean) : [];
			resolve({ code, stdout, stderr, totals, acked });
		});
	});
}

/** The console's database, read after the console stopped (everything it acked is committed). */
async function storedBy(running: RunningConsole) {
	await running.stop();
	const db = await openTestDatabase(running.db);
	const all = <T>(sql: string) => db.query<T>(sql);
	const one = async (sql: string) => (await db.get<{ n: number }>(sql))!.n;
	try {
		// The JSON columns are read here and looked into in JavaScript: the engines' JSON functions differ.
		const flags = await all<{ flags: string }>('select flags from fixes');
		const problems = await all<{ data: string }>("select data from timeline where kind = 'data_problem'");
		const airbagEvents = new Set((await all<{ event_id: string }>("select event_id from gateway_log where event = 'airbag.deployed'")).map((r) => r.event_id));
		const problemEvents = new Set(problems.flatMap((r) => ((JSON.parse(r.data) as { problems?: { eventId?: string }[] }).problems ?? []).map((p) => p.eventId)));
		return {
			eventIds: (await all<{ event_id: string }>('select event_id from gateway_log')).map((r) => r.event_id),
			distinctEventIds: await one('select count(distinct event_id) as n from gateway_log'),
			airbagEventsWithIncident: await one(
				"select count(*) as n from gateway_log g join incidents i on i.id = g.incident_id where g.event = 'airbag.deployed' and i.type = 'airbag'"
			),
			fixEvents: await one("select count(*) as n from gateway_log where event = 'theft.position'"),
			fixes: await one('select count(*) as n from fixes'),
			// The recordings have real glitches (a clock step back, a 471 m jump): the console flags those fixes.
			fixFlags: flags.reduce((sum, r) => sum + (JSON.parse(r.flags) as string[]).length, 0),
			// A share of the simulated crashes carry a broken MSD or one that disagrees: data problems of their incidents.
			airbagsWithProblems: [...problemEvents].filter((id) => id !== undefined && airbagEvents.has(id)).length,
			theftIncidents: await one("select count(*) as n from incidents where type = 'theft'"),
			receivedAt: (await all<{ received_at: number }>('select received_at from gateway_log order by received_at')).map((r) => r.received_at)
		};
	} finally {
		await db.close();
	}
}

describe('soc simulate against a real console', () => {
	it('sends a mix whose acked events are all stored, once, as incidents and fixes', async () => {
		app = await startConsole({ SOC_GATEWAY_TOKENS: token });
		const run = await simulate(app, ['--duration', '4', '--rate', '20', '--mix', 'airbag=1,theft=3']);
		expect(run.code, run.stderr).toBe(0);
		expect(run.totals).toMatchObject({ refused: 0, duplicates: 0, unacked: 0 });
		expect(run.totals.sent).toBeGreaterThan(40);
		expect(run.totals.acked).toBe(run.totals.sent);
		expect(run.stdout).toMatch(/^rate [\d.]+ events\/s [\d.]+ fixes\/s .*ack latency p50 [\d.]+ ms p99 [\d.]+ ms$/m);

		const stored = await storedBy(app);
		expect(run.acked).toHaveLength(run.totals.acked);
		expect(new Set(run.acked).size).toBe(run.acked.length);
		expect(stored.eventIds.length).toBe(run.totals.acked);
		expect(new Set(stored.eventIds)).toEqual(new Set(run.acked));

		const airbags = run.acked.filter((id) => /-a\d+$/.test(id)).length;
		const fixes = run.acked.filter((id) => /-f\d+$/.test(id)).length;
		expect(airbags).toBeGreaterThan(5);
		expect(stored.airbagEventsWithIncident).toBe(airbags);
		expect(fixes).toBeGreaterThan(10);
		expect(stored.fixEvents).toBe(fixes);
		expect(stored.fixes).toBe(fixes);
		expect(stored.fixFlags + stored.airbagsWithProblems).toBe(run.totals.warnings);
		expect(stored.theftIncidents).toBeGreaterThan(0);
	});

	it('stops cleanly on Ctrl-C while it is still starting, and prints its totals', async () => {
		app = await startConsole({ SOC_GATEWAY_TOKENS: token });
		const run = await simulate(app, ['--rate', '50'], { interruptAtStart: true });
		expect(run.code).toBe(0);
		expect(run.totals).toMatchObject({ unacked: 0 });
		expect(run.totals.acked).toBe(run.acked.length);
	});

	it('loses nothing and stores nothing twice when the console stops for a few seconds mid-run', { timeout: 90_000 }, async () => {
		app = await startConsole({ SOC_GATEWAY_TOKENS: token });
		// Long enough that the console is back well before the run ends, even on a busy machine.
		const running = simulate(app, ['--duration', '20', '--rate', '60', '--mix', 'airbag=1,theft=3']);
		await sleep(3500);
		await app.stop();
		await sleep(3000);
		await app.restart();
		const run = await running;

		expect(run.code, run.stderr).toBe(0);
		expect(run.totals).toMatchObject({ refused: 0, unacked: 0 });
		expect(run.totals.acked).toBe(run.totals.sent);
		const stored = await storedBy(app);
		expect(stored.distinctEventIds).toBe(stored.eventIds.length);
		expect(new Set(run.acked).size).toBe(run.totals.acked);
		expect(stored.eventIds.length).toBe(new Set(run.acked).size);
		expect(new Set(stored.eventIds)).toEqual(new Set(run.acked));
		// The outage is in the record: a pause of seconds between two stored events, with events on both sides.
		const pauses = stored.receivedAt.slice(1).map((at, i) => at - stored.receivedAt[i]);
		expect(Math.max(...pauses)).toBeGreaterThan(2500);
	});
});

// The demo as a new user runs it: `node scripts/demo.js` (the tree is built before the tests),
// sign in with the operator line it prints, and see live incidents arrive from the simulated gateway.
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { at, signIn } from './fixtures';
import { cleanup, freePort, root } from '../helpers/server';

let demo: ChildProcess | undefined;
let dir: string | undefined;
test.afterEach(async () => {
	// After a failure the demo is still up: stopped as Ctrl-C would, so that it stops its own
	// console and simulator (a SIGKILL would leave them running), and killed only if that hangs.
	if (demo && demo.exitCode === null && demo.signalCode === null) {
		const exited = new Promise((r) => demo!.once('exit', r));
		demo.kill('SIGINT');
		const timer = setTimeout(() => demo!.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	}
	if (dir) cleanup(dir);
});

/** Resolves with the demo's output once `pattern` matches it. */
function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
	return new Promise((resolve, reject) => {
		const check = () => {
			const match = output().match(pattern);
			if (match) resolve(match);
		};
		check();
		child.stdout!.on('data', check);
		child.once('exit', (code) => reject(new Error(`the demo exited (${code}) before printing ${pattern}:\n${output()}`)));
	});
}

test('the demo prints where to open it and its accounts, and live incidents arrive within a minute', async ({ browser }) => {
	test.setTimeout(150_000);
	dir = mkdtempSync(join(tmpdir(), 'soc-demo-'));
	const dbPath = join(dir, 'demo.db');
	const port = await freePort();
	let output = '';
	demo = spawn(process.execPath, [join(root, 'scripts/demo.js')], {
		cwd: root,
		env: { PATH: process.env.PATH ?? '', PORT: String(port), SOC_DB: dbPath },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	demo.stdout!.on('data', (d) => (output += d));
	demo.stderr!.on('data', (d) => (output += d));

	const [, url] = await waitForOutput(demo, () => output, /open (http:\/\/\S+)/);
	const [, username, password] = await waitForOutput(demo, () => output, /^operator\t(\S+)\t(\S+)$/m);
	expect(url).toBe(`http://localhost:${port}`);

	const context = await browser.newContext({ baseURL: url, locale: 'en-GB' });
	const page = await context.newPage();
	await page.goto('/login');
	await signIn(page, { username, password });
	await expect(page).toHaveURL(at('/'));
	await expect(page.getByRole('banner')).toContainText(username);

	// Live incidents from the simulator show in the Incidents list, without a reload, and the screen is live.
	const rows = page.getByRole('table', { name: 'Incidents' }).locator('tbody tr[data-incident]');
	await expect(page.getByRole('status', { name: 'Connection' })).toContainText('Live');
	const atSignIn = await rows.count();
	await expect.poll(() => rows.count(), { timeout: 60_000, intervals: [1000] }).toBeGreaterThan(atSignIn);
	await context.close();

	// Ctrl-C stops the simulator and the console, cleanly.
	const exited = new Promise<number | null>((resolve) => demo!.once('exit', resolve));
	demo.kill('SIGINT');
	expect(await exited).toBe(0);
	await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
	expect(output).toMatch(/^sent \d+ acked \d+ .* unacked 0$/m);
});

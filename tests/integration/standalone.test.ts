// The repository stands alone: a copy of it with nothing beside it (no folder of the product's
// documents or recorded drives next to it) runs the simulator's default and feeds a console, and
// no file of it names a folder outside it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, startConsole, type RunningConsole } from '../helpers/server';

const token = 'standalone-token';
let outside: string;
let copy: string;
let app: RunningConsole;

/** The files of the repository (tracked, and new ones not ignored), as git lists them. */
const repositoryFiles = () =>
	spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
		.stdout.split('\0')
		.filter(Boolean);

beforeAll(async () => {
	// The copy lives two levels down in a fresh folder: whatever it could find beside itself is empty.
	outside = mkdtempSync(join(tmpdir(), 'soc-standalone-'));
	copy = join(outside, 'clone', 'soc');
	for (const file of repositoryFiles()) {
		mkdirSync(dirname(join(copy, file)), { recursive: true });
		cpSync(join(root, file), join(copy, file));
	}
	// What the README's commands would make in it: the dependencies and the build.
	symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
	cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
	app = await startConsole({ SOC_GATEWAY_TOKENS: token });
});
afterAll(async () => {
	await app?.dispose();
	rmSync(outside, { recursive: true, force: true });
});

describe('a copy of the repository with nothing beside it', () => {
	it('runs the simulator with its default recorded drives, and the console acks its events', () => {
		const run = spawnSync(process.execPath, [join(copy, 'dist/soc.js'), 'simulate', '--url', app.url, '--token', token, '--duration', '3', '--seed', '3', '--quiet'], {
			cwd: copy,
			env: { PATH: process.env.PATH ?? '' },
			encoding: 'utf8',
			timeout: 60_000
		});
		expect(run.stderr).not.toMatch(/ENOENT|no recorded drive/i);
		expect(run.status, run.stderr).toBe(0);
		const totals = Object.fromEntries([...(run.stdout.split('\n').find((l) => l.startsWith('sent ')) ?? '').matchAll(/(\w+) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
		expect(totals.acked).toBeGreaterThan(0);
	});

	it('names no folder outside itself in its code, tests, scripts and benches', () => {
		const offending = repositoryFiles()
			.filter((f) => /^(src|tests|scripts|bench)\//.test(f) && /\.(ts|js|svelte)$/.test(f))
			.filter((f) => /\.\.\/shared|shared\/(data|spec)|\/work\//.test(readFileSync(join(root, f), 'utf8')));
		expect(offending).toEqual([]);
	});
});

// Starts the built console (dist/server.js) on its own port and its own temporary database,
// so that test files run in parallel without touching each other. The database is a SQLite file,
// or with SOC_TEST_ENGINE=postgres a fresh database on the run's cluster (tests/helpers/databases.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freshDatabase, testEngine, type FreshDatabase } from './databases';

export const root = resolve(import.meta.dirname, '../..');
const serverEntry = join(root, 'dist/server.js');
const cliEntry = join(root, 'dist/soc.js');

export function assertBuilt(): void {
	if (!existsSync(serverEntry) || !existsSync(join(root, 'build/handler.js'))) {
		throw new Error('the console is not built: run `npm run build` first');
	}
}

export async function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
		});
	});
}

export interface RunningConsole {
	url: string;
	port: number;
	/** Its database (SOC_DB): a SQLite file's path or a postgres:// URL. */
	db: string;
	dir: string;
	env: Record<string, string>;
	process: ChildProcess;
	/** The inspector's WebSocket URL of the current process, when started with `--inspect`. */
	inspectorUrl(): Promise<string>;
	output: () => string;
	/** Graceful stop (SIGTERM); resolves with the exit code. */
	stop(): Promise<number | null>;
	/** Abrupt stop (SIGKILL). */
	kill(): Promise<void>;
	/** Starts the console again on the same port and database. */
	restart(): Promise<void>;
	/** Stops it (if running) and removes its files. */
	dispose(): Promise<void>;
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`console exited with ${child.exitCode}:\n${output()}`);
		try {
			const response = await fetch(`${url}/healthz`);
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`console did not become healthy:\n${output()}`);
}

function exited(child: ChildProcess): Promise<number | null> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
	return new Promise((r) => child.once('exit', (code) => r(code)));
}

export interface StartOptions {
	/** Extra arguments for node, before the server entry (e.g. `--inspect=127.0.0.1:0`). */
	nodeArgs?: string[];
}

export async function startConsole(extraEnv: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningConsole> {
	assertBuilt();
	const dir = mkdtempSync(join(tmpdir(), 'soc-test-'));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const database: FreshDatabase | undefined = testEngine === 'postgres' && !extraEnv.SOC_DB ? await freshDatabase('postgres') : undefined;
	const env: Record<string, string> = {
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: url,
		SOC_DB: database?.location ?? join(dir, 'soc.db'),
		...extraEnv
	};
	let log = '';
	let child!: ChildProcess;
	let launchedAt = 0;
	const launch = async () => {
		launchedAt = log.length;
		child = spawn(process.execPath, [...(options.nodeArgs ?? []), serverEntry], {
			cwd: root,
			env: { PATH: process.env.PATH ?? '', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout?.on('data', (d) => (log += d));
		child.stderr?.on('data', (d) => (log += d));
		await waitHealthy(url, child, () => log);
	};
	const removeFiles = async () => {
		rmSync(dir, { recursive: true, force: true });
		await database?.dispose();
	};
	try {
		await launch();
	} catch (error) {
		// A console that did not come up (a bad setting, on purpose or not) leaves nothing behind.
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGKILL');
			await exited(child);
		}
		await removeFiles();
		throw error;
	}
	const running: RunningConsole = {
		url,
		port,
		db: env.SOC_DB,
		dir,
		env,
		get process() {
			return child;
		},
		output: () => log,
		async inspectorUrl() {
			const found = /Debugger listening on (ws:\/\/\S+)/.exec(log.slice(launchedAt));
			if (!found) throw new Error(`no inspector URL in the output (start with nodeArgs: ['--inspect=127.0.0.1:0']):\n${log}`);
			return found[1];
		},
		async stop() {
			child.kill('SIGTERM');
			return exited(child);
		},
		async kill() {
			child.kill('SIGKILL');
			await exited(child);
		},
		restart: launch,
		async dispose() {
			if (child.exitCode === null && child.signalCode === null) await running.stop();
			await removeFiles();
		}
	};
	return running;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the built `soc` command against a database (a file's path or a postgres:// URL). */
export function soc(db: string, args: string[], stdin = ''): CliResult {
	const result = spawnSync(process.execPath, [cliEntry, ...args], {
		cwd: root,
		env: { PATH: process.env.PATH ?? '', SOC_DB: db },
		input: stdin,
		encoding: 'utf8'
	});
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function addUser(db: string, username: string, role: string, password = `${username}-password-123`): string {
	const result = soc(db, ['user', 'add', username, '--role', role], `${password}\n`);
	if (result.code !== 0) throw new Error(`could not add ${username}: ${result.stderr}`);
	return password;
}

export function addToken(db: string, label: string): string {
	const result = soc(db, ['token', 'add', label]);
	if (result.code !== 0) throw new Error(`could not add token ${label}: ${result.stderr}`);
	return result.stdout.trim();
}

/** Signs in through the form post, as a browser without JavaScript would; returns the session cookie. */
export async function signIn(url: string, username: string, password: string, cookie?: string): Promise<{ status: number; location: string | null; cookie: string | null }> {
	const response = await fetch(`${url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: url,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams({ username, password })
	});
	const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('soc_session='));
	return {
		status: response.status,
		location: response.headers.get('location'),
		cookie: setCookie ? setCookie.split(';')[0] : null
	};
}

export function cleanup(path: string): void {
	rmSync(path, { recursive: true, force: true });
}

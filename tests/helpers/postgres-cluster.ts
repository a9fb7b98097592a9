// A throw-away PostgreSQL cluster for one test run: its own folder, a free port on 127.0.0.1 with
// trust there only, its socket inside the folder; stopped and deleted at the end, failed tests or
// not. As vitest's globalSetup it publishes its URL in SOC_TEST_POSTGRES, which the forked workers
// inherit (their environment is taken from this process after the setup has run).
import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './server';

export interface Cluster {
	/** postgres://postgres@127.0.0.1:<port>: the superuser, no database named. */
	url: string;
	dir: string;
	/** Stops it at once and deletes its folder; safe to call twice, and from an `exit` handler. */
	stop(): void;
}

/** The bin folder of the newest PostgreSQL installed as Debian lays it out, or undefined. */
export function postgresBin(): string | undefined {
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return undefined;
	const complete = (v: string) => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(base, v, 'bin', b)));
	const newest = readdirSync(base)
		.filter(complete)
		.sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b))
		.at(-1);
	return newest && join(base, newest, 'bin');
}

// initdb refuses to run as root: then the cluster belongs to the `postgres` account.
const asRoot = process.getuid?.() === 0;

function run(bin: string, tool: string, args: string[], cwd: string): void {
	const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
	const result = spawnSync(command, argv, { cwd, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
}

function idOf(flag: '-u' | '-g'): number {
	const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error('running as root, but there is no `postgres` account to own the test cluster');
	return Number(result.stdout.trim());
}

async function accepting(url: string, log: () => string): Promise<void> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const client = new pg.Client({ connectionString: `${url}/postgres`, connectionTimeoutMillis: 2_000 });
		try {
			await client.connect();
			await client.query('select 1');
			return;
		} catch (error) {
			if (Date.now() > deadline) throw new Error(`the test cluster does not accept connections: ${(error as Error).message}\n${log()}`);
			await new Promise((r) => setTimeout(r, 100));
		} finally {
			await client.end().catch(() => undefined);
		}
	}
}

export async function startCluster(bin: string): Promise<Cluster> {
	const dir = mkdtempSync(join(tmpdir(), 'soc-pg-'));
	const data = join(dir, 'data');
	const logFile = join(dir, 'postgres.log');
	let running = false;
	const stop = () => {
		process.off('exit', stop);
		if (running) {
			running = false;
			try {
				run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-s', 'stop'], dir);
			} catch (error) {
				console.error((error as Error).message);
			}
		}
		rmSync(dir, { recursive: true, force: true });
	};
	// Whatever ends this process (Ctrl-C included: vitest exits through process.exit), the cluster goes with it.
	process.on('exit', stop);
	try {
		if (asRoot) chownSync(dir, idOf('-u'), idOf('-g'));
		run(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], dir);
		writeFileSync(join(data, 'pg_hba.conf'), ['local all all trust', 'host all all 127.0.0.1/32 trust', ''].join('\n'));
		const read = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
		// The port is free when probed; another process may take it before the server binds it.
		for (let attempt = 1; ; attempt++) {
			const port = await freePort();
			appendFileSync(
				join(data, 'postgresql.conf'),
				[
					'',
					"listen_addresses = '127.0.0.1'",
					`port = ${port}`,
					`unix_socket_directories = '${dir}'`,
					// One pool per console under test, many consoles at once.
					'max_connections = 400',
					// Commits as durable as in production: the crash tests count on it.
					'synchronous_commit = on',
					''
				].join('\n')
			);
			try {
				run(bin, 'pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', '-s', 'start'], dir);
				running = true;
				const url = `postgres://postgres@127.0.0.1:${port}`;
				await accepting(url, read);
				return { url, dir, stop };
			} catch (error) {
				if (running || attempt === 3) throw new Error(`${(error as Error).message}\n${read()}`);
			}
		}
	} catch (error) {
		stop();
		throw error;
	}
}

/** vitest globalSetup: one cluster for the run, unless SOC_TEST_POSTGRES already names one. */
export default async function setup(): Promise<(() => void) | undefined> {
	if (process.env.SOC_TEST_POSTGRES) return undefined;
	const bin = postgresBin();
	if (!bin) {
		const why = 'no PostgreSQL server under /usr/lib/postgresql/*/bin (npm run test:setup installs it)';
		if (process.env.CI) throw new Error(`${why}: the PostgreSQL tests cannot run`);
		console.warn(`\n⚠ ${why}: running on SQLite only.\n`);
		return undefined;
	}
	const cluster = await startCluster(bin);
	process.env.SOC_TEST_POSTGRES = cluster.url;
	return () => {
		delete process.env.SOC_TEST_POSTGRES;
		cluster.stop();
	};
}

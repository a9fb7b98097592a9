// The soc command line against a real database, with and without a running console.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, integrityCheck, openTestDatabase, testEngine, type FreshDatabase } from '../helpers/databases';
import { root, signIn, soc, startConsole, type CliResult, type RunningConsole } from '../helpers/server';

const run$ = promisify(execFile);

/** Writes 500-row transactions into the database given as argument until killed. */
const batchWriter = `
import Database from 'better-sqlite3';
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 5000');
const insert = db.prepare('insert into vehicles (vin, model, updated_at) values (?, ?, ?)');
const batch = db.transaction((n) => { for (let i = 0; i < 500; i++) insert.run('VIN' + n + '-' + i, 'x'.repeat(200), n); });
for (let n = 0; ; n++) { batch(n); if (n === 0) process.stdout.write('writing\\n'); }
`;

let database: FreshDatabase;
const printed: string[] = [];

const run = (args: string[], stdin = ''): CliResult => {
	const result = soc(database.location, args, stdin);
	printed.push(result.stdout, result.stderr);
	return result;
};

beforeAll(async () => {
	database = await freshDatabase(testEngine);
});
afterAll(() => database?.dispose());

/** The rows of a query on the command line's database. */
async function stored<T>(sql: string): Promise<T[]> {
	const db = await openTestDatabase(database.location);
	try {
		return await db.query<T>(sql);
	} finally {
		await db.close();
	}
}

const password = 'a long enough password';
const storedHashes = async () =>
	(await stored<{ h: string }>('select password_hash as h from accounts union all select token_hash from gateway_tokens')).map((r) => r.h);

describe('soc user', () => {
	it('adds an account with the password from standard input', () => {
		const result = run(['user', 'add', 'Alice', '--role', 'operator'], `${password}\nignored second line\n`);
		expect(result.code).toBe(0);
		expect(run(['user', 'list']).stdout).toBe('alice\toperator\tactive\n');
	});

	it('refuses a password under 12 characters, an existing name and an unknown role with exit 1', () => {
		expect(run(['user', 'add', 'bob', '--role', 'operator'], 'short\n').code).toBe(1);
		const duplicate = run(['user', 'add', 'alice', '--role', 'operator'], `${password}\n`);
		expect(duplicate.code).toBe(1);
		expect(duplicate.stderr).toContain('already exists');
		const badRole = run(['user', 'add', 'carol', '--role', 'root'], `${password}\n`);
		expect(badRole.code).toBe(1);
		expect(badRole.stderr).toContain('role');
		expect(run(['user', 'add', 'dave', '--role', 'operator'], '').code).toBe(1);
		expect(run(['user', 'list']).stdout).not.toMatch(/bob|carol|dave/);
	});

	it('lists every account, tab-separated, with its state', () => {
		run(['user', 'add', 'wall1', '--role', 'display'], `${password}\n`);
		run(['user', 'add', 'sup', '--role', 'supervisor'], `${password}\n`);
		run(['user', 'add', 'root', '--role', 'admin'], `${password}\n`);
		expect(run(['user', 'disable', 'wall1']).code).toBe(0);
		expect(run(['user', 'list']).stdout).toBe(
			['alice\toperator\tactive', 'root\tadmin\tactive', 'sup\tsupervisor\tactive', 'wall1\tdisplay\tdisabled', ''].join('\n')
		);
		expect(run(['user', 'enable', 'wall1']).code).toBe(0);
		expect(run(['user', 'list']).stdout).toContain('wall1\tdisplay\tactive');
	});

	it('refuses to disable, enable or change the password of an unknown account', () => {
		expect(run(['user', 'disable', 'ghost']).code).toBe(1);
		expect(run(['user', 'enable', 'ghost']).code).toBe(1);
		expect(run(['user', 'passwd', 'ghost'], `${password}\n`).code).toBe(1);
	});

	it('exits 2 with the usage on wrong usage', () => {
		for (const args of [[], ['user'], ['user', 'add', 'x'], ['user', 'add', '--role', 'operator'], ['user', 'list', 'extra'], ['frobnicate'], ['user', 'list', '--verbose'], ['token', 'add'], ['backup']]) {
			const result = run(args);
			expect(result.code, args.join(' ')).toBe(2);
			expect(result.stderr).toContain('usage:');
		}
	});
});

describe('soc user passwd', () => {
	let app: RunningConsole;
	beforeAll(async () => {
		app = await startConsole();
	});
	afterAll(() => app.dispose());

	it('changes the password that signs in', async () => {
		soc(app.db, ['user', 'add', 'erin', '--role', 'operator'], `${password}\n`);
		expect(soc(app.db, ['user', 'passwd', 'erin'], 'a brand new password\n').code).toBe(0);
		expect((await signIn(app.url, 'erin', password)).status).toBe(400);
		expect((await signIn(app.url, 'erin', 'a brand new password')).status).toBe(303);
		expect(soc(app.db, ['user', 'passwd', 'erin'], 'short\n').code).toBe(1);
	});
});

describe('soc token', () => {
	it('prints only the new token, once, and stores only its hash', async () => {
		const result = run(['token', 'add', 'gateway-a']);
		expect(result.code).toBe(0);
		const token = result.stdout.trim();
		expect(result.stdout).toBe(`${token}\n`);
		expect(token).toMatch(/^gw_[A-Za-z0-9_-]{40,}$/);
		expect(JSON.stringify(await stored('select * from gateway_tokens'))).not.toContain(token);
		expect(run(['token', 'list']).stdout).not.toContain(token);
	});

	it('lists and revokes tokens by label', () => {
		run(['token', 'add', 'gateway-b']);
		expect(run(['token', 'add', 'gateway-b']).code).toBe(1);
		expect(run(['token', 'revoke', 'gateway-b']).code).toBe(0);
		const lines = run(['token', 'list']).stdout.trim().split('\n').map((l) => l.split('\t'));
		expect(lines.map(([label, state]) => [label, state])).toEqual([
			['gateway-a', 'active'],
			['gateway-b', 'revoked']
		]);
		expect(run(['token', 'revoke', 'no-such-label']).code).toBe(1);
	});
});

describe('nothing secret is printed', () => {
	it('never prints a password or a stored hash', async () => {
		const everything = printed.join('\n');
		expect(everything).not.toContain(password);
		expect(everything).not.toContain('a brand new password');
		expect(everything).not.toContain('scrypt$');
		for (const hash of await storedHashes()) expect(everything).not.toContain(hash);
	});
});

// SQLite only: `soc backup` copies the database file, and the second writer is a process on that file.
describe.skipIf(testEngine === 'postgres')('soc backup', () => {
	let app: RunningConsole;
	beforeAll(async () => {
		app = await startConsole();
	});
	afterAll(() => app.dispose());

	it('takes a consistent copy while the console writes', async () => {
		// Keep the console writing: failed sign-ins are stored, one row each.
		let writes = 0;
		let writing = true;
		const writer = (async () => {
			while (writing) {
				await signIn(app.url, `writer-${writes % 50}`, 'wrong password');
				writes++;
			}
		})();
		// And another process writing large transactions at the same time.
		const other = spawn(process.execPath, ['--input-type=module', '-e', batchWriter, app.db], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
		await new Promise((r) => other.stdout.once('data', r));
		const file = join(app.dir, 'backup.db');
		const result = await run$(process.execPath, [join(root, 'dist/soc.js'), 'backup', file], { env: { PATH: process.env.PATH, SOC_DB: app.db } })
			.then(() => ({ code: 0, stderr: '' }))
			.catch((e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));
		writing = false;
		other.kill();
		await writer;
		expect(result.code, result.stderr).toBe(0);
		expect(writes).toBeGreaterThan(0);
		const copy = await openTestDatabase(file);
		expect(await integrityCheck(copy)).toBe('ok');
		// Whole transactions only: every batch is there with all its 500 rows, or not at all.
		const vins = (await copy.get<{ n: number }>('select count(*) as n from vehicles'))!;
		expect(vins.n % 500).toBe(0);
		expect(vins.n).toBeGreaterThan(0);
		await copy.close();
		expect(soc(app.db, ['backup', file]).code).toBe(1);
	});
});

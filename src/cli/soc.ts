// The `soc` command line: accounts, gateway tokens, the audit trail and backups of the console's database
// (SOC_DB), `soc msd decode` (no database), and `soc simulate`, a simulated gateway.
// Exit codes: 0 done, 1 refused or failed (saying why), 2 wrong usage (with the usage).
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { ZodType } from 'zod';
import { newPasswordSchema, roleSchema, usernameSchema } from '../lib/domain/accounts';
import { readConfig } from '../lib/server/config';
import { isPostgresUrl, openDatabase, type SqlDatabase } from '../lib/server/db';
import { AccountError, addAccount, listAccounts, setDisabled, setPassword } from '../lib/server/stores/accounts';
import { addToken, listTokens, revokeToken, TokenError } from '../lib/server/stores/gateway-tokens';
import { BackupError, backupDatabase, dumpPostgres, withoutPassword } from '../lib/server/stores/backup';
import { verifyAudit } from '../lib/server/stores/audit';
import { simulate } from '../lib/simulator/cli';
import { decodeMsd } from '../lib/domain/msd/decode';

const usage = `usage:
  soc user add NAME --role display|operator|supervisor|admin   (password: first line of standard input)
  soc user list
  soc user disable NAME
  soc user enable NAME
  soc user passwd NAME                                          (password: first line of standard input)
  soc token add LABEL                                           (prints the new token, once)
  soc token list
  soc token revoke LABEL
  soc audit verify                                              (checks the audit chains; exit 1 names the first bad entry)
  soc backup FILE                                               (PostgreSQL: runs pg_dump --format=custom)
  soc msd decode HEX                                            (an eCall MSD as JSON, in the ASN.1 JSON encoding rules)
  soc simulate [--url URL] [--token TOKEN] [--rate N] [--duration S] ...   (a simulated gateway; soc simulate --help)
The database is SOC_DB (default ./data/soc.db).`;

/** Who goes on the admin log for a change made with this command. */
const actor = `cli:${userInfo().username}`;

class UsageError extends Error {}
class Refused extends Error {}

function parse<T>(schema: ZodType<T>, value: unknown, what: string): T {
	const result = schema.safeParse(value);
	if (!result.success) throw new Refused(`${what}: ${result.error.issues[0]?.message ?? 'invalid'}`);
	return result.data;
}

async function firstLineOfStdin(): Promise<string> {
	if (process.stdin.isTTY) process.stderr.write('password: ');
	const lines = createInterface({ input: process.stdin, terminal: false });
	for await (const line of lines) {
		lines.close();
		return line;
	}
	throw new Refused('no password on standard input');
}

const labelOf = (value: string | undefined) => {
	if (!value) throw new UsageError('a label is required');
	return parse(usernameSchema, value, 'label');
};

async function run(argv: string[], open: () => Promise<SqlDatabase>): Promise<void> {
	const { values, positionals } = (() => {
		try {
			return parseArgs({ args: argv, options: { role: { type: 'string' } }, allowPositionals: true, strict: true });
		} catch (e) {
			throw new UsageError((e as Error).message);
		}
	})();
	const [group, action, name, ...rest] = positionals;
	const key = group === 'backup' ? group : `${group ?? ''} ${action ?? ''}`.trim();
	const expectArgs = (count: number) => {
		if (positionals.length !== count || rest.length > 0) throw new UsageError(`wrong number of arguments for ${key}`);
	};
	if (values.role !== undefined && key !== 'user add') throw new UsageError('--role goes with user add');

	switch (key) {
		case 'user add': {
			expectArgs(3);
			if (values.role === undefined) throw new UsageError('user add needs --role');
			const username = parse(usernameSchema, name, 'username');
			const role = parse(roleSchema, values.role, 'role');
			const password = parse(newPasswordSchema, await firstLineOfStdin(), 'password');
			await addAccount(await open(), { username, role, password }, actor);
			console.log(`added ${username} (${role})`);
			return;
		}
		case 'user list':
			expectArgs(2);
			for (const a of await listAccounts(await open())) {
				console.log([a.username, a.role, a.active ? 'active' : 'disabled'].join('\t'));
			}
			return;
		case 'user disable':
		case 'user enable': {
			expectArgs(3);
			const username = parse(usernameSchema, name, 'username');
			await setDisabled(await open(), username, action === 'disable', actor);
			console.log(`${username} ${action === 'disable' ? 'disabled; its sessions are ended' : 'enabled'}`);
			return;
		}
		case 'user passwd': {
			expectArgs(3);
			const username = parse(usernameSchema, name, 'username');
			const password = parse(newPasswordSchema, await firstLineOfStdin(), 'password');
			await setPassword(await open(), username, password, actor);
			console.log(`password of ${username} changed; its sessions are ended`);
			return;
		}
		case 'token add':
			expectArgs(3);
			// Only the token on standard output, so that it can be piped into the gateway's configuration.
			console.log(await addToken(await open(), labelOf(name), actor));
			return;
		case 'token list':
			expectArgs(2);
			for (const t of await listTokens(await open())) {
				console.log([t.label, t.revokedAt === null ? 'active' : 'revoked', new Date(t.createdAt).toISOString()].join('\t'));
			}
			return;
		case 'token revoke': {
			expectArgs(3);
			const label = labelOf(name);
			await revokeToken(await open(), label, actor);
			console.log(`token ${label} revoked`);
			return;
		}
		case 'audit verify': {
			expectArgs(2);
			const state = await verifyAudit(await open());
			if (state.broken) throw new Refused(`audit trail broken: ${state.broken.log} entry ${state.broken.id} does not match the chain`);
			console.log(`audit trail intact: ${state.timelineEntries} timeline entries, ${state.adminEntries} admin log entries`);
			return;
		}
		case 'msd decode': {
			if (name === undefined) throw new UsageError('msd decode needs HEX');
			expectArgs(3);
			const decoded = decodeMsd(name);
			if (!decoded.ok) throw new Refused(`MSD could not be decoded: ${decoded.fault.message}`);
			console.log(JSON.stringify(decoded.value, null, 2));
			return;
		}
		case 'backup': {
			if (positionals.length !== 2 || !action) throw new UsageError('backup needs FILE');
			const location = readConfig().SOC_DB;
			// PostgreSQL is copied by its own tool, without opening (or migrating) the database here.
			if (isPostgresUrl(location)) await dumpPostgres(location, action);
			else await backupDatabase(await open(), action);
			console.log(`backup written to ${action}`);
			return;
		}
		default:
			throw new UsageError(key ? `unknown command: ${key}` : 'no command given');
	}
}

/** `text` without the database's password, should an error ever quote it. */
function withoutDatabasePassword(text: string): string {
	const location = process.env.SOC_DB ?? '';
	const { password } = isPostgresUrl(location) ? withoutPassword(location) : { password: undefined };
	if (!password) return text;
	return text.split(password).join('***').split(encodeURIComponent(password)).join('***');
}

async function main(): Promise<number> {
	let database: Promise<SqlDatabase> | undefined;
	try {
		await run(process.argv.slice(2), () => (database ??= openDatabase(readConfig().SOC_DB)));
		return 0;
	} catch (e) {
		if (e instanceof UsageError) {
			console.error(`soc: ${e.message}\n${usage}`);
			return 2;
		}
		if (e instanceof Refused || e instanceof AccountError || e instanceof TokenError || e instanceof BackupError) {
			console.error(`soc: ${withoutDatabasePassword(e.message)}`);
			return 1;
		}
		console.error(`soc: failed: ${withoutDatabasePassword((e as Error).message)}`);
		return 1;
	} finally {
		await (await database?.catch(() => undefined))?.close();
	}
}

// `soc simulate` is a gateway, not a database command: it reads its own options.
process.exitCode = process.argv[2] === 'simulate' ? await simulate(process.argv.slice(3)) : await main();

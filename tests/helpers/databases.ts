// The databases tests run on: a fresh one per console or test (a SQLite file, or a database on the
// run's PostgreSQL cluster, tests/helpers/postgres-cluster.ts), and a small handle that reads and
// plants rows with the same SQL on either engine.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Engine } from '../../src/lib/server/db/sql';

const cluster = process.env.SOC_TEST_POSTGRES;

/** The engines a test can run on here: PostgreSQL only when this run has its cluster. */
export const engines: Engine[] = cluster ? ['sqlite', 'postgres'] : ['sqlite'];

const chosen = process.env.SOC_TEST_ENGINE || 'sqlite';
if (chosen !== 'sqlite' && chosen !== 'postgres') throw new Error(`SOC_TEST_ENGINE=${chosen}: sqlite or postgres`);
/** The engine of the consoles the integration tests start (SOC_TEST_ENGINE, SQLite by default). */
export const testEngine: Engine = chosen;

export const isPostgres = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);

export interface FreshDatabase {
	/** A SQLite file's path or a postgres:// URL: what SOC_DB takes. */
	location: string;
	dispose(): Promise<void>;
}

async function onCluster(statement: string): Promise<void> {
	if (!cluster) throw new Error('no PostgreSQL test cluster (SOC_TEST_POSTGRES): run through vitest, whose globalSetup starts one');
	const client = new pg.Client({ connectionString: databaseUrl('postgres') });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

function databaseUrl(name: string): string {
	const url = new URL(cluster!);
	url.pathname = `/${name}`;
	return url.toString();
}

/** A new, empty database: the console migrates it when it opens it. */
export async function freshDatabase(engine: Engine): Promise<FreshDatabase> {
	if (engine === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), 'soc-db-'));
		return { location: join(dir, 'soc.db'), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
	}
	const name = `soc_t_${randomBytes(6).toString('hex')}`;
	await onCluster(`create database ${name}`);
	// (force): a console killed mid-test may leave connections the server has not noticed yet.
	return { location: databaseUrl(name), dispose: () => onCluster(`drop database if exists ${name} with (force)`) };
}

/** A connection for tests. Rows come back alike from both engines: bigints as numbers, JSON as its text. */
export interface TestDatabase {
	readonly engine: Engine;
	/** Runs one statement with `?` placeholders; rows for a query (or a write with `returning`), else []. */
	query<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
	/** The first row of `query`. */
	get<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T | undefined>;
	/** Runs statements without parameters. */
	exec(text: string): Promise<void>;
	close(): Promise<void>;
}

// Counts and sums are bigint or numeric on PostgreSQL; json and jsonb would come back parsed.
const asNumber = new Set([20, 1700]);
const asText = new Set([114, 3802]);
const types = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
		if (asNumber.has(oid)) return (value: string) => Number(value);
		if (asText.has(oid)) return (value: string) => value;
		return pg.types.getTypeParser(oid, format);
	}) as typeof pg.types.getTypeParser
};

/** `?` to $1..$n, leaving quoted text and names alone. */
const numbered = (text: string): string => {
	let n = 0;
	return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (m) => (m === '?' ? `$${++n}` : m));
};

// SQLite binds no booleans or undefined.
const sqliteValue = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v === undefined ? null : v);

export async function openTestDatabase(location: string): Promise<TestDatabase> {
	if (isPostgres(location)) {
		const client = new pg.Client({ connectionString: location, types });
		await client.connect();
		const query = async <T>(text: string, ...params: unknown[]) => (await client.query({ text: numbered(text), values: params })).rows as T[];
		return {
			engine: 'postgres',
			query,
			get: async <T>(text: string, ...params: unknown[]) => (await query<T>(text, ...params))[0],
			exec: async (text) => void (await client.query(text)),
			close: () => client.end()
		};
	}
	const db = new Database(location, { fileMustExist: true });
	// The console writes to the same file meanwhile.
	db.pragma('busy_timeout = 5000');
	const query = async <T>(text: string, ...params: unknown[]) => {
		const statement = db.prepare(text);
		const values = params.map(sqliteValue);
		if (statement.reader) return statement.all(...values) as T[];
		statement.run(...values);
		return [];
	};
	return {
		engine: 'sqlite',
		query,
		get: async <T>(text: string, ...params: unknown[]) => (await query<T>(text, ...params))[0],
		exec: async (text) => void db.exec(text),
		close: async () => void db.close()
	};
}

/**
 * The id of a row planted in `table`, as the console gives it: it numbers incidents, timeline
 * entries and fixes itself (the next after the highest), on PostgreSQL without a sequence.
 */
export const nextId = (table: 'incidents' | 'timeline' | 'fixes'): string => `(select coalesce(max(id), 0) + 1 from ${table})`;

/** 'ok', or what is wrong: SQLite's integrity check, or amcheck over every B-tree index and its table. */
export async function integrityCheck(db: TestDatabase): Promise<string> {
	if (db.engine === 'sqlite') return (await db.query<{ integrity_check: string }>('pragma integrity_check')).map((r) => r.integrity_check).join('\n');
	try {
		await db.exec('create extension if not exists amcheck');
		await db.query(`select bt_index_check(c.oid, true) from pg_class c join pg_am a on a.oid = c.relam
			where c.relkind = 'i' and a.amname = 'btree' and c.relnamespace = 'public'::regnamespace`);
		return 'ok';
	} catch (error) {
		return (error as Error).message;
	}
}

/** The console's tables. */
export async function tableNames(db: TestDatabase): Promise<string[]> {
	const rows =
		db.engine === 'sqlite'
			? await db.query<{ name: string }>("select name from sqlite_master where type = 'table'")
			: await db.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = 'public'");
	return rows.map((r) => r.name);
}

/**
 * Makes the database refuse inserts into `table` that match `when` (a condition on `new`), with
 * `message`: a store call that fails. Resolves to the undo.
 */
export async function failInserts(db: TestDatabase, table: string, when: string, message: string): Promise<() => Promise<void>> {
	if (db.engine === 'sqlite') {
		await db.exec(`create trigger injected_failure before insert on ${table} when ${when} begin select raise(abort, '${message}'); end`);
		return () => db.exec('drop trigger injected_failure');
	}
	await db.exec(`create function injected_failure() returns trigger language plpgsql as $$ begin raise exception '${message}'; end $$;
		create trigger injected_failure before insert on ${table} for each row when (${when}) execute function injected_failure();`);
	return () => db.exec(`drop trigger injected_failure on ${table}; drop function injected_failure();`);
}

/**
 * Lets this handle update the append-only `tables` behind the console's back (tamper tests):
 * SQLite drops their no-update triggers, PostgreSQL skips triggers for this connection only.
 */
export async function allowUpdates(db: TestDatabase, ...tables: string[]): Promise<void> {
	if (db.engine === 'sqlite') await db.exec(tables.map((t) => `drop trigger if exists ${t}_no_update;`).join('\n'));
	else await db.exec('set session_replication_role = replica');
}

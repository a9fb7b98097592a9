// PostgreSQL for one or more console nodes (docs/nodes.md). Serial transactions take one
// transaction-level advisory lock first: the incident changes of every node then commit one after
// another, in the order their feed numbers and audit ids were given.
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { lockKeys, type Column, type Database, type Lease, type Sql, type TransactionOptions } from './sql';

const dialect = new PgDialect();


// Times are epoch milliseconds in bigint columns: past 2^53 they would not be times.
const int8 = 20;
const types = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === int8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
};

async function query(client: pg.Pool | pg.PoolClient, q: SQL): Promise<pg.QueryResult> {
	const { sql: text, params } = dialect.sqlToQuery(q);
	return client.query({ text, values: params });
}

/** Rows per insert: one array parameter per column, whatever the count, so one statement text. */
const rowsPerInsert = 10_000;

async function insertMany(client: pg.Pool | pg.PoolClient, table: string, columns: readonly Column[], rows: readonly (readonly unknown[])[]) {
	const names = columns.map((c) => c.name).join(', ');
	const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
	const text = `insert into ${table} (${names}) select * from unnest(${arrays})`;
	for (let from = 0; from < rows.length; from += rowsPerInsert) {
		const chunk = rows.slice(from, from + rowsPerInsert);
		await client.query({ text, values: columns.map((_, i) => chunk.map((row) => row[i])) });
	}
}

const on = (client: pg.Pool | pg.PoolClient): Sql => ({
	engine: 'postgres',
	all: async <T>(q: SQL) => (await query(client, q)).rows as T[],
	get: async <T>(q: SQL) => (await query(client, q)).rows[0] as T | undefined,
	run: async (q: SQL) => (await query(client, q)).rowCount ?? 0,
	insertMany: (table, columns, rows) => insertMany(client, table, columns, rows),
	notify: async (channel) => void (await client.query('select pg_notify($1, null)', [channel]))
});

export class PostgresDatabase implements Database {
	readonly engine = 'postgres' as const;
	readonly pool: pg.Pool;
	readonly #direct: Sql;

	readonly #url: string;
	/** Names this node's connections in pg_stat_activity. */
	readonly #name: string | undefined;

	private constructor(pool: pg.Pool, url: string, name: string | undefined) {
		this.pool = pool;
		this.#url = url;
		this.#name = name;
		this.#direct = on(pool);
	}

	/** Connects and migrates: the first node to start migrates, the others wait for it. */
	static async open(url: string, migrationsFolder: string, name?: string): Promise<PostgresDatabase> {
		const pool = new pg.Pool({ connectionString: url, types, max: 10, connectionTimeoutMillis: 5_000, application_name: name });
		// An idle connection the server dropped: the next query gets a new one; nothing to crash for.
		pool.on('error', (error) => console.error('database connection lost:', error.message));
		const client = await pool.connect();
		try {
			await client.query('select pg_advisory_lock($1)', [lockKeys.migrations]);
			await migrate(drizzle(client), { migrationsFolder });
		} finally {
			await client.query('select pg_advisory_unlock($1)', [lockKeys.migrations]).catch(() => undefined);
			client.release();
		}
		return new PostgresDatabase(pool, url, name);
	}

	all<T>(q: SQL): Promise<T[]> {
		return this.#direct.all<T>(q);
	}

	get<T>(q: SQL): Promise<T | undefined> {
		return this.#direct.get<T>(q);
	}

	run(q: SQL): Promise<number> {
		return this.#direct.run(q);
	}

	insertMany(table: string, columns: readonly Column[], rows: readonly (readonly unknown[])[]): Promise<void> {
		return this.transaction((tx) => tx.insertMany(table, columns, rows));
	}

	async transaction<T>(work: (tx: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
		const client = await this.pool.connect();
		let broken: Error | undefined;
		try {
			await client.query(options.readOnly ? 'begin isolation level repeatable read read only' : 'begin');
			if (options.serial) await client.query('select pg_advisory_xact_lock($1)', [lockKeys.incidentChanges]);
			const result = await work(on(client));
			await client.query('commit');
			return result;
		} catch (error) {
			await client.query('rollback').catch((e: Error) => (broken = e));
			throw error;
		} finally {
			// A connection that could not even roll back is closed, not given to the next caller.
			client.release(broken);
		}
	}

	notify(channel: string): Promise<void> {
		return this.#direct.notify(channel);
	}

	/** A connection of its own, made again a second after it is lost, for as long as it is wanted. */
	async listen(channel: string, wake: () => void): Promise<() => Promise<void>> {
		let client: pg.Client | undefined;
		let stopped = false;
		let retry: ReturnType<typeof setTimeout> | undefined;
		const again = () => {
			client = undefined;
			if (!stopped && retry === undefined) retry = setTimeout(() => ((retry = undefined), void connect()), 1_000);
		};
		const connect = async () => {
			const c = new pg.Client({ connectionString: this.#url, connectionTimeoutMillis: 5_000, application_name: this.#name });
			c.on('error', () => undefined);
			c.on('end', again);
			c.on('notification', (n) => n.channel === channel && wake());
			try {
				await c.connect();
				await c.query(`listen ${pg.escapeIdentifier(channel)}`);
				client = c;
				// Notifications sent while no connection listened are lost: read what may have come.
				wake();
			} catch {
				await c.end().catch(() => undefined);
				again();
			}
		};
		await connect();
		return async () => {
			stopped = true;
			clearTimeout(retry);
			await client?.end().catch(() => undefined);
		};
	}

	async tryLease(key: number): Promise<Lease | undefined> {
		const client = new pg.Client({ connectionString: this.#url, connectionTimeoutMillis: 5_000, application_name: this.#name });
		let held = false;
		client.on('error', () => (held = false));
		client.on('end', () => (held = false));
		try {
			await client.connect();
			held = (await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key])).rows[0].locked;
		} catch {
			held = false;
		}
		if (!held) {
			await client.end().catch(() => undefined);
			return undefined;
		}
		return {
			get held() {
				return held;
			},
			release: async () => {
				held = false;
				await client.end().catch(() => undefined);
			}
		};
	}

	async close(): Promise<void> {
		await this.pool.end();
	}
}

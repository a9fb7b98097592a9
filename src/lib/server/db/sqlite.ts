// SQLite for one console process: one connection, with the pragmas an alarm console needs.
// Transactions are serialised in this process (there is no other): each runs alone on the
// connection, and a read waits for the transaction before it, so none sees another's writes
// before they commit.
import Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Column, Database as Db, Lease, Sql, TransactionOptions } from './sql';

const dialect = new SQLiteSyncDialect();

export class SqliteDatabase implements Db {
	readonly engine = 'sqlite' as const;
	readonly client: Database.Database;
	readonly #statements = new Map<string, Database.Statement>();
	/** The end of the last operation queued: each operation starts after it. */
	#queue: Promise<unknown> = Promise.resolve();

	constructor(path: string, migrationsFolder: string) {
		if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
		const client = new Database(path);
		client.pragma('journal_mode = WAL');
		// better-sqlite3 leaves WAL databases at NORMAL, which can lose the last commits on power loss.
		client.pragma('synchronous = FULL');
		client.pragma('busy_timeout = 5000');
		client.pragma('foreign_keys = ON');
		// Checkpoint every 10,000 WAL pages (about 40 MB), not SQLite's 1,000: the ingest rewrites the
		// same hot index pages in every commit, and a rarer checkpoint copies each of them back once.
		client.pragma('wal_autocheckpoint = 10000');
		migrate(drizzle(client), { migrationsFolder });
		this.client = client;
	}

	/** The statement, prepared once per text. */
	#prepare(query: SQL): { statement: Database.Statement; params: unknown[] } {
		const { sql: text, params } = dialect.sqlToQuery(query);
		let statement = this.#statements.get(text);
		if (!statement) this.#statements.set(text, (statement = this.client.prepare(text)));
		return { statement, params };
	}

	readonly #direct: Sql = {
		engine: 'sqlite',
		all: async <T>(query: SQL) => {
			const { statement, params } = this.#prepare(query);
			return statement.all(...params) as T[];
		},
		get: async <T>(query: SQL) => {
			const { statement, params } = this.#prepare(query);
			return statement.get(...params) as T | undefined;
		},
		run: async (query: SQL) => {
			const { statement, params } = this.#prepare(query);
			return statement.run(...params).changes;
		},
		// One prepared statement run per row: inside a transaction, SQLite's fastest way in.
		insertMany: async (table, columns, rows) => {
			const text = `insert into ${table} (${columns.map((c) => c.name).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
			let statement = this.#statements.get(text);
			if (!statement) this.#statements.set(text, (statement = this.client.prepare(text)));
			for (const row of rows) statement.run(...row);
		},
		notify: async () => {}
	};

	#serialised<T>(work: () => Promise<T>): Promise<T> {
		const result = this.#queue.then(work);
		this.#queue = result.catch(() => undefined);
		return result;
	}

	all<T>(query: SQL): Promise<T[]> {
		return this.#serialised(() => this.#direct.all<T>(query));
	}

	get<T>(query: SQL): Promise<T | undefined> {
		return this.#serialised(() => this.#direct.get<T>(query));
	}

	run(query: SQL): Promise<number> {
		return this.#serialised(() => this.#direct.run(query));
	}

	insertMany(table: string, columns: readonly Column[], rows: readonly (readonly unknown[])[]): Promise<void> {
		return this.transaction((tx) => tx.insertMany(table, columns, rows));
	}

	transaction<T>(work: (tx: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
		return this.#serialised(async () => {
			// IMMEDIATE: a writer takes the write lock at once, not at its first write (a `soc` command may hold it).
			this.client.exec(options.readOnly ? 'begin deferred' : 'begin immediate');
			try {
				const result = await work(this.#direct);
				this.client.exec('commit');
				return result;
			} catch (error) {
				if (this.client.inTransaction) this.client.exec('rollback');
				throw error;
			}
		});
	}

	notify(_channel: string): Promise<void> {
		return Promise.resolve();
	}

	// One process: nobody else to wake, and every lease is this process's.
	async listen(_channel: string, _wake: () => void): Promise<() => Promise<void>> {
		return async () => {};
	}

	async tryLease(_key: number): Promise<Lease> {
		return { held: true, release: async () => {} };
	}

	async close(): Promise<void> {
		await this.#queue;
		this.client.close();
	}
}

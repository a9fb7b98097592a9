// One way to speak to either engine: statements written once with drizzle's `sql` template and
// run on SQLite (one console process) or PostgreSQL (several nodes, docs/nodes.md). Only the few
// fragments the engines spell differently are here, each once.
import { sql, type SQL } from 'drizzle-orm';

export type Engine = 'sqlite' | 'postgres';

/** A connection or an open transaction. Rows come back with the columns' own (snake_case) names. */
export interface Sql {
	readonly engine: Engine;
	all<T>(query: SQL): Promise<T[]>;
	get<T>(query: SQL): Promise<T | undefined>;
	/** Runs a write; resolves to the number of rows it changed. */
	run(query: SQL): Promise<number>;
	/** Inserts many rows in as few statements as the engine needs: the ingest's fixes, log and feed. */
	insertMany(table: string, columns: readonly Column[], rows: readonly (readonly unknown[])[]): Promise<void>;
	/** Wakes the listeners of `channel` on every node once this transaction commits (PostgreSQL; SQLite has one process). */
	notify(channel: string): Promise<void>;
}

/** A column of `insertMany`, with its PostgreSQL type (one array parameter per column there). */
export interface Column {
	name: string;
	type: 'bigint' | 'double precision' | 'text';
}

export interface TransactionOptions {
	/**
	 * Serialised with every other serial transaction on every node: the incident changes, so that
	 * the feed's numbers, the audit chain's ids and one open incident per VIN hold across nodes.
	 */
	serial?: boolean;
	/** Reads one consistent moment (a snapshot with the feed number it is current to). */
	readOnly?: boolean;
}

/** A lock this process holds while it lives (the leader's of the timed jobs). */
export interface Lease {
	/** False once the lock is lost (its connection dropped): another node may hold it now. */
	readonly held: boolean;
	release(): Promise<void>;
}

export interface Database extends Sql {
	/** Commits when `work` resolves, rolls back when it throws. */
	transaction<T>(work: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
	/**
	 * Calls `wake` on each notification of `channel`, and after its connection was lost and made
	 * again (notifications may have been missed meanwhile). Resolves to a function that stops it.
	 */
	listen(channel: string, wake: () => void): Promise<() => Promise<void>>;
	/** Takes the lock `key` if no other process holds it. */
	tryLease(key: number): Promise<Lease | undefined>;
	close(): Promise<void>;
}

/** PostgreSQL's advisory lock keys: one space of 64-bit numbers shared with nothing else in the database. */
export const lockKeys = {
	migrations: 5_050_001,
	incidentChanges: 5_050_002,
	/** Held by the node that runs the timed jobs. */
	jobs: 5_050_003
} as const;

type Value = string | number;

/** `column` is one of `values` (one parameter, whatever their number: a statement the engine can keep). */
export function isAnyOf(db: Sql, column: SQL, values: readonly Value[]): SQL {
	// An array parameter: drizzle would spread a bare array into a list of parameters.
	if (db.engine === 'postgres') return sql`${column} = any(${sql.param(values)})`;
	return sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}

/** `text` contains `part`, ignoring case (SQLite's LIKE ignores ASCII case, PostgreSQL's does not). */
export function containsText(db: Sql, text: SQL, part: string): SQL {
	const pattern = `%${part.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return db.engine === 'postgres' ? sql`${text} ilike ${pattern} escape '\\'` : sql`${text} like ${pattern} escape '\\'`;
}

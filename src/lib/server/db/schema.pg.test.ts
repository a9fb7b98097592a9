// The PostgreSQL schema must keep to the SQLite one: a column, index or reference added to one
// engine only would break the statements both run.
import { getTableName } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from './schema.pg';
import * as sqliteSchema from './schema';

type Config = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

const columns = (c: Config) => c.columns.map((col) => ({ name: col.name, notNull: col.notNull, primary: col.primary }));

/** Index names, with those of column `.unique()`s (an index on SQLite, a constraint on PostgreSQL). */
const indexNames = (c: Config) =>
	[
		...c.indexes.map((i) => i.config.name),
		...c.uniqueConstraints.map((u) => u.getName()),
		...c.columns.filter((col) => col.isUnique).map((col) => col.uniqueName)
	].sort();

const references = (c: Config) =>
	c.foreignKeys
		.map((fk) => {
			const r = fk.reference();
			return `${r.columns.map((col) => col.name)} -> ${r.foreignColumns.map((col) => `${getTableName(col.table)}.${col.name}`)} ${fk.onDelete ?? 'no action'}`;
		})
		.sort();

// PostgreSQL's type for each SQLite one: times and ids in bigint, coordinates in double precision.
const pgType: Record<string, string> = { integer: 'bigint', real: 'double precision', text: 'text' };
const pgTypeExceptions: Record<string, string> = { 'vehicles.model_year': 'integer' };

const sqliteTables = Object.entries(sqliteSchema as Record<string, unknown>).filter((e): e is [string, SQLiteTable] => e[1] instanceof SQLiteTable);
const pgTables = new Map(Object.entries(pgSchema as Record<string, unknown>).filter((e): e is [string, PgTable] => e[1] instanceof PgTable));

describe('schema.pg.ts', () => {
	it('exports the tables schema.ts exports', () => {
		expect([...pgTables.keys()].sort()).toEqual(sqliteTables.map(([name]) => name).sort());
	});

	describe.each(sqliteTables)('%s', (name, table) => {
		const lite = sqliteConfig(table);
		const pg = pgTables.get(name);
		const config = () => {
			expect(pg, `schema.pg.ts exports ${name}`).toBeDefined();
			return pgConfig(pg!);
		};

		it('has the same table, columns and nullability', () => {
			expect(config().name).toBe(lite.name);
			expect(columns(config())).toEqual(columns(lite));
		});

		it('has the same indexes', () => {
			expect(indexNames(config())).toEqual(indexNames(lite));
		});

		it('has the same references', () => {
			expect(references(config())).toEqual(references(lite));
		});

		it('has the PostgreSQL type for each column', () => {
			const types = config().columns.map((col) => [col.name, col.getSQLType()]);
			const expected = lite.columns.map((col) => [col.name, pgTypeExceptions[`${lite.name}.${col.name}`] ?? pgType[col.getSQLType()]]);
			expect(types).toEqual(expected);
		});
	});
});

// The authority directory: who an incident can be handed to.
import { sql } from 'drizzle-orm';
import type { Database, Sql } from '../db/sql';
import { appendAdminEntry } from './audit';

export type AuthorityKind = 'emergency' | 'police' | 'other';

export interface Authority {
	id: number;
	name: string;
	kind: AuthorityKind;
	country: string;
	phone: string;
	createdAt: number;
	retiredAt: number | null;
}

interface AuthorityRow {
	id: number;
	name: string;
	kind: AuthorityKind;
	country: string;
	phone: string;
	created_at: number;
	retired_at: number | null;
}

const columns = sql`id, name, kind, country, phone, created_at, retired_at`;

const authorityOf = (r: AuthorityRow): Authority => ({
	id: r.id,
	name: r.name,
	kind: r.kind,
	country: r.country,
	phone: r.phone,
	createdAt: r.created_at,
	retiredAt: r.retired_at
});

export async function listAuthorities(db: Sql, { includeRetired = false } = {}): Promise<Authority[]> {
	const rows = await db.all<AuthorityRow>(
		includeRetired
			? sql`select ${columns} from authorities order by country, kind, name`
			: sql`select ${columns} from authorities where retired_at is null order by country, kind, name`
	);
	return rows.map(authorityOf);
}

export async function addAuthority(
	database: Database,
	input: { name: string; kind: AuthorityKind; country: string; phone: string },
	actor: string,
	now = Date.now()
): Promise<Authority> {
	return database.transaction(
		async (tx) => {
			await appendAdminEntry(tx, actor, 'authority.add', input, now);
			const row = await tx.get<AuthorityRow>(sql`insert into authorities (name, kind, country, phone, created_at)
				values (${input.name}, ${input.kind}, ${input.country}, ${input.phone}, ${now})
				returning ${columns}`);
			return authorityOf(row!);
		},
		{ serial: true }
	);
}

/** Retired, not deleted: escalations made to it stay readable. */
export async function retireAuthority(database: Database, id: number, actor: string, now = Date.now()): Promise<boolean> {
	return database.transaction(
		async (tx) => {
			const retired = (await tx.run(sql`update authorities set retired_at = ${now} where id = ${id} and retired_at is null`)) === 1;
			if (retired) await appendAdminEntry(tx, actor, 'authority.retire', { id }, now);
			return retired;
		},
		{ serial: true }
	);
}

/** An authority of the directory that is not retired. Also read inside incident changes. */
export async function activeAuthority(db: Sql, id: number): Promise<Authority | undefined> {
	const row = await db.get<AuthorityRow>(sql`select ${columns} from authorities where id = ${id} and retired_at is null`);
	return row && authorityOf(row);
}

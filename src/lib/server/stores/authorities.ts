// The authority directory: who an incident can be handed to.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { authorities } from '../db/schema';
import { appendAdminEntry } from './audit';

export type Authority = typeof authorities.$inferSelect;
export type AuthorityKind = Authority['kind'];

export async function listAuthorities(db: Db, { includeRetired = false } = {}): Promise<Authority[]> {
	return db
		.select()
		.from(authorities)
		.where(includeRetired ? undefined : isNull(authorities.retiredAt))
		.orderBy(asc(authorities.country), asc(authorities.kind), asc(authorities.name))
		.all();
}

export async function addAuthority(
	db: Db,
	input: { name: string; kind: AuthorityKind; country: string; phone: string },
	actor: string,
	now = Date.now()
): Promise<Authority> {
	return db.transaction((tx) => {
		appendAdminEntry(db, actor, 'authority.add', input, now);
		return tx.insert(authorities).values({ ...input, createdAt: now }).returning().get();
	});
}

/** Retired, not deleted: escalations made to it stay readable. */
export async function retireAuthority(db: Db, id: number, actor: string, now = Date.now()): Promise<boolean> {
	return db.transaction((tx) => {
		const retired = tx.update(authorities).set({ retiredAt: now }).where(and(eq(authorities.id, id), isNull(authorities.retiredAt))).run().changes === 1;
		if (retired) appendAdminEntry(db, actor, 'authority.retire', { id }, now);
		return retired;
	});
}

/** Synchronous: used inside an incident transaction. */
export function activeAuthority(db: Db, id: number): Authority | undefined {
	return db.select().from(authorities).where(and(eq(authorities.id, id), isNull(authorities.retiredAt))).get();
}

// The authority directory: who an incident can be handed to.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { authorities } from '../db/schema';

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
	now = Date.now()
): Promise<Authority> {
	return db.insert(authorities).values({ ...input, createdAt: now }).returning().get();
}

/** Retired, not deleted: escalations made to it stay readable. */
export async function retireAuthority(db: Db, id: number, now = Date.now()): Promise<boolean> {
	return db.update(authorities).set({ retiredAt: now }).where(and(eq(authorities.id, id), isNull(authorities.retiredAt))).run().changes === 1;
}

/** Synchronous: used inside an incident transaction. */
export function activeAuthority(db: Db, id: number): Authority | undefined {
	return db.select().from(authorities).where(and(eq(authorities.id, id), isNull(authorities.retiredAt))).get();
}

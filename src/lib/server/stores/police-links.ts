// Police links (docs/police.md): random tokens shown once, only their SHA-256 stored, looked up by
// that hash. Links are written inside an incident change (stores/incidents/changes.ts), beside
// their timeline entry; the rest are reads.
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { createHash, randomBytes } from 'node:crypto';
import type { PoliceLinkView } from '../../domain/police-link';
import type { Db } from '../db';
import { accounts, authorities, policeLinks } from '../db/schema';

/** A new token: 32 random bytes (domain/police-link.ts, `linkTokenPattern`). */
export const newLinkToken = (): string => `pl_${randomBytes(32).toString('base64url')}`;

export const linkTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export type PoliceLinkRow = typeof policeLinks.$inferSelect;

export function insertPoliceLink(db: Db, link: Omit<PoliceLinkRow, 'id' | 'revokedAt' | 'revokedBy'>): number {
	return db.insert(policeLinks).values(link).returning({ id: policeLinks.id }).get().id;
}

/** False when the link is not this incident's or was revoked already. */
export function revokePoliceLink(db: Db, incidentId: number, linkId: number, by: number, at: number): boolean {
	const revoked = db
		.update(policeLinks)
		.set({ revokedAt: at, revokedBy: by })
		.where(and(eq(policeLinks.id, linkId), eq(policeLinks.incidentId, incidentId), isNull(policeLinks.revokedAt)))
		.run();
	return revoked.changes === 1;
}

export type PoliceLinkOf = PoliceLinkRow & { authorityName: string };

const withAuthority = (db: Db, where: SQL | undefined): PoliceLinkOf | undefined =>
	db
		.select({ link: policeLinks, authorityName: authorities.name })
		.from(policeLinks)
		.innerJoin(authorities, eq(authorities.id, policeLinks.authorityId))
		.where(where)
		.all()
		.map((r) => ({ ...r.link, authorityName: r.authorityName }))[0];

/** One of the incident's links. */
export const policeLinkOf = (db: Db, incidentId: number, linkId: number): PoliceLinkOf | undefined =>
	withAuthority(db, and(eq(policeLinks.id, linkId), eq(policeLinks.incidentId, incidentId)));

/** The link a token opens, if any: looked up by the token's hash. */
export const policeLinkOfToken = (db: Db, token: string): PoliceLinkOf | undefined => withAuthority(db, eq(policeLinks.tokenHash, linkTokenHash(token)));

const creator = alias(accounts, 'creator');
const revoker = alias(accounts, 'revoker');

/** An incident's links, oldest first, with the names of their authority and of who made and revoked them. */
export function policeLinksOf(db: Db, incidentId: number): PoliceLinkView[] {
	return db
		.select({
			id: policeLinks.id,
			authorityName: authorities.name,
			createdAt: policeLinks.createdAt,
			createdBy: creator.username,
			expiresAt: policeLinks.expiresAt,
			revokedAt: policeLinks.revokedAt,
			revokedBy: revoker.username
		})
		.from(policeLinks)
		.innerJoin(authorities, eq(authorities.id, policeLinks.authorityId))
		.innerJoin(creator, eq(creator.id, policeLinks.createdBy))
		.leftJoin(revoker, eq(revoker.id, policeLinks.revokedBy))
		.where(eq(policeLinks.incidentId, incidentId))
		.orderBy(asc(policeLinks.id))
		.all();
}

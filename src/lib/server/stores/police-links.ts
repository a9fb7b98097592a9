// Police links (docs/police.md): random tokens shown once, only their SHA-256 stored, looked up by
// that hash. Links are written inside an incident change (stores/incidents/changes.ts), beside
// their timeline entry; the rest are reads.
import { sql } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { PoliceLinkView } from '../../domain/police-link';
import type { Sql } from '../db/sql';
import type { policeLinks } from '../db/schema';

/** A new token: 32 random bytes (domain/police-link.ts, `linkTokenPattern`). */
export const newLinkToken = (): string => `pl_${randomBytes(32).toString('base64url')}`;

export const linkTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export type PoliceLinkRow = typeof policeLinks.$inferSelect;

export async function insertPoliceLink(db: Sql, link: Omit<PoliceLinkRow, 'id' | 'revokedAt' | 'revokedBy'>): Promise<number> {
	const row = await db.get<{ id: number }>(sql`
		insert into police_links (incident_id, authority_id, token_hash, created_by, created_at, expires_at)
		values (${link.incidentId}, ${link.authorityId}, ${link.tokenHash}, ${link.createdBy}, ${link.createdAt}, ${link.expiresAt})
		returning id`);
	return row!.id;
}

/** False when the link is not this incident's or was revoked already. */
export async function revokePoliceLink(db: Sql, incidentId: number, linkId: number, by: number, at: number): Promise<boolean> {
	const changed = await db.run(
		sql`update police_links set revoked_at = ${at}, revoked_by = ${by} where id = ${linkId} and incident_id = ${incidentId} and revoked_at is null`
	);
	return changed === 1;
}

export type PoliceLinkOf = PoliceLinkRow & { authorityName: string };

interface LinkRow {
	id: number;
	incident_id: number;
	authority_id: number;
	token_hash: string;
	created_by: number;
	created_at: number;
	expires_at: number;
	revoked_at: number | null;
	revoked_by: number | null;
	authority_name: string;
}

const linkColumns = sql`l.id, l.incident_id, l.authority_id, l.token_hash, l.created_by, l.created_at, l.expires_at, l.revoked_at, l.revoked_by, au.name as authority_name`;

const linkOf = (r: LinkRow): PoliceLinkOf => ({
	id: r.id,
	incidentId: r.incident_id,
	authorityId: r.authority_id,
	tokenHash: r.token_hash,
	createdBy: r.created_by,
	createdAt: r.created_at,
	expiresAt: r.expires_at,
	revokedAt: r.revoked_at,
	revokedBy: r.revoked_by,
	authorityName: r.authority_name
});

/** One of the incident's links. */
export async function policeLinkOf(db: Sql, incidentId: number, linkId: number): Promise<PoliceLinkOf | undefined> {
	const row = await db.get<LinkRow>(
		sql`select ${linkColumns} from police_links l join authorities au on au.id = l.authority_id where l.id = ${linkId} and l.incident_id = ${incidentId}`
	);
	return row && linkOf(row);
}

/** The link a token opens, if any: looked up by the token's hash. */
export async function policeLinkOfToken(db: Sql, token: string): Promise<PoliceLinkOf | undefined> {
	const row = await db.get<LinkRow>(
		sql`select ${linkColumns} from police_links l join authorities au on au.id = l.authority_id where l.token_hash = ${linkTokenHash(token)}`
	);
	return row && linkOf(row);
}

/** An incident's links, oldest first, with the names of their authority and of who made and revoked them. */
export async function policeLinksOf(db: Sql, incidentId: number): Promise<PoliceLinkView[]> {
	const rows = await db.all<{
		id: number;
		authority_name: string;
		created_at: number;
		created_by: string;
		expires_at: number;
		revoked_at: number | null;
		revoked_by: string | null;
	}>(sql`select l.id, au.name as authority_name, l.created_at, creator.username as created_by, l.expires_at, l.revoked_at, revoker.username as revoked_by
		from police_links l
		join authorities au on au.id = l.authority_id
		join accounts creator on creator.id = l.created_by
		left join accounts revoker on revoker.id = l.revoked_by
		where l.incident_id = ${incidentId}
		order by l.id`);
	return rows.map((r) => ({
		id: r.id,
		authorityName: r.authority_name,
		createdAt: r.created_at,
		createdBy: r.created_by,
		expiresAt: r.expires_at,
		revokedAt: r.revoked_at,
		revokedBy: r.revoked_by
	}));
}

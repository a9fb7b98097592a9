// The audit chain: every timeline and admin log entry stores the hash of the one before it and
// SHA-256(previous hash + its own canonical content, RFC 8785), so an edit behind the console's
// back shows at the first entry it touched.
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

export function chainHash(prevHash: string, content: Record<string, unknown>): string {
	return createHash('sha256')
		.update(prevHash)
		.update(canonicalize(content) ?? '')
		.digest('hex');
}

export interface ChainRow {
	id: number;
	prevHash: string;
	hash: string;
	content: Record<string, unknown>;
}

/**
 * The id of the first entry that does not match the chain, or null when the chain is intact.
 * `prev`: the hash of the entry before the first of `rows`, when a chain is checked a part at a time.
 */
export function firstBroken(rows: Iterable<ChainRow>, prev = ''): number | null {
	for (const row of rows) {
		if (row.prevHash !== prev || row.hash !== chainHash(prev, row.content)) return row.id;
		prev = row.hash;
	}
	return null;
}

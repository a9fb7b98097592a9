// Which authorities Escalate offers first (docs/ecall.md, "The right authority"): those of the
// country the incident is in and of the kind its type needs. Pure: shared by server and browser.
import type { EscalationView, IncidentType } from './incident';

export type AuthorityKind = EscalationView['authorityKind'];

/** An authority of the directory as the console's screens offer it. */
export interface AuthorityChoice {
	id: number;
	name: string;
	kind: AuthorityKind;
	country: string;
	phone: string;
}

/** Emergency services for a crash, police for a theft. */
export const kindFor = (type: IncidentType): AuthorityKind => (type === 'airbag' ? 'emergency' : 'police');

/**
 * The directory in the order to offer it: the country's authorities of the right kind, then the
 * country's others, then the right kind elsewhere, then the rest, each by name. `matched`: how many
 * are of the country and the right kind.
 */
export function authorityOffer<A extends { name: string; kind: AuthorityKind; country: string }>(
	authorities: readonly A[],
	type: IncidentType,
	country: string | null
): { authorities: A[]; matched: number } {
	const kind = kindFor(type);
	const rank = (a: A) => (a.country === country ? 0 : 2) + (a.kind === kind ? 0 : 1);
	const ordered = [...authorities].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
	return { authorities: ordered, matched: ordered.filter((a) => rank(a) === 0).length };
}

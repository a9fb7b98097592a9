// Police links (docs/police.md, "Live-track link for the police"): who may make one and on what, what
// its token looks like, when it is active and why it ended, and which openings go on the timeline.
// Pure: shared by server and browser (the incident lists its links with their state).
import type { IncidentStatus, IncidentType } from './incident';
import { may, type Role } from './roles';

/** `pl_` and 32 random bytes in base64url: 256 bits, like a gateway token. */
export const linkTokenPattern = /^pl_[A-Za-z0-9_-]{43}$/;
export const isLinkToken = (value: string): boolean => linkTokenPattern.test(value);

/** A link as the console lists it on its incident. */
export interface PoliceLinkView {
	id: number;
	authorityName: string;
	createdAt: number;
	createdBy: string;
	expiresAt: number;
	revokedAt: number | null;
	revokedBy: string | null;
}

export type LinkEnd = 'resolved' | 'revoked' | 'expired';
export type LinkState = { active: true; until: number } | { active: false; ended: LinkEnd; at: number };

/** Active until the first of: revoked, the incident resolved, its expiry. */
export function linkState(
	link: { expiresAt: number; revokedAt: number | null },
	incident: { status: IncidentStatus; resolvedAt: number | null },
	now: number
): LinkState {
	const ends: [LinkEnd, number][] = [];
	if (link.revokedAt !== null) ends.push(['revoked', link.revokedAt]);
	if (incident.status === 'resolved') ends.push(['resolved', incident.resolvedAt ?? now]);
	if (now >= link.expiresAt) ends.push(['expired', link.expiresAt]);
	if (ends.length === 0) return { active: true, until: link.expiresAt };
	const [ended, at] = ends.reduce((first, end) => (end[1] < first[1] ? end : first));
	return { active: false, ended, at };
}

export type LinkRefusal = 'not_allowed' | 'not_found' | 'not_theft' | 'already_resolved' | 'unknown_authority' | 'unknown_link' | 'already_ended';

/** Null when `role` may make a link on this incident now, else why not: an open theft, by an operator or a supervisor. */
export function makeLinkRefusal(role: Role, incident: { type: IncidentType; status: IncidentStatus }): LinkRefusal | null {
	if (!may(role, 'console')) return 'not_allowed';
	if (incident.type !== 'theft') return 'not_theft';
	return incident.status === 'resolved' ? 'already_resolved' : null;
}

/** Openings of one viewer closer together than this make one timeline entry. */
export const openingEveryMs = 10 * 60_000;

/**
 * The viewers of the links, by a key the server makes (link and browser), each with when its last
 * opening went on the timeline: `record` says whether this one goes too. In memory, and forgotten
 * once older than `openingEveryMs`: after a restart a viewer's next opening is recorded again.
 */
export class Openings {
	readonly #last = new Map<string, number>();

	record(viewer: string, now: number): boolean {
		const last = this.#last.get(viewer);
		if (last !== undefined && now - last < openingEveryMs) return false;
		this.#forgetBefore(now - openingEveryMs);
		this.#last.delete(viewer);
		this.#last.set(viewer, now);
		return true;
	}

	get size(): number {
		return this.#last.size;
	}

	/** Entries are in the order they were recorded: the old ones are at the front. */
	#forgetBefore(t: number): void {
		for (const [viewer, at] of this.#last) {
			if (at > t) break;
			this.#last.delete(viewer);
		}
	}
}

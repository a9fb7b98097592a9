// Police links (docs/police.md, "Live-track link for the police"): made and revoked by operators and
// supervisors, opened by the police. Making, revoking and opening are each on the incident's
// timeline, in the transaction that does it, and put on the feed after its commit.
import { createHash } from 'node:crypto';
import { streetLine } from '../../domain/address';
import type { IncidentView } from '../../domain/incident';
import { isLinkToken, linkState, makeLinkRefusal, Openings, type LinkEnd, type LinkRefusal, type PoliceLinkView } from '../../domain/police-link';
import { policeFix, policeView, trailMs, type PoliceState } from '../../domain/police-view';
import { may } from '../../domain/roles';
import { activeAuthority } from '../stores/authorities';
import type { IncidentStore } from '../stores/incidents';
import { linkTokenHash, newLinkToken, policeLinkOf, policeLinkOfToken, policeLinksOf, type PoliceLinkOf } from '../stores/police-links';
import { browserName } from '../user-agent';
import type { Actor, Publish } from './commands';

export type MakeLinkResult = { ok: true; token: string; link: PoliceLinkView } | { ok: false; error: LinkRefusal };
export type RevokeLinkResult = { ok: true } | { ok: false; error: LinkRefusal };

/** What a link is now: unknown, ended, or active with its incident. */
export type LinkFound = { found: 'unknown' } | { found: 'ended'; why: LinkEnd } | { found: 'active'; link: PoliceLinkOf; incident: IncidentView };

/** Who opened a page: never stored, only told apart (see `opened`). */
export interface Viewer {
	address: string;
	userAgent: string | null;
}

export interface PoliceLinkDeps {
	incidents: IncidentStore;
	publish: Publish;
	/** How long a link lasts at most (SOC_SHARE_HOURS). */
	shareMs: number;
	/** A link was revoked: its pages are cut. */
	revoked: (linkId: number) => void;
}

type Refused = { ok: false; error: LinkRefusal };
const refused = (error: LinkRefusal): Refused => ({ ok: false, error });

export class PoliceLinks {
	readonly #openings = new Openings();

	constructor(private readonly deps: PoliceLinkDeps) {}

	/** A new link for an authority of the directory; its token is in the answer and nowhere else. */
	async make(actor: Actor, incidentId: number, authorityId: number): Promise<MakeLinkResult> {
		const { incidents, publish, shareMs } = this.deps;
		const now = Date.now();
		const token = newLinkToken();
		const { result, feed } = await incidents.change(now, async (changes): Promise<{ ok: true; link: PoliceLinkView } | Refused> => {
			const incident = await changes.current(incidentId);
			if (!incident) return refused('not_found');
			const refusal = makeLinkRefusal(actor.role, incident);
			if (refusal) return refused(refusal);
			const authority = await activeAuthority(changes.tx, authorityId);
			if (!authority) return refused('unknown_authority');
			const expiresAt = now + shareMs;
			const id = await changes.addPoliceLink({ incidentId, authorityId, tokenHash: linkTokenHash(token), createdBy: actor.id, expiresAt });
			await changes.appendTimeline(incidentId, 'police_link', { event: 'made', linkId: id, authority: authority.name, expiresAt }, actor.id);
			return { ok: true, link: { id, authorityName: authority.name, createdAt: now, createdBy: actor.username, expiresAt, revokedAt: null, revokedBy: null } };
		});
		if (feed.length > 0) publish(feed);
		return result.ok ? { ...result, token } : result;
	}

	/** Ends an active link now; its open pages are cut at once. */
	async revoke(actor: Actor, incidentId: number, linkId: number): Promise<RevokeLinkResult> {
		const { incidents, publish } = this.deps;
		const now = Date.now();
		const { result, feed } = await incidents.change(now, async (changes): Promise<RevokeLinkResult> => {
			if (!may(actor.role, 'console')) return refused('not_allowed');
			const incident = await changes.current(incidentId);
			if (!incident) return refused('not_found');
			const link = await policeLinkOf(changes.tx, incidentId, linkId);
			if (!link) return refused('unknown_link');
			if (!linkState(link, { status: incident.status, resolvedAt: null }, now).active) return refused('already_ended');
			if (!(await changes.revokePoliceLink(incidentId, linkId, actor.id))) return refused('already_ended');
			await changes.appendTimeline(incidentId, 'police_link', { event: 'revoked', linkId, authority: link.authorityName }, actor.id);
			return { ok: true };
		});
		if (feed.length > 0) publish(feed);
		if (result.ok) this.deps.revoked(linkId);
		return result;
	}

	/** The incident's links, for the console. */
	list(incidentId: number): Promise<PoliceLinkView[]> {
		return policeLinksOf(this.deps.incidents.db, incidentId);
	}

	/** What a token opens now. */
	async find(token: string, now: number): Promise<LinkFound> {
		if (!isLinkToken(token)) return { found: 'unknown' };
		return this.#judge(await policeLinkOfToken(this.deps.incidents.db, token), now);
	}

	/** What a link opened before is now (a socket that was let in while it was active). */
	async recheck(incidentId: number, linkId: number, now: number): Promise<LinkFound> {
		return this.#judge(await policeLinkOf(this.deps.incidents.db, incidentId, linkId), now);
	}

	async #judge(link: PoliceLinkOf | undefined, now: number): Promise<LinkFound> {
		const incident = link && (await this.deps.incidents.get(link.incidentId));
		if (!link || !incident) return { found: 'unknown' };
		const state = linkState(link, incident, now);
		return state.active ? { found: 'active', link, incident } : { found: 'ended', why: state.ended };
	}

	/** Everything the page shows: the view, and the fixes of the last hour (the last one whatever its age). */
	async state(link: PoliceLinkOf, incident: IncidentView, now: number): Promise<PoliceState> {
		const { incidents } = this.deps;
		let fixes = await incidents.trackSince(incident.id, now - trailMs);
		if (fixes.length === 0) fixes = await incidents.track(incident.id, 1);
		return { view: policeView(incident, link.expiresAt), fixes: fixes.map(policeFix) };
	}

	/**
	 * A page opened: on the timeline with where the car was, and the browser in a short form; once
	 * per viewer per 10 minutes. A viewer is the link and a hash of the address and User-Agent,
	 * kept in memory only: no cookie, nothing of it stored.
	 */
	async opened(link: PoliceLinkOf, incident: IncidentView, viewer: Viewer, now: number): Promise<void> {
		const key = createHash('sha256').update(`${link.id}\n${viewer.address}\n${viewer.userAgent ?? ''}`).digest('base64url');
		if (!this.#openings.record(key, now)) return;
		const street = streetLine(incident, now, 0);
		const data = {
			event: 'opened',
			linkId: link.id,
			authority: link.authorityName,
			address: street.show === 'address' ? street.address : null,
			town: incident.place?.name ?? null,
			country: incident.country?.code ?? incident.place?.country ?? null,
			browser: browserName(viewer.userAgent)
		};
		const { feed } = await this.deps.incidents.change(now, (changes) => changes.appendTimeline(incident.id, 'police_link', data));
		this.deps.publish(feed);
	}
}

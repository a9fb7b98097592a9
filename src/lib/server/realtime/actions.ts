// Operators' actions, incident details and police links over /ops. Every request is validated and
// checked against the session at the time it arrives (its role was checked before, in ops.ts).
import type { z } from 'zod';
import {
	detailSchema,
	makeLinkSchema,
	revokeLinkSchema,
	type ActionResult,
	type ActReply,
	type DetailReply,
	type MakeLinkReply,
	type RevokeLinkReply
} from '../../contract/ops';
import { actionSchema, type Action } from '../../domain/lifecycle';
import type { Sql } from '../db';
import type { Actor } from '../incidents/commands';
import type { PoliceLinks } from '../incidents/police-links';
import type { IncidentStore } from '../stores/incidents';
import { validateSessionId, type SessionLimits } from '../stores/sessions';
import { onRequest } from './requests';
import type { OpsSocket } from './screens';

export interface ActionDeps {
	database: Sql;
	incidents: IncidentStore;
	limits: SessionLimits;
	act: (actor: Actor, action: Action) => Promise<ActionResult>;
	police: PoliceLinks;
}

const describe = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');

export function handleActions(socket: OpsSocket, deps: ActionDeps): void {
	const { sessionId } = socket.data;

	/** An action is activity: it renews the session's idle clock, and needs the session alive. */
	async function actor(): Promise<Actor | null> {
		const signedIn = await validateSessionId(deps.database, sessionId, deps.limits);
		if (!signedIn) {
			setImmediate(() => socket.disconnect(true));
			return null;
		}
		const { account } = signedIn;
		return { id: account.id, username: account.username, role: account.role };
	}

	onRequest(socket, 'act', async (payload): Promise<ActReply> => {
		const parsed = actionSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: 'invalid', message: describe(parsed.error) };
		const who = await actor();
		if (!who) return { ok: false, error: 'session_ended' };
		return deps.act(who, parsed.data);
	});

	onRequest(socket, 'incident:detail', async (payload): Promise<DetailReply> => {
		const parsed = detailSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: describe(parsed.error) };
		const { incidentId } = parsed.data;
		return {
			ok: true,
			timeline: await deps.incidents.timeline(incidentId),
			track: await deps.incidents.track(incidentId),
			links: await deps.police.list(incidentId)
		};
	});

	onRequest(socket, 'police-link:make', async (payload): Promise<MakeLinkReply> => {
		const parsed = makeLinkSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: 'invalid', message: describe(parsed.error) };
		const who = await actor();
		if (!who) return { ok: false, error: 'session_ended' };
		return deps.police.make(who, parsed.data.incidentId, parsed.data.authorityId);
	});

	onRequest(socket, 'police-link:revoke', async (payload): Promise<RevokeLinkReply> => {
		const parsed = revokeLinkSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: 'invalid', message: describe(parsed.error) };
		const who = await actor();
		if (!who) return { ok: false, error: 'session_ended' };
		return deps.police.revoke(who, parsed.data.incidentId, parsed.data.linkId);
	});
}

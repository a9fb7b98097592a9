// Operators' actions and incident details over /ops. Every request is validated and checked
// against the session at the time it arrives (its role was checked before, in ops.ts).
import type { z } from 'zod';
import { detailSchema, type ActionResult, type ActReply, type DetailReply } from '../../contract/ops';
import { actionSchema, type Action } from '../../domain/lifecycle';
import type { Db } from '../db';
import type { Actor } from '../incidents/commands';
import type { IncidentStore } from '../stores/incidents';
import { validateSessionId, type SessionLimits } from '../stores/sessions';
import { onRequest } from './requests';
import type { OpsSocket } from './screens';

export interface ActionDeps {
	db: Db;
	incidents: IncidentStore;
	limits: SessionLimits;
	act: (actor: Actor, action: Action) => Promise<ActionResult>;
}

const describe = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');

export function handleActions(socket: OpsSocket, deps: ActionDeps): void {
	const { sessionId } = socket.data;

	onRequest(socket, 'act', async (payload): Promise<ActReply> => {
		const parsed = actionSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: 'invalid', message: describe(parsed.error) };
		// An action is activity: it renews the session's idle clock, and needs the session alive.
		const signedIn = await validateSessionId(deps.db, sessionId, deps.limits);
		if (!signedIn) {
			setImmediate(() => socket.disconnect(true));
			return { ok: false, error: 'session_ended' };
		}
		const { account } = signedIn;
		return deps.act({ id: account.id, username: account.username, role: account.role }, parsed.data);
	});

	onRequest(socket, 'incident:detail', async (payload): Promise<DetailReply> => {
		const parsed = detailSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: describe(parsed.error) };
		const { incidentId } = parsed.data;
		return { ok: true, timeline: await deps.incidents.timeline(incidentId), track: await deps.incidents.track(incidentId) };
	});
}

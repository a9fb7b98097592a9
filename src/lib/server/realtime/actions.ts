// Operators' actions and incident details over /ops. Every request is validated and checked
// against the session and its role at the time it arrives.
import { z } from 'zod';
import type { Socket } from 'socket.io';
import { actionSchema } from '../../domain/lifecycle';
import type { FixView, TimelineEntry } from '../../domain/incident';
import { db, sessionLimits } from '../app';
import { act, type ActionResult } from '../incidents/commands';
import { trackOf, timelineOf } from '../stores/incidents';
import { validateSessionId } from '../stores/sessions';
import type { OpsSocketData } from './ops';
import { onRequest, type internalError } from './requests';

const detailSchema = z.object({ incidentId: z.number().int().positive() });

export type DetailReply = { ok: true; timeline: TimelineEntry[]; track: FixView[] } | { ok: false; error: string };
export type ActReply =
	| ActionResult
	| { ok: false; error: 'invalid'; message: string }
	| { ok: false; error: 'session_ended' }
	| typeof internalError;

const describe = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');

export function handleActions(socket: Socket): void {
	const { sessionId } = socket.data as OpsSocketData;

	onRequest(socket, 'act', async (payload): Promise<ActReply> => {
		const parsed = actionSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: 'invalid', message: describe(parsed.error) };
		// An action is activity: it renews the session's idle clock, and needs the session alive.
		const signedIn = await validateSessionId(db(), sessionId, sessionLimits());
		if (!signedIn) {
			setImmediate(() => socket.disconnect(true));
			return { ok: false, error: 'session_ended' };
		}
		const { account } = signedIn;
		return act(db(), { id: account.id, username: account.username, role: account.role }, parsed.data);
	});

	onRequest(socket, 'incident:detail', async (payload): Promise<DetailReply> => {
		const parsed = detailSchema.safeParse(payload);
		if (!parsed.success) return { ok: false, error: describe(parsed.error) };
		const { incidentId } = parsed.data;
		return { ok: true, timeline: await timelineOf(db(), incidentId), track: await trackOf(db(), incidentId) };
	});
}

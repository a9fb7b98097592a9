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

const detailSchema = z.object({ incidentId: z.number().int().positive() });

export type DetailReply = { ok: true; timeline: TimelineEntry[]; track: FixView[] } | { ok: false; error: string };
export type ActReply = ActionResult | { ok: false; error: 'invalid'; message: string } | { ok: false; error: 'session_ended' };

const describe = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');

export function handleActions(socket: Socket): void {
	const { sessionId } = socket.data as OpsSocketData;

	socket.on('act', async (payload: unknown, ack: unknown) => {
		if (typeof ack !== 'function') return;
		const parsed = actionSchema.safeParse(payload);
		if (!parsed.success) return ack({ ok: false, error: 'invalid', message: describe(parsed.error) } satisfies ActReply);
		// An action is activity: it renews the session's idle clock, and needs the session alive.
		const signedIn = await validateSessionId(db(), sessionId, sessionLimits());
		if (!signedIn) {
			ack({ ok: false, error: 'session_ended' } satisfies ActReply);
			return void socket.disconnect(true);
		}
		const { account } = signedIn;
		ack((await act(db(), { id: account.id, username: account.username, role: account.role }, parsed.data)) satisfies ActReply);
	});

	socket.on('incident:detail', async (payload: unknown, ack: unknown) => {
		if (typeof ack !== 'function') return;
		const parsed = detailSchema.safeParse(payload);
		if (!parsed.success) return ack({ ok: false, error: describe(parsed.error) } satisfies DetailReply);
		const { incidentId } = parsed.data;
		ack({ ok: true, timeline: await timelineOf(db(), incidentId), track: await trackOf(db(), incidentId) } satisfies DetailReply);
	});
}

import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { clearSessionCookie } from '$lib/server/auth/cookie';
import { endSessionSockets } from '$lib/server/realtime/ops';
import { deleteSession } from '$lib/server/stores/sessions';
import { refreshOwnerPresence } from '$lib/server/incidents/commands';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, cookies }) => {
	if (locals.sessionId) {
		await deleteSession(db(), locals.sessionId);
		endSessionSockets(`session:${locals.sessionId}`);
		await refreshOwnerPresence(db());
	}
	clearSessionCookie(cookies);
	redirect(303, '/login');
};

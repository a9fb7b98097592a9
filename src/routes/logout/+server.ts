import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/auth/cookie';
import { deleteSession } from '$lib/server/stores/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, cookies }) => {
	if (locals.sessionId) {
		await deleteSession(locals.soc.database, locals.sessionId);
		locals.soc.screens.endSession(`session:${locals.sessionId}`);
		await locals.soc.presence.refresh();
	}
	clearSessionCookie(cookies);
	redirect(303, '/login');
};

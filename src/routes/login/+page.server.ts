import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { homeOf } from '$lib/domain/roles';
import { signIn } from '$lib/server/auth/sign-in';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { cookieName as localeCookie } from '$lib/paraglide/runtime';
import { usernameSchema } from '$lib/domain/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, homeOf(locals.user.role));
	return { ended: url.searchParams.has('ended') };
};

const form = z.object({
	username: usernameSchema,
	password: z.string().min(1).max(1024)
});

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		const data = Object.fromEntries(await request.formData());
		const parsed = form.safeParse(data);
		const username = typeof data.username === 'string' ? data.username.slice(0, 64) : '';
		if (!parsed.success) return fail(400, { username, problem: 'missing' as const });
		const result = await signIn(locals.soc.database, locals.soc.limits, parsed.data.username, parsed.data.password, locals.sessionId);
		if (!result.ok) {
			if (result.reason === 'locked') return fail(429, { username, problem: 'locked' as const, until: result.until });
			return fail(400, { username, problem: 'wrong' as const });
		}
		setSessionCookie(cookies, result.token, result.expiresAt);
		if (result.account.locale) {
			cookies.set(localeCookie, result.account.locale, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 34_560_000 });
		}
		redirect(303, homeOf(result.account.role));
	}
};

import { redirect } from '@sveltejs/kit';
import { localeSchema } from '$lib/domain/accounts';
import { cookieName } from '$lib/paraglide/runtime';
import { setLocale } from '$lib/server/stores/accounts';
import { sameOriginPath } from './back';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, cookies, locals, url }) => {
	const form = await request.formData();
	const locale = localeSchema.safeParse(form.get('locale'));
	if (locale.success) {
		cookies.set(cookieName, locale.data, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 34_560_000 });
		if (locals.user) await setLocale(locals.soc.database, locals.user.id, locale.data);
	}
	redirect(303, sameOriginPath(form.get('back'), url.origin));
};

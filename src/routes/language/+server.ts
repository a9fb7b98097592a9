import { redirect } from '@sveltejs/kit';
import { localeSchema } from '$lib/domain/accounts';
import { cookieName } from '$lib/paraglide/runtime';
import { db } from '$lib/server/app';
import { setLocale } from '$lib/server/stores/accounts';
import type { RequestHandler } from './$types';

/** Only a path on this console, never another site. */
const safeBack = (value: FormDataEntryValue | null) =>
	typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';

export const POST: RequestHandler = async ({ request, cookies, locals }) => {
	const form = await request.formData();
	const locale = localeSchema.safeParse(form.get('locale'));
	if (locale.success) {
		cookies.set(cookieName, locale.data, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 34_560_000 });
		if (locals.user) await setLocale(db(), locals.user.id, locale.data);
	}
	redirect(303, safeBack(form.get('back')));
};

// The interface language: the account's choice, else the cookie set by the language buttons,
// else the browser's, else English.
import type { Handle } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { defineCustomServerStrategy } from '$lib/paraglide/runtime';

const accountLocale = new WeakMap<Request, string>();

defineCustomServerStrategy('custom-account', {
	getLocale: (request) => (request ? accountLocale.get(request) : undefined)
});

export const withLocale: Handle = ({ event, resolve }) => {
	const chosen = event.locals.user?.locale;
	if (chosen) accountLocale.set(event.request, chosen);
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});
};

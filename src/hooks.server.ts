import { error, redirect, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { isTokenRoute, routeVerdict } from '$lib/domain/access';
import { clearSessionCookie, sessionCookie } from '$lib/server/auth/cookie';
import { config } from '$lib/server/config';
import { composeConsole, type SocConsole } from '$lib/server/console';
import { onShutdown, onSockets } from '$lib/server/host';
import { loadBorders } from '$lib/server/borders';
import { loadPlaces } from '$lib/server/places';
import { loggedPath, withoutTokens } from '$lib/server/redact';
import { securityHeaders } from '$lib/server/security-headers';
import { validateSession } from '$lib/server/stores/sessions';
import { withLocale } from '$lib/server/locale';
import { m } from '$lib/paraglide/messages';

let soc: SocConsole | undefined;

export const init: ServerInit = async () => {
	// A re-run (dev reload) stops the console it built before.
	await soc?.stop();
	loadPlaces();
	loadBorders();
	const running = await composeConsole(config());
	soc = running;
	onSockets((io) => running.attach(io));
	onShutdown(() => running.stop());
};

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const formTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Every change is a form posted by a page of this console. SvelteKit refuses cross-site posts of
 * form types only; this refuses any other Origin (or none) whatever the body, and any body that is
 * not a form (a text/plain post would otherwise reach the form reader and fail there).
 */
const sameOriginForms: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (safeMethods.has(request.method) || isTokenRoute(event.route.id)) return resolve(event);
	if (request.headers.get('origin') !== url.origin) {
		return new Response('Cross-site requests are refused.\n', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	const type = request.headers.get('content-type')?.split(';', 1)[0].trim().toLowerCase() ?? '';
	if (!formTypes.has(type)) {
		return new Response('Only forms are accepted here.\n', { status: 415, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	return resolve(event);
};

const authenticate: Handle = async ({ event, resolve }) => {
	if (!soc) error(503, 'the console is starting');
	event.locals.soc = soc;
	event.locals.user = null;
	event.locals.sessionEnded = false;
	const token = event.cookies.get(sessionCookie);
	if (token) {
		const signedIn = await validateSession(soc.database, token, soc.limits);
		if (signedIn) {
			const { account } = signedIn;
			event.locals.user = { id: account.id, username: account.username, role: account.role, locale: account.locale };
			event.locals.sessionId = signedIn.sessionId;
		} else {
			clearSessionCookie(event.cookies);
			event.locals.sessionEnded = true;
		}
	}
	return resolve(event);
};

/**
 * The one access check of every request, from the route SvelteKit matched (never the raw path, so
 * no spelling reaches a route unchecked), before any load, action or endpoint runs.
 */
const guard: Handle = async ({ event, resolve }) => {
	const verdict = routeVerdict(event.route.id, event.locals.user?.role ?? null);
	if (verdict === 'allow') return resolve(event);
	if (verdict === 'sign_in') redirect(303, event.locals.sessionEnded ? '/login?ended=1' : '/login');
	return refuse(event);
};

/**
 * 403. A page view gets the console's own 403 page (top bar, Sign out), rendered by `/refused`
 * without running the refused route at all; anything else gets SvelteKit's error answer.
 */
async function refuse(event: RequestEvent): Promise<Response> {
	const { method, headers } = event.request;
	const pageView = (method === 'GET' || method === 'HEAD') && !event.isDataRequest && event.locals.user && headers.get('accept')?.includes('text/html');
	if (!pageView) error(403, m.error_forbidden());
	const page = await event.fetch('/refused', { method, headers: { accept: 'text/html' } });
	return new Response(page.body, { status: 403, headers: page.headers });
}

export const handle: Handle = sequence(securityHeaders, sameOriginForms, authenticate, withLocale, guard);

/** SvelteKit's own log of unexpected errors, without what a police link's path holds: its token. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const line = `[${status}] ${event.request.method} ${loggedPath(event.route.id, event.url.pathname)}`;
	console.error(status === 404 ? line : `${line}\n${withoutTokens(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
};

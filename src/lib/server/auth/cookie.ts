// The session cookie: HttpOnly, SameSite=Strict, Secure when the console is served over https.
// Set and cleared with the same attributes: a browser keeps a cookie whose clearing differs.
import type { Cookies } from '@sveltejs/kit';
import { config } from '../config';

export const sessionCookie = 'soc_session';

const attributes = () =>
	({
		path: '/',
		httpOnly: true,
		sameSite: 'strict',
		secure: config().ORIGIN?.startsWith('https:') ?? false
	}) as const;

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: number): void {
	cookies.set(sessionCookie, token, { ...attributes(), expires: new Date(expiresAt) });
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(sessionCookie, attributes());
}

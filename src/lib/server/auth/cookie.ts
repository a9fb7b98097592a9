// The session cookie: HttpOnly, SameSite=Strict, Secure when the console is served over https.
import type { Cookies } from '@sveltejs/kit';
import { config } from '../config';

export const sessionCookie = 'soc_session';

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: number): void {
	cookies.set(sessionCookie, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'strict',
		secure: config().ORIGIN?.startsWith('https:') ?? false,
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(sessionCookie, { path: '/' });
}

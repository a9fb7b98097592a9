// Security headers on every response. The CSP is set here, not in kit.csp, because the tile
// server (SOC_TILE_URL) is only known at run time.
import type { Handle } from '@sveltejs/kit';
import { config } from './config';

export function contentSecurityPolicy(tileUrl: string | undefined): string {
	const tileOrigin = tileUrl ? new URL(tileUrl.replace(/\{[a-z]\}/g, 'a')).origin : '';
	return [
		"default-src 'self'",
		// SvelteKit starts the page with one inline script.
		"script-src 'self' 'unsafe-inline'",
		"style-src 'self' 'unsafe-inline'",
		`img-src 'self' data: blob:${tileOrigin ? ` ${tileOrigin}` : ''}`,
		"connect-src 'self'",
		"font-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'"
	].join('; ');
}

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const set = (name: string, value: string) => {
		if (!response.headers.has(name)) response.headers.set(name, value);
	};
	set('content-security-policy', contentSecurityPolicy(config().SOC_TILE_URL));
	set('x-content-type-options', 'nosniff');
	set('referrer-policy', 'same-origin');
	set('x-frame-options', 'DENY');
	set('cross-origin-opener-policy', 'same-origin');
	return response;
};

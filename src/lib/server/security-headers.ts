// Security headers on every response. The CSP is set here, not in kit.csp, because the tile
// server (SOC_TILE_URL) is only known at run time. The production server (src/server/main.ts)
// also sets them before SvelteKit answers, so that answers SvelteKit makes outside the hooks
// (its own CSRF refusal, a redirect or error thrown by a hook) carry them too.
import type { Handle } from '@sveltejs/kit';
import { config } from './config';

/** Leaflet's subdomains for a `{s}` in the tile URL (the console keeps its default). */
const tileSubdomains = ['a', 'b', 'c'];

/** The origins the maps load tiles from: one, or one per subdomain when the URL has `{s}`. */
export function tileOrigins(tileUrl: string | undefined): string[] {
	if (!tileUrl) return [];
	const subdomains = tileUrl.includes('{s}') ? tileSubdomains : [''];
	const origins = subdomains.map((s) => new URL(tileUrl.replace(/\{s\}/g, s).replace(/\{[a-z]+\}/g, 'a')).origin);
	return [...new Set(origins)];
}

export function contentSecurityPolicy(tileUrl: string | undefined): string {
	const tiles = tileOrigins(tileUrl)
		.map((origin) => ` ${origin}`)
		.join('');
	return [
		"default-src 'self'",
		// SvelteKit starts the page with one inline script.
		"script-src 'self' 'unsafe-inline'",
		"style-src 'self' 'unsafe-inline'",
		`img-src 'self' data: blob:${tiles}`,
		"connect-src 'self'",
		"font-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'"
	].join('; ');
}

/** The headers every answer carries. */
export function securityHeaderValues(tileUrl: string | undefined): [string, string][] {
	return [
		['content-security-policy', contentSecurityPolicy(tileUrl)],
		['x-content-type-options', 'nosniff'],
		['referrer-policy', 'same-origin'],
		['x-frame-options', 'DENY'],
		['cross-origin-opener-policy', 'same-origin']
	];
}

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of securityHeaderValues(config().SOC_TILE_URL)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	return response;
};

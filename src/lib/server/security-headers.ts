// Security headers on every response. The CSP is built here, not in kit.csp, because the tile
// server (SOC_TILE_URL) is only known at run time; only its script-src comes from kit.csp, which
// puts a fresh nonce on the start-up script of each page. The production server
// (src/server/main.ts) also sets the headers before SvelteKit answers, so that answers SvelteKit
// makes outside the hooks (its own CSRF refusal, a redirect or error thrown by a hook) carry them.
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

/**
 * The script sources of a page's policy as SvelteKit wrote it: 'self' and the page's nonce (or a
 * hash). Anything else is left out; without a policy, 'self' alone.
 */
export function scriptSourcesOf(policy: string | null): string[] {
	const directive = policy
		?.split(';')
		.map((d) => d.trim().split(/\s+/))
		.find(([name]) => name === 'script-src');
	const sources = (directive?.slice(1) ?? []).filter((s) => /^'(nonce|sha256|sha384|sha512)-[A-Za-z0-9+/=_-]+'$/.test(s));
	return ["'self'", ...sources];
}

export function contentSecurityPolicy(tileUrl: string | undefined, scriptSources: string[] = ["'self'"]): string {
	const tiles = tileOrigins(tileUrl)
		.map((origin) => ` ${origin}`)
		.join('');
	return [
		"default-src 'self'",
		`script-src ${scriptSources.join(' ')}`,
		// Leaflet and Svelte set style attributes: inline styles stay allowed (they run no code).
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

/** The headers every answer carries; `scriptSources` from the page's own policy, if any. */
export function securityHeaderValues(tileUrl: string | undefined, scriptSources?: string[]): [string, string][] {
	return [
		['content-security-policy', contentSecurityPolicy(tileUrl, scriptSources)],
		['x-content-type-options', 'nosniff'],
		['referrer-policy', 'same-origin'],
		['x-frame-options', 'DENY'],
		['cross-origin-opener-policy', 'same-origin']
	];
}

/**
 * The police's live-track page (/track/<token>, docs/police.md) besides: its address is its key, so no
 * browser passes it on as a referrer (to the tile server, say), no search engine keeps it and no
 * cache holds the page.
 */
export const trackPageHeaders: [string, string][] = [
	['referrer-policy', 'no-referrer'],
	['x-robots-tag', 'noindex'],
	['cache-control', 'no-store']
];

/** A request for a track page: its route, or, where no route matched, its path. */
export const isTrackRequest = (routeId: string | null, pathname: string): boolean =>
	(routeId ?? pathname).startsWith('/track/');

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const scriptSources = scriptSourcesOf(response.headers.get('content-security-policy'));
	for (const [name, value] of securityHeaderValues(config().SOC_TILE_URL, scriptSources)) {
		// The policy always: a page's own (from kit.csp) holds only its script-src.
		if (name === 'content-security-policy' || !response.headers.has(name)) response.headers.set(name, value);
	}
	if (isTrackRequest(event.route.id, event.url.pathname)) for (const [name, value] of trackPageHeaders) response.headers.set(name, value);
	return response;
};

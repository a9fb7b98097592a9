import { describe, expect, it } from 'vitest';
import { readConfig } from './config';
import { contentSecurityPolicy, isTrackRequest, scriptSourcesOf, tileOrigins, trackPageHeaders } from './security-headers';

describe('scripts in the Content Security Policy', () => {
	it('runs no inline script by default', () => {
		expect(contentSecurityPolicy(undefined)).toContain("script-src 'self';");
		expect(contentSecurityPolicy(undefined)).not.toMatch(/script-src[^;]*unsafe-inline/);
	});

	it("takes a page's nonce or hash from SvelteKit's policy, and nothing else", () => {
		expect(scriptSourcesOf("script-src 'self' 'nonce-AbC+/9=='")).toEqual(["'self'", "'nonce-AbC+/9=='"]);
		expect(scriptSourcesOf("default-src 'self'; script-src 'self' 'sha256-Xy0='; img-src *")).toEqual(["'self'", "'sha256-Xy0='"]);
		expect(scriptSourcesOf("script-src * 'unsafe-inline' 'unsafe-eval' https://cdn.example.org data:")).toEqual(["'self'"]);
		expect(scriptSourcesOf(null)).toEqual(["'self'"]);
		expect(contentSecurityPolicy(undefined, scriptSourcesOf("script-src 'self' 'nonce-n1'"))).toContain("script-src 'self' 'nonce-n1';");
	});
});

describe('tile server in the Content Security Policy', () => {
	it('allows nothing but this console without a tile server', () => {
		expect(tileOrigins(undefined)).toEqual([]);
		expect(contentSecurityPolicy(undefined)).toContain("img-src 'self' data: blob:;");
	});

	it('allows the tile server’s origin, not its paths', () => {
		expect(tileOrigins('https://tiles.example.org/osm/{z}/{x}/{y}.png')).toEqual(['https://tiles.example.org']);
		expect(tileOrigins('http://10.0.0.5:8080/{z}/{x}/{y}{r}.png')).toEqual(['http://10.0.0.5:8080']);
	});

	it('takes nothing but the origin into the policy', () => {
		const csp = contentSecurityPolicy("https://tiles.example.org/'; script-src * 'unsafe-eval'/{z}");
		expect(csp).not.toContain('*');
		expect(csp).not.toContain('unsafe-eval');
	});

	it('allows each subdomain Leaflet loads a {s} tile URL from', () => {
		expect(tileOrigins('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toEqual([
			'https://a.tile.example.org',
			'https://b.tile.example.org',
			'https://c.tile.example.org'
		]);
		expect(contentSecurityPolicy('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toContain(
			"img-src 'self' data: blob: https://a.tile.example.org https://b.tile.example.org https://c.tile.example.org;"
		);
	});

	it('refuses to start with a tile URL that is not an http or https URL, naming it', () => {
		for (const bad of ['tiles', 'javascript:alert(1)', 'file:///tiles/{z}/{x}/{y}.png', 'https://bad host/{z}']) {
			expect(() => readConfig({ SOC_TILE_URL: bad }), bad).toThrow(/SOC_TILE_URL/);
		}
		expect(readConfig({ SOC_TILE_URL: 'https://{s}.tile.example.org/{z}/{x}/{y}.png' }).SOC_TILE_URL).toContain('{s}');
	});
});

describe('the police’s track page', () => {
	it('is known by its route, or by its path where no route matched', () => {
		expect(isTrackRequest('/track/[token]', '/%74rack/pl_x')).toBe(true);
		expect(isTrackRequest(null, '/track/pl_x/more')).toBe(true);
		expect(isTrackRequest('/(app)', '/')).toBe(false);
		expect(isTrackRequest(null, '/tracking')).toBe(false);
	});

	it('sends no referrer, is not indexed and is not cached', () => {
		expect(Object.fromEntries(trackPageHeaders)).toEqual({ 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex', 'cache-control': 'no-store' });
	});
});

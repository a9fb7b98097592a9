import { describe, expect, it } from 'vitest';
import { loggedPath, withoutTokens } from './redact';

const token = 'pl_' + 'A1b2C3d4-_'.repeat(4) + 'xyz';

describe('what the log shows of a request', () => {
	it('shows a track page by its route, whatever the spelling of its path', () => {
		expect(loggedPath('/track/[token]', `/track/${token}`)).toBe('/track/[token]');
		expect(loggedPath('/track/[token]', `/%74rack/${token.replace('_', '%5F')}`)).toBe('/track/[token]');
	});

	it('cuts a token out of a path no route matched, encoded or not', () => {
		expect(loggedPath(null, `/track/${token}/extra`)).toBe('/track/…/extra');
		expect(loggedPath(null, `/%74rack/${token.replace('_', '%5F')}/x`)).toBe('/track/…/x');
		expect(loggedPath(null, `/elsewhere/${token}`)).toBe('/elsewhere/pl_…');
		expect(loggedPath(null, '/%E0%A4%A/track/abc')).toBe('/%E0%A4%A/track/…');
	});

	it('keeps other paths as they are', () => {
		expect(loggedPath('/(app)/log/[id]', '/log/42')).toBe('/log/42');
		expect(loggedPath(null, '/nowhere')).toBe('/nowhere');
	});

	it('cuts tokens out of any text, such as an error’s message and stack', () => {
		const text = withoutTokens(`Error: Not found: /track/${token}\n    at load (/track/${token}?x=1)\nsaw ${token} twice`);
		expect(text).not.toContain(token.slice(3));
		expect(text).toBe('Error: Not found: /track/…\n    at load (/track/…?x=1)\nsaw pl_… twice');
	});
});

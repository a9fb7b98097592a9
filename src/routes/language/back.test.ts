import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './back';

const origin = 'https://soc.example.org';

describe('the path /language goes back to', () => {
	it('keeps a path on the console, with its query and fragment', () => {
		expect(sameOriginPath('/log?type=theft&vin=WDB', origin)).toBe('/log?type=theft&vin=WDB');
		expect(sameOriginPath('/', origin)).toBe('/');
		expect(sameOriginPath('/log/12#timeline', origin)).toBe('/log/12#timeline');
	});

	it('goes home for another site, however it is spelt', () => {
		for (const back of ['//evil.example', '/\\evil.example', '/\\/evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example/', 'evil.example', '', ' /log']) {
			expect(sameOriginPath(back, origin), JSON.stringify(back)).toBe('/');
		}
	});

	it('goes home for anything that is not text', () => {
		for (const back of [null, undefined, 42, {}]) expect(sameOriginPath(back, origin)).toBe('/');
	});

	it('never gives a path with a control or line-breaking character', () => {
		for (const back of ['/log\r\nSet-Cookie: x=1', '/log\u2028x', '/log\u0000', '/wall\u2029', '/é ü']) {
			const path = sameOriginPath(back, origin);
			expect(path.startsWith('/'), JSON.stringify(back)).toBe(true);
			expect(path, JSON.stringify(back)).toMatch(/^[\x21-\x7e]*$/);
		}
	});
});

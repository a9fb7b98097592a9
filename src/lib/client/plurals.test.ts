// Counts read by the language's plural rules (Intl.PluralRules through the message catalogue),
// never "connectée(s)".
import { afterEach, describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { overwriteGetLocale } from '$lib/paraglide/runtime';

afterEach(() => overwriteGetLocale(() => 'en'));

describe('plurals', () => {
	it('in French: 0 and 1 take the singular, 2 and more the plural', () => {
		overwriteGetLocale(() => 'fr');
		expect(m.gateway_connected_never({ count: 0 })).toBe('0 connectée, aucun événement');
		expect(m.gateway_connected({ count: 1, age: '3 s' })).toBe('1 connectée, dernier événement il y a 3 s');
		expect(m.gateway_connected({ count: 2, age: '3 s' })).toBe('2 connectées, dernier événement il y a 3 s');
		expect(m.wall_breach_count({ count: 1 })).toBe('1 incident a dépassé son délai');
		expect(m.wall_breach_count({ count: 12 })).toBe('12 incidents ont dépassé leur délai');
	});
	it('in English: 1 takes the singular, 0 and 2 the plural', () => {
		expect(m.wall_breach_count({ count: 1 })).toBe('1 incident past its target');
		expect(m.wall_breach_count({ count: 0 })).toBe('0 incidents past their target');
		expect(m.gateway_connected({ count: 3, age: '1 s' })).toBe('3 connected, last event 1 s ago');
	});
	it('leaves no "(s)" in any message', async () => {
		for (const locale of ['en', 'fr']) {
			const { default: catalogue } = await import(`../../../messages/${locale}.json`);
			expect(JSON.stringify(catalogue), locale).not.toMatch(/\(s\)|\(es\)/);
		}
	});
});

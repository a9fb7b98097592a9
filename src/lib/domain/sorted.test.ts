import { describe, expect, it } from 'vitest';
import { firstAfter, firstAtOrAfter, insertByTime } from './sorted';

const times = [10, 20, 20, 30];
const at = (i: number) => times[i];

describe('firstAtOrAfter and firstAfter', () => {
	it('find where a time falls, before or after its equals', () => {
		expect([5, 10, 20, 25, 30, 35].map((t) => firstAtOrAfter(times.length, at, t))).toEqual([0, 0, 1, 3, 3, 4]);
		expect([5, 10, 20, 25, 30, 35].map((t) => firstAfter(times.length, at, t))).toEqual([0, 1, 3, 3, 4, 4]);
	});
	it('give 0 on nothing', () => {
		expect(firstAtOrAfter(0, at, 1)).toBe(0);
		expect(firstAfter(0, at, 1)).toBe(0);
	});
});

describe('insertByTime', () => {
	it('appends in order and slots a late one in after its equals', () => {
		const items = [{ fixAt: 1, n: 'a' }, { fixAt: 3, n: 'b' }];
		insertByTime(items, { fixAt: 4, n: 'c' });
		insertByTime(items, { fixAt: 3, n: 'd' });
		insertByTime(items, { fixAt: 0, n: 'e' });
		expect(items.map((i) => i.n)).toEqual(['e', 'a', 'b', 'd', 'c']);
	});
});

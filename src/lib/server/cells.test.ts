import { describe, expect, it } from 'vitest';
import { distanceM } from '../domain/geo';
import { CellMemo } from './cells';

describe('CellMemo', () => {
	it('answers once per cell, for the cell centre', () => {
		const memo = new CellMemo<string>();
		const asked: string[] = [];
		const compute = (lat: number, lon: number) => (asked.push(`${lat},${lon}`), `${lat},${lon}`);
		expect(memo.get({ lat: 48.13741, lon: 11.57519 }, compute)).toBe('48.137,11.575');
		expect(memo.get({ lat: 48.1372, lon: 11.5748 }, compute)).toBe('48.137,11.575');
		expect(asked).toEqual(['48.137,11.575']);
	});

	it('keeps answers given later with `remember`, apart for each variant', () => {
		const memo = new CellMemo<number | null>(10, 4000);
		const here = { lat: 48.1372, lon: 11.5755 };
		expect(memo.known(here)).toBeUndefined();
		memo.remember(here, null);
		memo.remember(here, 7, 'fr');
		expect(memo.known({ lat: 48.13721, lon: 11.57551 })).toEqual({ value: null });
		expect(memo.known(here, 'fr')).toEqual({ value: 7 });
	});

	it('has cells of about 25 m at 4,000 a degree: positions 30 m apart fall in different ones, and a cell centre is within 20 m of its positions', () => {
		const memo = new CellMemo<boolean>(10, 4000);
		const here = { lat: 48.1372, lon: 11.5755 };
		memo.remember(here, true);
		expect(memo.known({ lat: here.lat + 30 / 111_195, lon: here.lon })).toBeUndefined();
		for (const [dLat, dLon] of [[0.000124, 0.000124], [-0.000124, 0.000124], [0.0001, -0.0001]]) {
			const p = { lat: 48.13725 + dLat, lon: 11.57525 + dLon };
			expect(distanceM(p, memo.cellOf(p))).toBeLessThan(20);
		}
	});

	it('stays within its bound: past it, it starts again', () => {
		const memo = new CellMemo<number>(3, 4000);
		for (let i = 0; i < 3; i++) memo.remember({ lat: i, lon: 0 }, i);
		expect(memo.known({ lat: 0, lon: 0 })).toEqual({ value: 0 });
		memo.remember({ lat: 5, lon: 0 }, 5);
		expect(memo.known({ lat: 0, lon: 0 })).toBeUndefined();
		expect(memo.known({ lat: 5, lon: 0 })).toEqual({ value: 5 });
	});
});

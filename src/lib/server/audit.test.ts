import { describe, expect, it } from 'vitest';
import { chainHash, firstBroken, type ChainRow } from './audit';

function chain(contents: Record<string, unknown>[]): ChainRow[] {
	let prev = '';
	return contents.map((content, i) => {
		const hash = chainHash(prev, content);
		const row = { id: i + 1, prevHash: prev, hash, content };
		prev = hash;
		return row;
	});
}

describe('audit chain', () => {
	const rows = chain([{ a: 1 }, { b: 'two', a: [1, 2] }, { c: null }]);

	it('does not depend on the order of keys', () => {
		expect(chainHash('x', { a: 1, b: 2 })).toBe(chainHash('x', { b: 2, a: 1 }));
	});

	it('is intact when nothing changed', () => {
		expect(firstBroken(rows)).toBeNull();
	});

	it('names the first entry whose content changed', () => {
		const edited = rows.map((r) => (r.id === 2 ? { ...r, content: { ...r.content, b: 'three' } } : r));
		expect(firstBroken(edited)).toBe(2);
	});

	it('names the entry after one that was deleted', () => {
		expect(firstBroken(rows.filter((r) => r.id !== 2))).toBe(3);
	});

	it('names an entry whose hash was recomputed without its successors', () => {
		const rehashed = rows.map((r) => (r.id === 1 ? { ...r, content: { a: 9 }, hash: chainHash('', { a: 9 }) } : r));
		expect(firstBroken(rehashed)).toBe(2);
	});
});

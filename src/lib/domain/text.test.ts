import { describe, expect, it } from 'vitest';
import { wellFormed } from './text';

describe('well-formed text', () => {
	it('accepts any text of whole characters, astral ones included', () => {
		for (const text of ['', 'ambulance on site', 'Bußgeld é 漢字', '🚓 police', '\u{1F600}\u{10FFFF}']) expect(wellFormed(text), text).toBe(true);
	});

	it('refuses a lone high or low surrogate, wherever it stands', () => {
		for (const text of ['x\ud800', '\udc00', 'a\ud800b', '\ud83d', 'ok \ude00 ok', '\udc00\ud800']) expect(wellFormed(text), JSON.stringify(text)).toBe(false);
	});
});

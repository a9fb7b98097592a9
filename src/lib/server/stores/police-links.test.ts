import { describe, expect, it } from 'vitest';
import { isLinkToken } from '../../domain/police-link';
import { linkTokenHash, newLinkToken } from './police-links';

describe('a new police link token', () => {
	it('has the link token’s form, with 32 random bytes behind its prefix', () => {
		for (let i = 0; i < 100; i++) {
			const token = newLinkToken();
			expect(isLinkToken(token), token).toBe(true);
			expect(Buffer.from(token.slice(3), 'base64url')).toHaveLength(32);
		}
	});

	it('is never the same twice', () => {
		const tokens = new Set(Array.from({ length: 1_000 }, newLinkToken));
		expect(tokens.size).toBe(1_000);
	});

	it('is stored as its SHA-256 in hex, which holds nothing of it', () => {
		const token = newLinkToken();
		const hash = linkTokenHash(token);
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(hash).not.toContain(token.slice(3, 12));
		expect(linkTokenHash(token)).toBe(hash);
	});
});

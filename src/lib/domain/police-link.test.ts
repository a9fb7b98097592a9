import { describe, expect, it } from 'vitest';
import { isLinkToken, linkState, makeLinkRefusal, openingEveryMs, Openings } from './police-link';

const hour = 3_600_000;
const open = { status: 'escalated', resolvedAt: null } as const;
const link = (over: Partial<{ expiresAt: number; revokedAt: number | null }> = {}) => ({ expiresAt: 12 * hour, revokedAt: null, ...over });

describe('a police link’s state', () => {
	it('is active until its expiry while the incident is open and nobody revoked it', () => {
		expect(linkState(link(), open, 0)).toEqual({ active: true, until: 12 * hour });
		expect(linkState(link(), open, 12 * hour - 1)).toEqual({ active: true, until: 12 * hour });
	});

	it('has expired from its expiry on', () => {
		expect(linkState(link(), open, 12 * hour)).toEqual({ active: false, ended: 'expired', at: 12 * hour });
		expect(linkState(link(), { status: 'new', resolvedAt: null }, 13 * hour)).toEqual({ active: false, ended: 'expired', at: 12 * hour });
	});

	it('ends when revoked', () => {
		expect(linkState(link({ revokedAt: hour }), open, 2 * hour)).toEqual({ active: false, ended: 'revoked', at: hour });
	});

	it('ends when the incident is resolved', () => {
		expect(linkState(link(), { status: 'resolved', resolvedAt: 3 * hour }, 4 * hour)).toEqual({ active: false, ended: 'resolved', at: 3 * hour });
	});

	it('says the end that came first', () => {
		const resolvedLater = { status: 'resolved', resolvedAt: 5 * hour } as const;
		expect(linkState(link({ revokedAt: hour }), resolvedLater, 20 * hour)).toMatchObject({ ended: 'revoked' });
		expect(linkState(link({ revokedAt: 14 * hour }), resolvedLater, 20 * hour)).toMatchObject({ ended: 'resolved' });
		expect(linkState(link({ revokedAt: 14 * hour }), { status: 'resolved', resolvedAt: 13 * hour }, 20 * hour)).toMatchObject({ ended: 'expired' });
	});
});

describe('making a police link', () => {
	it('is for operators and supervisors, on an open theft', () => {
		const theft = { type: 'theft', status: 'acknowledged' } as const;
		expect(makeLinkRefusal('operator', theft)).toBeNull();
		expect(makeLinkRefusal('supervisor', { type: 'theft', status: 'new' })).toBeNull();
		expect(makeLinkRefusal('display', theft)).toBe('not_allowed');
		expect(makeLinkRefusal('admin', theft)).toBe('not_allowed');
		expect(makeLinkRefusal('operator', { type: 'airbag', status: 'acknowledged' })).toBe('not_theft');
		expect(makeLinkRefusal('operator', { type: 'theft', status: 'resolved' })).toBe('already_resolved');
	});
});

describe('a link token', () => {
	it('is pl_ and 43 characters of base64url: 256 bits', () => {
		expect(isLinkToken(`pl_${'A'.repeat(42)}-`)).toBe(true);
		expect(isLinkToken(`pl_${'a_'.repeat(21)}Z`)).toBe(true);
	});

	it('is nothing else: no other prefix, length, padding or character', () => {
		for (const bad of ['', 'pl_', `pl_${'A'.repeat(42)}`, `pl_${'A'.repeat(44)}`, `gw_${'A'.repeat(43)}`, `pl_${'A'.repeat(42)}=`, `pl_${'A'.repeat(42)}/`, `pl_${'A'.repeat(42)}+`, ` pl_${'A'.repeat(43)}`, `pl_${'A'.repeat(43)}\n`]) {
			expect(isLinkToken(bad), JSON.stringify(bad)).toBe(false);
		}
	});
});

describe('openings on the timeline', () => {
	it('records a viewer’s first opening, then none for 10 minutes, then the next', () => {
		const openings = new Openings();
		expect(openings.record('link 1 · viewer a', 0)).toBe(true);
		expect(openings.record('link 1 · viewer a', 1_000)).toBe(false);
		expect(openings.record('link 1 · viewer a', openingEveryMs - 1)).toBe(false);
		expect(openings.record('link 1 · viewer a', openingEveryMs)).toBe(true);
		expect(openings.record('link 1 · viewer a', openingEveryMs + 60_000)).toBe(false);
	});

	it('counts 10 minutes from the opening recorded, not from the last one seen', () => {
		const openings = new Openings();
		expect(openings.record('v', 0)).toBe(true);
		for (let t = 60_000; t < openingEveryMs; t += 60_000) expect(openings.record('v', t)).toBe(false);
		expect(openings.record('v', openingEveryMs)).toBe(true);
	});

	it('tells viewers apart: each has its own first opening', () => {
		const openings = new Openings();
		expect(openings.record('link 1 · viewer a', 0)).toBe(true);
		expect(openings.record('link 1 · viewer b', 1)).toBe(true);
		expect(openings.record('link 2 · viewer a', 2)).toBe(true);
		expect(openings.record('link 1 · viewer b', 3)).toBe(false);
	});

	it('forgets viewers once their 10 minutes are over, so it does not grow without end', () => {
		const openings = new Openings();
		for (let i = 0; i < 1_000; i++) openings.record(`viewer ${i}`, i);
		expect(openings.size).toBe(1_000);
		openings.record('late', openingEveryMs + 2_000);
		expect(openings.size).toBe(1);
	});
});

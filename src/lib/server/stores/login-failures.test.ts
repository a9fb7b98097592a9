import { describe, expect, it } from 'vitest';
import { openDb } from '../db';
import { clearFailures, recordFailure, signInLockedUntil } from './login-failures';

const minute = 60_000;

describe('sign-in throttling store', () => {
	it('locks an account after 5 failures within 15 minutes, for 15 minutes, and only that account', async () => {
		const db = openDb(':memory:');
		const t0 = 1_800_000_000_000;
		for (let i = 0; i < 4; i++) await recordFailure(db, 'alice', t0 + i * minute);
		expect(await signInLockedUntil(db, 'alice', t0 + 4 * minute)).toBeNull();
		await recordFailure(db, 'alice', t0 + 4 * minute);
		expect(await signInLockedUntil(db, 'alice', t0 + 5 * minute)).toBe(t0 + 19 * minute);
		expect(await signInLockedUntil(db, 'alice', t0 + 19 * minute - 1)).toBe(t0 + 19 * minute);
		expect(await signInLockedUntil(db, 'alice', t0 + 19 * minute)).toBeNull();
		expect(await signInLockedUntil(db, 'bob', t0 + 5 * minute)).toBeNull();
	});

	it('forgets the failures after a successful sign-in', async () => {
		const db = openDb(':memory:');
		for (let i = 0; i < 5; i++) await recordFailure(db, 'carol', 1000 + i);
		await clearFailures(db, 'carol');
		expect(await signInLockedUntil(db, 'carol', 2000)).toBeNull();
	});
});

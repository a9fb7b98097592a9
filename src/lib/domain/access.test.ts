import { describe, expect, it } from 'vitest';
import { routeFiles } from '../../../tests/helpers/routes';
import { isTokenRoute, mayConnectOps, maySendOps, opsEventAccess, routeAccess, routeVerdict } from './access';
import { roles, type Role } from './roles';

/** docs/console.md, "Roles": which rows each role may do. */
const consoleMd: Record<Role, string[]> = {
	display: ['wall'],
	operator: ['wall', 'console'],
	supervisor: ['wall', 'console', 'log'],
	admin: ['admin']
};

describe('the access table', () => {
	it('names every route of the route tree, and no route that does not exist', () => {
		const ids = routeFiles().map((r) => r.id);
		expect(ids.length).toBeGreaterThan(10);
		for (const id of ids) expect(Object.hasOwn(routeAccess, id), `${id} is missing from routeAccess`).toBe(true);
		expect(Object.keys(routeAccess).sort()).toEqual([...ids].sort());
	});

	it('gives each role exactly what docs/console.md gives it', () => {
		for (const [id, access] of Object.entries(routeAccess)) {
			for (const role of roles) {
				const expected = access === 'public' || access === 'token' || access === 'signed_in' || consoleMd[role].includes(access) ? 'allow' : 'forbidden';
				expect(routeVerdict(id, role), `${role} on ${id}`).toBe(expected);
			}
			expect(routeVerdict(id, null), `no session on ${id}`).toBe(access === 'public' || access === 'token' ? 'allow' : 'sign_in');
		}
	});

	it('gives the display role neither the CSV export nor the report figures', () => {
		expect(routeVerdict('/(app)/log/export.csv', 'display')).toBe('forbidden');
		expect(routeVerdict('/(app)/reports/figures.json', 'display')).toBe('forbidden');
		expect(routeVerdict('/(app)/admin', 'display')).toBe('forbidden');
	});

	it('refuses a route missing from the table to everyone, and leaves no route to the 404 page', () => {
		for (const role of [...roles, null]) expect(routeVerdict('/(app)/secret', role)).toBe('forbidden');
		expect(routeVerdict('/toString', 'supervisor')).toBe('forbidden');
		expect(routeVerdict(null, 'display')).toBe('allow');
		expect(routeVerdict(null, null)).toBe('sign_in');
	});
});

describe('routes for machines', () => {
	it('are only Traccar’s two, the only ones exempt from the same-origin form check', () => {
		expect(Object.keys(routeAccess).filter(isTokenRoute).sort()).toEqual(['/traccar/events', '/traccar/positions']);
		expect(isTokenRoute('/(app)/admin')).toBe(false);
		expect(isTokenRoute(null)).toBe(false);
	});
});

describe('the /ops socket', () => {
	it('lets the wall, operators and supervisors connect, not administrators', () => {
		expect(roles.filter(mayConnectOps)).toEqual(['display', 'operator', 'supervisor']);
	});

	it('lets only operators and supervisors act and read an incident’s details', () => {
		for (const event of Object.keys(opsEventAccess)) {
			const allowed = roles.filter((r) => maySendOps(r, event));
			expect(allowed, event).toEqual(event === 'resume' ? ['display', 'operator', 'supervisor'] : ['operator', 'supervisor']);
		}
		expect(maySendOps('supervisor', 'constructor')).toBe(false);
		expect(maySendOps('supervisor', 'unknown')).toBe(false);
	});
});

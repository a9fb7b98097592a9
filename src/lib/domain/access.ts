// Who may reach what (docs/console.md, "Roles"): every route of src/routes and every event of the /ops
// socket, by the right it needs. The hook and the /ops namespace ask only this table, so no
// spelling of a path and no socket event reaches a handler without its check.
import type { OpsRequestName } from '../contract/ops';
import { may, type Right, type Role } from './roles';

/**
 * `public`: no sign-in; `signed_in`: any role; `token`: machine to machine, authenticated by a
 * gateway token in its handler, and the only routes exempt from the same-origin form check;
 * otherwise the right it needs.
 */
export type Access = 'public' | 'signed_in' | 'token' | Right;

/** Each route by its SvelteKit route id (the decoded route, whatever the request's spelling). */
export const routeAccess: Readonly<Record<string, Access>> = {
	'/login': 'public',
	'/healthz': 'public',
	'/language': 'public',
	'/logout': 'signed_in',
	'/traccar/events': 'token',
	'/traccar/positions': 'token',
	'/refused': 'signed_in',
	'/(app)': 'console',
	'/(app)/wall': 'wall',
	'/(app)/incidents/[id]/handoff': 'console',
	'/(app)/log': 'log',
	'/(app)/log/[id]': 'log',
	'/(app)/log/export.csv': 'log',
	'/(app)/reports': 'log',
	'/(app)/reports/figures.json': 'log',
	'/(app)/admin': 'admin',
	// The police's live track: no sign-in, the link's token is the permission (docs/police.md).
	'/track/[token]': 'public'
};

/** Own keys only: a route id such as `toString` is in no table. */
const accessOf = (routeId: string): Access | undefined => (Object.hasOwn(routeAccess, routeId) ? routeAccess[routeId] : undefined);

/** The /ops socket: connecting at all needs `wall`; each request of the contract needs its own right. */
const opsConnectRight: Right = 'wall';
export const opsEventAccess: Readonly<Record<OpsRequestName, Right>> = {
	resume: 'wall',
	act: 'console',
	'incident:detail': 'console',
	'police-link:make': 'console',
	'police-link:revoke': 'console'
};

export type Verdict = 'allow' | 'sign_in' | 'forbidden';

/**
 * What a request to `routeId` by `role` (null: no session) gets. No route (`null`) is let through
 * to SvelteKit's 404 for the signed-in; a route missing from the table is refused for everyone.
 */
export function routeVerdict(routeId: string | null, role: Role | null): Verdict {
	if (routeId === null) return role ? 'allow' : 'sign_in';
	const access = accessOf(routeId);
	if (access === undefined) return 'forbidden';
	if (access === 'public' || access === 'token') return 'allow';
	if (!role) return 'sign_in';
	return access === 'signed_in' || may(role, access) ? 'allow' : 'forbidden';
}

/** Routes a machine posts to with a gateway token: no browser, no Origin, no session. */
export const isTokenRoute = (routeId: string | null) => routeId !== null && accessOf(routeId) === 'token';


export function mayConnectOps(role: Role): boolean {
	return may(role, opsConnectRight);
}

export function maySendOps(role: Role, event: string): event is OpsRequestName {
	return Object.hasOwn(opsEventAccess, event) && may(role, opsEventAccess[event as OpsRequestName]);
}

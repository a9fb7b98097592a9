// Roles and what each may do (console.md, "Roles"). Shared by server and browser.
export const roles = ['display', 'operator', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: unknown): value is Role => roles.includes(value as Role);

type Right = 'wall' | 'console' | 'reassign' | 'log' | 'admin';

const rights: Record<Role, readonly Right[]> = {
	display: ['wall'],
	operator: ['wall', 'console'],
	supervisor: ['wall', 'console', 'reassign', 'log'],
	admin: ['admin']
};

export const may = (role: Role, right: Right): boolean => rights[role].includes(right);

/** Where a role lands after signing in. */
export const homeOf = (role: Role): string =>
	role === 'display' ? '/wall' : role === 'admin' ? '/admin' : '/';

/** The right a path needs; undefined for pages open to anyone signed in. */
export function rightFor(pathname: string): Right | undefined {
	const first = pathname.split('/')[1] ?? '';
	if (first === '') return 'console';
	if (first === 'wall') return 'wall';
	if (first === 'log' || first === 'reports') return 'log';
	if (first === 'admin') return 'admin';
	return undefined;
}

// Roles and what each may do (docs/console.md, "Roles"). Shared by server and browser.
export const roles = ['display', 'operator', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: unknown): value is Role => roles.includes(value as Role);

export type Right = 'wall' | 'console' | 'reassign' | 'log' | 'admin';

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

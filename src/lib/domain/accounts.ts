// Rules for account names and passwords, shared by the sign-in form, /admin and the soc command.
import { z } from 'zod';
import { roles } from './roles';

export const usernameSchema = z
	.string()
	.trim()
	.min(1, 'a username is required')
	.max(64, 'a username has at most 64 characters')
	.regex(/^[A-Za-z0-9._-]+$/, 'a username uses only letters, digits, dot, underscore and hyphen')
	.transform((s) => s.toLowerCase());

export const newPasswordSchema = z
	.string()
	.min(12, 'a password has at least 12 characters')
	.max(1024, 'a password has at most 1024 characters');

export const roleSchema = z.enum(roles, { message: `a role is one of ${roles.join(', ')}` });

export const locales = ['en', 'fr'] as const;
export type Locale = (typeof locales)[number];
export const localeSchema = z.enum(locales);

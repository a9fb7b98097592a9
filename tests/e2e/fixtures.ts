// Fixtures for the browser tests.
//
// - `console` (worker-scoped): a built console of this worker's own, on its own free port and its
//   own temporary SQLite database (tests/helpers/server.ts), stopped and removed after the worker.
// - `baseURL` points at that console, so `page.goto('/login')` works.
// - `account(role)`: a new account with a unique name, added with the `soc` command line.
// - `newPage(options)`: a page in a fresh browser context (its own cookies, e.g. a second person or
//   another browser language), closed after the test.
// - `signIn(page, account)`: signs in through the sign-in screen, as a person would.
import { test as base, expect, type BrowserContextOptions, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { addUser, startConsole, type RunningConsole } from '../helpers/server';

export { expect };

export type Role = 'display' | 'operator' | 'supervisor' | 'admin';

export interface Account {
	username: string;
	password: string;
	role: Role;
}

/** A username no other test uses (usernames are lower case: letters, digits, dot, underscore, hyphen). */
export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Words of the sign-in screen, in English unless the test says otherwise. */
export interface SignInWords {
	username: string;
	password: string;
	signIn: string;
}
export const english: SignInWords = { username: 'Username', password: 'Password', signIn: 'Sign in' };
export const french: SignInWords = { username: 'Identifiant', password: 'Mot de passe', signIn: 'Se connecter' };

/** Fills in the sign-in screen and presses the button. Callers assert where it leads. */
export async function signIn(
	page: Page,
	who: { username: string; password: string },
	words: SignInWords = english
): Promise<void> {
	if (new URL(page.url(), 'http://x').pathname !== '/login') await page.goto('/login');
	await page.getByLabel(words.username, { exact: true }).fill(who.username);
	await page.getByLabel(words.password, { exact: true }).fill(who.password);
	await page.getByRole('button', { name: words.signIn, exact: true }).click();
}

/** Presses "Sign out" in the top bar and waits for the sign-in screen. */
export async function signOut(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Sign out', exact: true }).click();
	await expect(page).toHaveURL(/\/login$/);
}

/** The path of the page's current URL. */
export const pathOf = (page: Page): string => new URL(page.url()).pathname;

type TestFixtures = {
	account: (role: Role, prefix?: string) => Account;
	newPage: (options?: BrowserContextOptions) => Promise<Page>;
};

type WorkerFixtures = {
	console: RunningConsole;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
	console: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const running = await startConsole();
			try {
				await use(running);
			} finally {
				await running.dispose();
			}
		},
		{ scope: 'worker', timeout: 60_000 }
	],

	baseURL: async ({ console: running }, use) => {
		await use(running.url);
	},

	account: async ({ console: running }, use) => {
		await use((role, prefix = role) => {
			const username = uniqueName(prefix);
			const password = addUser(running.dbPath, username, role);
			return { username, password, role };
		});
	},

	newPage: async ({ browser, baseURL, locale }, use) => {
		const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
		await use(async (options = {}) => {
			const context = await browser.newContext({ baseURL, locale, ...options });
			contexts.push(context);
			return context.newPage();
		});
		for (const context of contexts) await context.close();
	}
});

// Fixtures for the browser tests.
//
// - `console` (worker-scoped): a built console of this worker's own, on its own free port and its
//   own temporary SQLite database (tests/helpers/server.ts), stopped and removed after the worker.
// - `baseURL` points at that console, so `page.goto('/login')` works.
// - `account(role)`: a new account with a unique name, added with the `soc` command line.
// - `newPage(options)`: a page in a fresh browser context (its own cookies, e.g. a second person or
//   another browser language), closed after the test.
// - `signIn(page, who)` / `signInAs(page, account)` / `signOut(page)`: through the screens, as a
//   person would (fields by label, buttons by role and name).
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { addUser, startConsole, type RunningConsole } from '../helpers/server';

export { expect };
export type { Page };

export type Role = 'display' | 'operator' | 'supervisor' | 'admin';

export interface Account {
	username: string;
	password: string;
	role: Role;
}

/** A username no other test uses (usernames are lower case: letters, digits, dot, underscore, hyphen). */
export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Names of the controls used to sign in and out (messages/en.json and messages/fr.json). */
export interface Words {
	username: string;
	password: string;
	signIn: string;
	signOut: string;
}
export const english: Words = { username: 'Username', password: 'Password', signIn: 'Sign in', signOut: 'Sign out' };
export const french: Words = { username: 'Identifiant', password: 'Mot de passe', signIn: 'Se connecter', signOut: 'Se déconnecter' };

/** Fills in the sign-in screen and presses the button; callers assert where it leads (or use signInAs). */
export async function signIn(
	page: Page,
	who: { username: string; password: string },
	words: Words = english
): Promise<void> {
	if (new URL(page.url(), 'http://x').pathname !== '/login') await page.goto('/login');
	// Wait for the page's scripts: hydration resets the Username field, so a name typed before it
	// is lost (see the report on src/routes/login/+page.svelte).
	await page.waitForLoadState('networkidle');
	await page.getByLabel(words.username, { exact: true }).fill(who.username);
	await page.getByLabel(words.password, { exact: true }).fill(who.password);
	await page.getByRole('button', { name: words.signIn, exact: true }).click();
}

/** Where each role lands after signing in (docs/console.md, "/login"). */
export const homeOf: Record<Role, string> = { display: '/wall', operator: '/', supervisor: '/', admin: '/admin' };

/** Matches the URL of a plain path on the console (e.g. '/', '/wall'), with or without a query string. */
export const at = (path: string): RegExp => new RegExp(`^https?://[^/]+${path}(\\?.*)?$`);

/** Signs in and waits until the account's home page shows it signed in. */
export async function signInAs(page: Page, who: Account, words: Words = english): Promise<void> {
	await signIn(page, who, words);
	await expect(page).toHaveURL(at(homeOf[who.role]));
	await expect(page.getByRole('banner')).toContainText(who.username);
}

/** Presses "Sign out" in the top bar and waits for the sign-in screen. */
export async function signOut(page: Page, words: Words = english): Promise<void> {
	await page.getByRole('button', { name: words.signOut, exact: true }).click();
	await expect(page).toHaveURL(at('/login'));
}

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
			const password = addUser(running.db, username, role);
			return { username, password, role };
		});
	},

	newPage: async ({ browser, baseURL, locale }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async (options = {}) => {
			const context = await browser.newContext({ baseURL, locale, ...options });
			contexts.push(context);
			return context.newPage();
		});
		for (const context of contexts) await context.close();
	}
});

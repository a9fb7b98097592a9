// French and English (docs/console.md: "the interface speaks French and English from day one").
// The language is the account's choice, else the one picked with the language button, else the
// browser's, else English.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../helpers/server';
import { test, expect, signIn, signInAs, signOut, english, french, at, type Page } from './fixtures';

type Catalogue = Record<string, string>;
const catalogue = (locale: string): Catalogue => JSON.parse(readFileSync(join(root, 'messages', `${locale}.json`), 'utf8'));
const en = catalogue('en');
const fr = catalogue('fr');

/** The messages of the sign-in screen; `language_en`/`language_fr` are left out on purpose: the
 * language button always shows the other language's own name ("English" on the French screen). */
const signInScreen = ['app_name', 'sign_in_title', 'username', 'password', 'sign_in', 'language'] as const;

const htmlLang = (page: Page) => page.locator('html');

async function expectFrenchSignInScreen(page: Page): Promise<void> {
	await expect(htmlLang(page)).toHaveAttribute('lang', 'fr');
	await expect(page).toHaveTitle(fr.app_name);
	await expect(page.getByRole('heading', { name: fr.sign_in_title })).toBeVisible();
	await expect(page.getByLabel(fr.username, { exact: true })).toBeVisible();
	await expect(page.getByLabel(fr.password, { exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: fr.sign_in, exact: true })).toBeVisible();
	await expect(page.getByRole('form', { name: fr.language }).getByRole('button', { name: 'English' })).toBeVisible();
}

async function expectEnglishSignInScreen(page: Page): Promise<void> {
	await expect(htmlLang(page)).toHaveAttribute('lang', 'en');
	await expect(page).toHaveTitle(en.app_name);
	await expect(page.getByRole('heading', { name: en.sign_in_title })).toBeVisible();
	await expect(page.getByLabel(en.username, { exact: true })).toBeVisible();
	await expect(page.getByLabel(en.password, { exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: en.sign_in, exact: true })).toBeVisible();
	await expect(page.getByRole('form', { name: en.language }).getByRole('button', { name: 'Français' })).toBeVisible();
}

test('with a French browser, the sign-in screen is entirely in French', async ({ newPage, account }) => {
	const page = await newPage({ locale: 'fr-FR' });

	await page.goto('/login');

	await expectFrenchSignInScreen(page);
	const text = await page.locator('body').innerText();
	for (const key of signInScreen) {
		expect(text, `English "${en[key]}" (${key}) on the French sign-in screen`).not.toContain(en[key]);
	}
	await expect(page.getByRole('form', { name: en.language })).toHaveCount(0);

	// Its message for wrong credentials is French too.
	await signIn(page, { username: account('operator').username, password: 'pas-le-bon-mot-de-passe' }, french);
	await expect(page.getByRole('alert')).toHaveText(fr.sign_in_failed);
	expect(await page.locator('body').innerText()).not.toContain(en.sign_in_failed);
});

test('with an English browser, the sign-in screen is in English', async ({ page }) => {
	await page.goto('/login');
	await expectEnglishSignInScreen(page);
});

test('the language button switches the sign-in screen to French and back', async ({ page }) => {
	await page.goto('/login');
	await expectEnglishSignInScreen(page);

	await page.getByRole('button', { name: 'Français' }).click();
	await expectFrenchSignInScreen(page);
	await expect(page).toHaveURL(at('/login'));

	// The choice sticks in this browser.
	await page.reload();
	await expectFrenchSignInScreen(page);

	await page.getByRole('button', { name: 'English' }).click();
	await expectEnglishSignInScreen(page);
	await expect(page).toHaveURL(at('/login'));
});

test('signed in, the language button switches the interface, and the choice is kept on the account', async ({ page, newPage, account }) => {
	const operator = account('operator');
	await signInAs(page, operator);
	await expect(htmlLang(page)).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { name: en.console_title })).toBeVisible();

	await page.getByRole('button', { name: 'Français' }).click();
	await expect(page).toHaveURL(at('/'));
	await expect(htmlLang(page)).toHaveAttribute('lang', 'fr');
	await expect(page.getByRole('heading', { name: fr.console_title })).toBeVisible();
	await expect(page.getByRole('banner')).toContainText(`Connecté en tant que ${operator.username}`);
	await expect(page.getByRole('button', { name: fr.sign_out })).toBeVisible();
	const text = await page.locator('body').innerText();
	for (const key of ['signed_in_as', 'sign_out', 'console_title', 'nav_wall'] as const) {
		expect(text, `English "${en[key]}" on the French console`).not.toContain(en[key].replace(' {name}', ''));
	}

	await page.getByRole('button', { name: 'English' }).click();
	await expect(htmlLang(page)).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { name: en.console_title })).toBeVisible();
	await expect(page.getByRole('banner')).toContainText(`Signed in as ${operator.username}`);

	await page.getByRole('button', { name: 'Français' }).click();
	await expect(page.getByRole('heading', { name: fr.console_title })).toBeVisible();
	await signOut(page, french);

	// Another browser, in English, never told about French: the account's choice wins.
	const elsewhere = await newPage({ locale: 'en-GB' });
	await elsewhere.goto('/login');
	await expectEnglishSignInScreen(elsewhere);
	await signIn(elsewhere, operator, english);
	await expect(elsewhere).toHaveURL(at('/'));
	await expect(elsewhere.getByRole('heading', { name: fr.console_title })).toBeVisible();
	await expect(elsewhere.getByRole('banner')).toContainText(`Connecté en tant que ${operator.username}`);
	await expect(elsewhere.getByRole('button', { name: fr.sign_out })).toBeVisible();

	// Any page loaded from now on is French, <html lang> included.
	await elsewhere.goto('/wall');
	await expect(htmlLang(elsewhere)).toHaveAttribute('lang', 'fr');
	await expect(elsewhere).toHaveTitle(fr.app_name);
	await expect(elsewhere.getByRole('heading', { name: fr.wall_title })).toBeVisible();
});

test('right after signing in, <html lang> and the title follow the account\'s language', async ({ page, newPage, account }) => {
	const operator = account('operator');
	await signInAs(page, operator);
	await page.getByRole('button', { name: 'Français' }).click();
	await expect(htmlLang(page)).toHaveAttribute('lang', 'fr');

	const elsewhere = await newPage({ locale: 'en-GB' });
	await signIn(elsewhere, operator, english);
	await expect(elsewhere.getByRole('heading', { name: fr.console_title })).toBeVisible();
	await expect(htmlLang(elsewhere)).toHaveAttribute('lang', 'fr', { timeout: 2_000 });
	await expect(elsewhere).toHaveTitle(fr.app_name, { timeout: 1_000 });
});

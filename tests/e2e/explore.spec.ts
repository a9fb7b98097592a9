import { test, expect, signIn } from './fixtures';

test('explore', async ({ page, account, newPage }) => {
	const op = account('operator');
	await page.goto('/login');
	await page.getByLabel('Username').fill(op.username);
	await page.getByLabel('Password').fill('wrong-wrong-wrong');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
	console.log('pw value after fail:', JSON.stringify(await page.getByLabel('Password').inputValue()), 'user:', await page.getByLabel('Username').inputValue());
	await signIn(page, op);
	await expect(page).toHaveURL(/\/$/);
	await page.getByRole('button', { name: 'Français' }).click();
	await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
	console.log('lang', await page.locator('html').getAttribute('lang'), await page.locator('body').innerText());
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page).toHaveURL(/\/login$/);
	const p2 = await newPage();
	await signIn(p2, op);
	await expect(p2).toHaveURL(/\/$/);
	console.log('p2 lang', await p2.locator('html').getAttribute('lang'), await p2.locator('body').innerText());
	await p2.reload();
	console.log('p2 lang after reload', await p2.locator('html').getAttribute('lang'), await p2.locator('body').innerText());

	const fr = await newPage({ locale: 'fr-FR' });
	await fr.goto('/login');
	console.log('fr lang', await fr.locator('html').getAttribute('lang'), JSON.stringify(await fr.locator('body').innerText()), await fr.title());

	const admin = account('admin');
	const ap = await newPage();
	await signIn(ap, admin);
	await expect(ap).toHaveURL(/\/admin$/);
	const region = ap.getByRole('region', { name: 'Accounts' });
	await region.getByLabel('Username', { exact: true }).fill('shorty');
	await region.getByLabel('Password', { exact: true }).fill('short');
	await region.getByRole('button', { name: 'Add account' }).click();
	await ap.waitForTimeout(1000);
	console.log('validity', await region.getByLabel('Password', { exact: true }).evaluate((e: HTMLInputElement) => [e.validity.tooShort, e.validationMessage]));
	console.log(await ap.locator('body').innerText());
});

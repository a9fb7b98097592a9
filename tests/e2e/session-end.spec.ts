// An account disabled while its page is open: its next navigation says the session has ended.
import { test, expect, signInAs, at, type Account, type Page } from './fixtures';

/** Signs the admin in on a page of their own and disables the account there. */
async function disableFromAdmin(adminPage: Page, admin: Account, target: Account): Promise<void> {
	await signInAs(adminPage, admin);
	await adminPage.getByRole('button', { name: `Disable ${target.username}` }).click();
	await expect(adminPage.getByRole('status')).toContainText(`Account ${target.username} disabled`);
}

test('an operator disabled by the admin: the next page load lands on /login with the notice', async ({ page, newPage, account }) => {
	const operator = account('operator');
	await signInAs(page, operator);

	await disableFromAdmin(await newPage(), account('admin'), operator);

	await page.reload();

	await expect(page).toHaveURL(at('/login'));
	await expect(page.getByRole('status')).toHaveText('Your session has ended. Sign in again.');
	await expect(page.getByRole('banner')).toHaveCount(0);
	// And it stays ended: going back to the console asks for sign-in again.
	await page.goto('/');
	await expect(page).toHaveURL(at('/login'));
	await expect(page.getByRole('heading', { name: 'Sign in to the SOC console' })).toBeVisible();
});

test('an operator disabled by the admin: following a link in the open page lands on /login with the notice', async ({ page, newPage, account }) => {
	const operator = account('operator');
	await signInAs(page, operator);

	await disableFromAdmin(await newPage(), account('admin'), operator);

	await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Wall display' }).click();

	await expect(page).toHaveURL(at('/login'), { timeout: 3_000 });
	await expect(page.getByRole('status')).toHaveText('Your session has ended. Sign in again.');
});

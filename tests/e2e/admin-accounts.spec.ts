// /admin, accounts: add, disable, enable, reset password (docs/console.md, "/admin").
import { test, expect, signIn, signInAs, uniqueName, at, type Account, type Page } from './fixtures';

const accounts = (page: Page) => page.getByRole('region', { name: 'Accounts' });

/** The row of the Accounts table whose username cell is exactly `username`. */
const rowOf = (page: Page, username: string) =>
	accounts(page)
		.getByRole('table', { name: 'Accounts' })
		.getByRole('row')
		.filter({ has: page.getByRole('cell', { name: username, exact: true }) });

/** The "Add account" form, found through its fields inside the Accounts section. */
async function fillAddAccount(page: Page, who: { username: string; role: string; password: string }): Promise<void> {
	const section = accounts(page);
	await section.getByLabel('Username', { exact: true }).fill(who.username);
	// Not `exact`: the label wraps the list, so its text also holds the options.
	await section.getByLabel('Role').selectOption(who.role);
	await section.getByLabel('Password', { exact: true }).fill(who.password);
}

/** Tries the sign-in in a browser of its own; returns that page. */
async function trySignIn(newPage: () => Promise<Page>, who: { username: string; password: string }): Promise<Page> {
	const page = await newPage();
	await signIn(page, who);
	return page;
}

async function expectRefused(page: Page): Promise<void> {
	await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
	await expect(page).toHaveURL(at('/login'));
}

/** Signs an admin in; the page shows /admin. Accounts made before this are in its table. */
async function openAdmin(page: Page, admin: Account): Promise<void> {
	await signInAs(page, admin);
	await expect(page.getByRole('heading', { name: 'Administration', level: 1 })).toBeVisible();
}

test('an account added through the form is listed as active and can sign in', async ({ page, newPage, account }) => {
	await openAdmin(page, account('admin'));
	const added = { username: uniqueName('sup'), role: 'supervisor' as const, password: 'a-long-enough-password' };

	await fillAddAccount(page, added);
	await accounts(page).getByRole('button', { name: 'Add account' }).click();

	await expect(page.getByRole('status')).toHaveText(`Account ${added.username} added.`);
	const row = rowOf(page, added.username);
	await expect(row).toHaveCount(1);
	await expect(row.getByRole('cell', { name: 'supervisor', exact: true })).toBeVisible();
	await expect(row.getByRole('cell', { name: 'active', exact: true })).toBeVisible();
	await expect(row.getByRole('button', { name: `Disable ${added.username}` })).toBeVisible();
	// The form is ready for the next account.
	await expect(accounts(page).getByLabel('Username', { exact: true })).toHaveValue('');

	const theirs = await newPage();
	await signInAs(theirs, added);
});

test('a password shorter than 12 characters is refused, naming the password', async ({ page, account }) => {
	await openAdmin(page, account('admin'));
	const username = uniqueName('short');
	const password = accounts(page).getByLabel('Password', { exact: true });
	await expect(accounts(page).getByText('At least 12 characters.')).toBeVisible();

	// The browser refuses it first and points at the Password field.
	await fillAddAccount(page, { username, role: 'operator', password: 'short-pw' });
	await accounts(page).getByRole('button', { name: 'Add account' }).click();
	await expect(password).toBeFocused();
	expect(await password.evaluate((input: HTMLInputElement) => input.validity.tooShort)).toBe(true);
	await expect(page.getByRole('status')).toHaveCount(0);

	// The console refuses it too, as for a browser that does not check forms.
	await accounts(page)
		.getByRole('button', { name: 'Add account' })
		.evaluate((button: HTMLButtonElement) => (button.form!.noValidate = true));
	await accounts(page).getByRole('button', { name: 'Add account' }).click();
	await expect(page.getByRole('alert')).toHaveCount(1);
	await expect(page.getByRole('alert')).toContainText(/password/i);
	await expect(page.getByRole('alert')).toContainText('12');

	await page.reload();
	await expect(rowOf(page, username)).toHaveCount(0);
});

test('a disabled account cannot sign in until it is enabled again', async ({ page, newPage, account }) => {
	const operator: Account = account('operator');
	await openAdmin(page, account('admin'));
	const row = rowOf(page, operator.username);
	await expect(row.getByRole('cell', { name: 'active', exact: true })).toBeVisible();

	await row.getByRole('button', { name: `Disable ${operator.username}` }).click();

	await expect(page.getByRole('status')).toHaveText(`Account ${operator.username} disabled; its sessions are ended.`);
	await expect(row.getByRole('cell', { name: 'disabled', exact: true })).toBeVisible();
	await expectRefused(await trySignIn(newPage, operator));

	await row.getByRole('button', { name: `Enable ${operator.username}` }).click();

	await expect(page.getByRole('status')).toHaveText(`Account ${operator.username} enabled.`);
	await expect(row.getByRole('cell', { name: 'active', exact: true })).toBeVisible();
	await expect(row.getByRole('button', { name: `Disable ${operator.username}` })).toBeVisible();
	const theirs = await trySignIn(newPage, operator);
	await expect(theirs).toHaveURL(at('/'));
	await expect(theirs.getByRole('banner')).toContainText(`Signed in as ${operator.username}`);
});

test('after a password reset the new password signs in and the old one does not', async ({ page, newPage, account }) => {
	const operator: Account = account('operator');
	const openDesk = await newPage();
	await signInAs(openDesk, operator);
	await openAdmin(page, account('admin'));
	const newPassword = 'a-brand-new-password-42';
	const row = rowOf(page, operator.username);

	await row.getByLabel(`New password for ${operator.username}`).fill(newPassword);
	await row.getByRole('button', { name: 'Reset password' }).click();

	await expect(page.getByRole('status')).toHaveText(`Password of ${operator.username} changed; its sessions are ended.`);
	// The session that was open has ended.
	await openDesk.reload();
	await expect(openDesk).toHaveURL(at('/login'));
	await expect(openDesk.getByRole('status')).toHaveText('Your session has ended. Sign in again.');

	await expectRefused(await trySignIn(newPage, operator));
	const theirs = await newPage();
	await signInAs(theirs, { ...operator, password: newPassword });
});

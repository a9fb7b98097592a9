// Signing in and out through the sign-in screen (docs/console.md, "/login").
import { test, expect, signIn, signInAs, homeOf, at, type Role } from './fixtures';

const roles: Role[] = ['display', 'operator', 'supervisor', 'admin'];

for (const role of roles) {
	const article = /^[aeiou]/.test(role) ? 'an' : 'a';
	test(`${article} ${role} signs in to ${homeOf[role]}, sees their name, and signs out`, async ({ page, account }) => {
		const person = account(role);

		await page.goto('/login');
		await expect(page.getByRole('heading', { name: 'Sign in to the SOC console' })).toBeVisible();
		await signIn(page, person);

		await expect(page).toHaveURL(at(homeOf[role]));
		await expect(page.getByRole('banner')).toContainText(`Signed in as ${person.username}`);

		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(at('/login'));
		await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
		await expect(page.getByRole('banner')).toHaveCount(0);

		// The session is gone: a page that needs sign-in sends the browser back to /login.
		await page.goto('/');
		await expect(page).toHaveURL(at('/login'));
		await expect(page.getByRole('heading', { name: 'Sign in to the SOC console' })).toBeVisible();
		await page.goto(homeOf[role]);
		await expect(page).toHaveURL(at('/login'));
	});
}

test('a page that needs sign-in sends a visitor to /login', async ({ page }) => {
	for (const path of ['/', '/wall', '/admin']) {
		await page.goto(path);
		await expect(page).toHaveURL(at('/login'));
		await expect(page.getByLabel('Username')).toBeVisible();
	}
});

test('a wrong password and an unknown username get the same single message', async ({ page, account }) => {
	const operator = account('operator');

	await signIn(page, { username: operator.username, password: 'not-the-right-password' });
	await expect(page.getByRole('alert')).toHaveCount(1);
	await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
	await expect(page).toHaveURL(at('/login'));

	await page.goto('/login');
	await signIn(page, { username: 'nobody-has-this-name', password: 'not-the-right-password' });
	await expect(page.getByRole('alert')).toHaveCount(1);
	await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
	await expect(page).toHaveURL(at('/login'));

	// After the failures, the right password still works.
	await signInAs(page, operator);
});

test('without JavaScript, a failed sign-in answers with an empty password field', async ({ newPage, account }) => {
	const page = await newPage({ javaScriptEnabled: false });
	const operator = account('operator');

	await signIn(page, { username: operator.username, password: 'not-the-right-password' });
	await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
	await expect(page.getByLabel('Username')).toHaveValue(operator.username);
	await expect(page.getByLabel('Password')).toHaveValue('');
	expect(await page.content()).not.toContain('not-the-right-password');
});

test('a failed sign-in leaves the password field empty', async ({ page, account }) => {
	const operator = account('operator');

	await signIn(page, { username: operator.username, password: 'not-the-right-password' });
	await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
	await expect(page.getByLabel('Password')).toHaveValue('', { timeout: 2_000 });
});

test('a username typed before the page has finished loading is kept', async ({ page, account }) => {
	const operator = account('operator');
	// Slow down the page's scripts so that typing happens before they run.
	await page.route('**/_app/immutable/entry/**', async (route) => {
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		await route.continue();
	});
	await page.goto('/login');
	await page.getByLabel('Username').fill(operator.username);
	await page.getByLabel('Password').fill(operator.password);
	await page.waitForLoadState('networkidle');

	await expect(page.getByLabel('Username')).toHaveValue(operator.username, { timeout: 2_000 });
});

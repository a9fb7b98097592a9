// What each role may open (docs/console.md, "Roles"): a signed-in role without the right gets 403.
import { test, expect, signInAs, at } from './fixtures';

/** The buttons of the operator console (docs/console.md, "/"): none belongs on the wall display. */
const incidentActions = [
	'Acknowledge',
	'Release',
	'Escalate',
	'Add note',
	'Add reference',
	'Resolve',
	'Reassign',
	'Mute for 5 minutes'
];

test('an operator who opens /admin is refused with 403', async ({ page, account }) => {
	await signInAs(page, account('operator'));
	await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Administration' })).toHaveCount(0);

	const response = await page.goto('/admin');

	expect(response?.status()).toBe(403);
	await expect(page).toHaveURL(at('/admin'));
	await expect(page.getByRole('heading', { name: 'Administration' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Add account' })).toHaveCount(0);
});

test('a display account has no action buttons on /wall and is refused (403) on the console', async ({ page, account }) => {
	await signInAs(page, account('display'));
	await expect(page.getByRole('heading', { name: 'Wall display' })).toBeVisible();

	for (const name of incidentActions) {
		await expect(page.getByRole('button', { name, exact: true }), `"${name}" on /wall`).toHaveCount(0);
	}
	await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Console', exact: true })).toHaveCount(0);

	const response = await page.goto('/');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: 'Operator console' })).toHaveCount(0);
});

test('an admin is refused (403) on the console and the wall display', async ({ page, account }) => {
	await signInAs(page, account('admin'));

	for (const path of ['/', '/wall']) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
	}
});

test('the 403 page says "You do not have access to this page." and keeps the top bar', async ({ page, newPage, account }) => {
	const operator = account('operator');
	const display = account('display');
	const wall = await newPage();
	await signInAs(page, operator);
	await signInAs(wall, display);

	for (const [who, path, person] of [[page, '/admin', operator], [wall, '/', display]] as const) {
		await who.goto(path);
		await expect(who.getByRole('alert')).toHaveText('You do not have access to this page.', { timeout: 2_000 });
		await expect(who.getByRole('heading', { name: 'Error 403' })).toBeVisible();
		await expect(who.getByRole('banner')).toContainText(`Signed in as ${person.username}`);
		await expect(who.getByRole('button', { name: 'Sign out' })).toBeVisible();
	}
});

// Keyboard and alarm controls of the console (docs/console.md, "/"): j/k move the
// selection, a acknowledges, n opens the note dialog, e and r the escalate and resolve dialogs,
// ? the keyboard help; "Sound off" shows until a first click; "Mute for 5 minutes" mutes.
import type { Page } from '@playwright/test';
import {
	test,
	expect,
	airbagEvent,
	alarmStateOf,
	alarming,
	cellOf,
	connectionOf,
	detailOf,
	incidentRows,
	incidentsTable,
	rowOf,
	sendOk,
	timelineEntry,
	vin
} from './helpers/console';
import { audioContextCreated } from './helpers/browser';
import { signIn as signInOverHttp } from '../helpers/server';

// Tracing takes its DOM snapshots by evaluating in the page, and Chromium counts such evaluations
// as user gestures that allow sound: off here, so that the page is seen as before any gesture.
test.use({ trace: 'off' });

/**
 * Lets the page run the tasks it has queued. A dialog's `close` event comes a task after it
 * closes, and the console's handler of that event clears whichever dialog is open by then: a key
 * pressed at machine speed in between would have its dialog closed at once (no person types that
 * fast).
 */
const settle = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => setTimeout(() => requestAnimationFrame(() => resolve()), 0)));

const selectedRow = (page: Page) => incidentsTable(page).locator('tbody tr[aria-selected="true"]');

test('j/k move the selection, a acknowledges, n notes, ? helps; sound off until a click; mute for 5 minutes', async ({ ownConsole }) => {
	const soc = await ownConsole();
	const me = soc.account('operator', 'keys');

	// A page on the console before any click or key: the browser keeps sound off, and the screen says
	// so. In Chromium a click on the site (signing in through the form) and Playwright's own looks at
	// a page (locators, evaluations, trace snapshots) count as user gestures that allow sound; so this
	// page's context gets its session cookie from a sign-in over HTTP, and nothing looks at the page
	// before its alarm sound is set up.
	const { cookie } = await signInOverHttp(soc.url, me.username, me.password);
	expect(cookie).not.toBeNull();
	const page = await soc.newPage();
	const [name, value] = cookie!.split(/=(.*)/s);
	await page.context().addCookies([{ name, value, url: soc.url }]);
	const audio = await audioContextCreated(page);
	await page.goto('/');
	expect(await audio.state, 'the browser keeps audio suspended before any gesture').toBe('suspended');
	await expect(incidentsTable(page)).toBeVisible();
	await expect(connectionOf(page)).toHaveText(/Live/);
	// Before any gateway connects the console alarms (gateway silence), and says the sound is held back.
	await expect(page.getByRole('status').filter({ hasText: 'sound off' })).toHaveText(/^(◉ Alarm|No alarm) — sound off: click anywhere to allow sound/);

	const gateway = await soc.gateway();
	const vins = [vin(), vin(), vin()];
	for (const v of vins) {
		await sendOk(gateway, 'airbag.deployed', airbagEvent(v));
		await expect(rowOf(page, v)).toBeVisible();
	}
	// Oldest first among new airbag incidents.
	for (const [i, v] of vins.entries()) await expect(incidentRows(page).nth(i)).toContainText(v);
	await expect(selectedRow(page)).toHaveCount(0);

	// j / k move the selection.
	await page.keyboard.press('j');
	await expect(selectedRow(page)).toContainText(vins[0]);
	await expect(detailOf(page)).toContainText(`VIN ${vins[0]}`);
	await page.keyboard.press('j');
	await expect(selectedRow(page)).toContainText(vins[1]);
	await page.keyboard.press('j');
	await expect(selectedRow(page)).toContainText(vins[2]);
	await page.keyboard.press('j');
	await expect(selectedRow(page)).toContainText(vins[2]);
	await page.keyboard.press('k');
	await expect(selectedRow(page)).toContainText(vins[1]);
	await expect(selectedRow(page)).toHaveCount(1);
	await expect(detailOf(page)).toContainText(`VIN ${vins[1]}`);

	// a acknowledges the selected incident.
	await page.keyboard.press('a');
	await expect(detailOf(page)).toContainText(`Owned by ${me.username}`);
	await expect(cellOf(rowOf(page, vins[1]), 'owner')).toHaveText(me.username);
	await expect(cellOf(rowOf(page, vins[1]), 'status')).toHaveText('acknowledged');
	await expect(cellOf(rowOf(page, vins[0]), 'status')).toHaveText('new');
	await expect(selectedRow(page)).toContainText(vins[1]);

	// n opens the note dialog.
	await page.keyboard.press('n');
	const note = page.getByRole('dialog', { name: 'Add note' });
	await expect(note).toBeVisible();
	await note.getByLabel('Note').fill('Called the occupants: no answer.');
	await note.getByRole('button', { name: 'Add note', exact: true }).click();
	await expect(note).toBeHidden();
	await expect(timelineEntry(page, 'Note: Called the occupants: no answer.')).toContainText(`by ${me.username}`);
	await settle(page);

	// e and r open the escalate and resolve dialogs (Escape closes them).
	for (const [key, name] of [['e', 'Escalate'], ['r', 'Resolve']]) {
		await page.keyboard.press(key);
		await expect(page.getByRole('dialog', { name })).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(page.getByRole('dialog', { name })).toBeHidden();
		await expect(page.getByRole('heading', { name, includeHidden: true })).toHaveCount(0);
		await settle(page);
	}

	// ? opens the keyboard help.
	await page.keyboard.press('?');
	const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
	await expect(help).toBeVisible();
	await expect(help).toContainText('j / k: next / previous incident');
	await help.getByRole('button', { name: 'Close', exact: true }).click();
	await expect(help).toBeHidden();

	// Mute for 5 minutes: the screen shows it is muted, until Unmute.
	await expect(alarmStateOf(page)).toHaveText(alarming);
	await page.getByRole('button', { name: 'Mute for 5 minutes', exact: true }).click();
	await expect(alarmStateOf(page)).toContainText(/Muted until \d{2}:\d{2}:\d{2}/);
	await expect(page.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Mute for 5 minutes', exact: true })).toHaveCount(0);
	await page.getByRole('button', { name: 'Unmute', exact: true }).click();
	await expect(alarmStateOf(page)).not.toContainText('Muted until');
	await expect(page.getByRole('button', { name: 'Mute for 5 minutes', exact: true })).toBeVisible();

	// After those keys and clicks the browser allows sound: "sound off" is gone.
	await expect(page.getByRole('status').filter({ hasText: 'sound off' })).toHaveCount(0);
});

// The police link (police.md), as an operator and the police use it: the operator makes a link on
// a theft and copies it; another browser, without a session, opens it and watches the car move;
// nothing of the owner or the operator is on that page; Revoke ends it there at once.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, detailOf, eventId, iso, select, sendOk, signInAs, timelineEntry, vin } from './helpers/console';

const owner = { name: 'Anna Huber', phone: '+49 89 7654321', language: 'de' };

const fix = (v: string, at: { lat: number; lon: number }, speedKmh: number, headingDeg: number) => ({
	eventId: eventId('fix'),
	vin: v,
	fixAt: iso(Date.now()),
	...at,
	speedKmh,
	headingDeg,
	accuracyM: 5
});

async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('an operator makes a police link and copies it; the police open it without a session, see the car move, and lose it at Revoke', async ({
	page,
	context,
	account,
	gateway,
	newPage
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const operator = account('operator');
	await signInAs(page, operator);
	const gw = await gateway();
	const v = vin();
	await sendOk(gw, 'theft.started', {
		eventId: eventId('theft'),
		vin: v,
		occurredAt: iso(Date.now()),
		trigger: 'tow_away',
		vehicle: { model: 'Clio', modelYear: 2021, colour: 'Bleu Iron', plate: 'GH-123-JK', owner }
	});
	await sendOk(gw, 'theft.position', fix(v, { lat: 48.8606, lon: 2.3376 }, 40, 90));
	await select(page, v);

	// The operator: the country's police first, a link shown once, copied.
	const links = detailOf(page).getByRole('region', { name: 'Police links' });
	await expect(links).toContainText('No police link yet.');
	await expect(links.getByLabel('Authority')).toHaveValue(/\d+/);
	await expect(links.getByLabel('Authority').locator('option').first()).toHaveText('Police France (FR)');
	await links.getByRole('button', { name: 'Make police link' }).click();
	const field = links.getByLabel('Police link', { exact: true });
	await expect(field).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/track\/pl_[A-Za-z0-9_-]{43}$/);
	await links.getByRole('button', { name: 'Copy', exact: true }).click();
	await expect(links.getByRole('status')).toHaveText('Copied.');
	const url = await page.evaluate(() => navigator.clipboard.readText());
	expect(url).toBe(await field.inputValue());
	await expect(links.getByRole('listitem')).toContainText(/Police France · active until \d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d/);
	await expect(timelineEntry(page, /^\d\d:\d\d:\d\d\s*Police link made for Police France/)).toBeVisible();
	expect(await seriousViolations(page), 'the console with a police link').toEqual([]);
	// Shown once: Done, and the link is gone from the screen.
	await links.getByRole('button', { name: 'Done' }).click();
	await expect(field).toBeHidden();

	// The police: another browser, never signed in.
	const police = await newPage();
	await police.goto(url);
	await expect(police.getByRole('heading', { level: 1 })).toHaveText(/^Stolen vehicle · incident \d+$/);
	const vehicle = police.getByRole('region', { name: 'Vehicle', exact: true });
	await expect(vehicle).toContainText('GH-123-JK');
	await expect(vehicle).toContainText('Clio 2021');
	await expect(vehicle).toContainText('Bleu Iron');
	await expect(vehicle).toContainText(v);
	const position = police.getByRole('region', { name: 'Position', exact: true });
	await expect(position).toContainText('48.86060, 2.33760');
	await expect(position).toContainText('40 km/h');
	await expect(position).toContainText('90° (E)');
	await expect(police.getByRole('status', { name: 'Connection' })).toHaveText(/Live/);
	await expect(police.getByRole('region', { name: 'Map of the vehicle and its last hour' })).toBeVisible();
	const marker = police.locator('.police-vehicle');
	await expect(marker).toBeVisible();
	const before = await marker.boundingBox();

	// The car moves: the page follows by itself.
	await sendOk(gw, 'theft.position', fix(v, { lat: 48.8616, lon: 2.3396 }, 55, 45));
	await expect(position).toContainText('48.86160, 2.33960');
	await expect(position).toContainText('55 km/h');
	await expect(position).toContainText('45° (NE)');
	await expect.poll(async () => JSON.stringify(await marker.boundingBox())).not.toBe(JSON.stringify(before));
	const html = await police.content();
	for (const secret of [owner.name, owner.phone, operator.username]) expect(html).not.toContain(secret);
	expect(await seriousViolations(police), 'the police’s page').toEqual([]);

	// The opening is on the operator's timeline.
	await expect(timelineEntry(page, /Police link for Police France opened: vehicle at .+; Chrome \d+ · Linux/)).toBeVisible();

	// Revoke: the police's page says at once that the link has ended, and shows the car no more.
	await links.getByRole('button', { name: 'Revoke link for Police France' }).click();
	await expect(police.getByRole('alert')).toContainText('This link has ended');
	await expect(police.getByRole('heading', { level: 1 })).toHaveText('This link has ended');
	await expect(police.getByText('GH-123-JK')).toBeHidden();
	await expect(links.getByRole('listitem')).toContainText(`ended: revoked by ${operator.username}`);
	await police.reload();
	await expect(police.getByRole('heading', { level: 1 })).toHaveText('This link has ended');
});

// Automated accessibility check with axe-core (no serious violations): every screen (the operator
// console with and without an incident selected, the supervisor's log, incident page, reports and
// hand-off sheet, the sign-in page and the administration page; the wall in wall.spec.ts) has no
// violation of impact "serious" or "critical".
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, action, airbagEvent, cellOf, detailOf, incidentRows, operatorOn, rowOf, select, sendOk, signInAs, vin } from './helpers/console';

/** The serious and critical violations of the page as it is now, one line each with its targets. */
async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => `${n.target.join(' ')} [${n.any.map((c) => c.message).join('; ')}]`).join(' | ')}`);
}

test('the console with an incident selected has no serious accessibility violations', async ({ account, newPage, gateway }) => {
	const page = await operatorOn(newPage, account('operator'));
	const v = vin();
	await sendOk(await gateway(), 'airbag.deployed', airbagEvent(v, { propulsion: ['electric'] }));
	await select(page, v);
	await expect(detailOf(page).getByRole('listitem').first()).toBeVisible(); // the timeline is in
	expect(await seriousViolations(page)).toEqual([]);
});

test('the console with a crash past its target selected has no serious accessibility violations', async ({ ownConsole }) => {
	const soc = await ownConsole({ SOC_TARGET_AIRBAG_S: '2' });
	const page = await operatorOn(soc.newPage, soc.account('operator'));
	const v = vin();
	await sendOk(await soc.gateway(), 'airbag.deployed', airbagEvent(v));
	await expect(cellOf(rowOf(page, v), 'type')).toContainText('BREACHED', { timeout: 10_000 });
	await select(page, v);
	await expect(detailOf(page)).toContainText('BREACHED');
	expect(await seriousViolations(page)).toEqual([]);
});

test('the console with more open incidents than its list can show has no serious accessibility violations', async ({ ownConsole }) => {
	const soc = await ownConsole();
	const operator = soc.account('operator');
	const page = await operatorOn(soc.newPage, operator);
	const gateway = await soc.gateway();
	const vins = Array.from({ length: 15 }, () => vin());
	for (const v of vins) await sendOk(gateway, 'airbag.deployed', airbagEvent(v));
	await expect(incidentRows(page)).toHaveCount(vins.length);
	await select(page, vins[0]);
	await action(page, 'Acknowledge').click();
	await expect(detailOf(page)).toContainText(`Owned by ${operator.username}`);
	expect(await seriousViolations(page)).toEqual([]);
});

test('the sign-in page has no serious accessibility violations', async ({ page }) => {
	await page.goto('/login');
	await page.waitForLoadState('networkidle');
	await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('the administration page has no serious accessibility violations', async ({ page, account }) => {
	await signInAs(page, account('admin'));
	await expect(page.getByRole('heading', { name: 'Administration' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('the console with nothing selected and the supervisor\'s screens have no serious accessibility violations', async ({ account, newPage, gateway }) => {
	const v = vin();
	await sendOk(await gateway(), 'airbag.deployed', airbagEvent(v));
	const page = await operatorOn(newPage, account('supervisor'));
	await expect(incidentRows(page).first()).toBeVisible();
	expect(await seriousViolations(page), 'the console with nothing selected').toEqual([]);
	await select(page, v);
	const sheet = await detailOf(page).getByRole('link', { name: 'Hand-off sheet' }).getAttribute('href');
	const id = /^\/incidents\/(\d+)\/handoff$/.exec(sheet ?? '')?.[1];
	expect(id).toBeDefined();
	for (const path of ['/log', `/log/${id}`, '/reports', sheet!]) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await page.waitForLoadState('networkidle');
		expect(await seriousViolations(page), path).toEqual([]);
	}
});

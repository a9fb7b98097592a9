// Text from the gateway is data, never markup (docs/console.md): a vehicle model and an owner
// name written as HTML show as those characters in the list and the detail, and no script runs.
import { test, expect, airbagEvent, cellOf, detailOf, operatorOn, rowOf, select, sendOk, vin } from './helpers/console';

const model = '<img src=x onerror=alert(1)>';
const owner = '<img src=y onerror="window.__socXss=1;alert(2)"><script>window.__socXss=2</script>';
const plate = '<b onmouseover=alert(3)>M-X 1</b>';

test('vehicle text from the gateway shows as text and runs no script', async ({ account, newPage, gateway }) => {
	const dialogs: string[] = [];
	const page = await newPage();
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await operatorOn(async () => page, account('operator'));

	const v = vin();
	await sendOk(
		await gateway(),
		'airbag.deployed',
		airbagEvent(v, { vehicle: { model, colour: 'Red', plate, owner: { name: owner, phone: '+49 89 1', language: 'de' } } })
	);

	// In the list: the characters, as they were sent.
	const row = rowOf(page, v);
	await expect(cellOf(row, 'vehicle')).toContainText(`${model} · Red · ${plate}`);

	// In the detail: the model in the heading, the owner's name.
	await select(page, v);
	await expect(detailOf(page).getByRole('heading', { level: 2 })).toContainText(model);
	await expect(detailOf(page)).toContainText(owner);

	// Nothing became an element, nothing ran.
	await row.hover();
	await detailOf(page).hover();
	expect(await page.locator('img[src="x"], img[src="y"], b[onmouseover]').count()).toBe(0);
	expect(await page.evaluate(() => (window as unknown as { __socXss?: number }).__socXss)).toBeUndefined();
	expect(dialogs).toEqual([]);
});

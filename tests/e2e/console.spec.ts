// The operator console with two operators (docs/console.md, "Incident lifecycle" and "/"): an airbag
// event from a gateway reaches both screens and the map; A acknowledges,
// B sees A as the owner and cannot take it; A escalates to the emergency services with a
// reference, then resolves it; it leaves the open list on both screens.
import {
	test,
	expect,
	action,
	airbagEvent,
	cellOf,
	detailOf,
	incidentsTable,
	operatorOn,
	paintedPixels,
	rowOf,
	select,
	sendOk,
	timelineEntry,
	vin
} from './helpers/console';

test('an airbag incident goes from new to resolved, seen live by two operators', async ({ ownConsole }) => {
	// A console of its own: a clean map and queue, so "a marker appeared" means this incident's.
	const soc = await ownConsole();
	const a = soc.account('operator', 'op-a');
	const b = soc.account('operator', 'op-b');
	const pageA = await operatorOn(soc.newPage, a);
	const pageB = await operatorOn(soc.newPage, b);
	for (const page of [pageA, pageB]) {
		await expect(incidentsTable(page)).toContainText('No open incidents.');
		expect(await paintedPixels(page), 'nothing drawn on the map before the event').toBe(0);
	}

	const gateway = await soc.gateway();
	const v = vin();
	await sendOk(gateway, 'airbag.deployed', airbagEvent(v, { vehicle: { model: 'Golf', colour: 'Blue', plate: 'M-AB 1234' } }));

	// On both lists, as a new airbag incident, and drawn on both maps.
	for (const page of [pageA, pageB]) {
		const row = rowOf(page, v);
		await expect(row).toBeVisible();
		await expect(cellOf(row, 'type')).toContainText('Airbag');
		await expect(cellOf(row, 'vehicle')).toContainText('Golf · Blue · M-AB 1234');
		await expect(cellOf(row, 'status')).toHaveText('new');
		await expect(cellOf(row, 'owner')).toHaveText('—');
		await expect.poll(() => paintedPixels(page), { message: 'a marker drawn in the map region' }).toBeGreaterThan(0);
	}

	// A takes it.
	await select(pageA, v);
	await action(pageA, 'Acknowledge').click();
	await expect(detailOf(pageA)).toContainText(`Owned by ${a.username}`);
	await expect(cellOf(rowOf(pageA, v), 'status')).toHaveText('acknowledged');

	// B sees A as the owner, in the row and in the detail, and cannot take it.
	await expect(cellOf(rowOf(pageB, v), 'owner')).toHaveText(a.username);
	await expect(cellOf(rowOf(pageB, v), 'status')).toHaveText('acknowledged');
	await select(pageB, v);
	await expect(detailOf(pageB)).toContainText(`Owned by ${a.username}`);
	await expect(action(pageB, 'Acknowledge')).toBeDisabled();
	await pageB.keyboard.press('a');
	await expect(detailOf(pageB).getByRole('alert')).toHaveText(`Refused: ${a.username} owns this incident.`);
	await expect(detailOf(pageB)).toContainText(`Owned by ${a.username}`);

	// A escalates to the emergency services, with their reference.
	await action(pageA, 'Escalate').click();
	const escalate = pageA.getByRole('dialog', { name: 'Escalate' });
	await expect(escalate).toBeVisible();
	await escalate.getByLabel('Authority').selectOption({ label: 'Emergency services Germany (PSAP 112) (DE, 112)' });
	await escalate.getByLabel('Reference').fill('ILS-M 2026-4711');
	await escalate.getByLabel('Note').fill('Two occupants, conscious; ambulance sent.');
	await escalate.getByRole('button', { name: 'Escalate', exact: true }).click();
	await expect(escalate).toBeHidden();
	await expect(timelineEntry(pageA, 'Escalated to Emergency services Germany (PSAP 112) — ILS-M 2026-4711')).toContainText(`by ${a.username}`);
	await expect(cellOf(rowOf(pageA, v), 'status')).toHaveText('escalated');
	await expect(cellOf(rowOf(pageB, v), 'status')).toHaveText('escalated');
	await expect(timelineEntry(pageB, 'Escalated to Emergency services Germany (PSAP 112) — ILS-M 2026-4711')).toBeVisible();
	// Only the owner (or a supervisor) may add a reference to the hand-off.
	await expect(action(pageA, 'Add reference')).toBeEnabled();
	await expect(action(pageB, 'Add reference')).toBeDisabled();

	// A resolves it with an outcome.
	await action(pageA, 'Resolve').click();
	const resolve = pageA.getByRole('dialog', { name: 'Resolve' });
	await expect(resolve).toBeVisible();
	await resolve.getByLabel('Outcome').selectOption({ label: 'handed to emergency services' });
	await resolve.getByLabel('Note').fill('Ambulance on site.');
	await resolve.getByRole('button', { name: 'Resolve', exact: true }).click();
	await expect(resolve).toBeHidden();

	// It leaves the open list on both screens.
	for (const page of [pageA, pageB]) {
		await expect(rowOf(page, v)).toHaveCount(0);
		await expect(incidentsTable(page)).toContainText('No open incidents.');
	}
});

// eCall data on the screens (docs/ecall.md): the MSD in words on the incident, Escalate offering
// the country's authorities first, and the hand-off sheet an operator prints or pastes for the
// emergency services, which a wall display may not open.
import { encodeMsd } from '../../src/lib/domain/msd/encode';
import { msdFromFacts } from '../../src/lib/domain/msd/facts';
import { test, expect, action, airbagEvent, detailOf, eventId, iso, mapOf, operatorOn, select, sendOk, signInAs, timelineEntry, vin } from './helpers/console';

const bern = { lat: 46.948, lon: 7.4474 };

/** The MSD of a test call in Bern: a manual call, three occupants, petrol and a high-voltage battery. */
function testCallMsd(v: string, position = bern): string {
	return encodeMsd(
		msdFromFacts({
			version: 2,
			vin: v,
			automatic: false,
			testCall: true,
			positionTrusted: true,
			vehicleType: 'passengerVehicleClassM1',
			propulsion: ['gasoline', 'electric'],
			timestamp: Math.floor(Date.now() / 1000) * 1000,
			position,
			headingDeg: 180,
			recentPositions: [{ lat: position.lat + 0.0005, lon: position.lon }],
			passengers: 3,
			additionalData: null
		})
	);
}

test('the MSD reads in words, Escalate offers the country found first, and the hand-off sheet is copied and on the record', async ({
	page,
	account,
	gateway,
	context
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const operator = account('operator');
	await signInAs(page, operator);
	const gw = await gateway();
	const v = vin();
	// An MSD alone: the console takes the position, the test call and the occupants from it.
	await sendOk(gw, 'airbag.deployed', {
		eventId: eventId('msd'),
		vin: v,
		msd: testCallMsd(v),
		vehicle: { model: 'Octavia', modelYear: 2022, colour: 'Grey', plate: 'BE 123456', owner: { name: 'Hanna Keller', phone: '+41 31 555 01 02', language: 'de' } }
	});
	await select(page, v);
	const detail = detailOf(page);
	const msd = detail.getByRole('region', { name: 'eCall data (MSD)' });
	await expect(msd).toContainText('TEST CALL');
	await expect(msd).toContainText('manual (SOS button)');
	await expect(msd).toContainText('passenger car (M1)');
	await expect(msd).toContainText('petrol, high-voltage battery');
	await expect(msd).toContainText('46.94800, 7.44740 · trusted (within 150 m)');
	await expect(msd).toContainText('180° from north');

	// Escalate: Switzerland found, its emergency services first.
	await action(page, 'Acknowledge').click();
	await expect(detail).toContainText(`Owned by ${operator.username}`);
	await action(page, 'Escalate').click();
	const escalate = page.getByRole('dialog', { name: 'Escalate' });
	await expect(escalate.getByRole('status')).toHaveText('Position in Switzerland: its authorities are offered first.');
	const options = await escalate.getByLabel('Authority').locator('option').allTextContents();
	expect(options.slice(0, 2)).toEqual(['Emergency services Switzerland (PSAP 112) (CH, 112)', 'Police Switzerland (CH, 117)']);
	await escalate.getByLabel('Reference').fill('SNZ-BE 2026-881');
	await escalate.getByRole('button', { name: 'Escalate', exact: true }).click();
	await expect(escalate).toBeHidden();

	// The sheet opens beside the console.
	const [sheet] = await Promise.all([page.waitForEvent('popup'), detail.getByRole('link', { name: 'Hand-off sheet' }).click()]);
	await expect(sheet.getByRole('heading', { level: 1 })).toHaveText(/^Hand-off sheet · incident \d+$/);
	const main = sheet.getByRole('main');
	await expect(main.getByText('TEST CALL').first()).toBeVisible();
	await expect(main).toContainText('46°56′52.8″N 7°26′50.6″E');
	await expect(main).toContainText('Switzerland');
	await expect(main).toContainText('Octavia 2022');
	await expect(main).toContainText('BE 123456');
	await expect(main).toContainText('SNZ-BE 2026-881');
	await expect(main).toContainText(operator.username);
	// Never the owner's name or phone.
	const html = await sheet.content();
	expect(html).not.toContain('Hanna Keller');
	expect(html).not.toContain('555 01 02');

	// Printed, it is one A4 page.
	const pdf = (await sheet.pdf({ format: 'A4' })).toString('latin1');
	expect(pdf.match(/\/Type\s*\/Page[^s]/g), 'pages of the printed sheet').toHaveLength(1);

	await sheet.getByRole('button', { name: 'Copy as text' }).click();
	await expect(sheet.getByRole('status')).toHaveText('Copied: paste it into the authority\'s form.');
	const text = await sheet.evaluate(() => navigator.clipboard.readText());
	expect(text).toMatch(/^Hand-off sheet · incident \d+\nTEST CALL\n/);
	expect(text).toContain('Degrees, minutes, seconds: 46°56′52.8″N 7°26′50.6″E');
	expect(text).toContain('Occupants belted: 3');
	expect(text).not.toContain('Hanna Keller');

	await expect(timelineEntry(page, 'Hand-off sheet opened')).toBeVisible();
	await expect(timelineEntry(page, 'Hand-off sheet copied as text')).toBeVisible();
});

test('a theft is offered the police of its country first; a position at sea says no country was found', async ({ page, account, gateway }) => {
	const operator = account('operator');
	await signInAs(page, operator);
	const gw = await gateway();
	const theft = vin();
	await sendOk(gw, 'theft.started', { eventId: eventId('theft'), vin: theft, occurredAt: iso(Date.now()), trigger: 'tow_away', position: { lat: 48.2082, lon: 16.3738 } });
	const crash = vin();
	await sendOk(gw, 'airbag.deployed', airbagEvent(crash, { position: { lat: 45.5, lon: -10 } }));

	for (const [v, line, first] of [
		[theft, 'Position in Austria: its authorities are offered first.', 'Police Austria (AT, 133)'],
		[crash, 'No country found for this position (at sea or unknown): pick the authority.', null]
	] as const) {
		await select(page, v);
		await action(page, 'Acknowledge').click();
		await expect(detailOf(page)).toContainText(`Owned by ${operator.username}`);
		await action(page, 'Escalate').click();
		const escalate = page.getByRole('dialog', { name: 'Escalate' });
		await expect(escalate.getByRole('status')).toHaveText(line);
		if (first) await expect(escalate.getByLabel('Authority').locator('option').first()).toHaveText(first);
		await escalate.getByRole('button', { name: 'Cancel', exact: true }).click();
		await expect(escalate).toBeHidden();
	}
});

test('the hand-off sheet is for operators and supervisors: a wall display gets 403', async ({ newPage, account, gateway }) => {
	const gw = await gateway();
	const v = vin();
	await sendOk(gw, 'airbag.deployed', airbagEvent(v, { position: bern }));
	const supervisor = await operatorOn(newPage, account('supervisor'));
	await select(supervisor, v);
	const href = await detailOf(supervisor).getByRole('link', { name: 'Hand-off sheet' }).getAttribute('href');
	expect(href).toMatch(/^\/incidents\/\d+\/handoff$/);
	await supervisor.goto(href!);
	await expect(supervisor.getByRole('heading', { level: 1 })).toHaveText(/^Hand-off sheet/);

	const wall = await newPage();
	await signInAs(wall, account('display'));
	const response = await wall.goto(href!);
	expect(response?.status()).toBe(403);
	await expect(wall.getByRole('main')).not.toContainText('Hand-off sheet');
});

test('where the MSD puts the crash elsewhere than the gateway, the map shows both positions, labelled', async ({ ownConsole }) => {
	const soc = await ownConsole();
	const page = await operatorOn(soc.newPage, soc.account('operator'));
	const gw = await soc.gateway();
	const v = vin();
	// The gateway says Bern's station; the MSD, 1.2 km north.
	await sendOk(gw, 'airbag.deployed', airbagEvent(v, { position: bern, testCall: true, automatic: false, passengers: 3, msd: testCallMsd(v, { lat: 46.959, lon: 7.4474 }) }));
	const map = mapOf(page);
	await expect(map.getByText('MSD position', { exact: true })).toBeVisible();
	await expect(map.getByText('Gateway position', { exact: true })).toBeVisible();
	await select(page, v);
	// Named in the data problems (and on the timeline), in words; the gateway's own message on hover.
	const apart = detailOf(page).getByRole('listitem').filter({ hasText: /^eCall data \(MSD\) puts the vehicle 1223 m from the gateway's position$/ });
	await expect(apart).toBeVisible();
	await expect(apart).toHaveAttribute('title', /^msd: the MSD's position \(46\.95900, 7\.44740\) is 1223 m from the event's/);
});

// The street address on the operator's screens (police.md, "Street address"): a crash's street in
// the queue and on the incident, "looking up street…" beside the town until it comes, on the
// hand-off sheet and on the wall. The geocoder is a stub the test starts, answering Nominatim's jsonv2.
import { test, expect, airbagEvent, cellOf, detailOf, operatorOn, rowOf, select, sendOk, signInAs, vin } from './helpers/console';
import { startGeocoder } from '../helpers/geocoder';

test('the operator sees the street of a crash, the hand-off sheet carries it, and so does the wall', async ({ ownConsole }) => {
	const geo = await startGeocoder();
	try {
		// Slow enough to see the label while the lookup runs.
		geo.delayMs = 1_500;
		const soc = await ownConsole({ SOC_GEOCODER_URL: geo.url });
		const page = await operatorOn(soc.newPage, soc.account('operator'));
		const v = vin();
		// In Munich, 22 m from the Marienplatz 8 the stub knows.
		await sendOk(await soc.gateway(), 'airbag.deployed', airbagEvent(v));

		const place = cellOf(rowOf(page, v), 'place');
		await expect(place).toContainText('Munich (DE)');
		await expect(place).toContainText('looking up street…');
		await expect(place).toContainText('Marienplatz 8, 80331 München (DE)');
		await expect(place).not.toContainText('looking up street…');
		await expect(place).not.toContainText('Munich (DE)');

		await select(page, v);
		const detail = detailOf(page);
		await expect(detail).toContainText('Marienplatz 8, 80331 München (DE) · 48.13720, 11.57550');

		const [sheet] = await Promise.all([page.waitForEvent('popup'), detail.getByRole('link', { name: 'Hand-off sheet' }).click()]);
		const position = sheet.getByRole('region', { name: 'Position' });
		await expect(position.getByRole('definition').first()).toHaveText('Marienplatz 8, 80331 München');
		await expect(position.getByRole('term').first()).toHaveText('Street address');
		await expect(position).toContainText('Munich');

		// The wall's row says it too.
		const wall = await soc.newPage();
		await signInAs(wall, soc.account('display'));
		await expect(cellOf(rowOf(wall, v), 'place')).toContainText('Marienplatz 8, 80331 München (DE)');
		expect(geo.requests).toHaveLength(1);
	} finally {
		await geo.close();
	}
});

// A stolen vehicle's track, replayed from a recorded drive in Munich (docs/console.md,
// "Stale track" and "Time targets"): the theft shows its track and its moving position on the map
// and in its row, with the town and coordinates; when fixes stop it turns stale; an
// unacknowledged crash past its target shows as BREACHED and alarms.
import {
	test,
	expect,
	airbagEvent,
	alarmStateOf,
	alarming,
	cellOf,
	detailOf,
	eventId,
	incidentRows,
	iso,
	mapOf,
	munich,
	operatorOn,
	paintedPixels,
	rowOf,
	select,
	sendOk,
	signInAs,
	townsNear,
	vin
} from './helpers/console';
import { readRmcFixes, type RmcFix } from './helpers/nmea';

const staleAfterS = 3;
const targetAirbagS = 2;

/** The row shows a position as coordinates to four decimals. */
const coordinates = (f: { lat: number; lon: number }) => `${f.lat.toFixed(4)}, ${f.lon.toFixed(4)}`;

test('a theft replayed from munich-gps.nmea shows its track, turns stale, and a crash past its target is BREACHED', async ({ ownConsole }) => {
	test.setTimeout(60_000);
	const soc = await ownConsole({ SOC_STALE_AFTER_S: String(staleAfterS), SOC_TARGET_AIRBAG_S: String(targetAirbagS) });
	const page = await operatorOn(soc.newPage, soc.account('operator'));
	const gateway = await soc.gateway();

	// 200 valid fixes of the drive, shifted so that the last one is a second old.
	const recorded = readRmcFixes('munich-gps.nmea').slice(0, 200);
	expect(recorded).toHaveLength(200);
	const shift = Date.now() - 1_000 - recorded[199].at;
	const v = vin();
	const fix = (f: RmcFix) => ({
		eventId: eventId('fix'),
		vin: v,
		fixAt: iso(f.at + shift),
		lat: f.lat,
		lon: f.lon,
		...(f.speedKmh !== null ? { speedKmh: Math.round(f.speedKmh * 10) / 10 } : {}),
		...(f.courseDeg !== null ? { headingDeg: Math.min(359, Math.round(f.courseDeg)) } : {}),
		accuracyM: 5
	});

	await sendOk(gateway, 'theft.started', {
		eventId: eventId('theft'),
		vin: v,
		occurredAt: iso(recorded[0].at + shift),
		trigger: 'unauthorised_movement',
		vehicle: { model: '911 Carrera S', modelYear: 2018, colour: 'Guards Red', plate: 'M-PC 911', owner: { name: 'Anna Huber', phone: '+49 89 7654321', language: 'de' } }
	});
	const row = rowOf(page, v);
	await expect(cellOf(row, 'type')).toContainText('Theft');
	await expect(cellOf(row, 'vehicle')).toContainText('911 Carrera S · Guards Red · M-PC 911');

	// Four batches of 49 fixes, then four single fixes: the position moves with each.
	for (let i = 0; i < 196; i += 49) {
		await sendOk(gateway, 'theft.positions', { fixes: recorded.slice(i, i + 49).map(fix) });
		await expect(cellOf(row, 'place')).toContainText(coordinates(recorded[i + 48]));
	}
	for (let i = 196; i < 200; i++) {
		await sendOk(gateway, 'theft.position', fix(recorded[i]));
		await expect(cellOf(row, 'place')).toContainText(coordinates(recorded[i]));
	}

	// The place: a town of the Munich area (the gazetteer's, within 25 km), its country, the coordinates.
	const last = recorded[199];
	const towns = townsNear(last, 25);
	expect(towns).toContain('Munich');
	const place = cellOf(row, 'place');
	await expect(place).toContainText(/\S.* \(DE\)/);
	const town = /^\s*(.+?) \(DE\)/.exec(await place.innerText())?.[1];
	expect(towns, `"${town}" is a town of the Munich area`).toContain(town);
	await expect(place).toContainText(coordinates(last));

	// The map shows the track and the vehicle's position.
	await expect(mapOf(page)).toBeVisible();
	await expect.poll(() => paintedPixels(page, 'socTracks'), { message: 'the track drawn on the map' }).toBeGreaterThan(0);
	await expect.poll(() => paintedPixels(page, 'overlay'), { message: 'the vehicle drawn on the map' }).toBeGreaterThan(0);

	// Fixes stop: past SOC_STALE_AFTER_S the row, the detail and the map say stale.
	await select(page, v);
	await expect(cellOf(row, 'place')).toContainText(/stale \d+ s/, { timeout: (staleAfterS + 5) * 1000 });
	await expect(detailOf(page)).toContainText('stale');
	await expect(mapOf(page).getByText(/stale \d+ s/)).toBeVisible();

	// An unacknowledged crash past SOC_TARGET_AIRBAG_S: BREACHED, first in the queue, alarming.
	const crash = vin();
	await sendOk(gateway, 'airbag.deployed', airbagEvent(crash));
	const crashRow = rowOf(page, crash);
	await expect(crashRow).toBeVisible();
	await expect(cellOf(crashRow, 'type')).toContainText('BREACHED', { timeout: (targetAirbagS + 5) * 1000 });
	await expect(incidentRows(page).first()).toContainText(crash);
	await expect(alarmStateOf(page)).toHaveText(alarming);
	await expect(alarmStateOf(page)).toContainText('target breached');
	await select(page, crash);
	await expect(detailOf(page)).toContainText('BREACHED');
});

test('a theft with no fix turns stale alike in the list and on the map, on the console and on the wall', async ({ ownConsole }) => {
	test.setTimeout(60_000);
	const soc = await ownConsole({ SOC_STALE_AFTER_S: String(staleAfterS) });
	const desk = await operatorOn(soc.newPage, soc.account('operator'));
	const wall = await soc.newPage();
	await signInAs(wall, soc.account('display'));
	const gateway = await soc.gateway();
	const v = vin();
	// Theft mode with the position it started at, and then not one fix.
	await sendOk(gateway, 'theft.started', { eventId: eventId('theft'), vin: v, occurredAt: iso(Date.now()), trigger: 'tow_away', position: munich });
	for (const page of [desk, wall]) {
		const row = rowOf(page, v);
		await expect(row).toBeVisible();
		await expect(cellOf(row, 'place')).toContainText(/stale \d+ s/, { timeout: (staleAfterS + 5) * 1000 });
		await expect(mapOf(page).getByText(/stale \d+ s/)).toBeVisible();
	}
});

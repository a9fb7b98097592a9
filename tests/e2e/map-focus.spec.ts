// The map goes to the incident (docs/console.md, "/"): selecting a crash (in the list, on the map,
// with j/k) shows it at street level, with its MSD position where that is elsewhere; selecting a
// theft fits its track, and Follow keeps its latest fix in view until the map is moved by hand;
// f toggles Follow. With nothing selected, the detail pane offers the most urgent incident. The
// wall, which selects nothing, keeps everything active in view.
// The view is read from the map's data-zoom, data-center and data-bounds.
import { encodeMsd } from '../../src/lib/domain/msd/encode';
import { msdFromFacts } from '../../src/lib/domain/msd/facts';
import {
	test,
	expect,
	airbagEvent,
	cellOf,
	detailOf,
	eventId,
	iso,
	mapOf,
	munich,
	operatorOn,
	rowOf,
	select,
	sendOk,
	signInAs,
	vin,
	type Page
} from './helpers/console';

interface LatLon {
	lat: number;
	lon: number;
}

interface View {
	zoom: number;
	center: LatLon;
	south: number;
	west: number;
	north: number;
	east: number;
}

const zurich = { lat: 47.3769, lon: 8.5417 };
const bern = { lat: 46.948, lon: 7.4474 };

async function view(page: Page): Promise<View> {
	return mapOf(page).evaluate((map) => {
		const [lat, lon] = (map.dataset.center ?? '').split(',').map(Number);
		const [south, west, north, east] = (map.dataset.bounds ?? '').split(',').map(Number);
		return { zoom: Number(map.dataset.zoom), center: { lat, lon }, south, west, north, east };
	});
}

/** The view once it has stopped moving (a drag's inertia, an animation). */
async function settledView(page: Page): Promise<View> {
	let last = await view(page);
	for (;;) {
		await page.waitForTimeout(300);
		const now = await view(page);
		if (JSON.stringify(now) === JSON.stringify(last)) return now;
		last = now;
	}
}

const inView = (v: View, p: LatLon) => p.lat >= v.south && p.lat <= v.north && p.lon >= v.west && p.lon <= v.east;

/** Waits until the map shows `p` at its centre, at `zoom`. */
async function expectCentredOn(page: Page, p: LatLon, zoom = 15): Promise<void> {
	await expect
		.poll(async () => {
			const v = await view(page);
			return v.zoom === zoom && Math.abs(v.center.lat - p.lat) < 1e-4 && Math.abs(v.center.lon - p.lon) < 1e-4;
		}, { message: `the map centred on ${p.lat}, ${p.lon} at zoom ${zoom}` })
		.toBe(true);
}

/** Waits until every point is in the view. */
async function expectInView(page: Page, points: LatLon[], message: string): Promise<void> {
	await expect.poll(async () => {
		const v = await view(page);
		return points.every((p) => inView(v, p));
	}, { message }).toBe(true);
}

const followButton = (page: Page) => page.getByRole('button', { name: 'Follow', exact: true });

function crashIn(v: string, position: LatLon, plate: string) {
	return airbagEvent(v, {
		position,
		vehicle: { model: 'Octavia', modelYear: 2020, colour: 'Grey', plate, owner: { name: 'Lea Meier', phone: '+41 44 1234567', language: 'de' } }
	});
}

/** The MSD of a crash whose own position is `position` (one recent position 50 m before it). */
function msdAt(v: string, position: LatLon): string {
	return encodeMsd(
		msdFromFacts({
			version: 2,
			vin: v,
			automatic: true,
			testCall: false,
			positionTrusted: true,
			vehicleType: 'passengerVehicleClassM1',
			propulsion: ['gasoline'],
			timestamp: Math.floor(Date.now() / 1000) * 1000,
			position,
			headingDeg: 0,
			recentPositions: [{ lat: position.lat - 0.0005, lon: position.lon }],
			passengers: 1,
			additionalData: null
		})
	);
}

test('selecting a crash, on the map, in the list or with j/k, shows it at street level, with its MSD position', async ({ ownConsole }) => {
	const soc = await ownConsole();
	const page = await operatorOn(soc.newPage, soc.account('operator'));
	const gateway = await soc.gateway();
	await expect(followButton(page)).toHaveAttribute('aria-pressed', 'true');

	// The first crash: the map goes to it (zoom 12 at least), nothing selected yet.
	const inMunich = vin();
	await sendOk(gateway, 'airbag.deployed', crashIn(inMunich, munich, 'M-AB 1234'));
	await expectCentredOn(page, munich, 12);

	// Another in Switzerland, out of that view: the map stays where it is.
	const inZurich = vin();
	await sendOk(gateway, 'airbag.deployed', crashIn(inZurich, zurich, 'ZH 123456'));
	await expect(rowOf(page, inZurich)).toBeVisible();
	expect(inView(await view(page), zurich)).toBe(false);

	// A click on the Munich marker (the centre of the map) selects it and zooms to the street.
	const box = (await mapOf(page).boundingBox())!;
	await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
	await expect(rowOf(page, inMunich)).toHaveAttribute('aria-selected', 'true');
	await expectCentredOn(page, munich);

	// The Zurich crash, selected in the list.
	await select(page, inZurich);
	await expectCentredOn(page, zurich);

	// k and j move the selection, and the map with it.
	await page.keyboard.press('k');
	await expect(rowOf(page, inMunich)).toHaveAttribute('aria-selected', 'true');
	await expectCentredOn(page, munich);
	await page.keyboard.press('j');
	await expect(rowOf(page, inZurich)).toHaveAttribute('aria-selected', 'true');
	await expectCentredOn(page, zurich);

	// A crash whose MSD puts it 1.2 km north of the gateway's position: both in view, closely.
	const inBern = vin();
	const msdPosition = { lat: 46.959, lon: 7.4474 };
	await sendOk(gateway, 'airbag.deployed', { ...crashIn(inBern, bern, 'BE 654321'), msd: msdAt(inBern, msdPosition) });
	await select(page, inBern);
	await expectInView(page, [bern, msdPosition], 'both positions of the Bern crash in view');
	const v = await view(page);
	expect(v.zoom).toBeGreaterThanOrEqual(12);
	expect(v.zoom).toBeLessThanOrEqual(15);

	// A crash with the positions it came from, 600 m and 1.2 km back along the road: the way in is
	// drawn and in view with it, so that the crew knows the direction of travel.
	const onTheWay = vin();
	const crash = { lat: 47.05, lon: 8.3 };
	const recentPositions = [
		{ lat: 47.05, lon: 8.292 },
		{ lat: 47.05, lon: 8.284 }
	];
	await sendOk(gateway, 'airbag.deployed', { ...crashIn(onTheWay, crash, 'LU 123456'), recentPositions });
	await select(page, onTheWay);
	await expectInView(page, [crash, ...recentPositions], 'the crash and the positions it came from in view');

	// None of these moves was made by hand: Follow is still on.
	await expect(followButton(page)).toHaveAttribute('aria-pressed', 'true');
});

test('a theft is fitted to its track and followed; a drag turns Follow off, f and the button turn it on again', async ({ ownConsole }) => {
	test.setTimeout(60_000);
	const soc = await ownConsole();
	const page = await operatorOn(soc.newPage, soc.account('operator'));
	const gateway = await soc.gateway();
	const v = vin();
	const start = Date.now() - 300_000;
	let fixAt = start;
	const fix = (p: LatLon) => ({ eventId: eventId('fix'), vin: v, fixAt: iso((fixAt += 5_000)), lat: p.lat, lon: p.lon, accuracyM: 5 });
	const place = (p: LatLon) => `${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}`;

	// A crash far away, first, so that the map starts elsewhere; then the theft and its track (about 1 km).
	await sendOk(gateway, 'airbag.deployed', crashIn(vin(), munich, 'M-CD 5678'));
	await expectCentredOn(page, munich, 12);
	await sendOk(gateway, 'theft.started', { eventId: eventId('theft'), vin: v, occurredAt: iso(start), trigger: 'unauthorised_movement', position: zurich });
	const track: LatLon[] = Array.from({ length: 20 }, (_, i) => ({ lat: zurich.lat + i * 0.0003, lon: zurich.lon + i * 0.0004 }));
	await sendOk(gateway, 'theft.positions', { fixes: track.map(fix) });
	const row = rowOf(page, v);
	await expect(cellOf(row, 'place')).toContainText(place(track[19]));

	// Selected: the whole track in view.
	await select(page, v);
	await expectInView(page, track, 'the whole track in view');
	expect((await view(page)).zoom).toBeGreaterThanOrEqual(12);

	/** A position beyond the east edge of the current view. */
	const beyondView = async (): Promise<LatLon> => {
		const now = await view(page);
		return { lat: now.center.lat, lon: Math.round((now.east + (now.east - now.west)) * 1e4) / 1e4 };
	};
	const send = async (p: LatLon) => {
		await sendOk(gateway, 'theft.position', fix(p));
		await expect(cellOf(row, 'place')).toContainText(place(p));
	};

	// Follow on: each fix out of the view brings the view to it.
	await expect(followButton(page)).toHaveAttribute('aria-pressed', 'true');
	for (let i = 0; i < 2; i++) {
		const next = await beyondView();
		await send(next);
		await expectInView(page, [next], `fix ${i + 1} followed into view`);
	}

	// A drag on the map by hand: Follow turns off, and the next fixes leave the view alone.
	const box = (await mapOf(page).boundingBox())!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.7);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width / 2 - 80, box.y + box.height * 0.7 - 60, { steps: 8 });
	await page.mouse.up();
	await expect(followButton(page)).toHaveAttribute('aria-pressed', 'false');
	const dragged = await settledView(page);
	const away: LatLon[] = [];
	for (let i = 0; i < 2; i++) {
		const next = { lat: dragged.center.lat, lon: Math.round((dragged.east + (i + 1) * (dragged.east - dragged.west)) * 1e4) / 1e4 };
		await send(next);
		away.push(next);
	}
	await page.waitForTimeout(1_000); // longer than a pan's animation
	const after = await view(page);
	expect(after, 'the view did not move').toEqual(dragged);
	expect(away.some((p) => inView(after, p))).toBe(false);

	// f turns Follow on again, and the view goes back to the vehicle; f again turns it off.
	await page.keyboard.press('f');
	await expect(followButton(page)).toHaveAttribute('aria-pressed', 'true');
	await expectInView(page, [away[1]], 'the latest fix in view once Follow is on again');
	await page.keyboard.press('f');
	await expect(followButton(page)).toHaveAttribute('aria-pressed', 'false');

	// The button, too; then the wheel and the arrow keys over the map also count as by hand.
	await followButton(page).click();
	await expect(followButton(page)).toHaveAttribute('aria-pressed', 'true');
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.wheel(0, -200);
	await expect(followButton(page)).toHaveAttribute('aria-pressed', 'false');
	await followButton(page).click();
	await expect(followButton(page)).toHaveAttribute('aria-pressed', 'true');
	await mapOf(page).focus();
	await page.keyboard.press('ArrowLeft');
	await expect(followButton(page)).toHaveAttribute('aria-pressed', 'false');
});

test('with nothing selected, the detail pane shows the most urgent incident and opens it', async ({ ownConsole }) => {
	const soc = await ownConsole();
	const page = await operatorOn(soc.newPage, soc.account('operator'));
	await expect(page.getByRole('status').filter({ hasText: 'No open incidents.' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Most urgent', exact: true })).toHaveCount(0);

	const gateway = await soc.gateway();
	const stolen = vin();
	await sendOk(gateway, 'theft.started', { eventId: eventId('theft'), vin: stolen, occurredAt: iso(Date.now()), trigger: 'tow_away', position: munich });
	const crash = vin();
	await sendOk(gateway, 'airbag.deployed', crashIn(crash, zurich, 'ZH 777777'));
	await expect(rowOf(page, crash)).toBeVisible();

	// The crash comes first in the queue (airbag before theft): its summary, in plain words.
	const next = page.getByRole('region', { name: 'Most urgent', exact: true });
	await expect(next).toContainText('✚ Airbag');
	await expect(next).toContainText('Octavia · Grey · ZH 777777');
	await expect(next).toContainText(/Place\s*\S.* \(CH\)/);
	await expect(next).toContainText(/Age\s*\d+ s/);
	await expect(next).toContainText(/Status\s*new/);
	await expect(next).not.toContainText(crash);
	await expect(detailOf(page)).toHaveCount(0);

	// Its button opens it: the detail, the row selected, the map at the crash.
	await next.getByRole('button', { name: 'Open this incident', exact: true }).click();
	await expect(detailOf(page)).toContainText(`VIN ${crash}`);
	await expect(rowOf(page, crash)).toHaveAttribute('aria-selected', 'true');
	await expect(next).toHaveCount(0);
	await expect(page.getByRole('status').filter({ hasText: 'No open incidents.' })).toHaveCount(0);
	await expectCentredOn(page, zurich);
});

test('the wall keeps every active incident in view', async ({ ownConsole }) => {
	const soc = await ownConsole();
	const wall = await soc.newPage();
	await signInAs(wall, soc.account('display'));
	const gateway = await soc.gateway();
	await sendOk(gateway, 'airbag.deployed', crashIn(vin(), munich, 'M-EF 9012'));
	await expectInView(wall, [munich], 'the first crash in view');
	await sendOk(gateway, 'airbag.deployed', crashIn(vin(), zurich, 'ZH 888888'));
	await sendOk(gateway, 'theft.started', { eventId: eventId('theft'), vin: vin(), occurredAt: iso(Date.now()), trigger: 'tow_away', position: bern });
	await expectInView(wall, [munich, zurich, bern], 'Munich, Zurich and Bern in view together');
	await expect(followButton(wall)).toHaveCount(0);
});

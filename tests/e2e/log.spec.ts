// The supervisor's incident log, incident page with its track replay, CSV export and reports
// (docs/console.md, "/log", "/log/<id>", "/reports"), driven as a supervisor would:
// fields by label, buttons and links by name.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { parseCsv } from '../../src/lib/domain/csv';
import { parseLocalDateTime } from '../../src/lib/domain/reports';
import { nextId, openTestDatabase } from '../helpers/databases';
import { openScreen } from '../helpers/ops';
import { signIn as signInOverHttp } from '../helpers/server';
import { test, expect, eventId, iso, sendOk, signInAs, vin, type Page } from './helpers/console';

/** The log's results table and the incident ids it lists, in order. */
const resultsOf = (page: Page) => page.getByRole('table', { name: 'Incidents', exact: true });
async function listedIds(page: Page): Promise<number[]> {
	const links = await resultsOf(page).locator('tbody a').allTextContents();
	return links.map((t) => Number(t.replace('#', '')));
}
const summaryOf = (page: Page) => page.getByRole('status').filter({ hasText: 'Matching incidents' });
async function apply(page: Page) {
	await page.getByRole('button', { name: 'Apply filters', exact: true }).click();
}

/** The page sizes (points) of a PDF, from its plain and its deflated objects. */
function mediaBoxes(pdf: Buffer): [number, number][] {
	const texts = [pdf.toString('latin1')];
	const raw = pdf.toString('latin1');
	for (let at = raw.indexOf('stream'); at !== -1; at = raw.indexOf('stream', at + 6)) {
		const start = raw[at + 6] === '\r' ? at + 8 : at + 7;
		const end = raw.indexOf('endstream', start);
		if (end === -1) break;
		try {
			texts.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
		} catch {
			// not deflated, or not a stream
		}
		at = end;
	}
	return texts.flatMap((t) => [...t.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]));
}

/** A plate of its own for each test run ("QX-123-ZK"). */
const plate = () => {
	const letters = 'ABCDEFGHJKLMNPQRSTVWXYZ';
	const l = () => letters[Math.floor(Math.random() * letters.length)];
	return `${l()}${l()}-${100 + Math.floor(Math.random() * 900)}-${l()}${l()}`;
};

test('filters by VIN, plate, type and range find exactly the expected incidents, and the URL reproduces the view', async ({ page, account, gateway, console: running }) => {
	const gw = await gateway();
	const [vinA, vinB, vinT] = [vin(), vin(), vin()];
	const [plateA, plateT] = [plate(), plate()];
	const opened = async (event: string, payload: Record<string, unknown>) => {
		const ack = (await gw.send(event, payload)) as { ok: boolean; incidentId: string };
		expect(ack.ok).toBe(true);
		return Number(ack.incidentId);
	};
	const a = await opened('airbag.deployed', { eventId: eventId(), vin: vinA, vehicle: { model: 'Clio', plate: plateA } });
	await opened('airbag.deployed', { eventId: eventId(), vin: vinB, vehicle: { model: 'Zoe', plate: plate() } });
	const t = await opened('theft.started', { eventId: eventId(), vin: vinT, occurredAt: iso(Date.now()), trigger: 'tow_away', vehicle: { model: 'Captur', plate: plateT } });

	// Three older incidents on a day of their own, written straight into the database.
	const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(Math.random() * 300) * 86_400_000).toISOString().slice(0, 10);
	const at = (time: string) => parseLocalDateTime(`${day}T${time}`, 'Europe/Paris')!;
	const db = await openTestDatabase(running.db);
	const old = vin();
	await db.query(`insert into vehicles (vin, model, updated_at) values (?, 'Kangoo', 0)`, old);
	const insert = async (type: string, openedAt: number) => {
		const [row] = await db.query<{ id: number }>(
			`insert into incidents (id, type, status, vin, opened_at, details) values (${nextId('incidents')}, ?, 'resolved', ?, ?, '{}') returning id`,
			type,
			old,
			openedAt
		);
		return row.id;
	};
	const early = await insert('airbag', at('08:00:00'));
	const noon = await insert('theft', at('12:00:00'));
	await insert('theft', at('18:00:00'));
	await db.close();

	await signInAs(page, account('supervisor'));
	await page.goto('/log');
	// Wait for the page's scripts: hydration resets a field typed into before it.
	await page.waitForLoadState('networkidle');

	// By VIN.
	await page.getByLabel('VIN', { exact: true }).fill(vinA);
	await apply(page);
	await expect(page).toHaveURL(new RegExp(`/log\\?vin=${vinA}$`));
	await expect.poll(() => listedIds(page)).toEqual([a]);
	await expect(summaryOf(page)).toHaveText('Matching incidents: 1 · shown here: 1');

	// By plate, typed in lower case without its dashes.
	await page.getByRole('link', { name: 'Clear filters', exact: true }).click();
	await expect(page).toHaveURL(/\/log$/);
	await page.getByLabel('Plate', { exact: true }).fill(plateT.replace(/-/g, '').toLowerCase());
	await apply(page);
	await expect.poll(() => listedIds(page)).toEqual([t]);

	// By range, then range and type.
	await page.getByRole('link', { name: 'Clear filters', exact: true }).click();
	await page.getByLabel('From', { exact: true }).fill(`${day}T07:00`);
	await page.getByLabel('To', { exact: true }).fill(`${day}T13:00`);
	await apply(page);
	await expect.poll(() => listedIds(page)).toEqual([noon, early]);
	await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Theft' });
	await apply(page);
	await expect.poll(() => listedIds(page)).toEqual([noon]);
	await expect(page).toHaveURL(/from=.*&to=.*&type=theft/);

	// The URL alone reproduces the view, filters shown in their fields.
	const shared = page.url();
	const other = await page.context().newPage();
	await other.goto(shared);
	await expect.poll(() => listedIds(other)).toEqual([noon]);
	await expect(other.getByLabel('From', { exact: true })).toHaveValue(`${day}T07:00`);
	await expect(other.getByLabel('To', { exact: true })).toHaveValue(`${day}T13:00`);
	await expect(other.getByLabel('Type', { exact: true })).toHaveValue('theft');
	await expect(summaryOf(other)).toHaveText('Matching incidents: 1 · shown here: 1');

	// A bad value says so.
	await other.goto('/log?from=yesterday');
	await expect(other.getByRole('alert')).toContainText('From: "yesterday" is not a date and time');
});

test('the incident page shows each action with its actor, and the replay moves the marker along the track', async ({ page, account, gateway, console: running }) => {
	const gw = await gateway();
	const v = vin();
	const now = Date.now();
	await sendOk(gw, 'theft.started', { eventId: eventId(), vin: v, occurredAt: iso(now - 240_000), trigger: 'unauthorised_movement', vehicle: { model: 'Megane', plate: plate() } });
	// 31 fixes over four minutes, heading north-east from Nantes.
	const fixes = Array.from({ length: 31 }, (_, i) => ({ eventId: eventId('fix'), vin: v, fixAt: iso(now - 240_000 + i * 8_000), lat: 47.2 + i * 0.002, lon: -1.56 + i * 0.003, accuracyM: 5 }));
	await sendOk(gw, 'theft.positions', { fixes });

	// An operator takes it through its life over the /ops socket.
	const operator = account('operator');
	const cookie = (await signInOverHttp(running.url, operator.username, operator.password)).cookie!;
	const screen = await openScreen(running.url, cookie);
	const snapshot = await screen.resume(null);
	const id = snapshot.snapshot!.incidents.find((i) => i.vin === v)!.id;
	const db = await openTestDatabase(running.db);
	const police = (await db.get<{ id: number; name: string }>(`select id, name from authorities where kind = 'police' and country = 'FR'`))!;
	await db.close();
	const act = (action: Record<string, unknown>) => screen.send('act', action);
	expect(await act({ action: 'acknowledge', incidentId: id })).toMatchObject({ ok: true });
	expect(await act({ action: 'escalate', incidentId: id, authorityId: police.id, reference: 'PN-44-2026-0001' })).toMatchObject({ ok: true });
	expect(await act({ action: 'note', incidentId: id, note: 'Owner confirms: not them' })).toMatchObject({ ok: true });
	expect(await act({ action: 'resolve', incidentId: id, outcome: 'vehicle_recovered' })).toMatchObject({ ok: true });
	screen.close();

	await signInAs(page, account('supervisor'));
	await page.goto(`/log/${id}`);
	const timeline = page.getByRole('list', { name: 'Timeline', exact: true });
	await expect(timeline.getByRole('listitem')).toHaveCount(5);
	await expect(timeline.getByRole('listitem').first()).toContainText('Theft mode started: unauthorised movement');
	for (const what of ['Acknowledged', `Escalated to ${police.name} — PN-44-2026-0001`, 'Note: Owner confirms: not them', 'Resolved: vehicle recovered']) {
		await expect(timeline.getByRole('listitem').filter({ hasText: what })).toContainText(`by ${operator.username}`);
	}
	await expect(page.getByRole('table', { name: 'Escalations' })).toContainText('PN-44-2026-0001');
	// Each entry is on the time, to the second, with UTC on hover.
	await expect(timeline.locator('time').first()).toHaveAttribute('title', /^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2} \(Europe\/Paris; \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)$/);
	await expect(timeline.locator('time').first()).toHaveText(/\d{1,2}:\d\d:\d\d/);

	// The map marks every timeline entry, and the vehicle at the start of the track.
	const map = page.getByRole('region', { name: 'Map', exact: true });
	await expect(map.locator('.replay-entry')).toHaveCount(5);
	const vehicle = map.locator('.replay-vehicle');
	await expect(vehicle).toBeVisible();
	const readout = page.getByTestId('replay-readout');
	await expect(readout).toContainText(`${fixes[0].lat.toFixed(5)}, ${fixes[0].lon.toFixed(5)}`);
	await expect(readout).toContainText('1 of 31 fixes');
	const before = (await vehicle.boundingBox())!;
	const slider = page.getByLabel('Time', { exact: true });
	const startValue = Number(await slider.inputValue());

	// Play at 60×: four minutes of track take four seconds.
	await page.getByLabel('Speed', { exact: true }).selectOption({ label: '60×' });
	await page.getByRole('button', { name: 'Play', exact: true }).click();
	await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
	await expect.poll(async () => Number(await slider.inputValue())).toBeGreaterThan(startValue);
	// While it plays the vehicle is on the track: between two fixes' latitudes.
	const midway = await readout.locator('.where').textContent();
	const lat = Number(midway!.split(',')[0]);
	expect(lat).toBeGreaterThanOrEqual(fixes[0].lat);
	expect(lat).toBeLessThanOrEqual(fixes[30].lat);
	await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible({ timeout: 15_000 });
	await expect(readout).toContainText(`${fixes[30].lat.toFixed(5)}, ${fixes[30].lon.toFixed(5)}`);
	await expect(readout).toContainText('31 of 31 fixes');
	const after = (await vehicle.boundingBox())!;
	// North-east: right and up on the screen.
	expect(after.x).toBeGreaterThan(before.x + 20);
	expect(after.y).toBeLessThan(before.y - 20);

	// The time slider and an entry's "show on the map" move it too.
	await slider.focus();
	await page.keyboard.press('Home');
	await expect(readout).toContainText(`${fixes[0].lat.toFixed(5)}, ${fixes[0].lon.toFixed(5)}`);
	await page.getByRole('button', { name: 'Show entry 5 on the map', exact: true }).click();
	await expect(readout).toContainText('31 of 31 fixes');
});

test('Export CSV downloads the filtered rows, quoted and safe for a spreadsheet', async ({ page, account, gateway }) => {
	const gw = await gateway();
	const v = vin();
	const model = '=Cab, "Le Mans"\nEdition';
	const crash = await gw.send('airbag.deployed', { eventId: eventId(), vin: v, position: { lat: 47.2184, lon: -1.5536 }, vehicle: { model, plate: plate(), colour: 'Blue' } });
	expect(crash.ok).toBe(true);
	await sendOk(gw, 'theft.started', { eventId: eventId(), vin: v, occurredAt: iso(Date.now()), trigger: 'tow_away' });

	await signInAs(page, account('supervisor'));
	await page.goto(`/log?vin=${v}`);
	await expect.poll(() => listedIds(page)).toHaveLength(2);
	await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Airbag' });
	await apply(page);
	await expect.poll(() => listedIds(page)).toHaveLength(1);

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV', exact: true }).click()]);
	expect(download.suggestedFilename()).toMatch(/^incidents-.*\.csv$/);
	const text = readFileSync((await download.path())!, 'utf8');
	// Quoted (RFC 4180), quotes doubled, the newline kept inside the quotes, the = neutralised.
	expect(text).toContain(`"'=Cab, ""Le Mans""\nEdition"`);
	// A negative longitude stays a number: neither quoted nor neutralised.
	expect(text).toContain(',47.2184,-1.5536,');
	const [header, ...rows] = parseCsv(text);
	expect(rows).toHaveLength(1);
	const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
	expect(row).toMatchObject({ id: String(Number((crash as { incidentId: string }).incidentId)), type: 'airbag', vin: v, model: `'${model}`, longitude: '-1.5536', place: 'Nantes' });
});

test('reports: a shift picker, figures with their charts, and a clean A4 print', async ({ page, account }) => {
	await signInAs(page, account('supervisor'));
	await page.goto('/reports');
	const shift = page.getByLabel('Shift', { exact: true });
	await expect(shift).toBeVisible();
	await expect(shift.locator('option').first()).toContainText('(current)');
	await expect(page.getByRole('table', { name: 'Response times' })).toBeVisible();
	// Every chart is drawn (a canvas with pixels) and named.
	const charts = page.getByRole('img');
	expect(await charts.count()).toBeGreaterThanOrEqual(3);
	await expect
		.poll(() =>
			page.evaluate(() =>
				[...document.querySelectorAll('.chart canvas')].every((c) => (c as HTMLCanvasElement).width > 0 && (c as HTMLCanvasElement).toDataURL().length > 2000)
			)
		)
		.toBe(true);
	// Another shift from the picker.
	const second = await shift.locator('option').nth(1).getAttribute('value');
	await shift.selectOption(second!);
	await page.getByRole('form', { name: 'Report of a shift' }).getByRole('button', { name: 'Show', exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`shift=${second}`));

	// Printed: black on white, without the top bar and the pickers, on A4.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('banner')).toBeHidden();
	await expect(shift).toBeHidden();
	expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(255, 255, 255)');
	const pdf = await page.pdf({ preferCSSPageSize: true });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	// A4 is 595 × 842 points.
	// A4 is 595.28 × 841.89 points; the page boxes may sit in compressed object streams.
	const boxes = mediaBoxes(pdf);
	expect(boxes.length).toBeGreaterThan(0);
	for (const [width, height] of boxes) {
		expect(Math.abs(width - 595.28)).toBeLessThan(2);
		expect(Math.abs(height - 841.89)).toBeLessThan(2);
	}
});

// The wall display (docs/console.md, "/wall"): counters, gateway status, clock, breach banners, the
// gateway-silence alarm, and catching up after a server restart without a reload. Each test runs
// its own console, with the gateway token and the short time targets it needs.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, signInAs, uniqueName, type Account, type Page } from './fixtures';
import { connectGateway, eventId, iso, vin, type TestGateway } from '../helpers/gateway';
import { addUser, startConsole, type RunningConsole } from '../helpers/server';

const token = 'wall-test-token';

function displayAccount(app: RunningConsole): Account {
	const username = uniqueName('wall');
	return { username, password: addUser(app.db, username, 'display'), role: 'display' };
}

async function airbag(gw: TestGateway, plate: string) {
	const ack = await gw.send('airbag.deployed', {
		eventId: eventId('wall'),
		vin: vin(),
		occurredAt: iso(Date.now()),
		position: { lat: 48.8566, lon: 2.3522 },
		positionTrusted: true,
		automatic: true,
		testCall: false,
		passengers: 1,
		vehicle: { model: 'Zoe', colour: 'white', plate }
	});
	expect(ack).toMatchObject({ ok: true });
	return ack;
}

/**
 * Headless chromium plays sound without any click, whatever --autoplay-policy says; a kiosk's
 * browser does not. This page's AudioContexts behave as a browser's that keeps audio locked until
 * a first click or key press on the page (the sign-in click is on another document).
 */
async function lockAudioUntilClick(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const Real = window.AudioContext;
		let allowed = false;
		for (const event of ['pointerdown', 'keydown']) window.addEventListener(event, () => (allowed = true), { capture: true });
		window.AudioContext = class extends Real {
			constructor(options?: AudioContextOptions) {
				super(options);
				void this.suspend();
			}
			resume(): Promise<void> {
				return allowed ? super.resume() : Promise.resolve();
			}
		};
	});
}

/** The counter of open incidents with this word ("new", "acknowledged", …). */
const counter = (page: Page, word: string) =>
	page.getByRole('list', { name: 'Open incidents' }).getByRole('listitem').filter({ hasText: new RegExp(`^\\s*\\d+\\s*${word}\\s*$`) });

const incidents = (page: Page) => page.getByRole('table', { name: 'Incidents' });
const alarmBar = (page: Page) => page.getByRole('status').filter({ hasText: /^◉ Alarm sounding|^◉ Alarm — sound off|^No alarm/ });
const silenceBanner = (page: Page) => page.getByRole('alert').filter({ hasText: 'GATEWAY SILENT' });

let app: RunningConsole | undefined;
let gateways: TestGateway[] = [];
test.afterEach(async () => {
	for (const gw of gateways) gw.close();
	gateways = [];
	await app?.dispose();
	app = undefined;
});

async function gateway(): Promise<TestGateway> {
	const gw = await connectGateway(app!.url, token);
	gateways.push(gw);
	return gw;
}

test('a display account sees counters, gateway status, a live clock, and a breached crash with its banner and alarm', async ({ newPage }) => {
	app = await startConsole({ SOC_GATEWAY_TOKENS: token, SOC_TARGET_AIRBAG_S: '2' });
	const page = await newPage({ baseURL: app.url });
	await lockAudioUntilClick(page);
	await signInAs(page, displayAccount(app)); // lands on /wall

	await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/Live$/);
	for (const word of ['new', 'acknowledged', 'escalated', 'breached']) await expect(counter(page, word)).toContainText('0');
	await expect(page.getByRole('status', { name: 'Gateways' })).toContainText('0 connected');
	const clock = page.getByRole('region', { name: 'Clock' }).locator('time');
	await expect(clock).toHaveText(/^\d\d:\d\d:\d\d$/);
	const first = await clock.textContent();
	await expect(clock).not.toHaveText(first!, { timeout: 3_000 });
	await expect(incidents(page)).toContainText('No open incidents.');
	// No action on a wall (the map's zoom buttons aside).
	await expect(page.locator('main').getByRole('button', { name: /Acknowledge|Escalate|Resolve|Release|Add note|Reassign|Mute/ })).toHaveCount(0);

	const gw = await gateway();
	await expect(page.getByRole('status', { name: 'Gateways' })).toContainText('1 connected');
	const plate = `W-${Date.now() % 100000}`;
	await airbag(gw, plate);

	const row = incidents(page).getByRole('row').filter({ hasText: plate });
	await expect(row).toBeVisible();
	await expect(row).toContainText('Airbag');
	await expect(counter(page, 'new')).toContainText('1');
	await expect(page.getByRole('status', { name: 'Gateways' })).toContainText('last event');

	// Past the 2 s target with nobody acknowledging: breached on the row, in the banner, alarming.
	await expect(row).toContainText('BREACHED');
	const banner = page.getByRole('region', { name: 'Breached targets' });
	await expect(banner).toContainText('1 incident past its target');
	await expect(banner).toContainText(plate);
	await expect(counter(page, 'breached')).toContainText('1');
	// Nobody clicked: the browser keeps sound off, and the wall says so, once, without claiming it sounds.
	await expect(alarmBar(page)).toHaveText(/^◉ Alarm — sound off: click anywhere to allow sound: .*target breached/);
	await expect(page.getByText(/sound off/i)).toHaveCount(1);
	await expect(page.getByText('Alarm sounding')).toHaveCount(0);

	// Rows of at least 28 px, counters and clock larger.
	const size = (l: ReturnType<Page['locator']>) => l.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
	expect(await size(row.locator('td').first())).toBeGreaterThanOrEqual(28);
	expect(await size(counter(page, 'new').locator('span').first())).toBeGreaterThan(28);
	expect(await size(clock)).toBeGreaterThan(28);

	// Readable by everyone: no serious accessibility violation, with a breach on screen.
	const { violations } = await new AxeBuilder({ page }).analyze();
	expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);

	// The first click anywhere allows the sound.
	await clock.click();
	await expect(alarmBar(page)).toHaveText(/^◉ Alarm sounding: .*target breached/);
	await expect(page.getByText(/sound off/i)).toHaveCount(0);
});

test('after a server restart the wall catches up with what it missed, without a reload', async ({ newPage }) => {
	test.setTimeout(60_000);
	app = await startConsole({ SOC_GATEWAY_TOKENS: token });
	const page = await newPage({ baseURL: app.url });
	await signInAs(page, displayAccount(app));
	const connection = page.getByRole('status', { name: 'Connection' });
	await expect(connection).toHaveText(/Live$/);

	const before = `B-${Date.now() % 100000}`;
	await airbag(await gateway(), before);
	await expect(incidents(page).getByRole('row').filter({ hasText: before })).toBeVisible();
	await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));

	await app.stop();
	await expect(page.getByRole('alert').filter({ hasText: 'NOT LIVE' })).toBeVisible();
	await expect(connection).toHaveText(/Reconnecting|Offline/);

	await app.restart();
	// Sent as soon as the server is up, most likely before the wall has reconnected.
	const during = `D-${Date.now() % 100000}`;
	await airbag(await gateway(), during);

	await expect(incidents(page).getByRole('row').filter({ hasText: during })).toBeVisible({ timeout: 15_000 });
	await expect(connection).toHaveText(/Live$/);
	await expect(page.getByRole('alert').filter({ hasText: 'NOT LIVE' })).toHaveCount(0);
	await expect(incidents(page).getByRole('row').filter({ hasText: before })).toBeVisible();
	await expect(counter(page, 'new')).toContainText('2');
	expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);

	// And it stays live: what comes next shows at once.
	const after = `A-${Date.now() % 100000}`;
	await airbag(gateways.at(-1)!, after);
	await expect(incidents(page).getByRole('row').filter({ hasText: after })).toBeVisible();
});

test('no gateway connected, or none heard for the silence time, raises the gateway-silence alarm', async ({ newPage }) => {
	test.setTimeout(60_000);
	app = await startConsole({ SOC_GATEWAY_TOKENS: token, SOC_GATEWAY_SILENT_S: '3' });
	const page = await newPage({ baseURL: app.url });
	await signInAs(page, displayAccount(app));
	await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/Live$/);

	// Never heard from a gateway: silent.
	await expect(silenceBanner(page)).toBeVisible();
	await expect(silenceBanner(page)).toContainText('No gateway is connected.');

	// A gateway connects and sends an event that opens no incident: calm, nothing alarms.
	const gw = await gateway();
	const ack = await gw.send('theft.ended', { eventId: eventId('wall'), vin: vin(), occurredAt: iso(Date.now()), reason: 'owner_cleared' });
	expect(ack).toMatchObject({ ok: true, incidentId: null });
	await expect(silenceBanner(page)).toHaveCount(0);
	await expect(alarmBar(page)).toHaveText('No alarm');

	// Every gateway connection stops: the alarm at once.
	gw.close();
	await expect(silenceBanner(page)).toBeVisible();
	await expect(silenceBanner(page)).toContainText('No gateway is connected.');
	await expect(alarmBar(page)).toContainText('Alarm sounding');
	await expect(alarmBar(page)).toContainText('gateway silent');

	// A gateway connected but quiet for more than 3 s: the alarm again.
	const quiet = await gateway();
	await quiet.send('theft.ended', { eventId: eventId('wall'), vin: vin(), occurredAt: iso(Date.now()), reason: 'owner_cleared' });
	await expect(silenceBanner(page)).toHaveCount(0);
	await expect(alarmBar(page)).toHaveText('No alarm');
	await expect(silenceBanner(page)).toBeVisible({ timeout: 8_000 });
	await expect(silenceBanner(page)).toContainText('No event from any gateway for more than 3 s.');
	await expect(page.getByRole('status', { name: 'Gateways' })).toContainText('1 connected');
	await expect(alarmBar(page)).toContainText('Alarm sounding');
	await expect(alarmBar(page)).toContainText('gateway silent');
});

// The connection indicator and the NOT LIVE banner (docs/console.md, "/"): when
// the console's server goes away the screen says Reconnecting, then Offline, and NOT LIVE; after
// the server is back it catches up and says Live, and incidents created meanwhile appear without a
// reload.
import { test, expect, airbagEvent, cellOf, connectionOf, notLiveBanner, operatorOn, rowOf, sendOk, vin } from './helpers/console';
import { gateConnections } from './helpers/browser';

test('server stopped: Reconnecting, Offline and NOT LIVE; restarted: Live again with what was missed', async ({ ownConsole }) => {
	test.setTimeout(90_000);
	const soc = await ownConsole();
	const page = await soc.newPage();
	const gate = await gateConnections(page);
	await operatorOn(async () => page, soc.account('operator'));
	await expect(notLiveBanner(page)).toHaveCount(0);
	const before = vin();
	await sendOk(await soc.gateway(), 'airbag.deployed', airbagEvent(before));
	await expect(rowOf(page, before)).toBeVisible();
	// Nothing in this page may reload it: a reload would hide a screen that does not catch up.
	let loads = 0;
	page.on('load', () => loads++);

	// The server stops; the page's attempts to reconnect are turned away until the test says so.
	gate.block();
	await soc.running.stop();
	await expect(connectionOf(page)).toHaveText(/Reconnecting/);
	await expect(notLiveBanner(page)).toHaveText('NOT LIVE — this screen is not receiving alarms. What you see may be out of date.');
	// Still without a connection ten seconds later: Offline.
	await expect(connectionOf(page)).toHaveText(/Offline/, { timeout: 20_000 });
	await expect(notLiveBanner(page)).toBeVisible();
	await expect(rowOf(page, before)).toBeVisible();

	// The server is back and incidents arrive while this screen is certainly not connected.
	await soc.running.restart();
	const gateway = await soc.gateway();
	const missed = [vin(), vin()];
	for (const v of missed) await sendOk(gateway, 'airbag.deployed', airbagEvent(v));
	for (const v of missed) await expect(rowOf(page, v)).toHaveCount(0);
	await expect(notLiveBanner(page)).toBeVisible();

	// The screen gets through: it catches up, then says Live.
	gate.unblock();
	await expect(connectionOf(page)).toHaveText(/Live/, { timeout: 20_000 });
	await expect(notLiveBanner(page)).toHaveCount(0);
	for (const v of missed) await expect(cellOf(rowOf(page, v), 'status')).toHaveText('new');
	await expect(rowOf(page, before)).toBeVisible();

	// And it stays live: a new incident arrives as usual.
	const after = vin();
	await sendOk(gateway, 'airbag.deployed', airbagEvent(after));
	await expect(rowOf(page, after)).toBeVisible();
	expect(gate.refused(), 'reconnection attempts were turned away while blocked').toBeGreaterThan(0);
	expect(loads, 'the page was not reloaded').toBe(0);
});

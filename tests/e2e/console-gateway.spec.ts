// Gateway silence (docs/console.md, "Gateway silence"): when every gateway
// connection stops, the console raises the alarm ("a dead feed must never look like a calm night").
import { test, expect, alarmStateOf, alarming, airbagEvent, gatewaysOf, operatorOn, rowOf, sendOk, vin } from './helpers/console';

test('stopping every gateway connection raises the gateway-silence alarm', async ({ ownConsole }) => {
	const soc = await ownConsole();
	const page = await operatorOn(soc.newPage, soc.account('operator'));

	// Two gateways connected and heard from: no silence.
	const first = await soc.gateway();
	const second = await soc.gateway();
	const v = vin();
	await sendOk(first, 'airbag.deployed', airbagEvent(v, { testCall: true }));
	await expect(rowOf(page, v)).toBeVisible();
	await expect(gatewaysOf(page)).toContainText('2 connected, last event');
	await expect(gatewaysOf(page)).not.toContainText('GATEWAY SILENT');
	await expect(alarmStateOf(page)).not.toContainText('gateway silent');

	// One stops: the other still connects the feed.
	first.close();
	await expect(gatewaysOf(page)).toContainText('1 connected');
	await expect(gatewaysOf(page)).not.toContainText('GATEWAY SILENT');

	// The last one stops: the alarm, on this screen.
	second.close();
	await expect(gatewaysOf(page)).toContainText('0 connected');
	await expect(gatewaysOf(page)).toContainText('GATEWAY SILENT — no alarms can arrive');
	await expect(alarmStateOf(page)).toHaveText(alarming);
	await expect(alarmStateOf(page)).toContainText('gateway silent');

	// A gateway back: the silence ends.
	await sendOk(await soc.gateway(), 'airbag.deployed', airbagEvent(vin(), { testCall: true }));
	await expect(gatewaysOf(page)).toContainText('1 connected');
	await expect(gatewaysOf(page)).not.toContainText('GATEWAY SILENT');
	await expect(alarmStateOf(page)).not.toContainText('gateway silent');
});

test('a gateway connected but not heard from for SOC_GATEWAY_SILENT_S raises the alarm too', async ({ ownConsole }) => {
	const silentS = 3;
	const soc = await ownConsole({ SOC_GATEWAY_SILENT_S: String(silentS) });
	const page = await operatorOn(soc.newPage, soc.account('operator'));
	const gateway = await soc.gateway();
	await sendOk(gateway, 'airbag.deployed', airbagEvent(vin(), { testCall: true }));
	await expect(gatewaysOf(page)).toContainText('1 connected, last event');
	await expect(gatewaysOf(page)).not.toContainText('GATEWAY SILENT');

	// Still connected, but silent past the threshold (the server's clock must pass it).
	await expect(gatewaysOf(page)).toContainText('GATEWAY SILENT — no alarms can arrive', { timeout: (silentS + 5) * 1000 });
	await expect(gatewaysOf(page)).toContainText('1 connected');
	await expect(alarmStateOf(page)).toContainText('gateway silent');

	// An event: heard again.
	await sendOk(gateway, 'airbag.deployed', airbagEvent(vin(), { testCall: true }));
	await expect(gatewaysOf(page)).not.toContainText('GATEWAY SILENT');
});

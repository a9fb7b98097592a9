// /admin, gateway tokens: shown once, listed by label, revoked with their gateways cut off
// (docs/console.md, "/admin"; docs/gateway-protocol.md, "Connection").
import { io, type Socket } from 'socket.io-client';
import { test, expect, signInAs, uniqueName, type Page } from './fixtures';

const tokens = (page: Page) => page.getByRole('region', { name: 'Gateway tokens' });

const rowOf = (page: Page, label: string) =>
	tokens(page)
		.getByRole('table', { name: 'Gateway tokens' })
		.getByRole('row')
		.filter({ has: page.getByRole('cell', { name: label, exact: true }) });

/** Connects to /gateway as a gateway would; resolves once connected, rejects with connect_error. */
function connectGateway(url: string, token: string, sockets: Socket[]): Promise<Socket> {
	const socket = io(`${url}/gateway`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
	sockets.push(socket);
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (error) => reject(error));
	});
}

test('a new gateway token is shown once, connects, and is cut off when revoked', async ({ page, account, console: soc }) => {
	const sockets: Socket[] = [];
	try {
		const label = uniqueName('gw');
		await signInAs(page, account('admin'));

		await tokens(page).getByLabel('Label', { exact: true }).fill(label);
		await tokens(page).getByRole('button', { name: 'Add token' }).click();

		const shown = page.getByRole('status', { name: 'Gateway tokens' });
		await expect(page.getByRole('status').filter({ has: shown })).toContainText(`New token for ${label}. It is shown only once`);
		await expect(shown).toHaveText(/^gw_\S+$/);
		const token = (await shown.innerText()).trim();
		const row = rowOf(page, label);
		await expect(row.getByRole('cell', { name: 'active', exact: true })).toBeVisible();

		// Shown only once: not after a reload, nowhere in the page.
		await page.reload();
		await expect(rowOf(page, label).getByRole('cell', { name: 'active', exact: true })).toBeVisible();
		await expect(page.getByRole('status', { name: 'Gateway tokens' })).toHaveCount(0);
		await expect(page.getByText(token)).toHaveCount(0);
		expect(await page.content()).not.toContain(token);

		// A gateway connects with it.
		const gateway = await connectGateway(soc.url, token, sockets);
		expect(gateway.connected).toBe(true);
		const cutOff = new Promise<string>((resolve) => gateway.once('disconnect', (reason) => resolve(reason)));

		await rowOf(page, label).getByRole('button', { name: `Revoke ${label}` }).click();

		await expect(page.getByRole('status')).toHaveText(`Token ${label} revoked; gateways using it are disconnected.`);
		await expect(rowOf(page, label).getByRole('cell', { name: 'revoked', exact: true })).toBeVisible();
		await expect(rowOf(page, label).getByRole('button', { name: `Revoke ${label}` })).toHaveCount(0);

		// The connected gateway is disconnected by the console within a few seconds...
		const reason = await Promise.race([
			cutOff,
			new Promise<string>((resolve) => setTimeout(() => resolve('still connected after 5 s'), 5_000))
		]);
		expect(reason).toBe('io server disconnect');

		// ...and the token no longer lets a gateway in.
		await expect(connectGateway(soc.url, token, sockets)).rejects.toThrow('unauthorized');
	} finally {
		for (const socket of sockets) socket.disconnect();
	}
});

test('an unknown token is refused on /gateway', async ({ console: soc }) => {
	const sockets: Socket[] = [];
	try {
		await expect(connectGateway(soc.url, 'gw_not-a-real-token', sockets)).rejects.toThrow('unauthorized');
	} finally {
		for (const socket of sockets) socket.disconnect();
	}
});

// One account may have 16 screens open at once (tabs, other monitors). A 17th says why it is not
// live, and goes live by itself once another screen closes.
import { io, type Socket } from 'socket.io-client';
import { test, expect, connectionOf, notLiveBanner, operatorOn } from './helpers/console';

test('a 17th screen of one session says why it is not live, and goes live when another closes', async ({ newPage, account, baseURL }) => {
	test.setTimeout(60_000);
	const first = await operatorOn(newPage, account('operator'));
	const session = (await first.context().cookies()).find((c) => c.name === 'soc_session');
	expect(session).toBeDefined();
	// Fourteen more screens of the same session, opened outside the browser: with the first page, 15.
	const others: Socket[] = [];
	try {
		for (let i = 0; i < 14; i++) {
			const socket = io(`${baseURL}/ops`, {
				transports: ['websocket'],
				extraHeaders: { cookie: `soc_session=${session!.value}`, origin: baseURL! },
				reconnection: false,
				forceNew: true
			});
			others.push(socket);
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', reject);
			});
		}
		const sixteenth = await first.context().newPage();
		await sixteenth.goto('/');
		await expect(connectionOf(sixteenth)).toHaveText(/Live/);

		const seventeenth = await first.context().newPage();
		await seventeenth.goto('/');
		await expect(notLiveBanner(seventeenth)).toHaveText(
			'NOT LIVE — this account already has 16 screens open. Close one of them; this screen connects again by itself.'
		);
		await expect(connectionOf(seventeenth)).not.toHaveText(/Live/);

		others.shift()!.close();
		await expect(connectionOf(seventeenth)).toHaveText(/Live/, { timeout: 15_000 });
		await expect(notLiveBanner(seventeenth)).toHaveCount(0);
	} finally {
		for (const socket of others) socket.close();
	}
});

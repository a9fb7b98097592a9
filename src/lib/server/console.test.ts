// The console's socket handlers in this process, on a temporary database, with no build: the
// composition root, a real Socket.IO server on a free port, and socket.io-client as a gateway and
// as an operator's screen, typed by the contracts.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayEvents } from '../contract/gateway';
import type { OpsPushes, OpsRequests } from '../contract/ops';
import type { AcceptedAck } from '../domain/gateway/schemas';
import type { FeedEntry } from '../domain/incident';
import { readConfig } from './config';
import { composeConsole, type SocConsole } from './console';
import { serveNamespaces, socketOptions } from './host';
import { addAccount, findAccount } from './stores/accounts';
import { createSession } from './stores/sessions';

let dir: string;
let soc: SocConsole;
let io: Server;
let url: string;
const token = 'in-process-gateway-token';

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'soc-console-'));
	const http = createServer();
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	soc = await composeConsole(readConfig({ SOC_DB: join(dir, 'soc.db'), SOC_GATEWAY_TOKENS: token, ORIGIN: url }));
	io = new Server(http, socketOptions);
	const handlers = soc.attach(io);
	serveNamespaces(io, () => handlers);
});
afterAll(async () => {
	await new Promise<void>((resolve) => io.close(() => resolve()));
	await soc.stop();
	rmSync(dir, { recursive: true, force: true });
});

const connected = <S extends Socket>(socket: S) =>
	new Promise<S>((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});

async function operatorScreen(): Promise<Socket<OpsPushes, OpsRequests>> {
	await addAccount(soc.database, { username: 'olga', role: 'operator', password: 'olga-password-123' }, 'test');
	const { token: session } = await createSession(soc.database, (await findAccount(soc.database, 'olga'))!, soc.limits);
	return connected(connect(`${url}/ops`, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: `soc_session=${session}`, origin: url } }));
}

describe('the composed console, in process', () => {
	it('takes a crash from a gateway, shows it on a screen, and lets the operator acknowledge it', async () => {
		const screen = await operatorScreen();
		const gateway = await connected<Socket<Record<string, never>, GatewayEvents>>(connect(`${url}/gateway`, { transports: ['websocket'], forceNew: true, auth: { token } }));
		try {
			const resumed = await screen.timeout(5_000).emitWithAck('resume', { seq: null });
			expect(resumed).toMatchObject({ ok: true, snapshot: { incidents: [] } });
			const seen: FeedEntry[] = [];
			screen.on('feed', (entries) => seen.push(...entries));

			const ack = (await gateway.timeout(5_000).emitWithAck('airbag.deployed', { eventId: 'crash-1', vin: 'WDB00000000000009' })) as AcceptedAck;
			expect(ack).toMatchObject({ ok: true, duplicate: false });
			const incidentId = Number(ack.incidentId);
			await expect.poll(() => seen.some((e) => e.kind === 'incident' && e.incidentId === incidentId)).toBe(true);

			const reply = await screen.timeout(5_000).emitWithAck('act', { action: 'acknowledge', incidentId });
			expect(reply).toMatchObject({ ok: true, incident: { status: 'acknowledged', ownerName: 'olga' } });
			const detail = await screen.timeout(5_000).emitWithAck('incident:detail', { incidentId });
			expect(detail).toMatchObject({ ok: true, timeline: [{ kind: 'alert' }, { kind: 'acknowledge', actorName: 'olga' }] });
		} finally {
			screen.close();
			gateway.close();
		}
	});
});

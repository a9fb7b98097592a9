// The built console as `npm start` runs it: one port for pages and sockets, health, headers, shutdown.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { assertBuilt, freePort, root, startConsole } from '../helpers/server';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('npm start', () => {
	it('serves /login and /healthz on a fresh database path', async () => {
		assertBuilt();
		const dir = mkdtempSync(join(tmpdir(), 'soc-start-'));
		dirs.push(dir);
		const dbPath = join(dir, 'new', 'soc.db');
		const port = await freePort();
		const child = spawn('npm', ['start', '--silent'], {
			cwd: root,
			env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SOC_DB: dbPath },
			stdio: 'ignore'
		});
		const url = `http://127.0.0.1:${port}`;
		let health: Response | undefined;
		for (let i = 0; i < 200 && !health?.ok; i++) {
			health = await fetch(`${url}/healthz`).catch(() => undefined);
			if (!health?.ok) await new Promise((r) => setTimeout(r, 100));
		}
		expect(health?.status).toBe(200);
		expect(await health?.json()).toEqual({ status: 'ok' });
		const login = await fetch(`${url}/login`);
		expect(login.status).toBe(200);
		expect(await login.text()).toContain('Sign in');
		expect(existsSync(dbPath)).toBe(true);
		const exit = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exit;
	});
});

describe('shutdown', () => {
	it('on SIGTERM closes the sockets and the database, then exits 0', async () => {
		const app = await startConsole({ SOC_GATEWAY_TOKENS: 'shutdown-token' });
		try {
			const socket = io(`${app.url}/gateway`, { transports: ['websocket'], reconnection: false, auth: { token: 'shutdown-token' } });
			await new Promise((resolve) => socket.once('connect', () => resolve(true)));
			const closed = new Promise((resolve) => socket.once('disconnect', resolve));
			expect(existsSync(`${app.dbPath}-wal`)).toBe(true);
			expect(await app.stop()).toBe(0);
			await closed;
			// Closing the last connection checkpoints the WAL into the database file and removes it.
			expect(existsSync(`${app.dbPath}-wal`)).toBe(false);
			expect(app.output()).toContain('SIGTERM: shutting down');
		} finally {
			await app.dispose();
		}
	});
});

describe('one server', () => {
	it('answers pages and Socket.IO on the same port, with security headers on every page', async () => {
		const app = await startConsole();
		try {
			const page = await fetch(`${app.url}/login`);
			expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
			expect(page.headers.get('x-content-type-options')).toBe('nosniff');
			expect(page.headers.get('referrer-policy')).toBe('same-origin');
			const socket = io(`${app.url}/gateway`, { transports: ['websocket'], reconnection: false, auth: { token: 'x' } });
			const message = await new Promise((resolve) => socket.once('connect_error', (e) => resolve(e.message)));
			socket.close();
			expect(message).toBe('unauthorized');
		} finally {
			await app.dispose();
		}
	});

	it('allows the configured tile server in the Content Security Policy', async () => {
		const app = await startConsole({ SOC_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' });
		try {
			const csp = (await fetch(`${app.url}/login`)).headers.get('content-security-policy');
			expect(csp).toContain('img-src');
			expect(csp).toContain('https://tiles.example.org');
		} finally {
			await app.dispose();
		}
	});

	it('refuses to start on a bad configuration value, naming it', async () => {
		const app = startConsole({ SOC_SESSION_IDLE_MIN: 'soon' });
		await expect(app).rejects.toThrow(/SOC_SESSION_IDLE_MIN/);
	});

	it('speaks French to a browser that asks for it', async () => {
		const app = await startConsole();
		try {
			const html = await (await fetch(`${app.url}/login`, { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } })).text();
			expect(html).toContain('<html lang="fr">');
			expect(html).toContain('Se connecter');
			expect(html).toContain('Identifiant');
			expect(html).not.toMatch(/>\s*(Sign in|Username|Password)\s*</);
		} finally {
			await app.dispose();
		}
	});
});

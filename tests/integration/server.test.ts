// The built console as `npm start` runs it: one port for pages and sockets, health, headers, shutdown.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { freshDatabase, testEngine } from '../helpers/databases';
import { assertBuilt, freePort, root, startConsole } from '../helpers/server';

const dirs: string[] = [];
const disposals: (() => Promise<void>)[] = [];
afterAll(async () => {
	dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
	for (const dispose of disposals) await dispose();
});

describe('npm start', () => {
	it('serves /login and /healthz on a fresh database path', async () => {
		assertBuilt();
		const dir = mkdtempSync(join(tmpdir(), 'soc-start-'));
		dirs.push(dir);
		// SQLite: a file in a folder that does not exist yet; PostgreSQL: an empty database.
		const postgres = testEngine === 'postgres' ? await freshDatabase('postgres') : undefined;
		if (postgres) disposals.push(postgres.dispose);
		const db = postgres?.location ?? join(dir, 'new', 'soc.db');
		const port = await freePort();
		const child = spawn('npm', ['start', '--silent'], {
			cwd: root,
			env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SOC_DB: db, SOC_NODE_ID: 'node-a' },
			stdio: 'ignore'
		});
		const url = `http://127.0.0.1:${port}`;
		let health: Response | undefined;
		for (let i = 0; i < 200 && !health?.ok; i++) {
			health = await fetch(`${url}/healthz`).catch(() => undefined);
			if (!health?.ok) await new Promise((r) => setTimeout(r, 100));
		}
		expect(health?.status).toBe(200);
		expect(await health?.json()).toEqual({ status: 'ok', node: 'node-a' });
		const login = await fetch(`${url}/login`);
		expect(login.status).toBe(200);
		expect(await login.text()).toContain('Sign in');
		if (!postgres) expect(existsSync(db)).toBe(true);
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
			const sqlite = testEngine === 'sqlite';
			if (sqlite) expect(existsSync(`${app.db}-wal`)).toBe(true);
			expect(await app.stop()).toBe(0);
			await closed;
			// SQLite: closing the last connection checkpoints the WAL into the database file and removes it.
			if (sqlite) expect(existsSync(`${app.db}-wal`)).toBe(false);
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

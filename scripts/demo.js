// `npm run demo`: the built console on its own demo database, with demo accounts (they exist only
// in this database) and, when available, simulated gateway traffic. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '3000';
const env = {
	...process.env,
	PORT: port,
	SOC_DB: process.env.SOC_DB ?? join(root, 'data', 'demo.db'),
	SOC_GATEWAY_TOKENS: process.env.SOC_GATEWAY_TOKENS ?? `demo-${randomBytes(18).toString('base64url')}`
};
const url = process.env.ORIGIN ?? `http://localhost:${port}`;

function soc(args, input = '') {
	return spawnSync(process.execPath, [join(root, 'dist', 'soc.js'), ...args], { env, input, encoding: 'utf8' });
}

/** A fresh password each run: the demo accounts are created, or their password reset. */
const accounts = ['operator', 'supervisor', 'display', 'admin'].map((role) => {
	const username = `demo-${role}`;
	const password = randomBytes(12).toString('base64url');
	const added = soc(['user', 'add', username, '--role', role], `${password}\n`);
	if (added.status !== 0) {
		const reset = soc(['user', 'passwd', username], `${password}\n`);
		if (reset.status !== 0) throw new Error(`could not prepare ${username}: ${reset.stderr}`);
		soc(['user', 'enable', username]);
	}
	return { role, username, password };
});

const children = [];
const server = spawn(process.execPath, [join(root, 'dist', 'server.js')], { env, stdio: 'inherit' });
children.push(server);

async function waitHealthy() {
	for (let i = 0; i < 300; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('the console did not start');
}

await waitHealthy();
const simulator = join(root, 'dist', 'simulate.js');
if (existsSync(simulator)) {
	const token = env.SOC_GATEWAY_TOKENS.split(',')[0];
	children.push(spawn(process.execPath, [simulator, '--url', `http://127.0.0.1:${port}`, '--token', token, '--quiet'], { env, stdio: 'inherit' }));
}

console.log(`\nSOC console demo: open ${url}\n`);
console.log('role\tusername\tpassword');
for (const a of accounts) console.log(`${a.role}\t${a.username}\t${a.password}`);
console.log('\nCtrl-C stops the demo.\n');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		if (stopping) return;
		stopping = true;
		for (const child of children) child.kill('SIGTERM');
	});
}
server.on('exit', (code) => {
	for (const child of children) if (child !== server) child.kill('SIGTERM');
	process.exitCode = code ?? 0;
});

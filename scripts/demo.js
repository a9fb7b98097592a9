// `npm run demo`: the built console on its own demo database, with demo accounts (they exist only
// in this database) and simulated gateway traffic (`soc simulate`). Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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

const server = spawn(process.execPath, [join(root, 'dist', 'server.js')], { env, stdio: 'inherit' });
/** Started once the console answers. */
let simulator;

const running = (child) => child !== undefined && child.exitCode === null && child.signalCode === null;
let stopping = false;
function stop() {
	if (stopping) return;
	stopping = true;
	// The simulator first, so that the console acks its last events before it goes.
	if (running(simulator)) simulator.kill('SIGTERM');
	else server.kill('SIGTERM');
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);
server.on('exit', (code) => {
	if (running(simulator)) simulator.kill('SIGTERM');
	// A failure reported before (the console did not start) keeps its exit code.
	process.exitCode ||= code ?? 0;
});

async function healthy() {
	for (let i = 0; i < 300 && running(server) && !stopping; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return true;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return false;
}

if (await healthy()) {
	// A gentle feed, as a real night might be: about two events a second, one in sixty of them an
	// airbag deployment (one every ~30 s), the rest the track fixes of a few stolen vehicles at a time.
	const token = env.SOC_GATEWAY_TOKENS.split(',')[0];
	const args = ['simulate', '--url', `http://127.0.0.1:${port}`, '--token', token, '--quiet', '--rate', '2', '--mix', 'airbag=1,theft=59'];
	simulator = spawn(process.execPath, [join(root, 'dist', 'soc.js'), ...args], { env, stdio: 'inherit' });
	simulator.on('exit', (code) => {
		if (stopping) server.kill('SIGTERM');
		else console.error(`the simulator stopped (exit code ${code}); the console runs on without it`);
	});

	console.log(`\nSOC console demo: open ${url}\n`);
	console.log('role\tusername\tpassword');
	for (const a of accounts) console.log(`${a.role}\t${a.username}\t${a.password}`);
	console.log('\nCtrl-C stops the demo.\n');
} else if (!stopping) {
	console.error('the console did not start');
	process.exitCode = 1;
	server.kill('SIGTERM');
}

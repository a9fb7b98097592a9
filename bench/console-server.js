// The built console for the benches: a copy of the build on a free port and a fresh temporary
// database, an operator account, and CPU accounting of the processes involved (Linux /proc).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

export function isBuilt() {
	return existsSync(join(root, 'dist/server.js')) && existsSync(join(root, 'dist/soc.js')) && existsSync(join(root, 'build/handler.js'));
}

/**
 * The console runs from a copy of its build, so that a rebuild in the checkout during the bench
 * (other work goes on in the same directory) cannot change or break the server being measured.
 */
export async function copyBuiltConsole(dir) {
	await quietBuild();
	for (const part of ['dist', 'build', 'drizzle']) cpSync(join(root, part), join(dir, part), { recursive: true });
	copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
	symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

/** The newest modification time (ms) of the files under a folder. */
function newestMtime(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		try {
			newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
		} catch {
			// removed meanwhile
		}
	}
	return newest;
}

/**
 * A build being written (`npm run build` by someone else) is not copied half-way: waits, up to a
 * minute, until nothing in dist/, build/ and drizzle/ has changed for 5 s.
 */
async function quietBuild() {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const newest = Math.max(...['dist', 'build', 'drizzle'].map((part) => newestMtime(join(root, part))));
		if (Date.now() - newest > 5_000 || Date.now() > deadline) return;
		await new Promise((r) => setTimeout(r, 1_000));
	}
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
	return new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolvePort(port));
		});
	});
}

/**
 * Starts `node dist/server.js` of the copied build (`consoleDir`) with its database in `dataDir`.
 * `children` is the caller's set of live child processes (killed on exit).
 */
export async function startConsole({ consoleDir, dataDir, env, nodeArgs = [], children }) {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const dbPath = join(dataDir, 'soc.db');
	const child = spawn(process.execPath, [...nodeArgs, join(consoleDir, 'dist/server.js')], {
		cwd: consoleDir,
		env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, SOC_DB: dbPath, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	const exited = new Promise((r) => child.once('exit', r)).then(() => children.delete(child));
	let output = '';
	const keep = (d) => (output = (output + d).slice(-6000));
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the console exited with ${child.exitCode}:\n${output}`);
		if (Date.now() > deadline) throw new Error(`the console did not answer /healthz within 30 s:\n${output}`);
		const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
		if (ok) break;
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		child,
		url,
		dbPath,
		output: () => output,
		assertRunning() {
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new Error(`the console died (exit code ${child.exitCode}, signal ${child.signalCode}):\n${output}`);
			}
		},
		/** `node dist/soc.js user add NAME --role ROLE`, the password on stdin. */
		addUser(username, role, password) {
			const result = spawnSync(process.execPath, [join(consoleDir, 'dist/soc.js'), 'user', 'add', username, '--role', role], {
				cwd: consoleDir,
				env: { PATH: process.env.PATH ?? '', SOC_DB: dbPath },
				input: `${password}\n`,
				encoding: 'utf8'
			});
			if (result.status !== 0) throw new Error(`could not add ${username}: ${result.stderr}${result.stdout}`);
		},
		/** Graceful stop (SIGTERM: the console drains and closes its database), SIGKILL after 15 s. */
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
			const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
			child.kill('SIGTERM');
			await exited;
			clearTimeout(force);
			return child.exitCode;
		}
	};
}

/** Parent pid and CPU seconds (user + system; Linux clock ticks are 1/100 s) of every process. */
function processTable() {
	const table = new Map();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			table.set(Number(name), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / 100 });
		} catch {
			// gone meanwhile
		}
	}
	return table;
}

/** CPU seconds of a process and all its live descendants. */
function treeCpu(table, pid) {
	let sum = 0;
	const stack = [pid];
	const children = new Map();
	for (const [p, { ppid }] of table) {
		if (!children.has(ppid)) children.set(ppid, []);
		children.get(ppid).push(p);
	}
	while (stack.length > 0) {
		const p = stack.pop();
		sum += table.get(p)?.cpu ?? 0;
		stack.push(...(children.get(p) ?? []));
	}
	return sum;
}

/** CPU seconds the whole machine has been busy (all cores, everything but idle and iowait). */
export function machineBusySeconds() {
	const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
	const [user, nice, system, , , irq, softirq, steal] = ticks;
	return (user + nice + system + irq + softirq + steal) / 100;
}

/**
 * CPU use over a phase, in cores: the console server, the browser (every Chromium process: they are
 * the descendants of this process other than the server), this process, and the rest of the machine.
 * Processes that ended during the phase are not counted.
 */
export function cpuMeter(serverPid) {
	const sample = () => {
		const table = processTable();
		const server = treeCpu(table, serverPid);
		const all = treeCpu(table, process.pid);
		const self = table.get(process.pid)?.cpu ?? 0;
		return { at: performance.now(), server, browser: all - server - self, self, machine: machineBusySeconds() };
	};
	const before = sample();
	return () => {
		const after = sample();
		const s = (after.at - before.at) / 1000;
		const server = (after.server - before.server) / s;
		const browser = (after.browser - before.browser) / s;
		const bench = (after.self - before.self) / s;
		const machine = (after.machine - before.machine) / s;
		return { server, browser, bench, other: Math.max(0, machine - server - browser - bench) };
	};
}

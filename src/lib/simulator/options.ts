// The options of `soc simulate`: every one checked, with a message naming the option when it is wrong.
import { randomInt } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Mix } from './scenario';

export const usage = `usage: soc simulate [options]
A telematics gateway sending simulated airbag deployments and theft tracks to a console.
  --url URL              the console (default http://localhost:3000)
  --token TOKEN          gateway token (default: SOC_SIMULATOR_TOKEN, else the first of SOC_GATEWAY_TOKENS)
  --rate N               target events per second, every track fix counting as one (default 5)
  --mix airbag=A,theft=T shares of that rate (default airbag=1,theft=9)
  --duration S           stop after S seconds (default: run until Ctrl-C or SIGTERM)
  --seed N               the same seed sends the same payloads (default: random, printed at start)
  --tracks DIR           recorded drives, .nmea and .json (default data/tracks in the project)
  --thin                 one fix every 15 s, as a typical tracker reports, instead of every second
  --sockets N            gateway connections sharing the events (default 1)
  --batch N              at most N fixes per theft.positions batch, 1 to 1000 (default 1000)
  --acked-log FILE       write the event id of every acknowledged event to FILE, one a line
  --quiet                no progress lines on standard error
Progress goes to standard error every second; totals, rate and ack latency to standard output at the end.`;

export interface Options {
	url: string;
	token: string;
	rate: number;
	mix: Mix;
	durationS: number | null;
	seed: number;
	tracks: string;
	thin: boolean;
	sockets: number;
	batch: number;
	ackedLog: string | null;
	quiet: boolean;
}

export class UsageError extends Error {}

const spec = {
	url: { type: 'string' },
	token: { type: 'string' },
	rate: { type: 'string' },
	mix: { type: 'string' },
	duration: { type: 'string' },
	seed: { type: 'string' },
	tracks: { type: 'string' },
	thin: { type: 'boolean' },
	sockets: { type: 'string' },
	batch: { type: 'string' },
	'acked-log': { type: 'string' },
	quiet: { type: 'boolean' },
	help: { type: 'boolean' }
} as const;

/** The options, or 'help' for --help. Throws UsageError. */
export function parseOptions(argv: string[], env: Record<string, string | undefined>): Options | 'help' {
	let parsed;
	try {
		parsed = parseArgs({ args: argv, options: spec, allowPositionals: false, strict: true });
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
	const v = parsed.values;
	if (v.help) return 'help';
	// Values are checked in this order, the token last: a wrong value is named before a missing token.
	return {
		url: url(v.url ?? 'http://localhost:3000'),
		rate: v.rate === undefined ? 5 : decimal('--rate', v.rate, 0, 1_000_000),
		mix: mix(v.mix ?? 'airbag=1,theft=9'),
		durationS: v.duration === undefined ? null : decimal('--duration', v.duration, 0, 365 * 86_400),
		seed: v.seed === undefined ? randomInt(2 ** 32 - 1) : integer('--seed', v.seed, 0, 2 ** 32 - 1),
		tracks: folder(resolve(v.tracks ?? defaultTracksDir())),
		thin: v.thin ?? false,
		sockets: v.sockets === undefined ? 1 : integer('--sockets', v.sockets, 1, 100),
		batch: v.batch === undefined ? 1000 : integer('--batch', v.batch, 1, 1000),
		ackedLog: v['acked-log'] === undefined ? null : fileName(v['acked-log']),
		quiet: v.quiet ?? false,
		token: token(v.token ?? env.SOC_SIMULATOR_TOKEN ?? env.SOC_GATEWAY_TOKENS?.split(',')[0]?.trim())
	};
}

function token(value: string | undefined): string {
	if (!value) throw new UsageError('--token is needed (or SOC_SIMULATOR_TOKEN, or SOC_GATEWAY_TOKENS in the environment)');
	return value;
}

function folder(path: string): string {
	if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`--tracks: ${path} is not a folder`);
	return path;
}

function fileName(path: string): string {
	if (path === '') throw new UsageError('--acked-log needs a file name');
	return path;
}

function url(text: string): string {
	let parsed: URL;
	try {
		parsed = new URL(text);
	} catch {
		throw new UsageError(`--url must be a URL such as http://localhost:3000 (got "${text}")`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new UsageError(`--url must start with http:// or https:// (got "${text}")`);
	}
	return parsed.origin;
}

/** A number above `min` and at most `max`. */
function decimal(option: string, text: string, min: number, max: number): number {
	const value = Number(text);
	if (!/^\d+(\.\d+)?$/.test(text) || value <= min || value > max) {
		throw new UsageError(`${option} must be a number above ${min} and at most ${max} (got "${text}")`);
	}
	return value;
}

function integer(option: string, text: string, min: number, max: number): number {
	const value = Number(text);
	if (!/^\d+$/.test(text) || value < min || value > max) {
		throw new UsageError(`${option} must be a whole number from ${min} to ${max} (got "${text}")`);
	}
	return value;
}

function mix(text: string): Mix {
	const shares: Mix = { airbag: 0, theft: 0 };
	const seen = new Set<string>();
	for (const part of text.split(',')) {
		const match = /^(airbag|theft)=(\d+(?:\.\d+)?)$/.exec(part.trim());
		if (!match || seen.has(match[1])) {
			throw new UsageError(`--mix must be like airbag=1,theft=3, each kind at most once (got "${text}")`);
		}
		seen.add(match[1]);
		shares[match[1] as keyof Mix] = Number(match[2]);
	}
	if (shares.airbag + shares.theft <= 0) throw new UsageError(`--mix needs a share above 0 (got "${text}")`);
	return shares;
}

/** `<project root>/data/tracks`, the root being the nearest folder above with a package.json. */
export function defaultTracksDir(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
	return join(dir, 'data', 'tracks');
}

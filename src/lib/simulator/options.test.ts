import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError, type Options } from './options';

const env = { SOC_GATEWAY_TOKENS: 'first-token, second-token' };
const parse = (...argv: string[]) => parseOptions(argv, env) as Options;
const refused = (argv: string[], message: RegExp, environment: Record<string, string> = env) => {
	expect(() => parseOptions(argv, environment)).toThrow(UsageError);
	expect(() => parseOptions(argv, environment)).toThrow(message);
};

describe('soc simulate options', () => {
	it('has defaults, the token coming from the environment', () => {
		const options = parse();
		expect(options).toMatchObject({
			url: 'http://localhost:3000',
			token: 'first-token',
			rate: 5,
			mix: { airbag: 1, theft: 9 },
			durationS: null,
			sockets: 1,
			batch: 1000,
			thin: false,
			quiet: false,
			ackedLog: null
		});
		expect(Number.isInteger(options.seed)).toBe(true);
		expect(parseOptions([], { ...env, SOC_SIMULATOR_TOKEN: 'sim' })).toMatchObject({ token: 'sim' });
	});

	it('reads every option', () => {
		const argv = ['--url', 'https://soc.example.org/', '--token', 't', '--rate', '0.5', '--mix', 'airbag=1,theft=3', '--duration', '4'];
		argv.push('--seed', '7', '--sockets', '4', '--batch', '100', '--thin', '--quiet', '--acked-log', '/tmp/acked');
		expect(parse(...argv)).toMatchObject({
			url: 'https://soc.example.org',
			token: 't',
			rate: 0.5,
			mix: { airbag: 1, theft: 3 },
			durationS: 4,
			seed: 7,
			sockets: 4,
			batch: 100,
			thin: true,
			quiet: true,
			ackedLog: '/tmp/acked'
		});
		expect(parse('--mix', 'theft=1').mix).toEqual({ airbag: 0, theft: 1 });
		expect(parseOptions(['--help'], env)).toBe('help');
	});

	it('names the option that is wrong', () => {
		refused(['--rate', 'fast'], /--rate/);
		refused(['--rate', '0'], /--rate/);
		refused(['--duration', '-1'], /--duration/);
		refused(['--seed', '1.5'], /--seed/);
		refused(['--sockets', '0'], /--sockets/);
		refused(['--batch', '1001'], /--batch/);
		refused(['--mix', 'airbag=1,crash=2'], /--mix/);
		refused(['--mix', 'airbag=0'], /--mix/);
		refused(['--mix', 'airbag=1,airbag=2'], /--mix/);
		refused(['--url', 'localhost:3000'], /--url/);
		refused(['--url', 'not a url'], /--url/);
		refused(['--tracks', '/nonexistent'], /--tracks/);
		refused(['--frobnicate'], /frobnicate/);
		refused(['extra'], /extra/);
		refused([], /--token/, {});
	});
});

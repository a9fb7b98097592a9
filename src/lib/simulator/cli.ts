// `soc simulate`: the generator (scenario.ts) fed to the gateway (gateway.ts) on a clock; progress
// on standard error, the rate and the totals on standard output. Exit: 0 done (also after Ctrl-C or
// SIGTERM), 1 failed (e.g. the token was refused), 2 wrong usage.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Gateway } from './gateway';
import { parseOptions, usage, UsageError, type Options } from './options';
import { createScenario } from './scenario';
import { progressLine, rateLine, totalsLine } from './stats';
import { loadTracks, thinned, type Track } from './tracks';
import { loadVehicleMaker } from './vehicles';

const tickMs = 100;
/** After the run, how long in-flight and queued events may take to be acked. */
const drainMs = 5000;
const shownRefusals = 10;

export async function simulate(argv: string[]): Promise<number> {
	let options: Options | 'help';
	try {
		options = parseOptions(argv, process.env);
	} catch (e) {
		if (!(e instanceof UsageError)) throw e;
		console.error(`soc simulate: ${e.message}\n${usage}`);
		return 2;
	}
	if (options === 'help') {
		console.log(usage);
		return 0;
	}
	// From here on, the first Ctrl-C or SIGTERM stops generating (also while the tracks load and
	// the sockets connect); later ones are ignored while the acks come in, and the totals print.
	const signal = { received: false };
	const onSignal = () => (signal.received = true);
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		return await prepareAndRun(options, signal);
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
}

async function prepareAndRun(options: Options, signal: { received: boolean }): Promise<number> {
	let tracks: Track[];
	try {
		tracks = await loadTracks(options.tracks);
	} catch (e) {
		console.error(`soc simulate: cannot read the tracks: ${(e as Error).message}`);
		return 1;
	}
	if (options.thin) tracks = tracks.map((track) => thinned(track, 15_000));
	return run(options, tracks, signal);
}

async function run(options: Options, tracks: Track[], signal: { received: boolean }): Promise<number> {
	const info = (line: string) => {
		if (!options.quiet) console.error(line);
	};
	const runId = `sim-${randomBytes(4).toString('hex')}`;
	const startMs = Date.now();
	const scenario = createScenario({ ...options, runId, startMs, tracks, vehicles: await loadVehicleMaker() });
	const every = scenario.airbagEveryS;
	const airbags = every === null ? 'no airbags' : every >= 1 ? `an airbag every ~${every.toFixed(1)} s` : `~${(1 / every).toFixed(1)} airbags/s`;
	info(`soc simulate: run ${runId}, seed ${options.seed}: ${options.rate} events/s to ${options.url}, ${scenario.thefts} thefts at a time, ${airbags}`);

	const ackedLog = options.ackedLog ? createWriteStream(options.ackedLog) : null;
	let refusals = 0;
	let droppingShown = false;
	let fatal: string | null = null;
	let stopBy: number | null = null;
	const stop = () => {
		stopBy ??= Date.now() + drainMs;
	};
	const gateway = await Gateway.connect({
		...options,
		onAcked: ackedLog ? (eventId) => ackedLog.write(`${eventId}\n`) : undefined,
		onRefused: (eventId, message) => {
			if (++refusals <= shownRefusals) console.error(`soc simulate: ${eventId} refused: ${message}`);
			if (refusals === shownRefusals) console.error('soc simulate: further refusals are only counted');
		},
		onFatal: (message) => {
			fatal ??= message;
		}
	});
	const endAt = options.durationS === null ? Infinity : startMs + options.durationS * 1000;
	let before = { ...gateway.counts };
	let nextReport = startMs + 1000;
	await new Promise<void>((done) => {
		const timer = setInterval(() => {
			const now = Date.now();
			if (now >= endAt || signal.received) stop();
			if (stopBy === null) gateway.enqueue(scenario.due(now));
			if (gateway.counts.dropped > 0 && !droppingShown) {
				droppingShown = true;
				console.error('soc simulate: the console is not taking fixes; the oldest queued ones are dropped (see "dropped")');
			}
			if (now >= nextReport) {
				info(progressLine(gateway.counts, before, (now - startMs) / 1000, gateway.outstanding, `${gateway.connected}/${options.sockets}`));
				before = { ...gateway.counts };
				nextReport += 1000;
			}
			// When stopping: done once nothing awaits an ack, or nothing can be acked (no connection), or time is up.
			if (fatal !== null || (stopBy !== null && (gateway.outstanding === 0 || gateway.connected === 0 || now >= stopBy))) {
				clearInterval(timer);
				done();
			}
		}, tickMs);
	});
	const elapsedS = (Date.now() - startMs) / 1000;
	const unacked = gateway.outstanding;
	gateway.close();
	if (ackedLog) await once(ackedLog.end(), 'finish');
	if (fatal !== null) console.error(`soc simulate: ${fatal}`);
	console.log(rateLine(gateway.counts, elapsedS, gateway.latenciesMs));
	console.log(totalsLine(gateway.counts, unacked));
	return fatal === null ? 0 : 1;
}

// The composition root: builds the running console from its configuration, once, and hands each
// part what it needs. Nothing else opens the database, makes a group committer or starts a timer;
// routes reach the parts through `event.locals.soc` (hooks.server.ts), socket handlers and
// commands get them as arguments.
import type { Server } from 'socket.io';
import type { ActionResult } from '../contract/ops';
import type { FeedEntry } from '../domain/incident';
import type { Action } from '../domain/lifecycle';
import { FailureLog } from '../domain/throttle';
import type { Config } from './config';
import { openDatabase, type SqlDatabase } from './db';
import { act, OwnerPresence, recordHandoff, type Actor, type HandoffUse } from './incidents/commands';
import { PoliceLinks } from './incidents/police-links';
import { GroupCommitter } from './ingest/committer';
import { StreetLookups } from './geocoding/street-lookups';
import type { TraccarDeps } from './ingest/traccar';
import { gatewayHandlers, sweepGatewaySockets, type GatewayNamespace } from './realtime/gateway';
import { GatewayPresence } from './realtime/gateway-presence';
import type { GatewayLiveness } from './realtime/liveness';
import { opsHandlers, sweepOpsSockets } from './realtime/ops';
import { Screens, type OpsNamespace } from './realtime/screens';
import { TrackPages, type TrackNamespace } from './realtime/track';
import type { SocketHandlers } from './host';
import { lastGatewayEventAt } from './stores/gateway-log';
import { databaseAnswers } from './stores/health';
import { FeedReader } from './realtime/feed-reader';
import { lockKeys, type Lease } from './db/sql';
import { feedChannel, IncidentStore } from './stores/incidents';
import { countryOf } from './borders';
import { placeOf } from './places';
import { baseLocale } from '../paraglide/runtime';
import { pruneSessions, type SessionLimits } from './stores/sessions';

/** Feed entries kept for screens that reconnect; further behind, they get a snapshot. */
const feedKept = 100_000;
/** Sessions can end outside this process (the soc command line): open sockets are checked this often. */
const sweepEveryMs = 2_000;

export interface SocConsole {
	readonly config: Config;
	/** The database, on either engine. */
	readonly database: SqlDatabase;
	readonly incidents: IncidentStore;
	readonly limits: SessionLimits;
	readonly screens: Screens;
	readonly presence: OwnerPresence;
	readonly liveness: GatewayLiveness;
	readonly committer: GroupCommitter;
	/** What Traccar's forwarding needs (routes/traccar). */
	readonly traccar: TraccarDeps;
	/** Police links: made, revoked and opened (docs/police.md). */
	readonly police: PoliceLinks;
	/** An operator's action, put on the feed after its commit. */
	act(actor: Actor, action: Action): Promise<ActionResult>;
	/** A use of an incident's hand-off sheet, on its timeline; false when there is no such incident. */
	recordHandoff(actor: Actor, incidentId: number, use: HandoffUse): Promise<boolean>;
	/** Cuts gateways whose token was revoked. */
	sweepGateways(): Promise<void>;
	/** Takes the Socket.IO server: the handlers of its namespaces. */
	attach(io: Server): SocketHandlers;
	/** Stops taking events, waits for those taken to be stored and acked, and closes the database. */
	stop(): Promise<void>;
}

function sessionLimitsOf(c: Config): SessionLimits {
	return {
		idleMs: c.SOC_SESSION_IDLE_MIN * 60_000,
		maxMs: c.SOC_SESSION_MAX_H * 3_600_000,
		displayMaxMs: c.SOC_DISPLAY_SESSION_DAYS * 86_400_000
	};
}

export async function composeConsole(config: Config): Promise<SocConsole> {
	const database = await openDatabase(config.SOC_DB, config.SOC_NODE_ID);
	const limits = sessionLimitsOf(config);
	const incidents = new IncidentStore(database, { placeOf, countryOf });
	const screens = new Screens();
	const pages = new TrackPages();
	// Every change, this node's or another's, in the feed's one order: to people's screens, to the
	// police's pages of its incident, and to the recent tracks snapshots are made of.
	const feed = new FeedReader(
		incidents,
		(entries) => {
			incidents.fed(entries);
			screens.publishFeed(entries);
			pages.publishFeed(entries);
		},
		await incidents.lastSeq()
	);
	const publishFeed = (entries: FeedEntry[]) => feed.committed(entries);
	const stopListening = await database.listen(feedChannel, () => feed.wake());
	const presence = new OwnerPresence(incidents, publishFeed);
	const streets = config.SOC_GEOCODER_URL
		? new StreetLookups({
				baseUrl: config.SOC_GEOCODER_URL,
				// One stored address serves every screen: in the console's default language.
				language: baseLocale,
				async save(incidentId, address) {
					const { feed } = await incidents.change(Date.now(), (changes) => changes.setAddress(incidentId, address));
					if (feed.length > 0) publishFeed(feed);
				}
			})
		: undefined;
	const committer = new GroupCommitter(incidents, {
		rules: {
			clockSkewMs: config.SOC_CLOCK_SKEW_S * 1000,
			airbagMergeMs: config.SOC_AIRBAG_MERGE_S * 1000,
			maxSpeedKmh: config.SOC_MAX_SPEED_KMH
		},
		// Street lookups start from what was committed, after the acks: never on the ingest path.
		publish: streets
			? (feed) => {
					publishFeed(feed);
					streets.committed(feed);
				}
			: publishFeed
	});
	// Lookups that were waiting when the console last stopped.
	if (streets) for (const incident of await incidents.open()) streets.want(incident);
	// Which gateways are connected and when one was last heard: on every node, over the database.
	const gatewayPresence = await GatewayPresence.start(database, config.SOC_NODE_ID, {
		lastEventAt: await lastGatewayEventAt(database),
		publish: screens.publishGatewayStatus,
		upstreamWindowMs: config.SOC_GATEWAY_SILENT_S * 1000
	});
	const liveness = gatewayPresence.liveness;
	const envTokens = config.SOC_GATEWAY_TOKENS;
	// Wrong gateway tokens per address, over sockets and HTTP alike: 10 within a minute lock the address for a minute.
	const tokenFailures = new FailureLog(10, 60_000);
	let gateways: GatewayNamespace | undefined;
	const sweepGateways = () => sweepGatewaySockets(gateways, database, envTokens);
	const act_ = (actor: Actor, action: Action) => act(incidents, publishFeed, actor, action);
	const police = new PoliceLinks({ incidents, publish: publishFeed, shareMs: config.SOC_SHARE_HOURS * 3_600_000, revoked: pages.revoked });

	// The timed jobs that change shared facts run on one node at a time: the holder of the jobs' lease.
	let jobs: Lease | undefined;
	const leader = async () => (jobs?.held ? jobs : (jobs = await database.tryLease(lockKeys.jobs)))?.held === true;
	const sweeper = setInterval(() => {
		void sweepOpsSockets(screens, database, limits).catch((e) => console.error('session sweep failed:', e));
		pages.sweep(Date.now());
		void sweepGateways().catch((e) => console.error('token sweep failed:', e));
		// A notification lost with its connection: the feed is read anyway.
		feed.wake();
		void leader()
			.then(async (leading) => {
				if (leading) await pruneSessions(database, limits);
				await presence.refresh();
			})
			.catch((e) => console.error('session prune failed:', e));
	}, sweepEveryMs);
	// A database that does not answer must not leave screens looking live: they are cut, and
	// connect again once it answers (docs/nodes.md, promise 10).
	let databaseUp = true;
	const healthCheck = setInterval(
		() =>
			void databaseAnswers(database).then((up) => {
				if (databaseUp && !up) {
					console.error('database: not answering; screens are cut until it answers again');
					screens.cutAll();
				}
				if (!databaseUp && up) console.error('database: answering again');
				databaseUp = up;
			}),
		1_000
	);
	healthCheck.unref();
	const feedPruner = setInterval(
		() =>
			void leader()
				.then((leading) => (leading ? incidents.pruneFeed(feedKept) : undefined))
				.catch((e) => console.error('feed prune failed:', e)),
		60_000
	);
	sweeper.unref();
	feedPruner.unref();

	return {
		config,
		database,
		incidents,
		limits,
		screens,
		presence,
		liveness,
		committer,
		traccar: { database, envTokens, committer, liveness, failures: tokenFailures },
		police,
		act: act_,
		recordHandoff: (actor, incidentId, use) => recordHandoff(incidents, publishFeed, actor, incidentId, use),
		sweepGateways,
		attach(io) {
			screens.attach(io.of('/ops') as OpsNamespace);
			pages.attach(io.of('/track') as TrackNamespace);
			gateways = io.of('/gateway') as GatewayNamespace;
			return {
				'/ops': opsHandlers({ database, incidents, limits, liveness, feed, act: act_, police, origin: config.ORIGIN }),
				'/gateway': gatewayHandlers({ database, envTokens, rate: config.SOC_GATEWAY_RATE, committer, liveness, failures: tokenFailures }),
				'/track': pages.handlers(police)
			};
		},
		async stop() {
			clearInterval(sweeper);
			clearInterval(feedPruner);
			clearInterval(healthCheck);
			await stopListening();
			await jobs?.release();
			await gatewayPresence.stop();
			streets?.stop();
			await committer.drain();
			await database.close();
		}
	};
}

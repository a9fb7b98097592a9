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
import { openDb, type Db } from './db';
import { act, OwnerPresence, recordHandoff, type Actor, type HandoffUse } from './incidents/commands';
import { PoliceLinks } from './incidents/police-links';
import { GroupCommitter } from './ingest/committer';
import { StreetLookups } from './geocoding/street-lookups';
import type { TraccarDeps } from './ingest/traccar';
import { gatewayHandlers, sweepGatewaySockets, type GatewayNamespace } from './realtime/gateway';
import { GatewayLiveness } from './realtime/liveness';
import { opsHandlers, sweepOpsSockets } from './realtime/ops';
import { Screens, type OpsNamespace } from './realtime/screens';
import { TrackPages, type TrackNamespace } from './realtime/track';
import type { SocketHandlers } from './host';
import { lastGatewayEventAt } from './stores/gateway-log';
import { IncidentStore } from './stores/incidents';
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
	readonly db: Db;
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
	recordHandoff(actor: Actor, incidentId: number, use: HandoffUse): boolean;
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
	const db = openDb(config.SOC_DB);
	const limits = sessionLimitsOf(config);
	const incidents = new IncidentStore(db, { placeOf, countryOf });
	const screens = new Screens();
	const pages = new TrackPages();
	// Every committed change goes to people's screens, and to the police's pages of its incident.
	const publishFeed = (feed: FeedEntry[]) => {
		screens.publishFeed(feed);
		pages.publishFeed(feed);
	};
	const presence = new OwnerPresence(incidents, publishFeed);
	const streets = config.SOC_GEOCODER_URL
		? new StreetLookups({
				baseUrl: config.SOC_GEOCODER_URL,
				// One stored address serves every screen: in the console's default language.
				language: baseLocale,
				save(incidentId, address) {
					const { feed } = incidents.change(Date.now(), (changes) => changes.setAddress(incidentId, address));
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
	const liveness = new GatewayLiveness(await lastGatewayEventAt(db), screens.publishGatewayStatus, config.SOC_GATEWAY_SILENT_S * 1000);
	const envTokens = config.SOC_GATEWAY_TOKENS;
	// Wrong gateway tokens per address, over sockets and HTTP alike: 10 within a minute lock the address for a minute.
	const tokenFailures = new FailureLog(10, 60_000);
	let gateways: GatewayNamespace | undefined;
	const sweepGateways = () => sweepGatewaySockets(gateways, db, envTokens);
	const act_ = (actor: Actor, action: Action) => act(incidents, publishFeed, actor, action);
	const police = new PoliceLinks({ incidents, publish: publishFeed, shareMs: config.SOC_SHARE_HOURS * 3_600_000, revoked: pages.revoked });

	const sweeper = setInterval(() => {
		void sweepOpsSockets(screens, db, limits).catch((e) => console.error('session sweep failed:', e));
		pages.sweep(Date.now());
		void sweepGateways().catch((e) => console.error('token sweep failed:', e));
		void pruneSessions(db, limits)
			.then(() => presence.refresh())
			.catch((e) => console.error('session prune failed:', e));
	}, sweepEveryMs);
	const feedPruner = setInterval(() => void incidents.pruneFeed(feedKept).catch((e) => console.error('feed prune failed:', e)), 60_000);
	sweeper.unref();
	feedPruner.unref();

	return {
		config,
		db,
		incidents,
		limits,
		screens,
		presence,
		liveness,
		committer,
		traccar: { db, envTokens, committer, liveness, failures: tokenFailures },
		police,
		act: act_,
		recordHandoff: (actor, incidentId, use) => recordHandoff(incidents, publishFeed, actor, incidentId, use),
		sweepGateways,
		attach(io) {
			screens.attach(io.of('/ops') as OpsNamespace);
			pages.attach(io.of('/track') as TrackNamespace);
			gateways = io.of('/gateway') as GatewayNamespace;
			return {
				'/ops': opsHandlers({ db, incidents, limits, liveness, act: act_, police, origin: config.ORIGIN }),
				'/gateway': gatewayHandlers({ db, envTokens, rate: config.SOC_GATEWAY_RATE, committer, liveness, failures: tokenFailures }),
				'/track': pages.handlers(police)
			};
		},
		async stop() {
			clearInterval(sweeper);
			clearInterval(feedPruner);
			liveness.stop();
			streets?.stop();
			await committer.drain();
			db.$client.close();
		}
	};
}

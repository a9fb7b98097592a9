// The running console's single database connection and the limits derived from its configuration.
import { config } from './config';
import { openDb, type Db } from './db';
import type { SessionLimits } from './stores/sessions';
import { GroupCommitter } from './ingest/committer';
import { GatewayLiveness } from './realtime/liveness';
import { publishFeed, publishGatewayStatus } from './realtime/feed';
import { lastGatewayEventAt } from './stores/gateway-log';

let current: Db | undefined;

export function db(): Db {
	current ??= openDb(config().SOC_DB);
	return current;
}

export function closeDb(): void {
	current?.$client.close();
	current = undefined;
}

export function sessionLimits(): SessionLimits {
	const c = config();
	return {
		idleMs: c.SOC_SESSION_IDLE_MIN * 60_000,
		maxMs: c.SOC_SESSION_MAX_H * 3_600_000,
		displayMaxMs: c.SOC_DISPLAY_SESSION_DAYS * 86_400_000
	};
}

let running: { committer: GroupCommitter; liveness: GatewayLiveness } | undefined;

/** The ingest: one group committer and one liveness record for the whole process. */
export async function ingest() {
	if (!running) {
		const c = config();
		const committer = new GroupCommitter(db(), {
			rules: {
				clockSkewMs: c.SOC_CLOCK_SKEW_S * 1000,
				airbagMergeMs: c.SOC_AIRBAG_MERGE_S * 1000,
				maxSpeedKmh: c.SOC_MAX_SPEED_KMH
			},
			publish: publishFeed
		});
		const liveness = new GatewayLiveness(await lastGatewayEventAt(db()), publishGatewayStatus);
		running ??= { committer, liveness };
	}
	return running;
}

/** Stops taking events and waits for those already taken to be stored and acked. */
export async function drainIngest(): Promise<void> {
	if (!running) return;
	running.liveness.stop();
	await running.committer.drain();
}

// The running console's single database connection and the limits derived from its configuration.
import { config } from './config';
import { openDb, type Db } from './db';
import type { SessionLimits } from './stores/sessions';

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

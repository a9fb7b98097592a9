// What every live screen (console and wall) needs from the server's configuration.
import type { Thresholds } from '../domain/rules';
import { config } from './config';

/**
 * How long "looking up street…" shows for a new position: its lookup is bounded by 2 s, and waits
 * its turn behind others at a few a second. Later, the town alone shows (the lookup failed).
 */
const addressWaitMs = 15_000;

export function screenSettings() {
	const c = config();
	const thresholds: Thresholds = {
		targetAirbagMs: c.SOC_TARGET_AIRBAG_S * 1000,
		targetTheftMs: c.SOC_TARGET_THEFT_S * 1000,
		followUpMs: c.SOC_FOLLOWUP_S * 1000,
		staleAfterMs: c.SOC_STALE_AFTER_S * 1000,
		gatewaySilentMs: c.SOC_GATEWAY_SILENT_S * 1000,
		addressWaitMs: c.SOC_GEOCODER_URL ? addressWaitMs : 0
	};
	return { thresholds, tileUrl: c.SOC_TILE_URL ?? null, tileAttribution: c.SOC_TILE_ATTRIBUTION ?? null };
}

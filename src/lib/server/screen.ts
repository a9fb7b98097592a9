// What every live screen (console and wall) needs from the server's configuration.
import type { Thresholds } from '../domain/rules';
import { config } from './config';

export function screenSettings() {
	const c = config();
	const thresholds: Thresholds = {
		targetAirbagMs: c.SOC_TARGET_AIRBAG_S * 1000,
		targetTheftMs: c.SOC_TARGET_THEFT_S * 1000,
		followUpMs: c.SOC_FOLLOWUP_S * 1000,
		staleAfterMs: c.SOC_STALE_AFTER_S * 1000,
		gatewaySilentMs: c.SOC_GATEWAY_SILENT_S * 1000
	};
	return { thresholds, tileUrl: c.SOC_TILE_URL ?? null, tileAttribution: c.SOC_TILE_ATTRIBUTION ?? null };
}

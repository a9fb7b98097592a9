// The time zone the log and the reports read dates in (SOC_TZ), checked: an unknown zone falls
// back to UTC with a word on the page rather than failing every request.
import { isTimeZone } from '$lib/domain/reports';
import { config } from '$lib/server/config';

export function logTimeZone(): { timeZone: string; badTimeZone: string | null } {
	const zone = config().SOC_TZ;
	return isTimeZone(zone) ? { timeZone: zone, badTimeZone: null } : { timeZone: 'UTC', badTimeZone: zone };
}

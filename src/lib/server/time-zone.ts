// The SOC's time zone (SOC_TZ), in which the screens, the log and the reports read times, checked:
// an unknown zone falls back to UTC with a word on the page rather than failing every request.
import { isTimeZone } from '../domain/reports';
import { config } from './config';

export function socTimeZone(): { timeZone: string; badTimeZone: string | null } {
	const zone = config().SOC_TZ;
	return isTimeZone(zone) ? { timeZone: zone, badTimeZone: null } : { timeZone: 'UTC', badTimeZone: zone };
}

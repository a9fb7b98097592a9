// How times read on every screen: ages that count up ("3 min 12 s") and exact times on hover.
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export function formatAge(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	if (s < 60) return m.age_s({ s });
	const min = Math.floor(s / 60);
	if (min < 60) return m.age_min_s({ min, s: s % 60 });
	const h = Math.floor(min / 60);
	if (h < 24) return m.age_h_min({ h, min: min % 60 });
	return m.age_d_h({ d: Math.floor(h / 24), h: h % 24 });
}

let socZone = 'UTC';

/**
 * The SOC's zone (SOC_TZ), in which every time on every screen is read, whatever the browser's:
 * set by the root layout from the server's configuration, before anything is shown.
 */
export function setSocZone(zone: string): void {
	socZone = zone;
}

export const socZoneName = (): string => socZone;

/** The interface language's conventions: English as written in Europe (day before month), French as in France. */
const localeTag = () => (getLocale() === 'fr' ? 'fr-FR' : 'en-GB');

// Formatters are costly to make: one per language, zone and style, shared by every time shown.
const formatters = new Map<string, Intl.DateTimeFormat>();
const styles = {
	/** 03/12/2026, 15:31:59 */
	dateTime: { dateStyle: 'short', timeStyle: 'medium' },
	/** 15:31:59 */
	clock: { timeStyle: 'medium' },
	/** Thursday 3 December 2026 */
	longDate: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
	/** Thu 03/12, 14:00 */
	shiftStart: { weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' },
	/** 22:00 */
	hourMinute: { hour: '2-digit', minute: '2-digit' }
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export function socFormat(ms: number, style: keyof typeof styles): string {
	const locale = localeTag();
	const key = `${locale}|${socZone}|${style}`;
	let f = formatters.get(key);
	if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, { ...styles[style], hourCycle: 'h23', timeZone: socZone })));
	return f.format(ms);
}

/** A date and time in the SOC's zone, to the second, on a 24-hour clock: 03/12/2026, 15:31:59. */
export const socTime = (ms: number): string => socFormat(ms, 'dateTime');

/** A time of day in the SOC's zone: 15:31:59. */
export const socClock = (ms: number): string => socFormat(ms, 'clock');

/** The exact time with its zone named, and UTC after it, for a tooltip: what a supervisor compares with other records. */
export function exactTime(ms: number): string {
	return `${socTime(ms)} (${socZone}; ${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC)`;
}

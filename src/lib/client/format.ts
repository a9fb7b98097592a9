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

/** The exact local time, to the second, with the UTC time after it. */
export function exactTime(ms: number): string {
	const local = new Date(ms).toLocaleString(getLocale(), { dateStyle: 'short', timeStyle: 'medium' });
	return `${local} (${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC)`;
}

export function clockTime(ms: number): string {
	return new Date(ms).toLocaleTimeString(getLocale(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

// Formatters are costly to make: one per language and zone, shared by every time shown.
const socFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A time as the SOC reads it, whatever the browser's zone: in `zone` (SOC_TZ), on a 24-hour
 * clock, day before month (en-GB for English, fr-FR for French).
 */
export function socTime(ms: number, zone: string): string {
	const locale = getLocale() === 'fr' ? 'fr-FR' : 'en-GB';
	const key = `${locale}|${zone}`;
	let f = socFormatters.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23', timeZone: zone });
		socFormatters.set(key, f);
	}
	return f.format(ms);
}

// A country in the reader's language, from the position's country the server found (docs/ecall.md,
// "The right authority").
import type { CountryAt } from '$lib/domain/borders';
import { getLocale } from '$lib/paraglide/runtime';

const names = new Map<string, Intl.DisplayNames>();

export function countryName(country: Pick<CountryAt, 'code' | 'name'>): string {
	if (country.code === null) return country.name;
	const locale = getLocale();
	let display = names.get(locale);
	if (!display) names.set(locale, (display = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' })));
	try {
		return display.of(country.code) ?? country.name;
	} catch {
		return country.name;
	}
}

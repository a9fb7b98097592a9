// Where simulated vehicles are: European cities (crashes in town, thefts) and motorway sections
// (crashes at speed), with what a vehicle registered in each country looks like.

export type Country = 'FR' | 'DE' | 'IT' | 'ES' | 'NL' | 'BE' | 'AT' | 'CH' | 'PL' | 'CZ' | 'SE' | 'DK' | 'PT' | 'GB';

export interface CountryStyle {
	/** Name of the @faker-js/faker locale for owners' names and colours. */
	locale: string;
	language: string;
	/** A mobile number: `#` is a digit. */
	phone: string;
	/** A registration plate, as a pattern for faker's fromRegExp (which knows no alternatives). */
	plate: RegExp;
	/** Where the plate starts with the region that issued it (a canton, a voivodeship): one of these, then a space. */
	regions?: readonly string[];
}

export const countries: Record<Country, CountryStyle> = {
	FR: { locale: 'fr', language: 'fr', phone: '+33 6 ## ## ## ##', plate: /[A-HJ-NP-TV-Z]{2}-[0-9]{3}-[A-HJ-NP-TV-Z]{2}/ },
	DE: { locale: 'de', language: 'de', phone: '+49 15# #######', plate: /[A-Z]{1,3}-[A-Z]{1,2} [1-9][0-9]{0,3}/ },
	IT: { locale: 'it', language: 'it', phone: '+39 3## ### ####', plate: /[A-HJ-NPR-TV-Z]{2} [0-9]{3}[A-HJ-NPR-TV-Z]{2}/ },
	ES: { locale: 'es', language: 'es', phone: '+34 6## ### ###', plate: /[0-9]{4} [BCDFGHJKLMNPRSTVWXYZ]{3}/ },
	NL: { locale: 'nl', language: 'nl', phone: '+31 6 ########', plate: /[A-Z]{2}-[0-9]{3}-[A-Z]/ },
	BE: { locale: 'fr_BE', language: 'fr-BE', phone: '+32 4## ## ## ##', plate: /1-[A-Z]{3}-[0-9]{3}/ },
	AT: { locale: 'de_AT', language: 'de-AT', phone: '+43 66# #######', plate: /[A-Z]{1,2}-[0-9]{3,5}[A-Z]/ },
	CH: { locale: 'de_CH', language: 'de-CH', phone: '+41 7# ### ## ##', plate: /[1-9][0-9]{4,5}/, regions: ['ZH', 'BE', 'GE', 'VD', 'BS'] },
	PL: { locale: 'pl', language: 'pl', phone: '+48 ### ### ###', plate: /[0-9]{4,5}/, regions: ['WA', 'KR', 'PO', 'GD', 'WR'] },
	CZ: { locale: 'cs_CZ', language: 'cs', phone: '+420 ### ### ###', plate: /[1-9][A-Z][0-9] [0-9]{4}/ },
	SE: { locale: 'sv', language: 'sv', phone: '+46 7# ### ## ##', plate: /[A-HJ-PR-UW-Z]{3} [0-9]{2}[A-HJ-PR-UW-Z0-9]/ },
	DK: { locale: 'da', language: 'da', phone: '+45 ## ## ## ##', plate: /[A-Z]{2} [0-9]{2} [0-9]{3}/ },
	PT: { locale: 'pt_PT', language: 'pt', phone: '+351 9## ### ###', plate: /[A-Z]{2}-[0-9]{2}-[A-Z]{2}/ },
	GB: { locale: 'en_GB', language: 'en-GB', phone: '+44 7### ######', plate: /[A-Z]{2}[0-9]{2} [A-Z]{3}/ }
};

export interface Place {
	name: string;
	country: Country;
	lat: number;
	lon: number;
	/** Radius of the jitter around the point, in metres: a city is wide, a motorway point is narrow. */
	spreadM: number;
}

const city = (name: string, country: Country, lat: number, lon: number): Place => ({ name, country, lat, lon, spreadM: 4000 });
const road = (name: string, country: Country, lat: number, lon: number): Place => ({ name, country, lat, lon, spreadM: 800 });

export const cities: Place[] = [
	city('Paris', 'FR', 48.8566, 2.3522),
	city('Lyon', 'FR', 45.764, 4.8357),
	city('Marseille', 'FR', 43.2965, 5.3698),
	city('Toulouse', 'FR', 43.6047, 1.4442),
	city('Bordeaux', 'FR', 44.8378, -0.5792),
	city('Lille', 'FR', 50.6292, 3.0573),
	city('Nantes', 'FR', 47.2184, -1.5536),
	city('Strasbourg', 'FR', 48.5734, 7.7521),
	city('Nice', 'FR', 43.7102, 7.262),
	city('Berlin', 'DE', 52.52, 13.405),
	city('Hamburg', 'DE', 53.5511, 9.9937),
	city('Munich', 'DE', 48.1351, 11.582),
	city('Cologne', 'DE', 50.9375, 6.9603),
	city('Frankfurt am Main', 'DE', 50.1109, 8.6821),
	city('Stuttgart', 'DE', 48.7758, 9.1829),
	city('Milan', 'IT', 45.4642, 9.19),
	city('Rome', 'IT', 41.9028, 12.4964),
	city('Turin', 'IT', 45.0703, 7.6869),
	city('Madrid', 'ES', 40.4168, -3.7038),
	city('Barcelona', 'ES', 41.3874, 2.1686),
	city('Valencia', 'ES', 39.4699, -0.3763),
	city('Amsterdam', 'NL', 52.3676, 4.9041),
	city('Rotterdam', 'NL', 51.9244, 4.4777),
	city('Brussels', 'BE', 50.8503, 4.3517),
	city('Antwerp', 'BE', 51.2194, 4.4025),
	city('Vienna', 'AT', 48.2082, 16.3738),
	city('Zurich', 'CH', 47.3769, 8.5417),
	city('Geneva', 'CH', 46.2044, 6.1432),
	city('Warsaw', 'PL', 52.2297, 21.0122),
	city('Kraków', 'PL', 50.0647, 19.945),
	city('Prague', 'CZ', 50.0755, 14.4378),
	city('Stockholm', 'SE', 59.3293, 18.0686),
	city('Copenhagen', 'DK', 55.6761, 12.5683),
	city('Lisbon', 'PT', 38.7223, -9.1393),
	city('London', 'GB', 51.5072, -0.1276),
	city('Manchester', 'GB', 53.4808, -2.2426)
];

export const roads: Place[] = [
	road('A6 near Beaune', 'FR', 47.0312, 4.8486),
	road('A7 near Valence', 'FR', 44.9186, 4.8743),
	road('A10 near Orléans', 'FR', 47.9356, 1.8556),
	road('A1 near Senlis', 'FR', 49.2048, 2.5869),
	road('A9 near Ingolstadt', 'DE', 48.7372, 11.4447),
	road('A7 near Kassel', 'DE', 51.2655, 9.5322),
	road('A2 near Hanover', 'DE', 52.4177, 9.8468),
	road('A1 near Bologna', 'IT', 44.5311, 11.2816),
	road('A-7 near Tarragona', 'ES', 41.1466, 1.1722),
	road('A2 near Linz', 'AT', 48.2186, 14.2385),
	road('A1 near Bern', 'CH', 46.9789, 7.4772),
	road('E40 near Ghent', 'BE', 51.0281, 3.6836),
	road('M6 near Birmingham', 'GB', 52.5585, -1.9672),
	road('D1 near Jihlava', 'CZ', 49.4192, 15.6117)
];

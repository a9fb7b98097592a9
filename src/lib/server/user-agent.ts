// A browser in a short form, from its User-Agent header, for the timeline ("Firefox 128 · Windows"):
// enough to tell two viewers apart, built only from the names below and digits, so nothing the
// header says beyond them reaches the record.

/** In the order to try: browsers built on Chrome say "Chrome" too, and Chrome says "Safari". */
const browsers: [name: string, pattern: RegExp][] = [
	['Edge', /\bEdg(?:e|A|iOS)?\/(\d{1,4})/],
	['Opera', /\b(?:OPR|OPT)\/(\d{1,4})/],
	['Samsung Internet', /\bSamsungBrowser\/(\d{1,4})/],
	['Firefox', /\b(?:Firefox|FxiOS)\/(\d{1,4})/],
	['Chrome', /\b(?:HeadlessChrome|Chrome|CriOS)\/(\d{1,4})/],
	['Safari', /\bVersion\/(\d{1,4})[\d.]* (?:Mobile\/\S+ )?Safari\//]
];

const systems: [name: string, pattern: RegExp][] = [
	['Android', /\bAndroid\b/],
	['iOS', /\b(?:iPhone|iPad|iPod)\b/],
	['ChromeOS', /\bCrOS\b/],
	['Windows', /\bWindows\b/],
	['macOS', /\bMac OS X\b/],
	['Linux', /\bLinux\b/]
];

/** "Firefox 128 · Windows", "Safari 17 · iOS", "Linux" alone, or null when the header names nothing known. */
export function browserName(userAgent: string | null): string | null {
	if (!userAgent) return null;
	const ua = userAgent.slice(0, 512);
	const browser = browsers.map(([name, pattern]) => [name, pattern.exec(ua)?.[1]] as const).find(([, version]) => version !== undefined);
	const system = systems.find(([, pattern]) => pattern.test(ua))?.[0];
	const parts = [browser && `${browser[0]} ${Number(browser[1])}`, system].filter(Boolean);
	return parts.length > 0 ? parts.join(' · ') : null;
}

// Where /language sends the browser back to: a path on this console, never another site.

/**
 * `value` as a path on `origin` (path, query and fragment, in the URL parser's own encoding, so
 * the Location header carries no control or line-breaking character), else `/`.
 */
export function sameOriginPath(value: unknown, origin: string): string {
	if (typeof value !== 'string' || !value.startsWith('/')) return '/';
	let url: URL;
	try {
		url = new URL(value, origin);
	} catch {
		return '/';
	}
	// `//host`, `/\host` and their spellings with tabs or line breaks name another site.
	if (url.origin !== origin) return '/';
	return `${url.pathname}${url.search}${url.hash}`;
}

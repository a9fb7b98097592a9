// What the server log may show of a request: never a police link's token (docs/police.md). A track
// page's path is its token, and SvelteKit's own error log prints paths.

/** `text` with whatever follows `/track/` in a path, and anything shaped like a link token, cut out. */
export function withoutTokens(text: string): string {
	return text.replace(/\/track\/[^\s/?#]*/gi, '/track/…').replace(/pl_[A-Za-z0-9_-]+/g, 'pl_…');
}

/** The path of a request for the log: a track page's route (`/track/[token]`), else the path, decoded and cut. */
export function loggedPath(routeId: string | null, pathname: string): string {
	if (routeId?.startsWith('/track/')) return routeId;
	let decoded = pathname;
	try {
		decoded = decodeURIComponent(pathname);
	} catch {
		// a malformed escape: the path as it came
	}
	return withoutTokens(decoded);
}

// The /track namespace, as the police's page and the console both see it (docs/police.md): the link's
// token in the handshake (`auth: { token }`), then only pushes, of this link's incident alone.
// Types only, no server code.
import type { LinkEnd } from '../domain/police-link';
import type { PoliceFixes, PoliceState, PoliceView } from '../domain/police-view';

/** Server to page. */
export interface TrackPushes {
	/** Everything the page shows, at every (re)connection. */
	state: (state: PoliceState) => void;
	/** New fixes. */
	fixes: (fixes: PoliceFixes) => void;
	/** The vehicle, the address or the town changed. */
	view: (view: PoliceView) => void;
	/** The link ended; the server cuts the socket right after. */
	ended: (why: LinkEnd) => void;
}

/** Why the console refused a page's connection (`connect_error`'s message). */
export type TrackRefusal = 'unknown' | 'ended' | 'unavailable' | 'too_many_pages';

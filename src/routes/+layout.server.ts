import { socTimeZone } from '$lib/server/time-zone';
import type { LayoutServerLoad } from './$types';

// Reading `url` makes every client-side navigation ask the server, so an ended session is noticed
// at the next click, not only at the next full page load.
export const load: LayoutServerLoad = ({ locals, url }) => {
	void url.pathname;
	return { user: locals.user, timeZone: socTimeZone().timeZone };
};

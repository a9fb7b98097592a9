import { error } from '@sveltejs/kit';
import { may, rightFor } from '$lib/domain/roles';
import { m } from '$lib/paraglide/messages';
import type { LayoutServerLoad } from './$types';

// Rights are checked here for page views, so that a refusal renders the console's own 403 page
// inside the root layout (top bar, Sign out); the hook refuses actions and other requests itself.
export const load: LayoutServerLoad = ({ locals, url }) => {
	const right = rightFor(url.pathname);
	if (locals.user && right && !may(locals.user.role, right)) error(403, m.error_forbidden());
};

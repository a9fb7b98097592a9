// The console's 403 page, which the access guard (hooks.server.ts) shows in place of a page the
// account may not open: the root layout and its error page, with nothing of the refused route.
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => error(403, m.error_forbidden());

import { screenSettings } from '$lib/server/screen';
import { listAgents } from '$lib/server/stores/accounts';
import { listAuthorities } from '$lib/server/stores/authorities';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	...screenSettings(),
	me: { id: locals.user!.id, role: locals.user!.role },
	authorities: (await listAuthorities(locals.soc.database)).map(({ id, name, kind, country, phone }) => ({ id, name, kind, country, phone })),
	agents: locals.user!.role === 'supervisor' ? await listAgents(locals.soc.database) : []
});

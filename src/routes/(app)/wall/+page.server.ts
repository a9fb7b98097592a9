import { screenSettings } from '$lib/server/screen';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => ({
	...(await parent()), // the rights check comes first
	...screenSettings()
});

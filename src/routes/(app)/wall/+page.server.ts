import { screenSettings } from '$lib/server/screen';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => screenSettings();

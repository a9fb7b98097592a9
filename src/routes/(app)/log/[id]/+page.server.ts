import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { screenSettings } from '$lib/server/screen';
import { replayTrack } from '$lib/server/stores/log';
import type { PageServerLoad } from './$types';

/** The replay shows at most this many fixes (the latest ones). */
const trackLimit = 20_000;

export const load: PageServerLoad = async ({ params, locals }) => {
	const { database, incidents } = locals.soc;
	const id = /^[1-9]\d{0,15}$/.test(params.id) ? Number(params.id) : NaN;
	const incident = Number.isSafeInteger(id) ? await incidents.get(id) : undefined;
	if (!incident) error(404, m.error_not_found());
	// The track as parallel arrays (not trackOf's FixViews): a long theft's 20,000 fixes stay a
	// small part of the page.
	const [timeline, track] = await Promise.all([incidents.timeline(id), replayTrack(database, id, trackLimit)]);
	const { thresholds, tileUrl, tileAttribution } = screenSettings();
	return {
		incident,
		timeline,
		track,
		thresholds,
		tileUrl,
		tileAttribution
	};
};

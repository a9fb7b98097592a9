import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { screenSettings } from '$lib/server/screen';
import type { Actions, PageServerLoad } from './$types';

/** A theft's sheet lists the track's last positions, newest first. */
const lastFixes = 5;

const incidentIdOf = (param: string) => (/^[1-9]\d{0,15}$/.test(param) ? Number(param) : NaN);

export const load: PageServerLoad = async ({ params, locals }) => {
	const { incidents } = locals.soc;
	const id = incidentIdOf(params.id);
	const incident = Number.isSafeInteger(id) ? await incidents.get(id) : undefined;
	if (!incident) error(404, m.error_not_found());
	const fixes = incident.type === 'theft' ? (await incidents.track(id, lastFixes)).reverse() : [];
	// Opening the sheet is on the record: what the authority was given, when and by whom.
	await locals.soc.recordHandoff(locals.user!, id, 'opened');
	// The page is what the authority gets: the owner's name and phone do not reach it at all.
	const vehicle = incident.vehicle && { ...incident.vehicle, ownerName: null, ownerPhone: null };
	// `at`: the sheet says what was known when it was opened, the same on the server and in the browser.
	return { incident: { ...incident, vehicle }, fixes, me: locals.user!.username, at: Date.now(), addressWaitMs: screenSettings().thresholds.addressWaitMs };
};

export const actions: Actions = {
	copied: async ({ params, locals }) => {
		const id = incidentIdOf(params.id);
		if (!Number.isSafeInteger(id) || !(await locals.soc.recordHandoff(locals.user!, id, 'copied'))) error(404, m.error_not_found());
		return { copied: true };
	}
};

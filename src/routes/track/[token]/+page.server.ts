// The police's live track of a stolen vehicle (docs/police.md): no sign-in, the link's token is the
// permission. An unknown token is 404, an ended link 410; every opening is on the incident's
// timeline. What the page gets is police-view.ts's, nothing else of the incident.
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { config } from '$lib/server/config';
import { screenSettings } from '$lib/server/screen';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, request, getClientAddress }) => {
	const { police } = locals.soc;
	const now = Date.now();
	const found = await police.find(params.token, now);
	if (found.found === 'unknown') error(404, m.track_unknown());
	const phone = config().SOC_PHONE ?? null;
	if (found.found === 'ended') error(410, phone ? m.track_ended_call({ phone }) : m.track_ended());
	await police.opened(found.link, found.incident, { address: getClientAddress(), userAgent: request.headers.get('user-agent') }, now);
	const { thresholds, tileUrl, tileAttribution } = screenSettings();
	return {
		state: await police.state(found.link, found.incident, now),
		phone,
		staleAfterMs: thresholds.staleAfterMs,
		addressWaitMs: thresholds.addressWaitMs,
		tileUrl,
		tileAttribution
	};
};

import { computeReport, periodInputs } from './compute';
import { verifyAudit } from '$lib/server/stores/audit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const result = await computeReport(locals.soc, url.searchParams);
	return {
		...result,
		inputs: result.period ? periodInputs(result.period, result.timeZone) : { from: result.values.from ?? '', to: result.values.to ?? '' }
	};
};

export const actions: Actions = {
	/** Walks the audit chains on demand: on a long history it takes seconds, too long for every page view. */
	verifyAudit: async ({ locals }) => ({ audit: await verifyAudit(locals.soc.database), checkedAt: Date.now() })
};

import { computeReport, periodInputs } from './compute';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	await parent(); // the rights check comes first
	const result = await computeReport(url.searchParams);
	return {
		...result,
		inputs: result.period ? periodInputs(result.period, result.timeZone) : { from: result.values.from ?? '', to: result.values.to ?? '' }
	};
};

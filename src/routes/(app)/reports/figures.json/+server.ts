// GET /reports/figures.json — the figures of /reports (same parameters: shift, or from and to) as
// JSON, durations in milliseconds. Supervisors only: the hook leaves GET requests inside (app) to
// the layout, which does not run for endpoints.
import { error, json } from '@sveltejs/kit';
import { may } from '$lib/domain/roles';
import { m } from '$lib/paraglide/messages';
import { computeReport } from '../compute';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	if (!locals.user || !may(locals.user.role, 'log')) error(403, m.error_forbidden());
	const { period, report, problems, timeZone, targets } = await computeReport(url.searchParams);
	if (!report) return json({ problems }, { status: 400 });
	return json({ period, timeZone, targets, problems, ...report }, { headers: { 'cache-control': 'no-store' } });
};

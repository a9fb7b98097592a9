// GET /reports/figures.json — the figures of /reports (same parameters: shift, or from and to) as
// JSON, durations in milliseconds. Supervisors only (the access guard, domain/access.ts).
import { json } from '@sveltejs/kit';
import { computeReport } from '../compute';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
	const { period, report, problems, timeZone, targets } = await computeReport(locals.soc, url.searchParams);
	if (!report) return json({ problems }, { status: 400 });
	return json({ period, timeZone, targets, problems, ...report }, { headers: { 'cache-control': 'no-store' } });
};

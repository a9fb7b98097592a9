import { json } from '@sveltejs/kit';
import { databaseAnswers } from '$lib/server/stores/health';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) =>
	(await databaseAnswers(locals.soc.db)) ? json({ status: 'ok' }) : json({ status: 'unavailable' }, { status: 503 });

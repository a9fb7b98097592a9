import { json } from '@sveltejs/kit';
import { db } from '$lib/server/app';
import { databaseAnswers } from '$lib/server/stores/health';

export const GET = async () =>
	(await databaseAnswers(db())) ? json({ status: 'ok' }) : json({ status: 'unavailable' }, { status: 503 });

// For the load balancer: this node, and whether its database answers (docs/nodes.md).
import { json } from '@sveltejs/kit';
import { databaseAnswers } from '$lib/server/stores/health';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const node = locals.soc.config.SOC_NODE_ID;
	return (await databaseAnswers(locals.soc.database)) ? json({ status: 'ok', node }) : json({ status: 'unavailable', node }, { status: 503 });
};

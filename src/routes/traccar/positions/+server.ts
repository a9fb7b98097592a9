// POST /traccar/positions — Traccar's position forwarding (docs/traccar.md), authenticated by a gateway token.
import { takeTraccar } from '$lib/server/ingest/traccar';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals, getClientAddress }) => takeTraccar(locals.soc.traccar, 'positions', request, getClientAddress());

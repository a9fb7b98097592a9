// POST /traccar/events — Traccar's event forwarding (docs/traccar.md), authenticated by a gateway token.
import { takeTraccar } from '$lib/server/ingest/traccar';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals, getClientAddress }) => takeTraccar(locals.soc.traccar, 'events', request, getClientAddress());

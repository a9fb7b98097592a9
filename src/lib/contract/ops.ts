// The /ops namespace, as browser and server both see it (docs/console.md): the events a screen
// sends with the replies it gets, and the events the server pushes. Types and schemas only, no
// server code: the browser's live feed, the server's namespace and the test clients use this one
// map, so a misspelt event name or a wrong reply shape does not compile.
import { z } from 'zod';
import type { FeedEntry, FixView, GatewayStatus, IncidentView, Snapshot, TimelineEntry } from '../domain/incident';
import type { Action, Refusal } from '../domain/lifecycle';
import type { LinkRefusal, PoliceLinkView } from '../domain/police-link';

export const resumeSchema = z.object({ seq: z.number().int().min(0).nullable() });
export const detailSchema = z.object({ incidentId: z.number().int().positive() });
export const makeLinkSchema = z.object({ incidentId: z.number().int().positive(), authorityId: z.number().int().positive() });
export const revokeLinkSchema = z.object({ incidentId: z.number().int().positive(), linkId: z.number().int().positive() });

/** Any request the server could not handle: logged there, and the screen carries on. */
export type InternalError = { ok: false; error: 'internal' };
/** A request the role may not make (docs/console.md, "Roles"). */
export type NotAllowed = { ok: false; error: 'not_allowed' };

export type ResumeReply =
	| { ok: true; entries: FeedEntry[]; gateways: GatewayStatus }
	/** `entries`: what came after the snapshot while it was read, to apply after it. */
	| { ok: true; snapshot: Snapshot; entries: FeedEntry[] }
	| { ok: false; error: string };

export type ActionResult = { ok: true; incident: IncidentView } | { ok: false; error: Refusal; ownerName?: string | null };
export type ActReply = ActionResult | { ok: false; error: 'invalid'; message: string } | { ok: false; error: 'session_ended' } | InternalError | NotAllowed;

export type DetailReply = { ok: true; timeline: TimelineEntry[]; track: FixView[]; links: PoliceLinkView[] } | { ok: false; error: string };

/** Why the server did not take a request to make or revoke a police link (docs/police.md). */
type LinkNotTaken = { ok: false; error: LinkRefusal } | { ok: false; error: 'invalid'; message: string } | { ok: false; error: 'session_ended' } | InternalError | NotAllowed;
/** A new police link: its token is in this answer only, shown once. */
export type MakeLinkReply = { ok: true; token: string; link: PoliceLinkView } | LinkNotTaken;
export type RevokeLinkReply = { ok: true } | LinkNotTaken;

/** Screen to server: each request with its acknowledgement. */
export interface OpsRequests {
	/** What was missed since `seq` (or a snapshot when null or too old), then live entries. */
	resume: (request: z.input<typeof resumeSchema>, reply: (answer: ResumeReply) => void) => void;
	act: (request: Action, reply: (answer: ActReply) => void) => void;
	'incident:detail': (request: z.input<typeof detailSchema>, reply: (answer: DetailReply) => void) => void;
	'police-link:make': (request: z.input<typeof makeLinkSchema>, reply: (answer: MakeLinkReply) => void) => void;
	'police-link:revoke': (request: z.input<typeof revokeLinkSchema>, reply: (answer: RevokeLinkReply) => void) => void;
}

export type OpsRequestName = keyof OpsRequests;
export type OpsReply<E extends OpsRequestName> = Parameters<Parameters<OpsRequests[E]>[1]>[0];

/** Server to screen. */
export interface OpsPushes {
	feed: (entries: FeedEntry[]) => void;
	gateways: (status: GatewayStatus) => void;
	'session:ended': () => void;
}

/** Why the server refused a screen's connection (`connect_error`'s message). */
export type OpsRefusal = 'unauthorized' | 'forbidden' | 'too_many_screens' | 'unavailable';

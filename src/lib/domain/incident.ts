// What the screens see of incidents, and the live feed that keeps them current. Shared by the
// server (which builds these from the database) and the browser (which renders them).
import type { Position, Trigger, EndReason, Propulsion } from './gateway/schemas';
import type { StreetAddress } from './address';
import type { CountryAt } from './borders';
import type { MsdFacts } from './msd/facts';
import type { Problem } from './problems';

export type IncidentType = 'airbag' | 'theft';
export type IncidentStatus = 'new' | 'acknowledged' | 'escalated' | 'resolved';

export interface VehicleView {
	vin: string;
	model: string | null;
	modelYear: number | null;
	colour: string | null;
	plate: string | null;
	ownerName: string | null;
	ownerPhone: string | null;
	ownerLanguage: string | null;
}

/** The alert's own data, as the gateway sent it (validated). */
export interface IncidentDetails {
	position?: Position;
	positionTrusted?: boolean;
	headingDeg?: number;
	recentPositions?: Position[];
	automatic?: boolean;
	testCall?: boolean;
	passengers?: number;
	propulsion?: Propulsion[];
	/** The eCall MSD as hex, as received. */
	msd?: string;
	/** The MSD as decoded at ingest (docs/ecall.md). */
	msdDecoded?: MsdFacts;
	/** Why the MSD could not be decoded: what and at which bit. */
	msdFault?: string;
	trigger?: Trigger;
	/** A theft incident opened by a fix before (or without) its theft.started. */
	startEventMissing?: boolean;
	endReason?: EndReason;
	/** Where the alarm came from when not the gateway itself ("Traccar"). */
	source?: string;
}

export interface Place {
	name: string;
	/** ISO 3166 country code. */
	country: string;
}

/** An authority's reference number, with who gave it and when: added, never replaced. */
export interface ReferenceView {
	reference: string;
	at: number;
	actorName: string;
}

export interface EscalationView {
	id: number;
	authorityId: number;
	authorityName: string;
	authorityKind: 'emergency' | 'police' | 'other';
	/** In the order they were given: the first with the escalation, or later with Add reference. */
	references: ReferenceView[];
	at: number;
	actorName: string;
}

export interface IncidentView {
	id: number;
	type: IncidentType;
	status: IncidentStatus;
	vin: string;
	vehicle: VehicleView | null;
	openedAt: number;
	occurredAt: number | null;
	details: IncidentDetails;
	ownerId: number | null;
	ownerName: string | null;
	acknowledgedAt: number | null;
	escalatedAt: number | null;
	resolvedAt: number | null;
	outcome: string | null;
	clearedAtVehicleAt: number | null;
	lastActionAt: number | null;
	lastFixAt: number | null;
	lastFixReceivedAt: number | null;
	lastPosition: (Position & { fixAt: number }) | null;
	/** The town nearest the last position. */
	place: Place | null;
	/** The country of the last position, from the offline borders (docs/ecall.md, "The right authority"). */
	country: CountryAt | null;
	/** The street address last found, for the position it names (address.ts: shown only while it is the last position's). */
	address: StreetAddress | null;
	escalations: EscalationView[];
	/** Checklist steps ticked. */
	checklist: string[];
	/** False when the owner has signed out or been disabled: the incident alarms for everyone. */
	ownerOnline: boolean;
}

export interface TimelineEntry {
	id: number;
	incidentId: number;
	at: number;
	kind: string;
	actorId: number | null;
	actorName: string | null;
	data: Record<string, unknown>;
}

export type FixFlag = 'clock_skew' | 'implausible_speed';

export interface FixView {
	fixAt: number;
	receivedAt: number;
	lat: number;
	lon: number;
	speedKmh: number | null;
	headingDeg: number | null;
	accuracyM: number | null;
	flags: FixFlag[];
}

export interface TrackPoint {
	fixAt: number;
	lat: number;
	lon: number;
}

/** A track as a screen's first picture needs it (track-line.ts). Columns of equal length in fixAt order; `last` is the last point's fix with all its fields. */
export interface TrackLine {
	fixAt: number[];
	lat: number[];
	lon: number[];
	last: FixView | null;
}

/** A problem of one of the incident's events, as noted on its timeline (a `data_problem` entry). */
export type DataProblem = Problem & { eventId: string };

/** One stored change, numbered by the database. */
export type FeedEntry =
	| { seq: number; at: number; kind: 'incident'; incidentId: number; data: IncidentView }
	| { seq: number; at: number; kind: 'timeline'; incidentId: number; data: TimelineEntry }
	| { seq: number; at: number; kind: 'track'; incidentId: number; data: TrackChange };

/** New fixes of an incident, and its last-fix fields as they are after them. */
export interface TrackChange {
	fixes: FixView[];
	latest: Pick<IncidentView, 'lastFixAt' | 'lastFixReceivedAt' | 'lastPosition' | 'place' | 'country'>;
}

export interface GatewayStatus {
	/** Connected gateways, by name, with when each connected. */
	connected: { gateway: string; since: number }[];
	/** When any gateway last sent an event (console receive time), or null if never. */
	lastEventAt: number | null;
}

export interface Snapshot {
	/** The feed position this snapshot is current to. */
	seq: number;
	incidents: IncidentView[];
	/** Open thefts' tracks, as lines (track-line.ts). */
	tracks: Record<number, TrackLine>;
	gateways: GatewayStatus;
}

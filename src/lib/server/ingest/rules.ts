// The contract's rules for each accepted event (docs/gateway-protocol.md, "Events"). Runs inside the
// ingest's transaction: every read and write goes through IncidentChanges, on either engine.
import { readEcall } from '../../domain/ecall';
import { impliedSpeedKmh } from '../../domain/geo';
import type { AcceptedAck, AirbagDeployed, TheftEnded, TheftPosition, TheftStarted } from '../../domain/gateway/schemas';
import type { FixFlag, FixView, IncidentDetails } from '../../domain/incident';
import { onTheWire, type Problem } from '../../domain/problems';
import type { IncidentChanges } from '../stores/incidents';

export interface IngestRules {
	clockSkewMs: number;
	airbagMergeMs: number;
	maxSpeedKmh: number;
}

export type IngestEvent =
	| { event: 'airbag.deployed'; value: AirbagDeployed }
	| { event: 'theft.started'; value: TheftStarted }
	| { event: 'theft.position'; value: TheftPosition }
	| { event: 'theft.ended'; value: TheftEnded }
	/** An upstream's event the console does not act on: kept in the gateway log only. */
	| { event: 'traccar.event'; value: { eventId: string } };

export type IngestItem = IngestEvent & {
	/** The payload as received, written as JSON, for the gateway log. */
	json: string;
	warnings: Problem[];
	receivedAt: number;
	gateway: string;
	/** Where the alarm came from, when not the gateway itself ("Traccar"). */
	source?: string;
	/** A fix that only joins a theft the console already follows; otherwise it is dropped. */
	followOnly?: boolean;
	/** A fix its sender marked not valid: a data problem of the incident, not a point of its track. */
	invalidFix?: boolean;
};

const incidentRef = (id: number | null) => (id === null ? null : String(id));

function clockProblem(vehicleMs: number | undefined, receivedAt: number, path: string, rules: IngestRules): Problem | undefined {
	if (vehicleMs === undefined) return undefined;
	const skew = vehicleMs - receivedAt;
	if (Math.abs(skew) <= rules.clockSkewMs) return undefined;
	const seconds = Math.round(Math.abs(skew) / 1000);
	const ahead = skew > 0;
	return {
		path,
		message: `the vehicle clock is ${seconds} s ${ahead ? 'ahead of' : 'behind'} the console's; kept and flagged as a clock problem`,
		code: 'clock_skew',
		params: { seconds, ahead }
	};
}

/**
 * Applies one event; returns its ack (sent once the transaction has committed). `stored`: the
 * transaction's events already in the gateway log (`storedEvents`), kept up to date here.
 */
export async function applyEvent(changes: IncidentChanges, item: IngestItem, rules: IngestRules, stored: Map<string, number | null>): Promise<AcceptedAck> {
	const { eventId } = item.value;
	if (stored.has(eventId)) return { ok: true, incidentId: incidentRef(stored.get(eventId)!), duplicate: true, warnings: [] };
	// A copy: a group that fails is applied again, one submission at a time.
	const warnings = [...item.warnings];
	const incidentId = await applyRule(changes, item, warnings, rules);
	if (incidentId !== null && warnings.length > 0) {
		changes.noteProblems(incidentId, warnings.map((w) => ({ ...w, eventId })));
	}
	stored.set(eventId, incidentId);
	changes.logEvent(item, incidentId);
	// The ack carries each problem's path and message only: its code and facts are the screens'.
	return { ok: true, incidentId: incidentRef(incidentId), duplicate: false, warnings: onTheWire(warnings) };
}

function applyRule(changes: IncidentChanges, item: IngestItem, warnings: Problem[], rules: IngestRules): Promise<number | null> {
	switch (item.event) {
		case 'airbag.deployed':
			return airbagDeployed(changes, item.value, item.receivedAt, warnings, rules, item.source);
		case 'theft.started':
			return theftStarted(changes, item.value, item.receivedAt, warnings, rules, item.source);
		case 'theft.position':
			return theftPosition(changes, item.value, item.receivedAt, warnings, rules, item);
		case 'theft.ended':
			return theftEnded(changes, item.value, item.receivedAt, warnings, rules);
		case 'traccar.event':
			return Promise.resolve(null);
	}
}

async function airbagDeployed(changes: IncidentChanges, e: AirbagDeployed, receivedAt: number, warnings: Problem[], rules: IngestRules, source?: string): Promise<number> {
	const { eventId, vin, vehicle, occurredAt: sentAt, ...fields } = e;
	// The MSD fills what the event leaves out; its problems are the incident's, never a refusal.
	const ecall = readEcall(vin, sentAt, fields);
	warnings.push(...ecall.problems);
	const occurredAt = ecall.occurredAt;
	const skew = clockProblem(occurredAt, receivedAt, sentAt === undefined ? 'msd' : 'occurredAt', rules);
	if (skew) warnings.push(skew);
	const details: IncidentDetails = source ? { ...ecall.details, source } : ecall.details;
	if (vehicle) await changes.saveVehicle(vin, vehicle, receivedAt);
	const open = await changes.openOfType(vin, 'airbag');
	const joins = open !== undefined && receivedAt - open.openedAt < rules.airbagMergeMs;
	const id = joins ? open.id : await changes.open('airbag', vin, receivedAt, occurredAt ?? null, details);
	// The timeline keeps the event's details with the MSD as hex; the decoded reading is the incident's alone.
	const { msdDecoded, ...received } = details;
	await changes.appendTimeline(id, 'alert', { event: 'airbag.deployed', eventId, occurredAt, repeated: joins, details: received });
	return id;
}

async function theftStarted(changes: IncidentChanges, e: TheftStarted, receivedAt: number, warnings: Problem[], rules: IngestRules, source?: string): Promise<number> {
	const skew = clockProblem(e.occurredAt, receivedAt, 'occurredAt', rules);
	if (skew) warnings.push(skew);
	if (e.vehicle) await changes.saveVehicle(e.vin, e.vehicle, receivedAt);
	const details: IncidentDetails = { trigger: e.trigger, ...(e.position ? { position: e.position } : {}), ...(source ? { source } : {}) };
	const open = await changes.openOfType(e.vin, 'theft');
	let id: number;
	if (open) {
		id = open.id;
		// An incident opened by fixes gets its trigger from the start event that came after them.
		await changes.mergeDetails(id, { ...details, startEventMissing: false });
	} else {
		id = await changes.open('theft', e.vin, receivedAt, e.occurredAt, details);
	}
	await changes.appendTimeline(id, 'alert', { event: 'theft.started', eventId: e.eventId, occurredAt: e.occurredAt, trigger: e.trigger });
	return id;
}

async function theftPosition(
	changes: IncidentChanges,
	e: TheftPosition,
	receivedAt: number,
	warnings: Problem[],
	rules: IngestRules,
	item: Pick<IngestItem, 'followOnly' | 'invalidFix'>
): Promise<number | null> {
	let id = (await changes.openOfType(e.vin, 'theft'))?.id;
	if (id === undefined) {
		const last = await changes.lastOfType(e.vin, 'theft');
		if (last && last.resolvedAt !== null && e.fixAt < last.resolvedAt) id = last.id;
	}
	// The console follows stolen cars, not fleets: an upstream's other positions go no further.
	if (id === undefined && item.followOnly) return null;
	// Kept with the incident as a data problem (its warning), never drawn as the position.
	if (id !== undefined && item.invalidFix) return id;
	if (id === undefined) {
		// A track is never dropped: without a start event, the fix opens the incident.
		id = await changes.open('theft', e.vin, receivedAt, null, { trigger: 'other', startEventMissing: true });
		await changes.appendTimeline(id, 'system', { message: 'start_event_missing', eventId: e.eventId });
	}
	const flags: FixFlag[] = [];
	const skew = clockProblem(e.fixAt, receivedAt, 'fixAt', rules);
	if (skew) {
		flags.push('clock_skew');
		warnings.push(skew);
	}
	const near = await changes.neighbours(id, e.fixAt);
	const fastest = Math.max(near.before ? impliedSpeedKmh(near.before, e) : 0, near.after ? impliedSpeedKmh(near.after, e) : 0);
	if (fastest > rules.maxSpeedKmh) {
		flags.push('implausible_speed');
		const kmh = Number.isFinite(fastest) ? Math.round(fastest) : null;
		warnings.push({
			path: '',
			message: `the fix implies ${kmh ?? 'an infinite'} km/h from its neighbours (limit ${rules.maxSpeedKmh}); kept and flagged`,
			code: 'implausible_speed',
			params: { kmh, limitKmh: rules.maxSpeedKmh }
		});
	}
	// Named fields, not a spread: copying the parsed payload object costs about a microsecond a fix.
	const fix: FixView = {
		fixAt: e.fixAt,
		receivedAt,
		lat: e.lat,
		lon: e.lon,
		speedKmh: e.speedKmh ?? null,
		headingDeg: e.headingDeg ?? null,
		accuracyM: e.accuracyM ?? null,
		flags
	};
	changes.addFix(id, fix, near.after === undefined);
	return id;
}

async function theftEnded(changes: IncidentChanges, e: TheftEnded, receivedAt: number, warnings: Problem[], rules: IngestRules): Promise<number | null> {
	const skew = clockProblem(e.occurredAt, receivedAt, 'occurredAt', rules);
	if (skew) warnings.push(skew);
	const id = (await changes.openOfType(e.vin, 'theft'))?.id ?? (await changes.lastOfType(e.vin, 'theft'))?.id;
	if (id === undefined) return null;
	await changes.markClearedAtVehicle(id, receivedAt);
	await changes.mergeDetails(id, { endReason: e.reason });
	await changes.appendTimeline(id, 'alert', { event: 'theft.ended', eventId: e.eventId, occurredAt: e.occurredAt, reason: e.reason });
	return id;
}

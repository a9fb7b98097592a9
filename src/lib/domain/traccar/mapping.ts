// Traccar's events and positions as the console's own gateway events (docs/traccar.md, "Field
// use"). Pure: the results are gateway-protocol payloads, judged afterwards by the gateway's own
// validator, so that Traccar and the gateway share one ingest path.
import type { Problem } from '../problems';
import type { TraccarDevice, TraccarEventData, TraccarPosition, TraccarPositionData } from './schemas';

/** One knot in km/h. */
export const knotKmh = 1.852;

export interface Mapped {
	event: 'airbag.deployed' | 'theft.started' | 'theft.position';
	/** The payload as a gateway would send it. */
	payload: Record<string, unknown>;
	/** What mapping found wrong (no VIN, a fix Traccar marked not valid). */
	warnings: Problem[];
	/** A fix that only joins a theft the console already follows (positions of fleets are dropped). */
	followOnly?: boolean;
	/** Traccar marked the fix not valid: it is kept as a data problem, never drawn as the position. */
	invalidFix?: boolean;
}

/** The console's event id of a Traccar event (with the alarm, when one event names several). */
export const traccarEventId = (id: number, alarm?: string) => (alarm ? `traccar-event:${id}:${alarm}` : `traccar-event:${id}`);
export const traccarPositionId = (id: number) => `traccar-position:${id}`;

type Alarm = { kind: 'airbag'; automatic: boolean } | { kind: 'theft'; trigger: string };

/** Traccar's alarms the console acts on; any other is kept in the gateway log only. */
const alarms: Record<string, Alarm> = {
	accident: { kind: 'airbag', automatic: true },
	sos: { kind: 'airbag', automatic: false },
	tow: { kind: 'theft', trigger: 'tow_away' },
	movement: { kind: 'theft', trigger: 'unauthorised_movement' },
	powerCut: { kind: 'theft', trigger: 'battery_disconnected' },
	tampering: { kind: 'theft', trigger: 'tamper' },
	removing: { kind: 'theft', trigger: 'tamper' },
	jamming: { kind: 'theft', trigger: 'tamper' },
	gpsAntennaCut: { kind: 'theft', trigger: 'tamper' }
};

/** The alarms an event names: its own `alarm` attribute, else its position's; comma-separated lists split. */
export function alarmsOf(data: TraccarEventData): string[] {
	const named = data.event.attributes?.alarm ?? data.position?.attributes?.alarm;
	if (typeof named !== 'string') return [];
	return [...new Set(named.split(',').map((a) => a.trim()).filter(Boolean))];
}

/** The vehicle: its `vin` attribute, else the device's unique id (with a warning). */
function vehicleOf(device: TraccarDevice): { vin: string; warnings: Problem[]; vehicle: Record<string, unknown> } {
	const attribute = device.attributes?.vin;
	const vin = typeof attribute === 'string' && attribute.trim() ? attribute.trim() : device.uniqueId;
	const warnings: Problem[] =
		vin === device.uniqueId && !(typeof attribute === 'string' && attribute.trim())
			? [
					{
						path: 'device.attributes.vin',
						message: `the device has no vin attribute: its uniqueId "${device.uniqueId}" stands for the vehicle`,
						code: 'traccar_no_vin',
						params: { uniqueId: device.uniqueId }
					}
				]
			: [];
	const label = device.model ?? device.name;
	return { vin, warnings, vehicle: label ? { model: label } : {} };
}

/** A position Traccar marked valid, as the protocol's `{ lat, lon }`; null for an invalid fix. */
const positionOf = (p: TraccarPosition | null | undefined) => (p && p.valid !== false ? { lat: p.latitude, lon: p.longitude } : null);

/** The event's alarms the console acts on, as crash and theft events; none: kept in the log only. */
export function mapEventData(data: TraccarEventData): Mapped[] {
	if (data.event.type !== 'alarm') return [];
	const acted = alarmsOf(data).filter((a) => Object.hasOwn(alarms, a));
	const { vin, warnings, vehicle } = vehicleOf(data.device);
	const position = positionOf(data.position);
	const occurredAt = data.event.eventTime ?? data.position?.fixTime ?? undefined;
	return acted.map((alarm) => {
		const rule = alarms[alarm];
		const eventId = traccarEventId(data.event.id, acted.length > 1 ? alarm : undefined);
		const common = { eventId, vin, ...(occurredAt ? { occurredAt } : {}), ...(position ? { position } : {}), vehicle };
		return rule.kind === 'airbag'
			? { event: 'airbag.deployed' as const, payload: { ...common, automatic: rule.automatic }, warnings }
			: { event: 'theft.started' as const, payload: { ...common, trigger: rule.trigger }, warnings };
	});
}

/** A forwarded position as a fix of the vehicle's theft, if the console follows one. */
export function mapPositionData(data: TraccarPositionData): Mapped {
	const p = data.position;
	const { vin, warnings } = vehicleOf(data.device);
	const payload: Record<string, unknown> = {
		eventId: traccarPositionId(p.id),
		vin,
		fixAt: p.fixTime,
		lat: p.latitude,
		lon: p.longitude
	};
	if (typeof p.speed === 'number') payload.speedKmh = Math.round(p.speed * knotKmh * 10) / 10;
	if (typeof p.course === 'number') payload.headingDeg = ((Math.round(p.course) % 360) + 360) % 360;
	if (typeof p.accuracy === 'number' && p.accuracy > 0) payload.accuracyM = p.accuracy;
	const invalid = p.valid === false;
	const problems: Problem[] = invalid
		? [...warnings, { path: 'position.valid', message: 'Traccar marked this fix not valid: kept as a problem, not drawn on the track', code: 'traccar_fix_invalid' }]
		: warnings;
	return { event: 'theft.position', payload, warnings: problems, followOnly: true, invalidFix: invalid };
}

// Shift figures (docs/console.md, "/reports"), as pure functions: durations from the console's receive
// time of the opening event (opened_at) to the first acknowledgement, escalation and resolution;
// their median and 90th percentile by the nearest-rank method; targets breached; the same per
// operator (the account on the incident's first acknowledge entry). Shifts come from SOC_SHIFTS
// ("06:00,14:00,22:00") in SOC_TZ ("Europe/Paris"), daylight saving time included. No I/O.
import { outcomes } from './lifecycle';
import type { IncidentStatus, IncidentType } from './incident';
import { missedTarget, type Targets } from './rules';

// ---------------------------------------------------------------------------------------------
// Percentiles

/**
 * The p-th percentile by the nearest-rank method: the smallest value such that at least p % of
 * the values are less than or equal to it, i.e. the value of rank ⌈p/100 × n⌉ in ascending order.
 * So the median (p = 50) of an even count is the lower of the two middle values. Null when empty.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
	if (!(p > 0 && p <= 100)) throw new RangeError('p must be in (0, 100]');
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	// Rounded first so that 0.9 × 10 is 9, not 9.000000000000002.
	const rank = Math.ceil(Math.round(((p / 100) * sorted.length) * 1e9) / 1e9);
	return sorted[Math.max(1, rank) - 1];
}

export interface Spread {
	/** How many incidents reached this step. */
	count: number;
	/** Milliseconds; null when no incident reached the step. */
	median: number | null;
	p90: number | null;
}

export function spreadOf(durations: readonly number[]): Spread {
	return { count: durations.length, median: nearestRank(durations, 50), p90: nearestRank(durations, 90) };
}

// ---------------------------------------------------------------------------------------------
// Figures

/** What the figures are computed from: one incident opened in the period. */
export interface ReportIncident {
	id: number;
	type: IncidentType;
	status: IncidentStatus;
	outcome: string | null;
	testCall: boolean;
	/** Console receive time of the opening event (ms). */
	openedAt: number;
	acknowledgedAt: number | null;
	escalatedAt: number | null;
	resolvedAt: number | null;
	/** The account on the first acknowledge entry of its timeline, if any. */
	acknowledgedBy: string | null;
}

export type Step = 'acknowledge' | 'escalate' | 'resolve';
export const steps: readonly Step[] = ['acknowledge', 'escalate', 'resolve'];

export interface Figures {
	incidents: number;
	byType: Record<IncidentType, number>;
	/** Resolved incidents by outcome; `open` counts those not resolved. */
	byOutcome: Record<string, number>;
	times: Record<Step, Spread>;
	breached: { total: number; airbag: number; theft: number; neverAcknowledged: number };
}

export interface OperatorFigures extends Figures {
	operator: string;
}

export interface Report {
	from: number;
	to: number;
	/** The time the figures were computed at: an incident still open counts as open until then. */
	now: number;
	all: Figures;
	/** One entry per operator who acknowledged an incident of the period, by name. */
	operators: OperatorFigures[];
	/** Incidents no one acknowledged (still new, or first taken by a reassignment). */
	unacknowledged: Figures;
}

/** The outcomes of docs/console.md, then `open` for incidents not resolved yet. */
export const outcomeKeys = [...outcomes, 'open'] as const;

/** Milliseconds from opening to the first such action, or null when it has not happened. */
export function durationOf(incident: ReportIncident, step: Step): number | null {
	const at = step === 'acknowledge' ? incident.acknowledgedAt : step === 'escalate' ? incident.escalatedAt : incident.resolvedAt;
	return at === null ? null : at - incident.openedAt;
}

export function figuresOf(incidents: readonly ReportIncident[], targets: Targets, now: number): Figures {
	const byType: Record<IncidentType, number> = { airbag: 0, theft: 0 };
	const byOutcome: Record<string, number> = Object.fromEntries(outcomeKeys.map((k) => [k, 0]));
	const durations: Record<Step, number[]> = { acknowledge: [], escalate: [], resolve: [] };
	const breached = { total: 0, airbag: 0, theft: 0, neverAcknowledged: 0 };
	for (const incident of incidents) {
		byType[incident.type]++;
		const outcome = incident.status === 'resolved' ? (incident.outcome ?? 'other') : 'open';
		byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
		for (const step of steps) {
			const d = durationOf(incident, step);
			if (d !== null) durations[step].push(d);
		}
		if (missedTarget(incident, now, targets)) {
			breached.total++;
			breached[incident.type]++;
			if (incident.acknowledgedAt === null) breached.neverAcknowledged++;
		}
	}
	return {
		incidents: incidents.length,
		byType,
		byOutcome,
		times: { acknowledge: spreadOf(durations.acknowledge), escalate: spreadOf(durations.escalate), resolve: spreadOf(durations.resolve) },
		breached
	};
}

export function buildReport(incidents: readonly ReportIncident[], options: { from: number; to: number; now: number; targets: Targets }): Report {
	const byOperator = new Map<string, ReportIncident[]>();
	const unacknowledged: ReportIncident[] = [];
	for (const incident of incidents) {
		if (incident.acknowledgedBy === null) {
			unacknowledged.push(incident);
			continue;
		}
		const list = byOperator.get(incident.acknowledgedBy) ?? [];
		list.push(incident);
		byOperator.set(incident.acknowledgedBy, list);
	}
	const operators = [...byOperator.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([operator, list]) => ({ operator, ...figuresOf(list, options.targets, options.now) }));
	return {
		from: options.from,
		to: options.to,
		now: options.now,
		all: figuresOf(incidents, options.targets, options.now),
		operators,
		unacknowledged: figuresOf(unacknowledged, options.targets, options.now)
	};
}

// ---------------------------------------------------------------------------------------------
// Time zones, without a library: the offset of a zone at an instant comes from Intl.

export interface LocalTime {
	year: number;
	month: number; // 1–12
	day: number;
	hour: number;
	minute: number;
	second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

/** True when the runtime knows the IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
	try {
		formatterOf(timeZone);
		return true;
	} catch {
		return false;
	}
}

/** The wall-clock time in a zone at an instant (ms). */
export function localTimeIn(ms: number, timeZone: string): LocalTime {
	const parts = formatterOf(timeZone).formatToParts(new Date(ms));
	const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
	return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const wallMs = (t: LocalTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);

/** The zone's offset from UTC at an instant, in ms (Paris in winter: +3,600,000). */
export function offsetAt(ms: number, timeZone: string): number {
	const whole = Math.floor(ms / 1000) * 1000;
	return wallMs(localTimeIn(whole, timeZone)) - whole;
}

/**
 * The instant of a wall-clock time in a zone. In the hour skipped when clocks go forward, the time
 * is read with the offset from before the change (02:30 becomes 03:30); in the hour repeated when
 * they go back, the first of the two is taken.
 */
export function instantOf(t: LocalTime, timeZone: string): number {
	const wall = wallMs(t);
	const before = wall - offsetAt(wall - 86_400_000, timeZone);
	const after = wall - offsetAt(wall + 86_400_000, timeZone);
	const candidates = [before, after].filter((ms) => wallMs(localTimeIn(ms, timeZone)) === wall).sort((a, b) => a - b);
	return candidates[0] ?? before;
}

// ---------------------------------------------------------------------------------------------
// Shifts

/** Shift starts as minutes after midnight, ascending. Throws a message naming the bad part. */
export function parseShifts(spec: string): number[] {
	const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
	if (parts.length === 0) throw new Error('SOC_SHIFTS: give at least one shift start, such as 06:00,14:00,22:00');
	const minutes = parts.map((part) => {
		const match = /^(\d{1,2}):(\d{2})$/.exec(part);
		const value = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
		if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) throw new Error(`SOC_SHIFTS: "${part}" is not a time such as 06:00`);
		return value;
	});
	const sorted = [...new Set(minutes)].sort((a, b) => a - b);
	if (sorted.length !== minutes.length) throw new Error('SOC_SHIFTS: a shift start is given twice');
	return sorted;
}

export interface Shift {
	/** "2026-11-27T06:00": the local start date and time, which names the shift in URLs. */
	key: string;
	start: number;
	end: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

function dayAfter(t: { year: number; month: number; day: number }, days: number) {
	const d = new Date(Date.UTC(t.year, t.month - 1, t.day + days));
	return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function shiftStartingAt(day: { year: number; month: number; day: number }, index: number, shifts: readonly number[], timeZone: string): Shift {
	const at = (d: typeof day, minutes: number) =>
		instantOf({ ...d, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 }, timeZone);
	const startMinutes = shifts[index];
	const start = at(day, startMinutes);
	const end = index + 1 < shifts.length ? at(day, shifts[index + 1]) : at(dayAfter(day, 1), shifts[0]);
	const key = `${day.year}-${pad(day.month)}-${pad(day.day)}T${pad(Math.floor(startMinutes / 60))}:${pad(startMinutes % 60)}`;
	return { key, start, end };
}

/** The shift an instant falls in. */
export function shiftAt(ms: number, shifts: readonly number[], timeZone: string): Shift {
	const local = localTimeIn(ms, timeZone);
	for (const day of [local, dayAfter(local, -1)]) {
		for (let i = shifts.length - 1; i >= 0; i--) {
			const shift = shiftStartingAt(day, i, shifts, timeZone);
			if (shift.start <= ms) return shift;
		}
	}
	throw new Error('no shift found'); // unreachable: yesterday's last shift started before now
}

/** The shift before or after another. */
export function shiftBeside(shift: Shift, shifts: readonly number[], timeZone: string, direction: -1 | 1): Shift {
	return shiftAt(direction === 1 ? shift.end : shift.start - 1, shifts, timeZone);
}

/** The shift `now` is in, then the `count - 1` before it, newest first. */
export function recentShifts(now: number, count: number, shifts: readonly number[], timeZone: string): Shift[] {
	const list = [shiftAt(now, shifts, timeZone)];
	while (list.length < count) list.push(shiftBeside(list[list.length - 1], shifts, timeZone, -1));
	return list;
}

/** The shift named by a key ("2026-11-27T06:00"), or null when no shift starts then. */
export function shiftOfKey(key: string, shifts: readonly number[], timeZone: string): Shift | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(key);
	if (!match) return null;
	const [year, month, day, hour, minute] = match.slice(1).map(Number);
	const index = shifts.indexOf(hour * 60 + minute);
	if (index === -1 || month < 1 || month > 12 || day < 1 || day > 31) return null;
	const date = dayAfter({ year, month, day }, 0);
	if (date.month !== month || date.day !== day) return null; // 31 February
	return shiftStartingAt(date, index, shifts, timeZone);
}

/**
 * A date and time typed in a form or a URL: "2026-11-27T06:00" (seconds optional) or "2026-11-27"
 * is a wall-clock time in `timeZone`; a time with Z or an offset is an instant. A date alone is the
 * start of that day, or with `endOfDay` the start of the next (so that To = a date includes it).
 * Null when it is not one of these or not a real date.
 */
export function parseLocalDateTime(value: string, timeZone: string, endOfDay = false): number | null {
	const exact = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
	if (exact) {
		const ms = Date.parse(value);
		return Number.isFinite(ms) ? ms : null;
	}
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
	if (!match) return null;
	const [year, month, day] = [1, 2, 3].map((i) => Number(match[i]));
	const hour = Number(match[4] ?? 0);
	const minute = Number(match[5] ?? 0);
	const second = Number(match[6] ?? 0);
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
	const date = dayAfter({ year, month, day }, 0);
	if (date.month !== month || date.day !== day) return null;
	if (match[4] === undefined && endOfDay) return instantOf({ ...dayAfter(date, 1), hour: 0, minute: 0, second: 0 }, timeZone);
	return instantOf({ ...date, hour, minute, second }, timeZone);
}

/** The years a date typed in a filter may fall in: the console keeps no record outside them. */
export const dateYears = { first: 2000, last: 2099 } as const;

/**
 * `parseLocalDateTime` for a filter: the instant, or what is wrong with it (`date`: not a date and
 * time; `date_range`: a year outside `dateYears`, which the calendar arithmetic cannot be trusted with).
 */
export function readDateTime(value: string, timeZone: string, endOfDay = false): number | 'date' | 'date_range' {
	const ms = parseLocalDateTime(value, timeZone, endOfDay);
	if (ms === null) return 'date';
	const year = Number(value.slice(0, 4));
	return year < dateYears.first || year > dateYears.last ? 'date_range' : ms;
}

/** An instant as a form's datetime-local value in a zone ("2026-11-27T06:00", seconds when not 0). */
export function localInputValue(ms: number, timeZone: string): string {
	const t = localTimeIn(ms, timeZone);
	const base = `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
	return t.second ? `${base}:${pad(t.second)}` : base;
}

// The period a report covers (a shift from SOC_SHIFTS in SOC_TZ, or any From/To range) read from
// the URL, and its figures. Shared by the page and /reports/figures.json.
import {
	buildReport,
	localInputValue,
	parseShifts,
	readDateTime,
	recentShifts,
	shiftAt,
	shiftOfKey,
	type Report,
	type Shift
} from '$lib/domain/reports';
import type { Targets } from '$lib/domain/rules';
import type { SocConsole } from '$lib/server/console';
import { screenSettings } from '$lib/server/screen';
import { reportIncidents } from '$lib/server/stores/reports';
import { socTimeZone } from '$lib/server/time-zone';

/** The longest range a report reads at once. */
export const maxRangeDays = 92;
/** How many shifts the Shift picker offers (the current one and those before it). */
const pickerShifts = 42;

export type ReportProblem =
	| { field: 'shift'; code: 'shift' }
	| { field: 'from' | 'to'; code: 'date' | 'date_range' | 'missing' }
	| { field: 'to'; code: 'range' | 'too_long' }
	| { field: 'shifts'; code: 'config'; message: string };

export interface ReportPeriod {
	from: number;
	to: number;
	/** The shift's key when the period is a shift. */
	shift: string | null;
}

export interface ReportResult {
	period: ReportPeriod | null;
	report: Report | null;
	problems: ReportProblem[];
	shifts: Shift[];
	values: { shift?: string; from?: string; to?: string };
	timeZone: string;
	badTimeZone: string | null;
	targets: Targets;
}

export async function computeReport(soc: Pick<SocConsole, 'database' | 'config'>, params: URLSearchParams, now = Date.now()): Promise<ReportResult> {
	const c = soc.config;
	const { timeZone, badTimeZone } = socTimeZone();
	const problems: ReportProblem[] = [];
	let starts: number[];
	try {
		starts = parseShifts(c.SOC_SHIFTS);
	} catch (e) {
		problems.push({ field: 'shifts', code: 'config', message: (e as Error).message });
		starts = parseShifts('06:00,14:00,22:00');
	}
	const { targetAirbagMs, targetTheftMs } = screenSettings().thresholds;
	const targets: Targets = { targetAirbagMs, targetTheftMs };
	const shifts = recentShifts(now, pickerShifts, starts, timeZone);
	const get = (name: string) => params.get(name)?.trim() || undefined;
	const values = { shift: get('shift'), from: get('from'), to: get('to') };

	let period: ReportPeriod | null = null;
	if (values.from !== undefined || values.to !== undefined) {
		const from = values.from === undefined ? undefined : readDateTime(values.from, timeZone);
		const to = values.to === undefined ? now : readDateTime(values.to, timeZone, true);
		if (from === undefined) problems.push({ field: 'from', code: 'missing' });
		else if (typeof from === 'string') problems.push({ field: 'from', code: from });
		if (typeof to === 'string') problems.push({ field: 'to', code: to });
		if (typeof from === 'number' && typeof to === 'number') {
			if (from >= to) problems.push({ field: 'to', code: 'range' });
			else if (to - from > maxRangeDays * 86_400_000) problems.push({ field: 'to', code: 'too_long' });
			else period = { from, to, shift: null };
		}
	} else if (values.shift !== undefined) {
		const shift = shiftOfKey(values.shift, starts, timeZone);
		if (shift) period = { from: shift.start, to: shift.end, shift: shift.key };
		else problems.push({ field: 'shift', code: 'shift' });
	} else {
		const current = shiftAt(now, starts, timeZone);
		period = { from: current.start, to: current.end, shift: current.key };
	}

	const report = period ? buildReport(await reportIncidents(soc.database, period.from, period.to), { ...period, now, targets }) : null;
	return { period, report, problems, shifts, values, timeZone, badTimeZone, targets };
}

/** The From/To fields' values for a period, in the report's zone. */
export const periodInputs = (period: ReportPeriod, timeZone: string) => ({
	from: localInputValue(period.from, timeZone),
	to: localInputValue(period.to, timeZone)
});

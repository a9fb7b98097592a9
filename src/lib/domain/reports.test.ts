import { describe, expect, it } from 'vitest';
import {
	buildReport,
	figuresOf,
	instantOf,
	localInputValue,
	nearestRank,
	parseLocalDateTime,
	parseShifts,
	readDateTime,
	recentShifts,
	shiftAt,
	shiftOfKey,
	type ReportIncident
} from './reports';
import { missedTarget } from './rules';

const utc = (s: string) => Date.parse(s);
const paris = 'Europe/Paris';
const shifts = parseShifts('06:00,14:00,22:00');

describe('nearest-rank percentiles', () => {
	it('takes the value of rank ⌈p/100 × n⌉', () => {
		const values = [15, 20, 35, 40, 50];
		expect(nearestRank(values, 5)).toBe(15);
		expect(nearestRank(values, 30)).toBe(20);
		expect(nearestRank(values, 40)).toBe(20);
		expect(nearestRank(values, 50)).toBe(35);
		expect(nearestRank(values, 100)).toBe(50);
		const ten = [20, 3, 6, 7, 8, 8, 10, 13, 15, 16]; // unsorted on purpose
		expect(nearestRank(ten, 25)).toBe(7);
		expect(nearestRank(ten, 50)).toBe(8);
		expect(nearestRank(ten, 75)).toBe(15);
		expect(nearestRank(ten, 90)).toBe(16); // rank 9 exactly, not 10
		expect(nearestRank(ten, 100)).toBe(20);
	});

	it('gives the lower middle value as the median of an even count, and null for none', () => {
		expect(nearestRank([4, 1, 3, 2], 50)).toBe(2);
		expect(nearestRank([7], 90)).toBe(7);
		expect(nearestRank([], 50)).toBeNull();
		expect(() => nearestRank([1], 0)).toThrow();
	});
});

const targets = { targetAirbagMs: 60_000, targetTheftMs: 120_000 };
const t0 = utc('2026-03-10T05:00:00Z');
const s = (seconds: number) => t0 + seconds * 1000;

function incident(p: Partial<ReportIncident> & Pick<ReportIncident, 'id' | 'type'>): ReportIncident {
	return {
		status: 'resolved',
		outcome: 'false_alarm',
		testCall: false,
		openedAt: t0,
		acknowledgedAt: null,
		escalatedAt: null,
		resolvedAt: null,
		acknowledgedBy: null,
		...p
	};
}

describe('breached targets', () => {
	it('is breached when acknowledged later than the target, not at it', () => {
		expect(missedTarget(incident({ id: 1, type: 'airbag', acknowledgedAt: s(60) }), s(1000), targets)).toBe(false);
		expect(missedTarget(incident({ id: 1, type: 'airbag', acknowledgedAt: s(61) }), s(1000), targets)).toBe(true);
		expect(missedTarget(incident({ id: 1, type: 'theft', acknowledgedAt: s(100) }), s(1000), targets)).toBe(false);
	});

	it('is breached when never acknowledged while open past the target', () => {
		expect(missedTarget(incident({ id: 1, type: 'theft', status: 'new' }), s(119), targets)).toBe(false);
		expect(missedTarget(incident({ id: 1, type: 'theft', status: 'new' }), s(121), targets)).toBe(true);
	});
});

describe('figures', () => {
	// Seven incidents opened at t0 + openedAt s, with hand-computed figures below.
	const fixture: ReportIncident[] = [
		incident({ id: 1, type: 'airbag', openedAt: s(0), acknowledgedAt: s(30), escalatedAt: s(90), resolvedAt: s(600), outcome: 'handed_to_emergency_services', acknowledgedBy: 'alice' }),
		incident({ id: 2, type: 'airbag', openedAt: s(100), acknowledgedAt: s(190), resolvedAt: s(400), outcome: 'test_call', testCall: true, acknowledgedBy: 'bob' }),
		incident({ id: 3, type: 'theft', openedAt: s(200), acknowledgedAt: s(260), escalatedAt: s(500), resolvedAt: s(3800), outcome: 'vehicle_recovered', acknowledgedBy: 'alice' }),
		incident({ id: 4, type: 'theft', openedAt: s(300), acknowledgedAt: s(450), resolvedAt: s(1200), outcome: 'theft_cleared_by_owner', acknowledgedBy: 'bob' }),
		incident({ id: 5, type: 'theft', openedAt: s(400), acknowledgedAt: s(410), status: 'acknowledged', outcome: null, acknowledgedBy: 'alice' }),
		incident({ id: 6, type: 'airbag', openedAt: s(500), status: 'new', outcome: null }),
		incident({ id: 7, type: 'theft', openedAt: s(3000), status: 'new', outcome: null })
	];
	const now = s(3100);

	it('counts by type and outcome, times each step and the breaches', () => {
		const f = figuresOf(fixture, targets, now);
		expect(f.incidents).toBe(7);
		expect(f.byType).toEqual({ airbag: 3, theft: 4 });
		expect(f.byOutcome).toMatchObject({ handed_to_emergency_services: 1, test_call: 1, vehicle_recovered: 1, theft_cleared_by_owner: 1, open: 3, false_alarm: 0 });
		// Acknowledge: 30, 90, 60, 150, 10 s → sorted 10, 30, 60, 90, 150: median rank 3 = 60 s, p90 rank 5 = 150 s.
		expect(f.times.acknowledge).toEqual({ count: 5, median: 60_000, p90: 150_000 });
		// Escalate: 90, 300 s → median rank 1 = 90 s, p90 rank 2 = 300 s.
		expect(f.times.escalate).toEqual({ count: 2, median: 90_000, p90: 300_000 });
		// Resolve: 600, 300, 3600, 900 s → sorted 300, 600, 900, 3600: median rank 2 = 600 s, p90 rank 4 = 3600 s.
		expect(f.times.resolve).toEqual({ count: 4, median: 600_000, p90: 3_600_000 });
		// Breached: #2 (airbag acked after 90 s > 60), #4 (theft 150 s > 120), #6 (airbag open 2600 s, never acked).
		// Not: #1 (30 s), #3 (60 s), #5 (10 s), #7 (theft open 100 s < 120).
		expect(f.breached).toEqual({ total: 3, airbag: 2, theft: 1, neverAcknowledged: 1 });
	});

	it('gives the same per operator, by the first acknowledgement', () => {
		const report = buildReport(fixture, { from: t0, to: t0 + 8 * 3_600_000, now, targets });
		expect(report.operators.map((o) => o.operator)).toEqual(['alice', 'bob']);
		const [alice, bob] = report.operators;
		expect(alice.incidents).toBe(3);
		expect(alice.byType).toEqual({ airbag: 1, theft: 2 });
		// alice: acknowledge 30, 60, 10 → sorted 10, 30, 60: median rank 2 = 30 s, p90 rank 3 = 60 s.
		expect(alice.times.acknowledge).toEqual({ count: 3, median: 30_000, p90: 60_000 });
		expect(alice.times.escalate).toEqual({ count: 2, median: 90_000, p90: 300_000 });
		expect(alice.times.resolve).toEqual({ count: 2, median: 600_000, p90: 3_600_000 });
		expect(alice.breached.total).toBe(0);
		// bob: acknowledge 90, 150 → median rank 1 = 90 s, p90 rank 2 = 150 s; both breached.
		expect(bob.times.acknowledge).toEqual({ count: 2, median: 90_000, p90: 150_000 });
		expect(bob.times.escalate).toEqual({ count: 0, median: null, p90: null });
		// bob: resolve 300, 900 s → median rank 1 = 300 s, p90 rank 2 = 900 s.
		expect(bob.times.resolve).toEqual({ count: 2, median: 300_000, p90: 900_000 });
		expect(bob.breached).toEqual({ total: 2, airbag: 1, theft: 1, neverAcknowledged: 0 });
		expect(report.unacknowledged.incidents).toBe(2);
		expect(report.unacknowledged.breached.total).toBe(1);
	});
});

describe('shifts in Europe/Paris', () => {
	it('reads SOC_SHIFTS and refuses bad ones', () => {
		expect(parseShifts('06:00,14:00,22:00')).toEqual([360, 840, 1320]);
		expect(parseShifts(' 22:00 , 6:00 ')).toEqual([360, 1320]);
		expect(() => parseShifts('')).toThrow(/SOC_SHIFTS/);
		expect(() => parseShifts('25:00')).toThrow(/25:00/);
		expect(() => parseShifts('06:00,06:00')).toThrow(/twice/);
	});

	it('finds the shift of an instant, the night shift across midnight included', () => {
		expect(shiftAt(utc('2026-01-15T05:30:00Z'), shifts, paris)).toEqual({
			key: '2026-01-15T06:00',
			start: utc('2026-01-15T05:00:00Z'),
			end: utc('2026-01-15T13:00:00Z')
		});
		expect(shiftAt(utc('2026-01-15T03:00:00Z'), shifts, paris)).toEqual({
			key: '2026-01-14T22:00',
			start: utc('2026-01-14T21:00:00Z'),
			end: utc('2026-01-15T05:00:00Z')
		});
		expect(shiftAt(utc('2026-07-01T12:00:00Z'), shifts, paris).key).toBe('2026-07-01T14:00');
	});

	it('makes the night shifts of the daylight saving changes 7 and 9 hours long', () => {
		const spring = shiftOfKey('2026-03-28T22:00', shifts, paris)!;
		expect(spring.start).toBe(utc('2026-03-28T21:00:00Z'));
		expect(spring.end).toBe(utc('2026-03-29T04:00:00Z'));
		const autumn = shiftOfKey('2026-10-24T22:00', shifts, paris)!;
		expect(autumn.start).toBe(utc('2026-10-24T20:00:00Z'));
		expect(autumn.end).toBe(utc('2026-10-25T05:00:00Z'));
	});

	it('lists recent shifts newest first, each ending where the next begins', () => {
		const list = recentShifts(utc('2026-01-15T05:30:00Z'), 4, shifts, paris);
		expect(list.map((x) => x.key)).toEqual(['2026-01-15T06:00', '2026-01-14T22:00', '2026-01-14T14:00', '2026-01-14T06:00']);
		for (let i = 1; i < list.length; i++) expect(list[i].end).toBe(list[i - 1].start);
	});

	it('knows a shift by its key only when a shift starts then', () => {
		expect(shiftOfKey('2026-01-15T07:00', shifts, paris)).toBeNull();
		expect(shiftOfKey('2026-02-30T06:00', shifts, paris)).toBeNull();
		expect(shiftOfKey('yesterday', shifts, paris)).toBeNull();
	});
});

describe('dates typed in forms and URLs', () => {
	it('reads wall-clock times in the zone, and instants with Z or an offset', () => {
		expect(parseLocalDateTime('2026-01-15T06:00', paris)).toBe(utc('2026-01-15T05:00:00Z'));
		expect(parseLocalDateTime('2026-07-15T06:00:30', paris)).toBe(utc('2026-07-15T04:00:30Z'));
		expect(parseLocalDateTime('2026-01-15', paris)).toBe(utc('2026-01-14T23:00:00Z'));
		expect(parseLocalDateTime('2026-01-15', paris, true)).toBe(utc('2026-01-15T23:00:00Z'));
		expect(parseLocalDateTime('2026-01-15T06:00:00Z', paris)).toBe(utc('2026-01-15T06:00:00Z'));
		expect(parseLocalDateTime('2026-01-15T06:00:00+02:00', paris)).toBe(utc('2026-01-15T04:00:00Z'));
	});

	it('refuses what is not a date', () => {
		for (const bad of ['', 'yesterday', '2026-02-30', '2026-13-01T00:00', '2026-01-15T24:00', '15/01/2026', '2026-01-15T06:00Zulu']) {
			expect(parseLocalDateTime(bad, paris), bad).toBeNull();
		}
	});

	it('reads a time skipped by the spring change with the offset from before it, and back', () => {
		expect(instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }, paris)).toBe(utc('2026-03-29T01:30:00Z'));
		// 02:30 on the autumn night happens twice: the first is taken.
		expect(instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 }, paris)).toBe(utc('2026-10-25T00:30:00Z'));
		expect(localInputValue(utc('2026-01-15T05:00:00Z'), paris)).toBe('2026-01-15T06:00');
		expect(localInputValue(utc('2026-01-15T05:00:07Z'), paris)).toBe('2026-01-15T06:00:07');
	});
});

describe('readDateTime', () => {
	it('reads a date in the console’s years, and names a year outside them', () => {
		expect(readDateTime('2026-11-27T06:00', 'Europe/Paris')).toBe(Date.parse('2026-11-27T05:00:00Z'));
		for (const value of ['0001-01-01T00:00', '1901-01-01', '1999-12-31T23:59', '2100-01-01', '9999-12-31T00:00Z']) {
			expect(readDateTime(value, 'Europe/Paris'), value).toBe('date_range');
		}
		expect(readDateTime('2000-01-01T00:00Z', 'Europe/Paris')).toBe(Date.parse('2000-01-01T00:00:00Z'));
		for (const value of ['yesterday', '2026-13-01', '']) expect(readDateTime(value, 'Europe/Paris'), value).toBe('date');
	});
});

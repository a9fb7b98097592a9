// GET /log/export.csv — the incident log's filtered set as CSV (same parameters as /log), streamed:
// the response pulls the rows a chunk at a time from an iterator (stores/log.ts, exportLog), so the
// file is never built in memory and a slow download holds no more than a chunk. Supervisors only
// (the access guard, domain/access.ts).
import { csvRow } from '$lib/domain/csv';
import { dateYears, localInputValue } from '$lib/domain/reports';
import { exportLog, operatorId, type LogExportRow } from '$lib/server/stores/log';
import { readLogQuery, type Problem } from '../filters';
import { socTimeZone } from '$lib/server/time-zone';
import type { RequestHandler } from './$types';

const header = [
	'id',
	'type',
	'test_call',
	'status',
	'outcome',
	'opened_at',
	'occurred_at',
	'acknowledged_at',
	'escalated_at',
	'resolved_at',
	'seconds_to_acknowledge',
	'seconds_to_escalate',
	'seconds_to_resolve',
	'operator',
	'vin',
	'plate',
	'model',
	'model_year',
	'colour',
	'latitude',
	'longitude',
	'place',
	'country',
	'escalations'
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const seconds = (at: number | null, from: number) => (at === null ? null : (at - from) / 1000);

function record(r: LogExportRow): string {
	return csvRow([
		r.id,
		r.type,
		r.testCall,
		r.status,
		r.outcome,
		iso(r.openedAt),
		iso(r.occurredAt),
		iso(r.acknowledgedAt),
		iso(r.escalatedAt),
		iso(r.resolvedAt),
		seconds(r.acknowledgedAt, r.openedAt),
		seconds(r.escalatedAt, r.openedAt),
		seconds(r.resolvedAt, r.openedAt),
		r.operator,
		r.vin,
		r.plate,
		r.model,
		r.modelYear,
		r.colour,
		r.lat,
		r.lon,
		r.place?.name ?? null,
		r.place?.country ?? null,
		r.escalations.join('; ')
	]);
}

/** The problems in plain words (English: this answer is read by whoever made the link). */
function problemText(p: Problem): string {
	switch (p.code) {
		case 'date':
			return `${p.field}: not a date and time such as 2026-11-27T06:00`;
		case 'date_range':
			return `${p.field}: outside the years ${dateYears.first} to ${dateYears.last}`;
		case 'range':
			return 'from must be before to';
		case 'choice':
			return `${p.field}: not one of the values offered`;
		case 'operator':
		case 'unknown_operator':
			return 'operator: no operator or supervisor account has that name';
		case 'vin':
			return 'vin: letters, digits, spaces and hyphens only, at most 32';
		case 'plate':
			return 'plate: at most 32 characters, not only spaces, hyphens and dots';
		case 'cursor':
			return 'paging parameters are not used by the export';
	}
}

export const GET: RequestHandler = async ({ url, locals }) => {
	const { database } = locals.soc;
	const { timeZone } = socTimeZone();
	const query = readLogQuery(url.searchParams, timeZone);
	if (query.operator !== undefined) {
		const id = await operatorId(database, query.operator);
		if (id === undefined) query.problems.push({ field: 'operator', code: 'unknown_operator' });
		else query.filter.operatorId = id;
	}
	// Paging parameters do not matter here: the export is the whole filtered set.
	const problems = query.problems.filter((p) => p.field !== 'page');
	if (problems.length > 0) {
		return new Response(`The export was refused: ${problems.map(problemText).join('; ')}.\n`, {
			status: 400,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}

	const chunks = exportLog(database, query.filter, query.order);
	const encoder = new TextEncoder();
	let started = false;
	const body = new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				if (!started) {
					started = true;
					// A byte order mark, so that spreadsheets read the file as UTF-8 (accents, ß, ...).
					controller.enqueue(encoder.encode(`\uFEFF${csvRow(header)}`));
					return;
				}
				try {
					const next = await chunks.next();
					if (next.done) controller.close();
					else controller.enqueue(encoder.encode(next.value.map(record).join('')));
				} catch (e) {
					controller.error(e);
					await chunks.return();
				}
			},
			async cancel() {
				await chunks.return();
			}
		},
		{ highWaterMark: 1 }
	);
	const stamp = localInputValue(Date.now(), timeZone).replace(/[:T]/g, (c) => (c === 'T' ? '_' : ''));
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8; header=present',
			'content-disposition': `attachment; filename="incidents-${stamp}.csv"`,
			'cache-control': 'no-store'
		}
	});
};

// What the shift reports are computed from (docs/console.md, "/reports"): the incidents opened in a
// period, with the account on each one's first acknowledge entry. The figures themselves are pure
// (src/lib/domain/reports.ts). The rows are read on a read-only connection of its own, a chunk at
// a time with a pause between chunks, so that a long period does not hold the event loop (and the
// ingest) for its whole read.
import type { IncidentStatus, IncidentType } from '../../domain/incident';
import type { ReportIncident } from '../../domain/reports';
import type { Db } from '../db';
import { openReader } from './log';

interface Row {
	id: number;
	type: IncidentType;
	status: IncidentStatus;
	outcome: string | null;
	test_call: number | null;
	opened_at: number;
	acknowledged_at: number | null;
	escalated_at: number | null;
	resolved_at: number | null;
	acknowledged_by: string | null;
}

const sql = `
	select i.id, i.type, i.status, i.outcome, json_extract(i.details, '$.testCall') as test_call,
		i.opened_at, i.acknowledged_at, i.escalated_at, i.resolved_at,
		(select a.username from timeline t join accounts a on a.id = t.actor_id
			where t.incident_id = i.id and t.kind = 'acknowledge' order by t.id limit 1) as acknowledged_by
	from incidents i
	where i.opened_at >= ? and i.opened_at < ?
	order by i.opened_at, i.id`;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The incidents opened in [from, to), oldest first. */
export async function reportIncidents(db: Db, from: number, to: number, chunkSize = 2000): Promise<ReportIncident[]> {
	const reader = openReader(db);
	const out: ReportIncident[] = [];
	let rows: IterableIterator<unknown> | undefined;
	try {
		rows = reader.client.prepare(sql).iterate(from, to);
		for (;;) {
			for (let n = 0; n < chunkSize; n++) {
				const next = rows.next();
				if (next.done) return out;
				const r = next.value as Row;
				out.push({
					id: r.id,
					type: r.type,
					status: r.status,
					outcome: r.outcome,
					testCall: r.test_call === 1,
					openedAt: r.opened_at,
					acknowledgedAt: r.acknowledged_at,
					escalatedAt: r.escalated_at,
					resolvedAt: r.resolved_at,
					acknowledgedBy: r.acknowledged_by
				});
			}
			// An in-memory database shares the console's connection: no pause while it iterates.
			if (reader.client !== db.$client) await pause();
		}
	} finally {
		rows?.return?.();
		reader.close();
	}
}

// What the shift reports are computed from (docs/console.md, "/reports"): the incidents opened in a
// period, with the account on each one's first acknowledge entry. The figures themselves are pure
// (src/lib/domain/reports.ts). The rows are read a chunk at a time (a keyset on the opening time),
// with a pause between chunks, so that a long period holds neither the database nor the event loop
// (and the ingest) for its whole read.
import { sql } from 'drizzle-orm';
import type { IncidentStatus, IncidentType } from '../../domain/incident';
import type { ReportIncident } from '../../domain/reports';
import type { Sql } from '../db/sql';

interface Row {
	id: number;
	type: IncidentType;
	status: IncidentStatus;
	outcome: string | null;
	details: string;
	opened_at: number;
	acknowledged_at: number | null;
	escalated_at: number | null;
	resolved_at: number | null;
	acknowledged_by: string | null;
}

const chunkAfter = (at: number, id: number, to: number, limit: number) => sql`
	select i.id, i.type, i.status, i.outcome, i.details,
		i.opened_at, i.acknowledged_at, i.escalated_at, i.resolved_at,
		(select a.username from timeline t join accounts a on a.id = t.actor_id
			where t.incident_id = i.id and t.kind = 'acknowledge' order by t.id limit 1) as acknowledged_by
	from incidents i
	where (i.opened_at, i.id) > (${at}, ${id}) and i.opened_at < ${to}
	order by i.opened_at, i.id
	limit ${limit}`;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The incidents opened in [from, to), oldest first. */
export async function reportIncidents(db: Sql, from: number, to: number, chunkSize = 2000): Promise<ReportIncident[]> {
	const out: ReportIncident[] = [];
	// Before every incident opened at `from`, whatever its id.
	let after = { at: from, id: Number.MIN_SAFE_INTEGER };
	for (;;) {
		const rows = await db.all<Row>(chunkAfter(after.at, after.id, to, chunkSize));
		for (const r of rows) {
			out.push({
				id: r.id,
				type: r.type,
				status: r.status,
				outcome: r.outcome,
				// The details are JSON text on both engines: picked here, not in SQL.
				testCall: (JSON.parse(r.details) as { testCall?: unknown }).testCall === true,
				openedAt: r.opened_at,
				acknowledgedAt: r.acknowledged_at,
				escalatedAt: r.escalated_at,
				resolvedAt: r.resolved_at,
				acknowledgedBy: r.acknowledged_by
			});
		}
		if (rows.length < chunkSize) return out;
		const last = rows[rows.length - 1];
		after = { at: last.opened_at, id: last.id };
		await pause();
	}
}

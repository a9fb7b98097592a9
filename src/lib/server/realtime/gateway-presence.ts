// Which gateways are connected, and when one was last heard, across every node on the database
// (docs/nodes.md): a gateway connected to another node counts on this node's screens, and the
// gateway silence alarm goes off only when no node hears one. Each node keeps its own row of
// gateway_presence, rewritten when its gateways change and every second, and reads every row when
// told of a change and every second. On SQLite (one node) the only row is this node's own.
import { sql } from 'drizzle-orm';
import type { GatewayStatus } from '../../domain/incident';
import type { Database } from '../db/sql';
import { GatewayLiveness, latest } from './liveness';

/** Wakes the other nodes when a node's row says something new. */
export const gatewaysChannel = 'soc_gateways';
/** A row not rewritten for this long is a node that died: its gateways reconnect to another node. */
export const presenceTimeoutMs = 10_000;
/** Rows are rewritten and read this often. */
const everyMs = 1_000;
/** Rows of nodes gone for this long are deleted at start-up; the gateway log keeps their last event. */
const forgottenAfterMs = 86_400_000;

export interface PresenceRow {
	node: string;
	/** The node's own GatewayStatus, as JSON. */
	status: string;
	seen_at: number;
}

/** What the nodes other than `self` report: the gateways of those seen lately, and the latest event any of them heard. */
export function othersOf(rows: readonly PresenceRow[], self: string, now: number): GatewayStatus {
	const connected: GatewayStatus['connected'] = [];
	let lastEventAt: number | null = null;
	for (const row of rows) {
		if (row.node === self) continue;
		let status: GatewayStatus;
		try {
			status = JSON.parse(row.status) as GatewayStatus;
		} catch {
			continue;
		}
		if (now - row.seen_at <= presenceTimeoutMs) connected.push(...status.connected);
		// A dead node's last event stays true.
		lastEventAt = latest(lastEventAt, status.lastEventAt);
	}
	return { connected, lastEventAt };
}

/** Runs `work` one at a time; a call made meanwhile runs it once more afterwards. Resolves when the current run ends. */
function oneAtATime(work: () => Promise<void>): () => Promise<void> {
	let running: Promise<void> | undefined;
	let again = false;
	const run = (): Promise<void> => {
		if (running) {
			again = true;
			return running;
		}
		running = work().finally(() => {
			running = undefined;
			if (again) {
				again = false;
				void run();
			}
		});
		return running;
	};
	return run;
}

export interface PresenceOptions {
	/** When any gateway last sent an accepted event, as stored. */
	lastEventAt: number | null;
	/** To this node's screens: every node's gateways. */
	publish: (status: GatewayStatus) => void;
	/** SOC_GATEWAY_SILENT_S, in ms (GatewayLiveness). */
	upstreamWindowMs: number;
}

export class GatewayPresence {
	/** This node's gateways, and the other nodes' as last read: what the gateway handlers, Traccar and screens use. */
	readonly liveness: GatewayLiveness;
	#rows: PresenceRow[] = [];
	/** The status this node's row last said, once written and told. */
	#written: string | undefined;
	/** What failed last time it was tried: told once, not every second. */
	readonly #failing = new Set<'write' | 'read'>();
	#stopped = false;
	#timer: ReturnType<typeof setInterval> | undefined;
	#stopListening: (() => Promise<void>) | undefined;

	private constructor(
		private readonly database: Database,
		private readonly node: string,
		options: PresenceOptions
	) {
		this.liveness = new GatewayLiveness(
			options.lastEventAt,
			(status) => {
				// The screens first: the database may be slow or gone.
				options.publish(status);
				if (JSON.stringify(this.liveness.local()) !== this.#written) void this.#write();
			},
			options.upstreamWindowMs
		);
	}

	/** Resolves once this node's row is written and every row read, or once that failed (it is tried again every second). */
	static async start(database: Database, node: string, options: PresenceOptions): Promise<GatewayPresence> {
		const presence = new GatewayPresence(database, node, options);
		await presence.#begin();
		return presence;
	}

	async #begin() {
		await this.database
			.run(sql`delete from gateway_presence where seen_at < ${Date.now() - forgottenAfterMs}`)
			.catch((e) => this.#failed('write', e));
		await this.#write();
		await this.#read();
		this.#stopListening = await this.database.listen(gatewaysChannel, () => void this.#read()).catch((e) => {
			this.#failed('read', e);
			return undefined;
		});
		this.#timer = setInterval(() => {
			void this.#write();
			void this.#read();
			// Also while a read hangs: a node whose row stops changing is dropped all the same.
			this.#share();
		}, everyMs);
		this.#timer.unref?.();
	}

	/** Rewrites this node's row (its heartbeat), and tells the other nodes when what it says changed. */
	readonly #write = oneAtATime(async () => {
		if (this.#stopped) return;
		const status = JSON.stringify(this.liveness.local());
		try {
			await this.database.run(
				sql`insert into gateway_presence (node, status, seen_at) values (${this.node}, ${status}, ${Date.now()})
					on conflict (node) do update set status = excluded.status, seen_at = excluded.seen_at`
			);
			if (status !== this.#written) {
				await this.database.notify(gatewaysChannel);
				this.#written = status;
			}
			this.#failing.delete('write');
		} catch (error) {
			this.#failed('write', error);
		}
	});

	/** Reads every node's row and hands the others' to the liveness. */
	readonly #read = oneAtATime(async () => {
		if (this.#stopped) return;
		try {
			this.#rows = await this.database.all<PresenceRow>(sql`select node, status, seen_at from gateway_presence order by node`);
			this.#failing.delete('read');
		} catch (error) {
			this.#failed('read', error);
		}
		this.#share();
	});

	/** The other nodes' gateways and last event, by the rows last read. */
	#share() {
		if (!this.#stopped) this.liveness.others(othersOf(this.#rows, this.node, Date.now()));
	}

	#failed(what: 'write' | 'read', error: unknown) {
		const doing = what === 'write' ? "writing this node's row" : "reading the nodes' rows";
		if (!this.#failing.has(what)) console.error(`gateway presence: ${doing} failed, trying again every second:`, (error as Error).message);
		this.#failing.add(what);
	}

	/** Stops sharing and removes this node's row: the other nodes drop its gateways at once and keep its last event. */
	async stop(): Promise<void> {
		this.#stopped = true;
		clearInterval(this.#timer);
		this.liveness.stop();
		await this.#stopListening?.();
		// A write under way would put the row back after its removal.
		await this.#write();
		try {
			await this.database.run(sql`delete from gateway_presence where node = ${this.node}`);
			await this.database.notify(gatewaysChannel);
		} catch (error) {
			console.error('gateway presence: could not remove this node:', (error as Error).message);
		}
	}
}

// Street addresses for incidents' positions (docs/police.md, "Street address"), looked up after the
// commit and never on the ingest path: a crash's position and a theft's latest fix, queued per
// incident, answered per ~25 m cell from a bounded cache, each request bounded in time. A failing
// geocoder costs the street line alone, and is logged once until it answers again.
import type { StreetAddress } from '../../domain/address';
import type { FeedEntry, IncidentView } from '../../domain/incident';
import { CellMemo } from '../cells';
import { readReverse, reverseUrl, type AddressParts } from './nominatim';
import { LookupQueue } from './queue';

export interface StreetLookupOptions {
	/** SOC_GEOCODER_URL. */
	baseUrl: string;
	/** Sent as accept-language: one stored address serves screens in every language. */
	language: string;
	/** Stores the address with the incident and puts the incident on the feed (when it changed). */
	save: (incidentId: number, address: StreetAddress) => Promise<void>;
	fetch?: typeof fetch;
	/** Requests a second, in all. */
	perSecond?: number;
	timeoutMs?: number;
	log?: Pick<Console, 'error' | 'log'>;
}

type Located = Pick<IncidentView, 'id' | 'lastPosition' | 'address'>;

/** About 25 m north–south (0.00025°). */
const cellsPerDegree = 4000;
const cellsKept = 20_000;
const maxFailedKept = 1_000;

export class StreetLookups {
	readonly #cells = new CellMemo<AddressParts | null>(cellsKept, cellsPerDegree);
	readonly #queue: LookupQueue<number, { lat: number; lon: number }>;
	readonly #stopping = new AbortController();
	/** The cell each incident's stored address is for: a parked car's fixes ask nothing more. */
	readonly #savedFor = new Map<number, string>();
	/** Lookups that failed, asked again once the geocoder answers (a crash's position does not move). */
	readonly #failed = new Map<number, { lat: number; lon: number }>();
	readonly #fetch: typeof fetch;
	readonly #log: Pick<Console, 'error' | 'log'>;
	#failing = false;

	constructor(private readonly options: StreetLookupOptions) {
		this.#fetch = options.fetch ?? fetch;
		this.#log = options.log ?? console;
		this.#queue = new LookupQueue((id, cell) => this.#lookUp(id, cell), { perSecond: options.perSecond ?? 4, maxWaiting: 10_000 });
	}

	/** A committed transaction's feed: the positions it brought wait for their address. */
	committed(feed: readonly FeedEntry[]): void {
		for (const entry of feed) {
			if (entry.kind === 'track') this.want({ id: entry.incidentId, lastPosition: entry.data.latest.lastPosition, address: null });
			else if (entry.kind === 'incident' && entry.data.status !== 'resolved') this.want(entry.data);
		}
	}

	/** Queues the incident's last position unless its address is already that position's. */
	want(incident: Located): void {
		if (!incident.lastPosition) return;
		const cell = this.#cells.cellOf(incident.lastPosition);
		const at = incident.address?.at;
		if (at && at.lat === cell.lat && at.lon === cell.lon) return;
		// Back in the cell its stored address is for: what waits for another cell is not wanted now.
		if (this.#savedFor.get(incident.id) === `${cell.lat} ${cell.lon}`) this.#queue.drop(incident.id);
		else this.#queue.add(incident.id, cell);
		// A newer position makes an older failed one not worth asking again.
		this.#failed.delete(incident.id);
	}

	/** Forgets what waits and cuts the request under way. */
	stop(): void {
		this.#queue.stop();
		this.#stopping.abort();
	}

	/** Resolves true when it asked the geocoder. */
	async #lookUp(incidentId: number, cell: { lat: number; lon: number }): Promise<boolean> {
		this.#failed.delete(incidentId);
		const cached = this.#cells.known(cell);
		if (cached) {
			this.#save(incidentId, cell, cached.value);
			return false;
		}
		const parts = await this.#ask(cell);
		if (parts === undefined) {
			if (this.#failed.size >= maxFailedKept) this.#failed.delete(this.#failed.keys().next().value!);
			this.#failed.set(incidentId, cell);
			return true;
		}
		this.#cells.remember(cell, parts);
		this.#save(incidentId, cell, parts);
		return true;
	}

	/** The geocoder answers again: what failed meanwhile is asked again, unless something newer waits. */
	#recovered(): void {
		this.#log.log('street lookups: the geocoder answers again');
		for (const [id, cell] of this.#failed) if (!this.#queue.has(id)) this.#queue.add(id, cell);
		this.#failed.clear();
	}

	/** The cell's address, null where the geocoder has none, undefined when it failed. */
	async #ask(cell: { lat: number; lon: number }): Promise<AddressParts | null | undefined> {
		const { baseUrl, language, timeoutMs = 2_000 } = this.options;
		try {
			const response = await this.#fetch(reverseUrl(baseUrl, cell), {
				headers: { accept: 'application/json', 'accept-language': language, 'user-agent': 'soc-console' },
				// The timeout covers the body too: a geocoder that stalls mid-answer is cut as well.
				signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.#stopping.signal])
			});
			if (!response.ok) {
				void response.body?.cancel().catch(() => {});
				throw new Error(`HTTP ${response.status}`);
			}
			const reading = readReverse(await response.json());
			if (!reading.ok) throw new Error(reading.problem);
			if (this.#failing) {
				this.#failing = false;
				this.#recovered();
			}
			return reading.parts;
		} catch (error) {
			if (this.#stopping.signal.aborted) return undefined;
			if (!this.#failing) {
				this.#log.error(
					`street lookups: the geocoder at ${new URL(baseUrl).host} failed (${reason(error)}); screens show the nearest town alone until it answers again`
				);
			}
			this.#failing = true;
			return undefined;
		}
	}

	#save(incidentId: number, at: { lat: number; lon: number }, parts: AddressParts | null): void {
		if (this.#stopping.signal.aborted) return;
		// Always the same fields in the same order: the store compares the JSON with what it holds.
		const address: StreetAddress = {
			road: parts?.road ?? null,
			houseNumber: parts?.houseNumber ?? null,
			postcode: parts?.postcode ?? null,
			town: parts?.town ?? null,
			at: { lat: at.lat, lon: at.lon }
		};
		this.options.save(incidentId, address).then(
			() => {
				if (this.#savedFor.size >= cellsKept) this.#savedFor.clear();
				this.#savedFor.set(incidentId, `${at.lat} ${at.lon}`);
			},
			(error) => this.#log.error('street lookups: could not store an address:', reason(error))
		);
	}
}

function reason(error: unknown): string {
	if (error instanceof Error && error.name === 'TimeoutError') return 'no answer within the time allowed';
	return error instanceof Error ? error.message : String(error);
}

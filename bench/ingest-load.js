// The gateways of `npm run bench:ingest`: sockets that send realistic theft track fixes (and airbag
// deployments, with or without the car's MSD), closed-loop
// (a window of events in flight per socket) or paced (a fixed rate), and what they measured.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

export const vehicleCount = 200;
const speedKmh = 50;
const metresPerDegree = 111_195;
const ackTimeoutMs = 30_000;
const rad = (deg) => (deg * Math.PI) / 180;
const round7 = (x) => Math.round(x * 1e7) / 1e7;

/**
 * A car in theft mode driving straight at 50 km/h. Its position follows from `fixAt`, so the speed
 * between any two of its fixes is plausible however often it reports (a few metres per fix at
 * 1,000 fixes/s over 200 cars). `fixAt` is the wall clock, at least 1 ms after its previous fix:
 * increasing per VIN and never far from the console's receive time.
 */
class Vehicle {
	constructor(index, runTag) {
		// 17 characters without I, O or Q: an ISO 3779 VIN, so no VIN warning.
		this.vin = `WP0ZZZ99Z${String(index).padStart(8, '0')}`;
		this.idPrefix = `${runTag}.${index}`;
		this.seq = 0;
		this.heading = (index * 137) % 360;
		this.lat0 = 48.7 + (index % 20) * 0.01;
		this.lon0 = 9.1 + Math.floor(index / 20) * 0.01;
		const metresPerMs = speedKmh / 3.6 / 1000;
		this.latPerMs = (metresPerMs * Math.cos(rad(this.heading))) / metresPerDegree;
		this.lonPerMs = (metresPerMs * Math.sin(rad(this.heading))) / (metresPerDegree * Math.cos(rad(this.lat0)));
		this.startMs = Date.now();
		this.fixAt = this.startMs - 1;
	}

	/**
	 * An airbag deployment of this car with its whole eCall data set, and its MSD when the bench
	 * gave one (the same each time: the console decodes it on every event). Deployments of one car
	 * within the merge window join its one open incident.
	 */
	airbag(withMsd) {
		const event = {
			eventId: `${this.idPrefix}.${++this.seq}`,
			vin: this.vin,
			occurredAt: new Date(this.startMs).toISOString(),
			position: { lat: this.lat0, lon: this.lon0 },
			positionTrusted: true,
			headingDeg: this.heading,
			automatic: true,
			testCall: false,
			passengers: 2,
			propulsion: ['gasoline']
		};
		return withMsd ? { ...event, msd: this.msd } : event;
	}

	nextFix() {
		this.fixAt = Math.max(Date.now(), this.fixAt + 1);
		const ms = this.fixAt - this.startMs;
		return {
			eventId: `${this.idPrefix}.${++this.seq}`,
			vin: this.vin,
			fixAt: new Date(this.fixAt).toISOString(),
			lat: round7(this.lat0 + ms * this.latPerMs),
			lon: round7(this.lon0 + ms * this.lonPerMs),
			speedKmh,
			headingDeg: this.heading,
			accuracyM: 4
		};
	}
}

/** One gateway connection; it sends the fixes of its own share of the cars, in turn. */
class Gateway {
	constructor(socket, vehicles) {
		this.socket = socket;
		this.vehicles = vehicles;
		this.turn = 0;
	}

	nextFix() {
		return this.vehicles[this.turn++ % this.vehicles.length].nextFix();
	}

	payload(batchSize, event, withMsd) {
		if (event === 'airbag.deployed') return this.vehicles[this.turn++ % this.vehicles.length].airbag(withMsd);
		if (batchSize === 1) return this.nextFix();
		return { fixes: Array.from({ length: batchSize }, () => this.nextFix()) };
	}
}

/**
 * Connects `count` gateway sockets (websocket transport). Each car is always sent by the same
 * socket, as a car talks to one gateway: its fixes arrive in `fixAt` order.
 */
export async function connectGateways(url, token, count, runTag, msdOf) {
	const vehicles = Array.from({ length: vehicleCount }, (_, i) => new Vehicle(i, runTag));
	for (const v of vehicles) v.msd = msdOf?.(v);
	return Promise.all(
		Array.from({ length: count }, async (_, k) => {
			const socket = io(`${url}/gateway`, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
			await new Promise((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			return new Gateway(socket, vehicles.filter((_, i) => i % count === k));
		})
	);
}

export function closeGateways(gateways) {
	for (const g of gateways) g.socket.close();
}

/** What one phase measured. Only acks received in the measured window count towards fixes/s. */
class Measurement {
	constructor(warmupMs, measureMs) {
		this.from = performance.now() + warmupMs;
		this.until = this.from + measureMs;
		this.measureMs = measureMs;
		this.latencies = [];
		this.windowFixes = 0;
		/** Every fix acked ok, warm-up included: what the database must hold. */
		this.ackedOk = 0;
		this.withWarnings = 0;
		/** Refused fixes by error code, and acks that never came (`timeout`). */
		this.refused = {};
	}

	record(sentAt, fixCount, err, ack) {
		const now = performance.now();
		if (sentAt >= this.from && sentAt < this.until) this.latencies.push(now - sentAt);
		if (err) return this.#refuse('timeout', fixCount);
		if (!ack.ok) return this.#refuse(ack.error.code, fixCount);
		let ok = 0;
		for (const r of ack.results ?? [ack]) {
			if (!r.ok) this.#refuse(r.error.code, 1);
			else {
				ok++;
				if (r.warnings.length > 0) this.withWarnings++;
			}
		}
		this.ackedOk += ok;
		if (now >= this.from && now < this.until) this.windowFixes += ok;
	}

	#refuse(code, fixCount) {
		this.refused[code] = (this.refused[code] ?? 0) + fixCount;
	}

	result() {
		const sorted = this.latencies.sort((a, b) => a - b);
		const at = (q) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
		return {
			fixesPerSec: this.windowFixes / (this.measureMs / 1000),
			p50: at(0.5),
			p99: at(0.99),
			ackedOk: this.ackedOk,
			withWarnings: this.withWarnings,
			refused: this.refused
		};
	}
}

function send(gateway, event, batchSize, measurement, done, withMsd = false) {
	const sentAt = performance.now();
	gateway.socket.timeout(ackTimeoutMs).emit(event, gateway.payload(batchSize, event, withMsd), (err, ack) => {
		measurement.record(sentAt, batchSize, err, ack);
		done();
	});
}

/**
 * Closed loop: every socket keeps `window` events in flight, sending the next as soon as one is
 * acked, until the measured window ends; then waits for the acks still due.
 */
export function closedLoop(gateways, { event, batchSize, window, warmupMs, measureMs, msd = false }) {
	const measurement = new Measurement(warmupMs, measureMs);
	const sockets = gateways.map(
		(gateway) =>
			new Promise((resolve) => {
				let inFlight = 0;
				const next = () => {
					if (performance.now() >= measurement.until) {
						if (inFlight === 0) resolve();
						return;
					}
					inFlight++;
					send(
						gateway,
						event,
						batchSize,
						measurement,
						() => {
							inFlight--;
							next();
						},
						msd
					);
				};
				for (let i = 0; i < window; i++) next();
			})
	);
	return Promise.all(sockets).then(() => measurement.result());
}

/**
 * Open loop: single `theft.position` events at `rate` fixes/s in all, spread evenly over the
 * sockets, whatever the acks do; then waits for the acks still due. Latency runs from the emit.
 */
export function paced(gateways, { rate, warmupMs, measureMs }) {
	const measurement = new Measurement(warmupMs, measureMs);
	const start = performance.now();
	const perSocketPerMs = rate / gateways.length / 1000;
	const sent = gateways.map(() => 0);
	let inFlight = 0;
	let finished = false;
	return new Promise((resolve) => {
		const acked = () => {
			inFlight--;
			if (finished && inFlight === 0) resolve(measurement.result());
		};
		const timer = setInterval(() => {
			const now = Math.min(performance.now(), measurement.until);
			gateways.forEach((gateway, k) => {
				for (; sent[k] < Math.floor((now - start) * perSocketPerMs); sent[k]++) {
					inFlight++;
					send(gateway, 'theft.position', 1, measurement, acked);
				}
			});
			if (now < measurement.until) return;
			clearInterval(timer);
			finished = true;
			if (inFlight === 0) resolve(measurement.result());
		}, 2);
	});
}

let traccarIds = 0;

/** A fix as Traccar forwards a position (docs/traccar.md): knots, its own ids, the VIN as a device attribute. */
function traccarBody(fix) {
	const id = ++traccarIds;
	return JSON.stringify({
		position: { id, deviceId: 1, protocol: 'bench', fixTime: fix.fixAt, valid: true, latitude: fix.lat, longitude: fix.lon, speed: fix.speedKmh / 1.852, course: fix.headingDeg, accuracy: fix.accuracyM, attributes: {} },
		device: { id: 1, name: fix.vin, uniqueId: fix.vin, attributes: { vin: fix.vin } }
	});
}

/**
 * Traccar's position forwarding over HTTP keep-alive: one client per gateway (its share of the
 * cars, so each car's fixes stay in order), each with `window` posts in flight.
 */
export function traccarLoop(url, token, gateways, { window, warmupMs, measureMs }) {
	const measurement = new Measurement(warmupMs, measureMs);
	const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
	const post = async (gateway) => {
		const sentAt = performance.now();
		try {
			const response = await fetch(`${url}/traccar/positions`, { method: 'POST', headers, body: traccarBody(gateway.nextFix()) });
			const ack = await response.json();
			measurement.record(sentAt, 1, null, response.ok ? ack : { ok: false, error: { code: `http_${response.status}` } });
		} catch (error) {
			measurement.record(sentAt, 1, error);
		}
	};
	const clients = gateways.map(async (gateway) => {
		const lane = async () => {
			while (performance.now() < measurement.until) await post(gateway);
		};
		await Promise.all(Array.from({ length: window }, lane));
	});
	return Promise.all(clients).then(() => measurement.result());
}

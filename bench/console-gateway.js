// The gateways of `npm run bench:console`: sockets on /gateway (docs/gateway-protocol.md) that send theft
// tracks (a paced background load, or whole tracks to seed) and airbag deployments.
import { io } from 'socket.io-client';

const metresPerDegree = 111_195;
const ackTimeoutMs = 30_000;
const rad = (deg) => (deg * Math.PI) / 180;
const round7 = (x) => Math.round(x * 1e7) / 1e7;
const iso = (ms) => new Date(ms).toISOString();

/** A 17-character ISO 3779 VIN (no I, O or Q): a 9-character prefix and an 8-digit number. */
const vinOf = (prefix, n) => `${prefix}${String(n).padStart(8, '0')}`;

const models = [
	['Taycan 4S', 'Frozen Blue', ['electric']],
	['911 Carrera S', 'Guards Red', ['gasoline']],
	['Cayenne E-Hybrid', 'Jet Black', ['gasoline', 'electric']],
	['Macan', 'Crayon', ['gasoline']],
	['Panamera 4', 'Carrara White', ['gasoline']]
];

/**
 * A car in theft mode driving at a steady speed on a heading that turns slowly (a gentle curve,
 * not a straight line, so its track looks like a drive). Its position follows from the fix time,
 * so the speed between any two of its fixes is plausible however often it reports.
 */
export class TheftCar {
	constructor(index, { prefix, runTag, lat, lon, speedKmh = 50 }) {
		this.index = index;
		this.vin = vinOf(prefix, index);
		this.idPrefix = `${runTag}.${index}`;
		this.seq = 0;
		this.lat0 = lat;
		this.lon0 = lon;
		this.heading0 = (index * 137) % 360;
		this.turnDegPerS = ((index % 7) - 3) * 0.4; // -1.2 to +1.2 degrees a second
		this.metresPerS = speedKmh / 3.6;
		this.speedKmh = speedKmh;
		this.startMs = null;
		this.lastFixAt = -Infinity;
		const [model, colour, propulsion] = models[index % models.length];
		this.vehicle = { model, modelYear: 2019 + (index % 6), colour, plate: `M-TH ${1000 + index}` };
		this.propulsion = propulsion;
	}

	/** Position after `s` seconds on the curve (integrated in closed form: a circular arc). */
	at(s) {
		const h0 = rad(this.heading0);
		const w = rad(this.turnDegPerS);
		let north;
		let east;
		if (Math.abs(w) < 1e-9) {
			north = this.metresPerS * s * Math.cos(h0);
			east = this.metresPerS * s * Math.sin(h0);
		} else {
			north = (this.metresPerS / w) * (Math.sin(h0 + w * s) - Math.sin(h0));
			east = (this.metresPerS / w) * (Math.cos(h0) - Math.cos(h0 + w * s));
		}
		const heading = (((this.heading0 + this.turnDegPerS * s) % 360) + 360) % 360;
		return {
			lat: round7(this.lat0 + north / metresPerDegree),
			lon: round7(this.lon0 + east / (metresPerDegree * Math.cos(rad(this.lat0)))),
			headingDeg: Math.floor(heading)
		};
	}

	startedEvent(occurredAtMs) {
		const { lat, lon } = this.at(0);
		return {
			eventId: `${this.idPrefix}.started`,
			vin: this.vin,
			occurredAt: iso(occurredAtMs),
			trigger: 'unauthorised_movement',
			position: { lat, lon },
			vehicle: { ...this.vehicle, owner: { name: `Owner ${this.index}`, phone: `+4989${String(1_000_000 + this.index)}`, language: 'de' } }
		};
	}

	/** The fix at `fixAtMs` (at least 1 ms after the previous one: fixes of a car never share a time). */
	fix(fixAtMs) {
		if (this.startMs === null) this.startMs = fixAtMs;
		const fixAt = Math.max(fixAtMs, this.lastFixAt + 1);
		this.lastFixAt = fixAt;
		const { lat, lon, headingDeg } = this.at((fixAt - this.startMs) / 1000);
		return {
			eventId: `${this.idPrefix}.${++this.seq}`,
			vin: this.vin,
			fixAt: iso(fixAt),
			lat,
			lon,
			speedKmh: this.speedKmh,
			headingDeg,
			accuracyM: 4 + (this.seq % 5)
		};
	}
}

/** `count` cars spread over a region (a grid of start points, `spanDeg` wide and high, around a centre). */
export function theftCars(count, { prefix, runTag, centre, spanDeg }) {
	const side = Math.ceil(Math.sqrt(count));
	return Array.from({ length: count }, (_, i) => {
		const row = Math.floor(i / side);
		const col = i % side;
		const lat = centre.lat - spanDeg / 2 + (spanDeg * (row + 0.5)) / side;
		const lon = centre.lon - spanDeg / 2 + ((spanDeg * (col + 0.5)) / side) * 1.5;
		return new TheftCar(i, { prefix, runTag, lat, lon });
	});
}

export async function connectGateways(url, token, count) {
	return Promise.all(
		Array.from({ length: count }, async () => {
			const socket = io(`${url}/gateway`, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
			await new Promise((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			return socket;
		})
	);
}

export function closeGateways(sockets) {
	for (const s of sockets) s.close();
}

/** Sends one event and resolves with its ack, or rejects on a refusal or a timeout. */
export async function send(socket, event, payload) {
	const ack = await socket.timeout(ackTimeoutMs).emitWithAck(event, payload);
	if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code}: ${ack.error.message}`);
	for (const r of ack.results ?? []) if (!r.ok) throw new Error(`${event}: a fix was refused: ${r.error.code}: ${r.error.message}`);
	return ack;
}

/** Sends `theft.started` for every car, spread over the sockets, a window of 32 in flight each. */
export async function startThefts(sockets, cars, occurredAtMs) {
	await Promise.all(
		sockets.map(async (socket, k) => {
			const mine = cars.filter((_, i) => i % sockets.length === k);
			for (let i = 0; i < mine.length; i += 32) {
				await Promise.all(mine.slice(i, i + 32).map((car) => send(socket, 'theft.started', car.startedEvent(occurredAtMs))));
			}
		})
	);
}

const quantile = (sorted, q) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
export const statsOf = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return {
		n: sorted.length,
		p50: quantile(sorted, 0.5),
		p95: quantile(sorted, 0.95),
		p99: quantile(sorted, 0.99),
		max: sorted.length ? sorted[sorted.length - 1] : NaN,
		mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN
	};
};

/**
 * A steady background load: `rate` fixes a second in all, as `theft.positions` batches of
 * `batchSize`, spread evenly over the sockets; each socket sends the fixes of its own share of the
 * cars, in turn (a car talks to one gateway, so its fixes arrive in fixAt order). Open loop: it
 * keeps the pace whatever the acks do. `stop()` ends it and resolves, once the acks due are in,
 * with what it measured (fixes acked, refused, ack latency).
 */
export function steadyLoad(sockets, cars, { rate, batchSize }) {
	const started = performance.now();
	const perSocketBatchesPerMs = rate / batchSize / sockets.length / 1000;
	const shares = sockets.map((_, k) => ({ cars: cars.filter((_, i) => i % sockets.length === k), turn: 0, sent: 0 }));
	const latencies = [];
	let ackedOk = 0;
	let refused = 0;
	let inFlight = 0;
	let stopping = null;
	const settle = () => {
		if (stopping && inFlight === 0) stopping();
	};
	const timer = setInterval(() => {
		const elapsed = performance.now() - started;
		sockets.forEach((socket, k) => {
			const share = shares[k];
			for (; share.sent < Math.floor(elapsed * perSocketBatchesPerMs); share.sent++) {
				const now = Date.now();
				const fixes = Array.from({ length: batchSize }, () => share.cars[share.turn++ % share.cars.length].fix(now));
				const sentAt = performance.now();
				inFlight++;
				socket.timeout(ackTimeoutMs).emit('theft.positions', { fixes }, (err, ack) => {
					inFlight--;
					latencies.push(performance.now() - sentAt);
					if (err || !ack.ok) refused += batchSize;
					else for (const r of ack.results) r.ok ? ackedOk++ : refused++;
					settle();
				});
			}
		});
	}, 4);
	return {
		stop() {
			clearInterval(timer);
			const seconds = (performance.now() - started) / 1000;
			return new Promise((resolve) => {
				stopping = () => resolve({ seconds, ackedOk, refused, fixesPerSec: ackedOk / seconds, ack: statsOf(latencies) });
				settle();
			});
		}
	};
}

/** An airbag deployment of a vehicle no other event names, near `centre`. */
export function airbagEvent(n, runTag, centre) {
	const [model, colour, propulsion] = models[n % models.length];
	return {
		eventId: `${runTag}.airbag.${n}`,
		vin: vinOf('WAUZZZ8VA', n),
		occurredAt: iso(Date.now()),
		position: { lat: round7(centre.lat + ((n % 10) - 5) * 0.01), lon: round7(centre.lon + ((Math.floor(n / 10) % 10) - 5) * 0.015) },
		positionTrusted: true,
		headingDeg: (n * 37) % 360,
		automatic: true,
		testCall: false,
		passengers: 1 + (n % 4),
		propulsion,
		vehicle: { model, modelYear: 2022, colour, plate: `M-AB ${1000 + n}`, owner: { name: `Driver ${n}`, phone: `+4917${String(10_000_000 + n)}`, language: 'de' } }
	};
}

/**
 * Sends the whole tracks of `cars` (`fixesPerCar` fixes each, `intervalMs` apart, the last one at
 * about `endMs`) as `theft.positions` batches of `batchSize` (one car's fixes, in fixAt order),
 * `window` batches in flight per socket. Resolves with the fixes acked per second.
 */
export async function seedTracks(sockets, cars, { fixesPerCar, intervalMs, endMs, batchSize, window, onProgress }) {
	const jobs = [];
	for (const car of cars) {
		for (let from = 0; from < fixesPerCar; from += batchSize) jobs.push({ car, from, to: Math.min(fixesPerCar, from + batchSize) });
	}
	const started = performance.now();
	let done = 0;
	let fixes = 0;
	await Promise.all(
		sockets.map(async (socket, k) => {
			const mine = jobs.filter((job) => job.car.index % sockets.length === k);
			let next = 0;
			const worker = async () => {
				while (next < mine.length) {
					const { car, from, to } = mine[next++];
					const batch = [];
					for (let i = from; i < to; i++) batch.push(car.fix(endMs - (fixesPerCar - 1 - i) * intervalMs));
					await send(socket, 'theft.positions', { fixes: batch });
					fixes += batch.length;
					onProgress?.(++done, jobs.length);
				}
			};
			await Promise.all(Array.from({ length: window }, worker));
		})
	);
	return { fixes, seconds: (performance.now() - started) / 1000 };
}

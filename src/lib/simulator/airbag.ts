// One airbag deployment as a vehicle's eCall would report it, from its own seed.
// The MSD is the one thing the simulator takes from the console's code: EN 15722's encoding is the
// standard's, not the console's rules, and the decoder's tests hold it to public vectors.
import { encodeMsd } from '../domain/msd/encode';
import { msdFromFacts } from '../domain/msd/facts';
import { iso, type AirbagDeployed, type Emission } from './events';
import { moved, travelled } from './geo';
import { cities, countries, roads, type Country } from './places';
import { Random } from './random';
import type { VehicleMaker } from './vehicles';

const countryCodes = Object.keys(countries) as Country[];

export function airbagDeployment(seed: number, eventId: string, at: number, vehicles: VehicleMaker): Emission {
	const r = new Random(seed);
	const onRoad = r.chance(0.4);
	const place = r.pick(onRoad ? roads : cities);
	// Most vehicles are local; some are from abroad.
	const car = vehicles(r.seed(), r.chance(0.8) ? place.country : r.pick(countryCodes));
	const testCall = r.chance(0.05);
	const payload: AirbagDeployed = {
		eventId,
		vin: car.vin,
		// The vehicle's clock, a moment before the gateway has the event.
		occurredAt: iso(at - r.int(300, 3000)),
		automatic: !testCall && r.chance(0.85),
		testCall,
		vehicle: car.vehicle
	};
	// In a tunnel or underground car park the vehicle may know no position at all.
	if (r.chance(0.97)) {
		const position = moved(place, r.float(-1, 1) * place.spreadM, r.float(-1, 1) * place.spreadM);
		const headingDeg = r.int(0, 359);
		// eCall's recent positions are a little behind the crash site on the way the vehicle came.
		const stepM = onRoad ? r.float(150, 400) : r.float(40, 150);
		const recentPositions = [1, 2].map((n) => travelled(position, (headingDeg + 180) % 360, n * stepM));
		payload.position = position;
		payload.positionTrusted = r.chance(0.9);
		if (r.chance(0.9)) payload.headingDeg = headingDeg;
		const recent = r.weighted([[2, 7], [1, 1.5], [0, 1.5]] as const);
		if (recent > 0) payload.recentPositions = recentPositions.slice(0, recent);
	}
	if (r.chance(0.9)) payload.passengers = testCall ? 1 : r.weighted([[1, 50], [2, 25], [3, 12], [4, 10], [5, 3]] as const);
	if (r.chance(0.9)) payload.propulsion = car.propulsion;
	const msd = r.weighted([['agrees', 60], ['none', 30], ['alone', 4], ['broken', 3], ['disagrees', 3]] as const);
	if (msd === 'none') return { at, event: 'airbag.deployed', payload };
	// One that disagrees counts one occupant more than the event does.
	if (msd === 'disagrees') payload.passengers ??= 1;
	const passengers = payload.passengers ?? null;
	const hex = msdOf(payload, car.propulsion, msd === 'disagrees' ? passengers! + 1 : passengers);
	if (msd === 'alone') {
		return { at, event: 'airbag.deployed', payload: { eventId, vin: car.vin, msd: hex, vehicle: car.vehicle } };
	}
	// A broken MSD: cut short on its way, as a gateway with a bad buffer would pass it on.
	payload.msd = msd === 'broken' ? hex.slice(0, 2 * r.int(1, hex.length / 2 - 1)) : hex;
	return { at, event: 'airbag.deployed', payload };
}

/** The MSD (EN 15722, version 2) of what the event says; `passengers` may differ from it on purpose. */
function msdOf(p: AirbagDeployed, propulsion: AirbagDeployed['propulsion'], passengers: number | null): string {
	return encodeMsd(
		msdFromFacts({
			version: 2,
			vin: p.vin,
			automatic: p.automatic ?? true,
			testCall: p.testCall ?? false,
			positionTrusted: p.positionTrusted ?? false,
			vehicleType: 'passengerVehicleClassM1',
			propulsion: propulsion ?? [],
			timestamp: Math.floor(Date.parse(p.occurredAt!) / 1000) * 1000,
			position: p.position ?? null,
			headingDeg: p.headingDeg ?? null,
			recentPositions: p.position ? (p.recentPositions ?? []) : [],
			passengers,
			additionalData: null
		})
	);
}

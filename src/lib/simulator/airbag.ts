// One airbag deployment as a vehicle's eCall would report it, from its own seed.
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
	if (r.chance(0.3)) payload.msd = hex(r, r.int(40, 90));
	return { at, event: 'airbag.deployed', payload };
}

/** Bytes the size of an encoded eCall MSD (opaque here: the console stores it as received). */
function hex(r: Random, bytes: number): string {
	let text = '';
	for (let i = 0; i < bytes; i++) text += r.int(0, 255).toString(16).padStart(2, '0').toUpperCase();
	return text;
}

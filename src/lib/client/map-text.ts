// The words the map draws itself (tooltips and labels), from the message catalogue.
import type { MapText } from '$lib/components/map/model';
import { m } from '$lib/paraglide/messages';
import { formatAge } from './format';

export const mapText = (): MapText => ({
	airbag: m.map_airbag(),
	testCall: m.map_test_call(),
	theft: m.map_theft(),
	stale: (age) => m.stale({ age }),
	lastFix: (age) => m.map_last_fix({ age }),
	unknownVehicle: m.map_unknown_vehicle(),
	age: formatAge,
	msdPosition: m.msd_position_label(),
	gatewayPosition: m.gateway_position_label()
});

// The gateway events this simulator sends, typed from docs/gateway-protocol.md (version 1) alone, as a
// gateway vendor would: the simulator shares no code with the console.

export type AlertEvent = 'airbag.deployed' | 'theft.started' | 'theft.ended';
export type EventName = AlertEvent | 'theft.position';

export interface Position {
	lat: number;
	lon: number;
}

export interface Vehicle {
	model: string;
	modelYear: number;
	colour: string;
	plate: string;
	owner: { name: string; phone: string; language: string };
}

export type Propulsion = 'gasoline' | 'diesel' | 'cng' | 'lpg' | 'electric' | 'hydrogen' | 'other';

export interface AirbagDeployed {
	eventId: string;
	vin: string;
	occurredAt?: string;
	position?: Position;
	positionTrusted?: boolean;
	headingDeg?: number;
	recentPositions?: Position[];
	automatic?: boolean;
	testCall?: boolean;
	passengers?: number;
	propulsion?: Propulsion[];
	vehicle?: Vehicle;
	msd?: string;
}

export type Trigger =
	| 'unauthorised_movement'
	| 'tow_away'
	| 'ignition_without_card'
	| 'battery_disconnected'
	| 'tamper'
	| 'owner_report'
	| 'other';

export interface TheftStarted {
	eventId: string;
	vin: string;
	occurredAt: string;
	trigger: Trigger;
	position?: Position;
	vehicle?: Vehicle;
}

export interface TheftPosition {
	eventId: string;
	vin: string;
	fixAt: string;
	lat: number;
	lon: number;
	speedKmh?: number;
	headingDeg?: number;
	accuracyM?: number;
}

export type EndReason = 'driver_card_recognised' | 'owner_cleared' | 'service_mode' | 'other';

export interface TheftEnded {
	eventId: string;
	vin: string;
	occurredAt: string;
	reason: EndReason;
}

/** One event as the generator schedules it: `at` is when the gateway has it to send (epoch ms). */
export type Emission = { at: number } & (
	| { event: 'airbag.deployed'; payload: AirbagDeployed }
	| { event: 'theft.started'; payload: TheftStarted }
	| { event: 'theft.position'; payload: TheftPosition }
	| { event: 'theft.ended'; payload: TheftEnded }
);

export const iso = (ms: number): string => new Date(ms).toISOString();

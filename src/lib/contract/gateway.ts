// The /gateway namespace, as gateways and the console both see it (docs/gateway-protocol.md): each
// event with its payload as sent (JSON: times are RFC 3339 strings) and its acknowledgement. Types
// only, no server code: the simulator, the console's namespace and the test clients use this one map.
import type { z } from 'zod';
import type {
	AcceptedAck,
	BatchAck,
	RefusedAck,
	airbagDeployedSchema,
	theftEndedSchema,
	theftPositionSchema,
	theftPositionsSchema,
	theftStartedSchema
} from '../domain/gateway/schemas';

type Event<S extends z.ZodType, A> = (payload: z.input<S>, ack: (answer: A | RefusedAck) => void) => void;

export interface GatewayEvents {
	'airbag.deployed': Event<typeof airbagDeployedSchema, AcceptedAck>;
	'theft.started': Event<typeof theftStartedSchema, AcceptedAck>;
	'theft.position': Event<typeof theftPositionSchema, AcceptedAck>;
	'theft.positions': Event<typeof theftPositionsSchema, BatchAck>;
	'theft.ended': Event<typeof theftEndedSchema, AcceptedAck>;
}

/** Why the console refused a gateway's connection (`connect_error`'s message). */
export type GatewayRefusal = 'unauthorized' | 'rate_limited' | 'unavailable';

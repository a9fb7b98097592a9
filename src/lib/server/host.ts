// Where the HTTP server (dev: a Vite plugin; production: src/server/main.ts), which owns Socket.IO,
// meets the SvelteKit bundle, which builds the console (console.ts). They are separate module
// graphs, and SvelteKit offers no way to hand an object to its hooks: so the server leaves its
// Socket.IO server, and the bundle its stop function, in one process-wide slot, and nothing else.
import type { Server, Socket } from 'socket.io';

export interface NamespaceHandlers<S extends Socket = Socket> {
	/** Authenticates the handshake: `next()` or `next(new Error(reason))`. */
	authenticate(socket: S, next: (err?: Error) => void): void;
	connection(socket: S): void;
}

export const namespaces = ['/ops', '/gateway', '/track'] as const;
export type NamespaceName = (typeof namespaces)[number];
export type SocketHandlers = Record<NamespaceName, NamespaceHandlers>;

interface Slot {
	io?: Server;
	/** Gives the bundle the Socket.IO server; returns the handlers of its namespaces. */
	attach?: (io: Server) => SocketHandlers;
	handlers?: SocketHandlers;
	stop?: () => Promise<void>;
}

const slot = ((globalThis as Record<symbol, unknown>)[Symbol.for('soc.host')] ??= {}) as Slot;

/** Serves the namespaces of `io` with whatever handlers `current` gives at each handshake (none yet: unavailable). */
export function serveNamespaces(io: Server, current: () => SocketHandlers | undefined): void {
	for (const name of namespaces) {
		const nsp = io.of(name);
		nsp.use((socket, next) => {
			const handlers = current()?.[name];
			if (handlers) handlers.authenticate(socket, next);
			else next(new Error('unavailable'));
		});
		nsp.on('connection', (socket) => current()?.[name].connection(socket));
	}
}

/** The server side, once Socket.IO exists: its namespaces delegate to the handlers the bundle gives. */
export function hostSockets(io: Server): void {
	slot.io = io;
	serveNamespaces(io, () => slot.handlers);
	if (slot.attach) slot.handlers = slot.attach(io);
}

/** The bundle side: `attach` gets the Socket.IO server now or as soon as it exists; a re-run (dev reload) replaces it. */
export function onSockets(attach: (io: Server) => SocketHandlers): void {
	slot.attach = attach;
	if (slot.io) slot.handlers = attach(slot.io);
}

export function onShutdown(stop: () => Promise<void>): void {
	slot.stop = stop;
}

export async function runShutdown(): Promise<void> {
	await slot.stop?.();
}

export const socketOptions = {
	// The gateway contract: a message over 2 MiB closes the connection.
	maxHttpBufferSize: 2 * 1024 * 1024,
	serveClient: false
} as const;

// The meeting point of the HTTP server (dev: a Vite plugin; production: src/server/main.ts), which
// owns Socket.IO, and the SvelteKit bundle, which owns the database and the socket handlers.
// They are separate module graphs, so they meet through process-wide symbols.
import type { Server, Socket } from 'socket.io';

export const namespaces = ['/ops', '/gateway'] as const;
export type NamespaceName = (typeof namespaces)[number];

export interface NamespaceHandlers {
	/** Authenticates the handshake: `next()` or `next(new Error('unauthorized'))`. */
	authenticate(socket: Socket, next: (err?: Error) => void): void;
	connection(socket: Socket): void;
}

type Registry = {
	io?: Server;
	handlers?: Record<NamespaceName, NamespaceHandlers>;
	shutdown?: () => Promise<void>;
};

const registry = ((globalThis as Record<symbol, unknown>)[Symbol.for('soc.host')] ??= {}) as Registry;

/** Called by the server side once Socket.IO exists: the namespaces delegate to whatever handlers the bundle provides. */
export function hostSockets(io: Server): void {
	registry.io = io;
	for (const name of namespaces) {
		const nsp = io.of(name);
		nsp.use((socket, next) => {
			const handlers = registry.handlers?.[name];
			if (handlers) handlers.authenticate(socket, next);
			else next(new Error('unavailable'));
		});
		nsp.on('connection', (socket) => registry.handlers?.[name].connection(socket));
	}
}

/** Called by the bundle at start-up; a re-run (dev reload) replaces the handlers instead of adding more. */
export function provideSocketHandlers(handlers: Record<NamespaceName, NamespaceHandlers>): void {
	registry.handlers = handlers;
}

export const socketServer = (): Server | undefined => registry.io;

export function onShutdown(fn: () => Promise<void>): void {
	registry.shutdown = fn;
}

export async function runShutdown(): Promise<void> {
	await registry.shutdown?.();
}

export const socketOptions = {
	// The gateway contract: a message over 2 MiB closes the connection.
	maxHttpBufferSize: 2 * 1024 * 1024,
	serveClient: false
} as const;

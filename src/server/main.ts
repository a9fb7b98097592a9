// Production entry: one HTTP server for the pages (SvelteKit's handler) and Socket.IO.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { hostSockets, runShutdown, socketOptions } from '../lib/server/host';
import { readConfig } from '../lib/server/config';
import { securityHeaderValues } from '../lib/server/security-headers';

const config = readConfig();
// SvelteKit's CSRF check and the /ops Origin check compare with ORIGIN; without one, assume local use.
process.env.ORIGIN = config.ORIGIN ?? `http://localhost:${config.PORT}`;
// SvelteKit's handler must be the request listener before Socket.IO attaches, or both answer /socket.io/.
const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);
// Every answer carries the security headers, also those SvelteKit makes before or outside its hooks.
const headers = securityHeaderValues(config.SOC_TILE_URL);
const server = createServer((req, res) => {
	for (const [name, value] of headers) res.setHeader(name, value);
	handler(req, res);
});
const io = new Server(server, socketOptions);
hostSockets(io);

server.listen(config.PORT, config.HOST, () => {
	console.log(`console listening on http://${config.HOST}:${config.PORT}`);
});

let stopping = false;
async function stop(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: shutting down`);
	const force = setTimeout(() => process.exit(1), 10_000).unref();
	// Stop accepting, close sockets, then let the app finish pending writes and close the database.
	await new Promise<void>((resolve) => io.close(() => resolve()));
	server.closeAllConnections();
	await runShutdown();
	clearTimeout(force);
	process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { Server } from 'socket.io';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { hostSockets, socketOptions } from './src/lib/server/host.ts';

/** In dev, Socket.IO shares Vite's HTTP server; the handlers come from the SvelteKit bundle. */
function socketIo(): Plugin {
	return {
		name: 'soc-socket-io',
		configureServer(server) {
			if (!server.httpServer || process.env.VITEST) return;
			const io = new Server(server.httpServer, socketOptions);
			hostSockets(io);
			server.httpServer.once('close', () => io.close());
		}
	};
}

export default defineConfig({
	plugins: [
		// Under vitest the catalogue is compiled beforehand (`npm run i18n`); its watcher would keep vitest alive.
		!process.env.VITEST &&
			paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['custom-account', 'cookie', 'preferredLanguage', 'baseLocale']
		}),
		sveltekit(),
		socketIo()
	],
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});

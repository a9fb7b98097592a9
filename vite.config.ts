import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { Server } from 'socket.io';
import type { Plugin } from 'vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { hostSockets, socketOptions } from './src/lib/server/host.ts';

const integrationTests = ['tests/integration/**/*.test.ts'];
// One throw-away PostgreSQL cluster per run, shared by the projects that name it (it starts once).
const postgresCluster = 'tests/helpers/postgres-cluster.ts';
// The integration tests again, their consoles on PostgreSQL.
const integrationPostgres: TestProjectInlineConfiguration = {
	extends: true,
	test: { name: 'integration-postgres', include: integrationTests, env: { SOC_TEST_ENGINE: 'postgres' }, globalSetup: [postgresCluster] }
};

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
		testTimeout: 30_000,
		hookTimeout: 60_000,
		projects: [
			// The stores' unit tests run on every engine in `engines` (tests/helpers/databases.ts): the cluster, when there is one.
			{ extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'], globalSetup: [postgresCluster] } },
			{ extends: true, test: { name: 'integration', include: integrationTests } },
			// Opt-in with SOC_TEST_POSTGRES_SUITE=1 while the stores are being ported.
			...(process.env.SOC_TEST_POSTGRES_SUITE === '1' ? [integrationPostgres] : [])
		]
	}
});

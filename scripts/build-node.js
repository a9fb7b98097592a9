// Builds the two Node entry points beside SvelteKit's build: the server (dist/server.js) and the
// soc command line (dist/soc.js). Packages stay external: they are installed beside the build.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: true,
	logLevel: 'warning'
};

await build({ ...common, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' });
await build({
	...common,
	entryPoints: ['src/cli/soc.ts'],
	outfile: 'dist/soc.js',
	banner: { js: '#!/usr/bin/env node' }
});
chmodSync('dist/soc.js', 0o755);

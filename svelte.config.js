import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// A nonce on SvelteKit's inline start-up script, so that no other inline script runs. The rest
		// of the policy is set at run time (src/lib/server/security-headers.ts), around this script-src.
		csp: { mode: 'auto', directives: { 'script-src': ['self'] } }
	}
};

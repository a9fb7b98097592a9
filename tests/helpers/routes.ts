// The routes of the console, read from the route tree (src/routes), so that tests cover a new
// route without being edited.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { root } from './server';

const routesDir = join(root, 'src/routes');

export interface RouteFile {
	/** SvelteKit's route id, such as `/(app)/log/[id]`. */
	id: string;
	/** Whether it has a page (else only a `+server.ts` endpoint). */
	page: boolean;
	/** Whether its page has form actions (`+page.server.ts` exporting `actions`). */
	actions: boolean;
}

export function routeFiles(dir = routesDir): RouteFile[] {
	const found: RouteFile[] = [];
	const names = readdirSync(dir, { withFileTypes: true });
	const files = new Set(names.filter((n) => n.isFile()).map((n) => n.name));
	const page = [...files].some((f) => /^\+page(\.server)?\.(ts|svelte)$/.test(f));
	if (page || files.has('+server.ts')) {
		const path = relative(routesDir, dir).split(sep).filter(Boolean).join('/');
		found.push({ id: `/${path}`, page, actions: files.has('+page.server.ts') && /export const actions/.test(read(join(dir, '+page.server.ts'))) });
	}
	for (const sub of names.filter((n) => n.isDirectory())) found.push(...routeFiles(join(dir, sub.name)));
	return found;
}

const read = (file: string) => readFileSync(file, 'utf8');

/** The URL path of a route id: groups dropped, parameters filled from `params`. */
export function pathOf(id: string, params: Record<string, string>): string {
	const path = id
		.split('/')
		.filter((s) => s && !/^\(.*\)$/.test(s))
		.map((s) => s.replace(/^\[(\w+)\]$/, (_, name: string) => params[name] ?? '1'))
		.join('/');
	return `/${path}`;
}

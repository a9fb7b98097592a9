// The operator's browser for `npm run bench:console`: Debian's Chromium under Playwright, signing
// in through the form, and what the page measures of itself (rows appearing, frame times).
import { chromium } from '@playwright/test';
import { io } from 'socket.io-client';
import { writeFileSync } from 'node:fs';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchBrowser() {
	return chromium.launch({ executablePath: process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs, headless: true });
}

/** A desktop operator screen: the console's three-column layout needs more than 1200 px. */
export const viewport = { width: 1600, height: 1000 };

/** Signs in through the sign-in screen, as a person would, and waits for the console at `/`. */
export async function signIn(page, url, username, password) {
	await page.goto(`${url}/login`);
	// Hydration resets the Username field: wait for the page's scripts before typing.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Username', { exact: true }).fill(username);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await page.waitForURL((u) => u.pathname === '/');
}

/** Waits until the connection badge says Live (the screen has caught up from the feed). */
export async function waitLive(page, timeout = 60_000) {
	await page.getByRole('status', { name: 'Connection', exact: true }).filter({ hasText: 'Live' }).waitFor({ timeout });
}

/**
 * The offset of the page's clock (performance.timeOrigin + performance.now()) from this process's
 * Date.now(), in ms, with its uncertainty (half the round trip). Both are the machine's wall clock,
 * so it should be about 0.
 */
export async function clockOffset(page) {
	let best = null;
	for (let i = 0; i < 5; i++) {
		const before = Date.now();
		const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
		const after = Date.now();
		const estimate = { offset: pageNow - (before + after) / 2, uncertainty: (after - before) / 2 };
		if (!best || estimate.uncertainty < best.uncertainty) best = estimate;
	}
	return best;
}

/**
 * A MutationObserver on the Incidents table that records, for each row (`tr[data-incident]`) added,
 * the time its VIN first appears, in the page's wall clock (performance.timeOrigin +
 * performance.now(), taken in the observer's callback, i.e. right after the DOM change), and the
 * time of the next animation frame (the frame that paints it).
 */
export async function watchRows(page) {
	await page.evaluate(() => {
		const table = document.querySelector('table[aria-label="Incidents"]');
		if (!table) throw new Error('no Incidents table');
		const now = () => performance.timeOrigin + performance.now();
		const seen = new Map();
		/** Rows added before their VIN text (none expected; checked again on every change). */
		let unnamed = [];
		const look = (row, t, fresh) => {
			const vin = row.querySelector('.vin')?.textContent?.trim();
			if (!vin) return false;
			if (!seen.has(vin)) {
				const entry = { dom: t, frame: null };
				seen.set(vin, entry);
				fresh.push(entry);
			}
			return true;
		};
		const observer = new MutationObserver((records) => {
			const t = now();
			const fresh = [];
			for (const record of records) {
				for (const node of record.addedNodes) {
					if (node.nodeType !== Node.ELEMENT_NODE) continue;
					const rows = node.matches('tr[data-incident]') ? [node] : node.querySelectorAll('tr[data-incident]');
					for (const row of rows) if (!look(row, t, fresh)) unnamed.push(row);
				}
			}
			if (unnamed.length > 0) unnamed = unnamed.filter((row) => row.isConnected && !look(row, t, fresh));
			if (fresh.length > 0) requestAnimationFrame(() => {
				const f = now();
				for (const entry of fresh) entry.frame = f;
			});
		});
		observer.observe(table, { childList: true, subtree: true, characterData: false });
		window.__benchRows = seen;
	});
}

/** What watchRows recorded: VIN -> { dom, frame } (page wall clock, ms). */
export async function rowsSeen(page) {
	return new Map(await page.evaluate(() => [...window.__benchRows.entries()]));
}

/**
 * Installed before the console's own scripts (an init script): records when the Incidents table
 * first holds `expectedRows` rows, in ms since the navigation started.
 */
export async function recordFirstLoad(context, expectedRows) {
	await context.addInitScript((expected) => {
		const mark = () => {
			const rows = document.querySelectorAll('table[aria-label="Incidents"] tbody tr[data-incident]').length;
			if (rows >= expected && window.__benchFirstLoad === undefined) {
				const rowsAt = performance.now();
				window.__benchFirstLoad = { rowsAt, frameAt: null };
				requestAnimationFrame(() => (window.__benchFirstLoad.frameAt = performance.now()));
				observer.disconnect();
			}
		};
		const observer = new MutationObserver(mark);
		observer.observe(document, { childList: true, subtree: true });
	}, expectedRows);
}

/** How many non-transparent pixels the map's canvases of a pane hold (e.g. `socTracks`). */
export async function paintedPixels(page, pane) {
	return page.evaluate((pane) => {
		let painted = 0;
		for (const canvas of document.querySelectorAll(`[aria-label="Map"] .leaflet-${pane}-pane canvas`)) {
			const context = canvas.getContext('2d');
			if (!context || canvas.width === 0 || canvas.height === 0) continue;
			const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
			for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
		}
		return painted;
	}, pane);
}

/**
 * Starts a requestAnimationFrame loop in the page that records frame deltas, and long tasks (over
 * 50 ms: their start in the page's wall clock, and their duration).
 */
export async function startFrames(page) {
	await page.evaluate(() => {
		const state = { deltas: [], longTasks: [], running: true, last: null };
		const loop = (t) => {
			if (!state.running) return;
			if (state.last !== null) state.deltas.push(t - state.last);
			state.last = t;
			requestAnimationFrame(loop);
		};
		requestAnimationFrame(loop);
		try {
			state.observer = new PerformanceObserver((list) => {
				for (const e of list.getEntries()) state.longTasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration });
			});
			state.observer.observe({ type: 'longtask' });
		} catch {
			// no long task timing
		}
		window.__benchFrames = state;
	});
}

export async function stopFrames(page) {
	return page.evaluate(() => {
		const state = window.__benchFrames;
		state.running = false;
		state.observer?.disconnect();
		return { deltas: state.deltas, longTasks: state.longTasks };
	});
}

/**
 * Pans the map with the mouse for `ms`: drags of `stepPx` in the four directions in turn (so it
 * comes back to about where it was), each in small moves, released between drags so that Leaflet
 * redraws its canvases at the end of each one (moveend) as it does for an operator. Resolves with
 * the number of drags, and whether the first one moved the map.
 */
export async function panFor(page, ms, { stepPx = 160, moves = 16 } = {}) {
	const box = await page.getByRole('region', { name: 'Map', exact: true }).boundingBox();
	if (!box) throw new Error('the map has no box');
	const cx = box.x + box.width / 2;
	const cy = box.y + box.height / 2;
	const directions = [
		[1, 0],
		[0, 1],
		[-1, 0],
		[0, -1]
	];
	const pane = page.locator('[aria-label="Map"] .leaflet-map-pane');
	const transform = () => pane.evaluate((el) => el.style.transform);
	const initial = await transform();
	let moved = false;
	const until = performance.now() + ms;
	let drags = 0;
	while (performance.now() < until) {
		const [dx, dy] = directions[drags % 4];
		const x0 = cx - (dx * stepPx) / 2;
		const y0 = cy - (dy * stepPx) / 2;
		await page.mouse.move(x0, y0);
		await page.mouse.down();
		await page.mouse.move(x0 + dx * stepPx, y0 + dy * stepPx, { steps: moves });
		await page.mouse.up();
		if (drags === 0) moved = (await transform()) !== initial;
		drags++;
	}
	return { drags, moved };
}

/** CPU profile of the page's JavaScript (Chrome DevTools Protocol), written as a .cpuprofile file. */
export async function startPageProfile(page) {
	const session = await page.context().newCDPSession(page);
	await session.send('Profiler.enable');
	await session.send('Profiler.setSamplingInterval', { interval: 500 });
	await session.send('Profiler.start');
	return async (path) => {
		const { profile } = await session.send('Profiler.stop');
		writeFileSync(path, JSON.stringify(profile));
		await session.detach();
		return path;
	};
}

/**
 * What a screen gets when it opens: signs in with the form post (no browser), connects to /ops as
 * a page would (session cookie, Origin) and asks for a snapshot (`resume { seq: null }`). Resolves
 * with the time from asking to having the whole reply, and its size as JSON.
 */
export async function snapshotProbe(url, username, password) {
	const response = await fetch(`${url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams({ username, password })
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('soc_session='))?.split(';')[0];
	if (!cookie) throw new Error(`signing in for the snapshot probe failed (${response.status})`);
	const socket = io(`${url}/ops`, { transports: ['websocket'], extraHeaders: { origin: url, cookie }, reconnection: false, forceNew: true });
	try {
		await new Promise((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		const started = performance.now();
		const reply = await socket.timeout(120_000).emitWithAck('resume', { seq: null });
		const ms = performance.now() - started;
		if (!reply.ok || !reply.snapshot) throw new Error(`resume: ${JSON.stringify(reply).slice(0, 200)}`);
		const fixes = Object.values(reply.snapshot.tracks).reduce((n, t) => n + t.fixAt.length, 0);
		return { ms, bytes: Buffer.byteLength(JSON.stringify(reply)), incidents: reply.snapshot.incidents.length, fixes };
	} finally {
		socket.close();
	}
}

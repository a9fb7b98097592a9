// Control over what a browser page sees, for races and outages that timing alone would not make
// certain: holding incident actions to release several at the same moment, turning a page's
// connections away, and watching for the page's AudioContext.
// The console's screens talk Socket.IO over a WebSocket (`/socket.io/`, namespace `/ops`); an action
// is the event packet `42/ops,<ack id>["act",{…}]`.
import type { Page } from '@playwright/test';

export interface HeldActions {
	/** How many actions are being held. */
	count(): number;
	/** Sends the held actions to the console, back to back, and stops holding. */
	release(): void;
}

const actPacket = /^42\/ops,\d*\["act",/;

/**
 * Holds a page's incident actions on their way to the console, to release several pages' actions
 * at the same moment: a real race at the server, whatever the timing of the clicks. Call before the
 * console page opens its socket (e.g. before signing in).
 */
export async function holdActions(page: Page): Promise<HeldActions> {
	const held: (() => void)[] = [];
	let holding = true;
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		// Messages from the console to the page are forwarded as they are (no server.onMessage).
		ws.onMessage((message) => {
			if (holding && typeof message === 'string' && actPacket.test(message)) held.push(() => server.send(message));
			else server.send(message);
		});
	});
	return {
		count: () => held.length,
		release() {
			holding = false;
			for (const send of held.splice(0)) send();
		}
	};
}

export interface ConnectionGate {
	/** New connections of the page to the console are closed at once (existing ones are kept). */
	block(): void;
	/** New connections go through again. */
	unblock(): void;
	/** How many connections were turned away while blocked. */
	refused(): number;
}

/**
 * Lets a test keep a page off the console for a while (a network cut seen from the browser), so
 * that events can happen while the page is certainly not connected. Call before the page connects.
 */
export async function gateConnections(page: Page): Promise<ConnectionGate> {
	let blocked = false;
	let refused = 0;
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		if (blocked) {
			refused++;
			void ws.close({ code: 1001, reason: 'blocked by the test' });
			return;
		}
		ws.connectToServer(); // everything forwarded both ways
	});
	return {
		block: () => (blocked = true),
		unblock: () => (blocked = false),
		refused: () => refused
	};
}

/**
 * `state` resolves with the state of the first AudioContext the page creates ('suspended' while the
 * browser keeps sound off). Playwright's own evaluations (locators, trace snapshots) count as user
 * gestures in Chromium, so a test that wants to see the page as it is before any gesture must not
 * look at it before this resolves, and must run without tracing. Call before the page is loaded.
 */
export async function audioContextCreated(page: Page): Promise<{ state: Promise<string> }> {
	let resolve!: (state: string) => void;
	const created = new Promise<string>((r) => (resolve = r));
	await page.exposeBinding('__testAudioContextCreated', (_source, state: string) => resolve(state));
	await page.addInitScript(() => {
		const Original = window.AudioContext;
		if (!Original) return;
		const report = (window as unknown as { __testAudioContextCreated: (state: string) => void }).__testAudioContextCreated;
		window.AudioContext = class extends Original {
			constructor(options?: AudioContextOptions) {
				super(options);
				void report(this.state);
			}
		};
	});
	return { state: created }; // wrapped: an async function returning a promise would wait for it
}

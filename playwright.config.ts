import { defineConfig } from '@playwright/test';

// Browser tests of the built console (`npm run build` first). No webServer block: every worker
// starts its own console, on its own port and database, through the `console` fixture
// (tests/e2e/fixtures.ts), so files run in parallel without sharing state.
export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	workers: 2,
	retries: 0,
	reporter: 'list',
	timeout: 30_000,
	expect: { timeout: 5_000 },
	forbidOnly: !!process.env.CI,
	use: {
		locale: 'en-GB',
		timezoneId: 'Europe/Paris',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	}
});

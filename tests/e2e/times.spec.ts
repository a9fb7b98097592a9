// Every time on every screen is in the SOC's zone (SOC_TZ, Europe/Paris here), on a 24-hour clock,
// day before month, whatever the browser's zone and language: a browser in New York, in English as
// written in Britain and in the US, and in French.
import { french as frenchWords } from './fixtures';
import { test, expect, airbagEvent, detailOf, incidentsTable, rowOf, sendOk, signInAs, vin } from './helpers/console';

const soc = 'Europe/Paris';
/** Parts of an instant as read in Paris, from the test's own clock arithmetic. */
function inParis(ms: number) {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', { timeZone: soc, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
			.formatToParts(ms)
			.map((p) => [p.type, p.value])
	);
	return { date: `${parts.day}/${parts.month}/${parts.year}`, hour: parts.hour, minute: parts.minute };
}
/** "03/12/2026, 15:31:59" (English) or "03/12/2026 15:31:59" (French). */
const dateTime = /^(\d{2}\/\d{2}\/\d{4}),? (\d{2}):(\d{2}):(\d{2})$/;
const clock = /^(\d{2}):(\d{2}):(\d{2})$/;

/** The time shown is the instant's in Paris, give or take the minute it may have turned. */
function expectParis(shown: string, ms: number, withDate: boolean) {
	const match = (withDate ? dateTime : clock).exec(shown.trim());
	expect(match, `"${shown}" reads as ${withDate ? 'day/month/year, hh:mm:ss' : 'hh:mm:ss'}`).not.toBeNull();
	const [date, hour, minute] = withDate ? [match![1], match![2], match![3]] : [null, match![1], match![2]];
	const candidates = [ms, ms + 60_000].map(inParis);
	expect(
		candidates.some((p) => p.hour === hour && p.minute === minute && (date === null || p.date === date)),
		`"${shown}" is ${new Date(ms).toISOString()} in ${soc}`
	).toBe(true);
}

for (const locale of ['en-GB', 'en-US', 'fr-FR']) {
	test(`times read in the SOC's zone, 24-hour, day before month, in a ${locale} browser in New York`, async ({ newPage, account, gateway }) => {
		test.setTimeout(60_000);
		const french = locale === 'fr-FR';
		const page = await newPage({ locale, timezoneId: 'America/New_York' });
		await signInAs(page, account('supervisor'), french ? frenchWords : undefined);
		const v = vin();
		const sentAt = Date.now();
		await sendOk(await gateway(), 'airbag.deployed', airbagEvent(v));
		await expect(incidentsTable(page)).toBeVisible();

		// The console: the timeline's times of day.
		await rowOf(page, v).click();
		await expect(rowOf(page, v)).toHaveAttribute('aria-selected', 'true');
		const detail = french ? page.getByRole('region', { name: "Détail de l'incident", exact: true }) : detailOf(page);
		await expect(detail).toContainText(v);
		const firstEntry = detail.getByRole('listitem').locator('time').first();
		await expect(firstEntry).toHaveText(clock);
		expectParis(await firstEntry.innerText(), sentAt, false);

		// The log: the row's opening time, and the incident's page.
		await page.goto(`/log?vin=${v}`);
		const logTime = page.getByRole('row').filter({ hasText: v }).locator('time').first();
		expectParis(await logTime.innerText(), sentAt, true);
		await page.getByRole('row').filter({ hasText: v }).getByRole('link').first().click();
		await expect(page).toHaveURL(/\/log\/\d+$/);
		const opened = page.locator('dd time').first();
		expectParis(await opened.innerText(), sentAt, true);

		// The reports: the current shift starts at a configured start (06:00, 14:00, 22:00) and the period reads in Paris.
		await page.goto('/reports');
		const current = page.locator('#report-shift option').first();
		const label = await current.innerText();
		const start = /(\d{2}):(\d{2}) – (\d{2}):(\d{2})/.exec(label);
		expect(start, `shift "${label}"`).not.toBeNull();
		expect(['06:00', '14:00', '22:00']).toContain(`${start![1]}:${start![2]}`);
		expect(['06:00', '14:00', '22:00']).toContain(`${start![3]}:${start![4]}`);
		const hourNow = Number(inParis(Date.now()).hour);
		const startHour = Number(start![1]);
		const expectedStart = hourNow >= 22 || hourNow < 6 ? 22 : hourNow >= 14 ? 14 : 6;
		expect(startHour, 'the current shift is the one Paris is in').toBe(expectedStart);
		const period = page.getByTestId('report-period').locator('time');
		expect(await period.count()).toBeGreaterThanOrEqual(2);
		const from = dateTime.exec((await period.nth(0).innerText()).trim());
		expect(from, 'the period starts day/month/year, hh:mm:ss').not.toBeNull();
		expect([from![2], from![3], from![4]]).toEqual([String(expectedStart).padStart(2, '0'), '00', '00']);

		// The wall: its clock.
		await page.goto('/wall');
		const wallClock = page.getByRole('region', { name: french ? 'Horloge' : 'Clock' }).locator('time');
		await expect(wallClock).toHaveText(clock);
		expectParis(await wallClock.innerText(), Date.now(), false);
	});
}

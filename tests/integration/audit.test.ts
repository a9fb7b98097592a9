// The tamper-evident audit trail: `soc audit verify` on an intact and on an edited database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectGateway, eventId, vin } from '../helpers/gateway';
import { allowUpdates, openTestDatabase } from '../helpers/databases';
import { addUser, signIn, soc, startConsole, type RunningConsole } from '../helpers/server';

let app: RunningConsole;

beforeAll(async () => {
	app = await startConsole({ SOC_GATEWAY_TOKENS: 'audit-token' });
	addUser(app.db, 'auditor', 'admin');
	soc(app.db, ['user', 'disable', 'auditor']);
	const gw = await connectGateway(app.url, 'audit-token');
	for (let i = 0; i < 5; i++) await gw.send('airbag.deployed', { eventId: eventId(), vin: vin(), passengers: 'x' });
	gw.close();
	await app.stop();
});
afterAll(() => app.dispose());

/** Edits a row behind the console's back, past the append-only triggers. */
async function tamper(sql: string, ...params: unknown[]) {
	const db = await openTestDatabase(app.db);
	try {
		await allowUpdates(db, 'timeline', 'admin_log');
		await db.query(sql, ...params);
	} finally {
		await db.close();
	}
}

/** Timeline entry 4's data, changed by `edit` (in JavaScript: the engines' JSON functions differ). */
async function editedEntry(edit: (data: Record<string, unknown>) => void): Promise<string> {
	const db = await openTestDatabase(app.db);
	try {
		const data = JSON.parse((await db.get<{ data: string }>('select data from timeline where id = 4'))!.data) as Record<string, unknown>;
		edit(data);
		return JSON.stringify(data);
	} finally {
		await db.close();
	}
}

describe('soc audit verify', () => {
	it('says an intact trail is intact (exit 0), and records admin changes with their actor', async () => {
		const result = soc(app.db, ['audit', 'verify']);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/intact: 10 timeline entries, 2 admin log entries/);
		const db = await openTestDatabase(app.db);
		expect(await db.query('select action, actor from admin_log order by id')).toEqual([
			{ action: 'account.add', actor: expect.stringMatching(/^cli:/) },
			{ action: 'account.disable', actor: expect.stringMatching(/^cli:/) }
		]);
		expect(JSON.stringify(await db.query('select data from admin_log'))).not.toContain('password-123');
		await db.close();
	});

	it('names the timeline entry that was changed (exit 1)', async () => {
		await tamper('update timeline set data = ? where id = 4', await editedEntry((data) => (data.note = 'rewritten')));
		const result = soc(app.db, ['audit', 'verify']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('timeline entry 4 does not match');
	});

	it('names the admin log entry that was changed once the timeline is restored', async () => {
		await tamper('update timeline set data = ? where id = 4', await editedEntry((data) => delete data.note));
		expect(soc(app.db, ['audit', 'verify']).code).toBe(0);
		await tamper(`update admin_log set actor = 'someone-else' where id = 2`);
		const result = soc(app.db, ['audit', 'verify']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('admin_log entry 2 does not match');
	});
});

describe('/reports', () => {
	it('shows the verification state to a supervisor, intact and then broken', async () => {
		const own = await startConsole();
		try {
			const password = addUser(own.db, 'audit-sup', 'supervisor');
			const { cookie } = await signIn(own.url, 'audit-sup', password);
			const verify = () =>
				fetch(`${own.url}/reports?/verifyAudit`, {
					method: 'POST',
					headers: { cookie: cookie!, origin: own.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }
				});
			const intact = await verify();
			expect(intact.status).toBe(200);
			expect(await intact.text()).toContain('Audit trail intact: 0 timeline entries and 1 admin log entries');
			const db = await openTestDatabase(own.db);
			await allowUpdates(db, 'admin_log');
			await db.exec(`update admin_log set actor = 'x' where id = 1`);
			await db.close();
			expect(await (await verify()).text()).toContain('AUDIT TRAIL BROKEN: admin log entry 1 does not match');
		} finally {
			await own.dispose();
		}
	});

	it('refuses the verification to an operator', async () => {
		const own = await startConsole();
		try {
			const password = addUser(own.db, 'audit-op', 'operator');
			const { cookie } = await signIn(own.url, 'audit-op', password);
			const response = await fetch(`${own.url}/reports?/verifyAudit`, {
				method: 'POST',
				redirect: 'manual',
				headers: { cookie: cookie!, origin: own.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }
			});
			expect(response.status).toBe(403);
		} finally {
			await own.dispose();
		}
	});
});

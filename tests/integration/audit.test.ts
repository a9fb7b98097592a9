// The tamper-evident audit trail: `soc audit verify` on an intact and on an edited database.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectGateway, eventId, vin } from '../helpers/gateway';
import { addUser, signIn, soc, startConsole, type RunningConsole } from '../helpers/server';

let app: RunningConsole;

beforeAll(async () => {
	app = await startConsole({ SOC_GATEWAY_TOKENS: 'audit-token' });
	addUser(app.dbPath, 'auditor', 'admin');
	soc(app.dbPath, ['user', 'disable', 'auditor']);
	const gw = await connectGateway(app.url, 'audit-token');
	for (let i = 0; i < 5; i++) await gw.send('airbag.deployed', { eventId: eventId(), vin: vin(), passengers: 'x' });
	gw.close();
	await app.stop();
});
afterAll(() => app.dispose());

/** Edits a row behind the console's back: triggers dropped, one value changed. */
function tamper(sql: string) {
	const db = new Database(app.dbPath);
	db.exec('drop trigger if exists timeline_no_update; drop trigger if exists admin_log_no_update;');
	db.exec(sql);
	db.close();
}

describe('soc audit verify', () => {
	it('says an intact trail is intact (exit 0), and records admin changes with their actor', () => {
		const result = soc(app.dbPath, ['audit', 'verify']);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/intact: 10 timeline entries, 2 admin log entries/);
		const db = new Database(app.dbPath, { readonly: true });
		expect(db.prepare('select action, actor from admin_log order by id').all()).toEqual([
			{ action: 'account.add', actor: expect.stringMatching(/^cli:/) },
			{ action: 'account.disable', actor: expect.stringMatching(/^cli:/) }
		]);
		expect(JSON.stringify(db.prepare('select data from admin_log').all())).not.toContain('password-123');
		db.close();
	});

	it('names the timeline entry that was changed (exit 1)', () => {
		tamper(`update timeline set data = json_set(data, '$.note', 'rewritten') where id = 4`);
		const result = soc(app.dbPath, ['audit', 'verify']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('timeline entry 4 does not match');
	});

	it('names the admin log entry that was changed once the timeline is restored', () => {
		tamper(`update timeline set data = json_remove(data, '$.note') where id = 4`);
		expect(soc(app.dbPath, ['audit', 'verify']).code).toBe(0);
		tamper(`update admin_log set actor = 'someone-else' where id = 2`);
		const result = soc(app.dbPath, ['audit', 'verify']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('admin_log entry 2 does not match');
	});
});

describe('/reports', () => {
	it('shows the verification state to a supervisor, intact and then broken', async () => {
		const own = await startConsole();
		try {
			const password = addUser(own.dbPath, 'audit-sup', 'supervisor');
			const { cookie } = await signIn(own.url, 'audit-sup', password);
			const verify = () =>
				fetch(`${own.url}/reports?/verifyAudit`, {
					method: 'POST',
					headers: { cookie: cookie!, origin: own.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }
				});
			const intact = await verify();
			expect(intact.status).toBe(200);
			expect(await intact.text()).toContain('Audit trail intact: 0 timeline entries and 1 admin log entries');
			const db = new Database(own.dbPath);
			db.exec(`drop trigger admin_log_no_update; update admin_log set actor = 'x' where id = 1;`);
			db.close();
			expect(await (await verify()).text()).toContain('AUDIT TRAIL BROKEN: admin log entry 1 does not match');
		} finally {
			await own.dispose();
		}
	});

	it('refuses the verification to an operator', async () => {
		const own = await startConsole();
		try {
			const password = addUser(own.dbPath, 'audit-op', 'operator');
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

// Properties of the incident lifecycle. The pure rules (refusalOf, nextStatus) first; then any
// sequence of operators' actions applied as the server applies them (actionSchema, then `act` on a
// real database with its triggers), checking after every step what docs/console.md promises: one
// owner at most, changed only by the actions that may change it; never resolved without an
// outcome; a timeline that only grows, in order; and a refused action changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type Sqlite from 'better-sqlite3';
import { openDatabase, SqliteDatabase } from '../server/db';
import { act, type Actor } from '../server/incidents/commands';
import { IncidentStore } from '../server/stores/incidents';
import { verifyAudit } from '../server/stores/audit';
import { actionSchema, checklists, nextStatus, outcomes, refusalOf, type Action, type ActionContext } from './lifecycle';
import type { IncidentStatus } from './incident';
import type { Role } from './roles';

/** No screen listens in these tests: committed changes go nowhere. */
const noScreens = () => {};

const roles: Role[] = ['display', 'operator', 'supervisor', 'admin'];
const statuses: IncidentStatus[] = ['new', 'acknowledged', 'escalated', 'resolved'];
const allSteps = [...checklists.airbag, ...checklists.theft];

// ---------------------------------------------------------------------------------------------
// Actions, valid and not: ids that exist and ids that do not (or are not ids at all), empty,
// blank and over-long texts, unknown outcomes and steps.

const idArg = (known: number[]) =>
	fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 999_999) });
const textArg = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
	{ weight: 1, arbitrary: fc.constantFrom('', '   ', 'x'.repeat(2001), '\u0000', 'é — 事故') }
);

interface Ids {
	incidents: number[];
	accounts: number[];
	authorities: number[];
}

function rawAction(ids: Ids): fc.Arbitrary<Record<string, unknown>> {
	const incidentId = idArg(ids.incidents);
	return fc.oneof(
		fc.record({ action: fc.constant('acknowledge'), incidentId }),
		fc.record({ action: fc.constant('acknowledge'), incidentId }),
		fc.record({ action: fc.constant('release'), incidentId }),
		fc.record(
			{ action: fc.constant('escalate'), incidentId, authorityId: idArg(ids.authorities), reference: textArg, note: textArg },
			{ requiredKeys: ['action', 'incidentId', 'authorityId'] }
		),
		fc.record({ action: fc.constant('escalate'), incidentId, authorityId: fc.constantFrom(...ids.authorities) }),
		fc.record(
			{ action: fc.constant('resolve'), incidentId, outcome: fc.constantFrom<string>(...outcomes), note: textArg },
			{ requiredKeys: ['action', 'incidentId', 'outcome'] }
		),
		fc.record({ action: fc.constant('add_reference'), incidentId, escalationId: idArg([1, 2, 3]), reference: textArg }),
		fc.record({ action: fc.constant('note'), incidentId, note: textArg }),
		fc.record(
			{ action: fc.constant('resolve'), incidentId, outcome: fc.constantFrom<string>(...outcomes, 'closed', ''), note: textArg },
			{ requiredKeys: ['action', 'incidentId', 'outcome'] }
		),
		fc.record({ action: fc.constant('reassign'), incidentId, toAccountId: idArg(ids.accounts) }),
		fc.record({ action: fc.constant('check'), incidentId, step: fc.constantFrom<string>(...allSteps, 'unknown_step'), done: fc.boolean() }),
		// Not an action at all: the server's parse refuses it before anything is judged.
		fc.dictionary(fc.constantFrom('action', 'incidentId', 'note', 'outcome'), fc.anything(), { maxKeys: 4 })
	);
}

// ---------------------------------------------------------------------------------------------
// The pure rules.

const contextArb: fc.Arbitrary<ActionContext> = fc.record({
	role: fc.constantFrom(...roles),
	accountId: fc.constantFrom(1, 2, 3),
	status: fc.constantFrom(...statuses),
	ownerId: fc.constantFrom(null, 1, 2, 3),
	type: fc.constantFrom('airbag' as const, 'theft' as const)
});
const parsedAction = rawAction({ incidents: [1], accounts: [1, 2, 3], authorities: [1] })
	.map((raw) => actionSchema.safeParse(raw))
	.filter((r) => r.success)
	.map((r) => r.data as Action);

describe('lifecycle rules (pure)', () => {
	it('lets only operators and supervisors act, and keeps ownership with one account', () => {
		fc.assert(
			fc.property(parsedAction, contextArb, (action, c) => {
				const refusal = refusalOf(action, c);
				if (c.role !== 'operator' && c.role !== 'supervisor') {
					expect(refusal).toBe('not_allowed');
					return;
				}
				if (refusal !== null) return;
				const mine = c.ownerId === c.accountId;
				switch (action.action) {
					case 'acknowledge':
						// Taking an incident someone else owns is never allowed: one owner at a time.
						expect(c.ownerId === null || mine).toBe(true);
						break;
					case 'release':
					case 'escalate':
					case 'resolve':
					case 'check':
						expect(mine).toBe(true);
						break;
					case 'reassign':
						expect(c.role).toBe('supervisor');
						break;
				}
			}),
			{ numRuns: 2_000 }
		);
	});

	it('closes a resolved incident to every action but notes, and keeps it resolved', () => {
		fc.assert(
			fc.property(parsedAction, contextArb, (action, c) => {
				fc.pre(c.status === 'resolved' && (c.role === 'operator' || c.role === 'supervisor'));
				const refusal = refusalOf(action, c);
				if (action.action === 'note') expect(refusal).toBeNull();
				else expect(refusal).not.toBeNull();
				if (refusal === null) expect(nextStatus(action.action, c.status)).toBe('resolved');
			}),
			{ numRuns: 1_000 }
		);
	});

	it('never resolves with outcome "other" without a note, nor without an outcome', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 5 }), contextArb, (note, c) => {
				const without = actionSchema.safeParse({ action: 'resolve', incidentId: 1, note });
				expect(without.success).toBe(false);
				const other = actionSchema.safeParse({ action: 'resolve', incidentId: 1, outcome: 'other', note });
				if (!other.success) return;
				if (other.data.action !== 'resolve') throw new Error('not a resolve');
				if (!other.data.note) expect(refusalOf(other.data, c)).not.toBeNull();
			}),
			{ numRuns: 500 }
		);
	});

	it('moves status only along the lifecycle', () => {
		fc.assert(
			fc.property(parsedAction, fc.constantFrom(...statuses), (action, status) => {
				const next = nextStatus(action.action, status);
				if (action.action === 'resolve') expect(next).toBe('resolved');
				else if (action.action === 'release') expect(next).toBe('new');
				else if (action.action === 'escalate') expect(next).toBe('escalated');
				else if (action.action === 'acknowledge' || action.action === 'reassign') expect(next).toBe(status === 'new' ? 'acknowledged' : status);
				else expect(next).toBe(status);
			}),
			{ numRuns: 500 }
		);
	});
});

// ---------------------------------------------------------------------------------------------
// The same rules as the server applies them, on a real database.

type Row = Record<string, unknown>;
interface State {
	incidents: Row[];
	timeline: Row[];
	escalations: Row[];
	references: Row[];
}

const stateOf = (client: Sqlite.Database): State => ({
	incidents: client.prepare('select * from incidents order by id').all() as Row[],
	timeline: client.prepare('select * from timeline order by id').all() as Row[],
	escalations: client.prepare('select * from escalations order by id').all() as Row[],
	references: client.prepare('select * from escalation_references order by id').all() as Row[]
});

interface World {
	/** The database, and its connection for the checks' own reads. */
	database: SqliteDatabase;
	client: Sqlite.Database;
	store: IncidentStore;
	actors: Actor[];
	ids: Ids;
}

/** A fresh database with the given accounts (plus one disabled operator) and an airbag and a theft incident. */
async function world(actorRoles: Role[]): Promise<World> {
	const database = (await openDatabase(':memory:')) as SqliteDatabase;
	const client = database.client;
	const insert = client.prepare(`insert into accounts (username, password_hash, role, created_at, disabled_at) values (?, 'x', ?, 0, ?)`);
	const actors = actorRoles.map((role, i) => {
		const username = `${role}-${i + 1}`;
		return { id: Number(insert.run(username, role, null).lastInsertRowid), username, role };
	});
	const disabled = Number(insert.run('gone', 'operator', 1).lastInsertRowid);
	const t0 = Date.now() - 60_000;
	const store = new IncidentStore(database, { placeOf: () => null, countryOf: () => null });
	const { result: incidents } = await store.change(t0, async (changes) => {
		const ids: number[] = [];
		for (const [i, type] of (['airbag', 'theft'] as const).entries()) {
			const vin = `WDB00000000000${i}00`;
			const id = await changes.open(type, vin, t0, t0, {});
			await changes.appendTimeline(id, type === 'airbag' ? 'airbag.deployed' : 'theft.started', { vin });
			ids.push(id);
		}
		return ids;
	});
	const [first] = client.prepare('select id from authorities where retired_at is null order by id limit 1').all() as { id: number }[];
	return { database, client, store, actors, ids: { incidents, accounts: [...actors.map((a) => a.id), disabled], authorities: [first.id] } };
}

const actorRoles = fc.array(fc.constantFrom<Role>('operator', 'operator', 'operator', 'supervisor', 'supervisor', 'display', 'admin'), {
	minLength: 1,
	maxLength: 5
});

/** Runs `steps` (actor index, raw payload) and checks the invariants after each one. */
async function run(w: World, steps: { actor: number; raw: Record<string, unknown> }[]): Promise<void> {
	const { client } = w;
	let before = stateOf(client);
	for (const step of steps) {
		const actor = w.actors[step.actor % w.actors.length];
		const parsed = actionSchema.safeParse(step.raw);
		if (!parsed.success) continue; // the server answers 'invalid' and calls nothing
		const action = parsed.data;
		const incidentBefore = before.incidents.find((r) => r.id === action.incidentId);
		const result = await act(w.store, noScreens, actor, action);
		const after = stateOf(client);

		// The timeline only grows: every earlier entry is still there, unchanged, in its place.
		expect(after.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
		const added = after.timeline.slice(before.timeline.length);
		// ...and stays ordered by id and time.
		for (let i = 1; i < after.timeline.length; i++) {
			expect(after.timeline[i].id as number).toBeGreaterThan(after.timeline[i - 1].id as number);
			expect(after.timeline[i].at as number).toBeGreaterThanOrEqual(after.timeline[i - 1].at as number);
		}
		// Escalations and their references are added, never changed or removed.
		expect(after.escalations.slice(0, before.escalations.length)).toEqual(before.escalations);
		expect(after.references.slice(0, before.references.length)).toEqual(before.references);

		if (!incidentBefore) {
			expect(result).toEqual({ ok: false, error: 'not_found' });
		} else {
			const expected = refusalOf(action, {
				role: actor.role,
				accountId: actor.id,
				status: incidentBefore.status as IncidentStatus,
				ownerId: incidentBefore.owner_id as number | null,
				type: incidentBefore.type as 'airbag' | 'theft'
			});
			// What the pure rules refuse, the server refuses, for the same reason.
			if (expected !== null) expect(result).toMatchObject({ ok: false, error: expected });
		}

		if (!result.ok) {
			// A refused action changes nothing at all.
			expect(after).toEqual(before);
		} else {
			const incidentAfter = after.incidents.find((r) => r.id === action.incidentId)!;
			const ownerBefore = incidentBefore!.owner_id as number | null;
			const ownerAfter = incidentAfter.owner_id as number | null;
			if (ownerAfter !== ownerBefore) {
				// Ownership changes only by taking a free incident, releasing one's own, or a supervisor's reassignment.
				const allowed =
					(action.action === 'acknowledge' && ownerBefore === null && ownerAfter === actor.id) ||
					(action.action === 'release' && ownerBefore === actor.id && ownerAfter === null) ||
					(action.action === 'reassign' && actor.role === 'supervisor' && ownerAfter === action.toAccountId);
				expect(allowed, `${action.action} moved the owner from ${ownerBefore} to ${ownerAfter}`).toBe(true);
			}
			// One accepted action, one timeline entry, by its actor (acknowledging one's own incident again adds none).
			const repeat = action.action === 'acknowledge' && ownerBefore === actor.id;
			expect(added).toHaveLength(repeat ? 0 : 1);
			if (!repeat) expect(added[0]).toMatchObject({ incident_id: action.incidentId, kind: action.action, actor_id: actor.id });
			// Other incidents are untouched.
			expect(after.incidents.filter((r) => r.id !== action.incidentId)).toEqual(before.incidents.filter((r) => r.id !== action.incidentId));
			if (incidentBefore!.status === 'resolved') {
				expect(incidentAfter.status).toBe('resolved');
				expect(incidentAfter.outcome).toBe(incidentBefore!.outcome);
			}
		}

		for (const incident of after.incidents) {
			const owner = incident.owner_id as number | null;
			if (incident.status === 'resolved') {
				// Never resolved without an outcome ("other" with a note), nor by nobody.
				expect(outcomes).toContain(incident.outcome);
				expect(incident.resolved_at).not.toBeNull();
				expect(owner).not.toBeNull();
				const resolve = after.timeline.filter((t) => t.incident_id === incident.id && t.kind === 'resolve');
				expect(resolve).toHaveLength(1);
				const data = JSON.parse(resolve[0].data as string) as { outcome: string; note: string | null };
				expect(data.outcome).toBe(incident.outcome);
				if (incident.outcome === 'other') expect(data.note?.trim()).toBeTruthy();
			} else {
				expect(incident.outcome).toBeNull();
				// An open incident has an owner exactly when it is no longer new.
				expect(owner === null).toBe(incident.status === 'new');
			}
			// The owner is always an operator or supervisor account.
			if (owner !== null) expect(w.actors.some((a) => a.id === owner && (a.role === 'operator' || a.role === 'supervisor'))).toBe(true);
		}
		before = after;
	}
	expect((await verifyAudit(w.database)).intact).toBe(true);
}

describe('lifecycle as the server applies it', () => {
	it('keeps its invariants over any sequence of actions by 1 to 5 accounts', async () => {
		// A fresh database numbers the two incidents 1 and 2 and the accounts from 1, the disabled one last.
		const probe = await world(['operator']);
		const authorities = probe.ids.authorities;
		await probe.database.close();
		const scenario = actorRoles.chain((roles) => {
			const ids = { incidents: [1, 2], accounts: Array.from({ length: roles.length + 1 }, (_, i) => i + 1), authorities };
			const step = fc.record({ actor: fc.nat({ max: 4 }), raw: rawAction(ids) });
			return fc.tuple(fc.constant(roles), fc.array(step, { minLength: 5, maxLength: 60 }));
		});
		await fc.assert(
			fc.asyncProperty(scenario, async ([roles, steps]) => {
				const w = await world(roles);
				try {
					expect(w.ids.incidents).toEqual([1, 2]);
					await run(w, steps);
				} finally {
					await w.database.close();
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('lets exactly one of several simultaneous acknowledgements win', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 2, max: 5 }), fc.constantFrom(0, 1), async (n, which) => {
				const w = await world(Array.from({ length: n }, () => 'operator' as const));
				try {
					const incidentId = w.ids.incidents[which];
					const results = await Promise.all(w.actors.map((a) => act(w.store, noScreens, a, { action: 'acknowledge', incidentId })));
					const winners = results.filter((r) => r.ok);
					expect(winners).toHaveLength(1);
					const owner = (w.client.prepare('select owner_id from incidents where id = ?').get(incidentId) as { owner_id: number }).owner_id;
					const winner = w.actors.find((a) => a.id === owner)!;
					for (const r of results.filter((r) => !r.ok)) expect(r).toEqual({ ok: false, error: 'owned_by_other', ownerName: winner.username });
				} finally {
					await w.database.close();
				}
			}),
			{ numRuns: 20 }
		);
	});

	it('refuses a change judged on a state another change has since replaced', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 2, max: 5 }), async (n) => {
				const w = await world(Array.from({ length: n }, () => 'operator' as const));
				try {
					const id = w.ids.incidents[0];
					// Every operator reads the incident before any of them writes: only the first write lands.
					const { result: outcomes } = await w.store.change(Date.now(), async (changes) => {
						const seen = [];
						for (const _ of w.actors) seen.push((await changes.current(id))!);
						const done = [];
						for (const [i, state] of seen.entries()) done.push(await changes.update(state, { status: 'acknowledged', ownerId: w.actors[i].id, checklist: [] }));
						return done;
					});
					expect(outcomes).toEqual([true, ...Array(n - 1).fill(false)]);
				} finally {
					await w.database.close();
				}
			}),
			{ numRuns: 10 }
		);
	});

	it('refuses to edit or delete any timeline entry, whatever the change', async () => {
		const w = await world(['operator']);
		try {
			const columns = ['incident_id', 'at', 'kind', 'actor_id', 'data', 'prev_hash', 'hash'];
			fc.assert(
				fc.property(fc.constantFrom(...columns), fc.oneof(fc.string(), fc.integer(), fc.constant(null)), fc.boolean(), (column, value, remove) => {
					const before = stateOf(w.client).timeline;
					const entry = before[0];
					const attempt = remove
						? () => w.client.prepare('delete from timeline where id = ?').run(entry.id)
						: () => w.client.prepare(`update timeline set ${column} = ? where id = ?`).run(value, entry.id);
					expect(attempt).toThrow();
					expect(stateOf(w.client).timeline).toEqual(before);
				}),
				{ numRuns: 50 }
			);
		} finally {
			await w.database.close();
		}
	});
});

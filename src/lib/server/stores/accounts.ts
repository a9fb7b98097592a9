// Accounts: the people (and wall displays) who sign in.
import { sql } from 'drizzle-orm';
import type { Locale } from '../../domain/accounts';
import type { Role } from '../../domain/roles';
import { hashPassword } from '../auth/password';
import type { Database, Sql } from '../db/sql';
import { appendAdminEntry } from './audit';

export interface Account {
	id: number;
	username: string;
	passwordHash: string;
	role: Role;
	locale: string | null;
	disabledAt: number | null;
	createdAt: number;
}

export type AccountSummary = Pick<Account, 'id' | 'username' | 'role' | 'locale'> & { active: boolean };

/** An accounts row as both engines return it. */
export interface AccountRow {
	id: number;
	username: string;
	password_hash: string;
	role: Role;
	locale: string | null;
	disabled_at: number | null;
	created_at: number;
}

/** The columns of `AccountRow`, of the accounts table named `a`. */
export const accountColumns = sql`a.id, a.username, a.password_hash, a.role, a.locale, a.disabled_at, a.created_at`;

export const accountOf = (r: AccountRow): Account => ({
	id: r.id,
	username: r.username,
	passwordHash: r.password_hash,
	role: r.role,
	locale: r.locale,
	disabledAt: r.disabled_at,
	createdAt: r.created_at
});

const summary = (a: Account): AccountSummary => ({
	id: a.id,
	username: a.username,
	role: a.role,
	locale: a.locale,
	active: a.disabledAt === null
});

export class AccountError extends Error {
	constructor(
		readonly code: 'exists' | 'unknown',
		readonly name: string
	) {
		super(code === 'exists' ? `account ${name} already exists` : `no account named ${name}`);
	}
}

export async function addAccount(
	database: Database,
	input: { username: string; role: Role; password: string },
	actor: string,
	now = Date.now()
): Promise<AccountSummary> {
	if (await findAccount(database, input.username)) throw new AccountError('exists', input.username);
	const passwordHash = await hashPassword(input.password);
	const row = await database.transaction(
		async (tx) => {
			// Asked again under the lock: another node may have added the name while the password hashed.
			if (await findAccount(tx, input.username)) throw new AccountError('exists', input.username);
			await appendAdminEntry(tx, actor, 'account.add', { username: input.username, role: input.role }, now);
			return tx.get<AccountRow>(sql`insert into accounts (username, password_hash, role, created_at)
				values (${input.username}, ${passwordHash}, ${input.role}, ${now})
				returning id, username, password_hash, role, locale, disabled_at, created_at`);
		},
		{ serial: true }
	);
	return summary(accountOf(row!));
}

export async function findAccount(db: Sql, username: string): Promise<Account | undefined> {
	const row = await db.get<AccountRow>(sql`select ${accountColumns} from accounts a where a.username = ${username}`);
	return row && accountOf(row);
}

export async function getAccount(db: Sql, id: number): Promise<Account | undefined> {
	const row = await db.get<AccountRow>(sql`select ${accountColumns} from accounts a where a.id = ${id}`);
	return row && accountOf(row);
}

export async function listAccounts(db: Sql): Promise<AccountSummary[]> {
	const rows = await db.all<AccountRow>(sql`select ${accountColumns} from accounts a order by a.username`);
	return rows.map((r) => summary(accountOf(r)));
}

async function existing(db: Sql, username: string): Promise<Account> {
	const account = await findAccount(db, username);
	if (!account) throw new AccountError('unknown', username);
	return account;
}

/** Disabling ends the account's sessions in the same transaction; the caller cuts its open sockets. */
export async function setDisabled(database: Database, username: string, disabled: boolean, actor: string, now = Date.now()): Promise<Account> {
	const account = await existing(database, username);
	await database.transaction(
		async (tx) => {
			await appendAdminEntry(tx, actor, disabled ? 'account.disable' : 'account.enable', { username }, now);
			await tx.run(sql`update accounts set disabled_at = ${disabled ? (account.disabledAt ?? now) : null} where id = ${account.id}`);
			if (disabled) await tx.run(sql`delete from sessions where account_id = ${account.id}`);
		},
		{ serial: true }
	);
	return account;
}

/** A new password also ends every session of the account. */
export async function setPassword(database: Database, username: string, password: string, actor: string): Promise<Account> {
	const account = await existing(database, username);
	const passwordHash = await hashPassword(password);
	await database.transaction(
		async (tx) => {
			await appendAdminEntry(tx, actor, 'account.password', { username });
			await tx.run(sql`update accounts set password_hash = ${passwordHash} where id = ${account.id}`);
			await tx.run(sql`delete from sessions where account_id = ${account.id}`);
		},
		{ serial: true }
	);
	return account;
}

export async function setLocale(db: Sql, accountId: number, locale: Locale): Promise<void> {
	await db.run(sql`update accounts set locale = ${locale} where id = ${accountId}`);
}

/** An active operator or supervisor: who can own an incident. Also read inside incident changes. */
export async function activeAgent(db: Sql, id: number): Promise<Pick<Account, 'id' | 'username'> | undefined> {
	return db.get<Pick<Account, 'id' | 'username'>>(
		sql`select id, username from accounts where id = ${id} and role in ('operator', 'supervisor') and disabled_at is null`
	);
}

/** Who incidents can be reassigned to. */
export async function listAgents(db: Sql): Promise<Pick<Account, 'id' | 'username'>[]> {
	return db.all<Pick<Account, 'id' | 'username'>>(
		sql`select id, username from accounts where role in ('operator', 'supervisor') and disabled_at is null order by username`
	);
}

// Accounts: the people (and wall displays) who sign in.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Locale } from '../../domain/accounts';
import type { Role } from '../../domain/roles';
import { hashPassword } from '../auth/password';
import { appendAdminEntry } from './audit';
import type { Db } from '../db';
import { accounts, sessions } from '../db/schema';

export type Account = typeof accounts.$inferSelect;
export type AccountSummary = Pick<Account, 'id' | 'username' | 'role' | 'locale'> & { active: boolean };

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
	db: Db,
	input: { username: string; role: Role; password: string },
	actor: string,
	now = Date.now()
): Promise<AccountSummary> {
	if (await findAccount(db, input.username)) throw new AccountError('exists', input.username);
	const passwordHash = await hashPassword(input.password);
	const row = db.transaction((tx) => {
		appendAdminEntry(db, actor, 'account.add', { username: input.username, role: input.role }, now);
		return tx.insert(accounts).values({ username: input.username, role: input.role, passwordHash, createdAt: now }).returning().get();
	});
	return summary(row);
}

export async function findAccount(db: Db, username: string): Promise<Account | undefined> {
	return db.select().from(accounts).where(eq(accounts.username, username)).get();
}

export async function getAccount(db: Db, id: number): Promise<Account | undefined> {
	return db.select().from(accounts).where(eq(accounts.id, id)).get();
}

export async function listAccounts(db: Db): Promise<AccountSummary[]> {
	return db.select().from(accounts).orderBy(asc(accounts.username)).all().map(summary);
}

async function existing(db: Db, username: string): Promise<Account> {
	const account = await findAccount(db, username);
	if (!account) throw new AccountError('unknown', username);
	return account;
}

/** Disabling ends the account's sessions in the same transaction; the caller cuts its open sockets. */
export async function setDisabled(db: Db, username: string, disabled: boolean, actor: string, now = Date.now()): Promise<Account> {
	const account = await existing(db, username);
	db.transaction((tx) => {
		appendAdminEntry(db, actor, disabled ? 'account.disable' : 'account.enable', { username }, now);
		tx.update(accounts)
			.set({ disabledAt: disabled ? (account.disabledAt ?? now) : null })
			.where(eq(accounts.id, account.id))
			.run();
		if (disabled) tx.delete(sessions).where(eq(sessions.accountId, account.id)).run();
	});
	return account;
}

/** A new password also ends every session of the account. */
export async function setPassword(db: Db, username: string, password: string, actor: string): Promise<Account> {
	const account = await existing(db, username);
	const passwordHash = await hashPassword(password);
	db.transaction((tx) => {
		appendAdminEntry(db, actor, 'account.password', { username });
		tx.update(accounts).set({ passwordHash }).where(eq(accounts.id, account.id)).run();
		tx.delete(sessions).where(eq(sessions.accountId, account.id)).run();
	});
	return account;
}

export async function setLocale(db: Db, accountId: number, locale: Locale): Promise<void> {
	db.update(accounts).set({ locale }).where(eq(accounts.id, accountId)).run();
}

/** An active operator or supervisor: who can own an incident. Synchronous: used inside incident transactions. */
export function activeAgent(db: Db, id: number): Pick<Account, 'id' | 'username'> | undefined {
	return db
		.select({ id: accounts.id, username: accounts.username })
		.from(accounts)
		.where(and(eq(accounts.id, id), inArray(accounts.role, ['operator', 'supervisor']), isNull(accounts.disabledAt)))
		.get();
}

/** Who incidents can be reassigned to. */
export async function listAgents(db: Db): Promise<Pick<Account, 'id' | 'username'>[]> {
	return db
		.select({ id: accounts.id, username: accounts.username })
		.from(accounts)
		.where(and(inArray(accounts.role, ['operator', 'supervisor']), isNull(accounts.disabledAt)))
		.orderBy(asc(accounts.username))
		.all();
}

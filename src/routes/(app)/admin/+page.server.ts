import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { newPasswordSchema, roleSchema, usernameSchema } from '$lib/domain/accounts';
import { AccountError, addAccount, listAccounts, setDisabled, setPassword } from '$lib/server/stores/accounts';
import { addToken, listTokens, revokeToken, TokenError } from '$lib/server/stores/gateway-tokens';
import { addAuthority, listAuthorities, retireAuthority } from '$lib/server/stores/authorities';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals: { soc } }) => ({
	accounts: await listAccounts(soc.database),
	tokens: await listTokens(soc.database),
	authorities: await listAuthorities(soc.database)
});

/** Why a form was refused: the field that is wrong, or the name that exists already or not at all. */
export type Refusal = { action: string; problem: 'invalid'; field: string } | { action: string; problem: 'exists' | 'unknown'; name: string };

/** Validates a form against a schema; a refusal names the first wrong field. */
async function read<T extends z.ZodType>(request: Request, schema: T, action: string) {
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
	if (parsed.success) return { ok: true as const, data: parsed.data as z.infer<T> };
	const field = String(parsed.error.issues[0]?.path[0] ?? '');
	return { ok: false as const, refusal: fail(400, { action, problem: 'invalid', field } satisfies Refusal) };
}

async function refusingKnown<T>(action: string, work: () => Promise<T>) {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AccountError || e instanceof TokenError) return fail(400, { action, problem: e.code, name: e.name } satisfies Refusal);
		throw e;
	}
}

const named = z.object({ username: usernameSchema });

/** Who goes on the admin log for a change made here. */
const actorOf = (locals: App.Locals) => locals.user!.username;

const authoritySchema = z.object({
	name: z.string().trim().min(1).max(200),
	kind: z.enum(['emergency', 'police', 'other']),
	country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/),
	phone: z.string().trim().regex(/^\+?[0-9 ()./-]{2,32}$/)
});

export const actions: Actions = {
	addAccount: async ({ request, locals }) => {
		const form = await read(request, z.object({ username: usernameSchema, role: roleSchema, password: newPasswordSchema }), 'addAccount');
		if (!form.ok) return form.refusal;
		return refusingKnown('addAccount', async () => {
			await addAccount(locals.soc.database, form.data, actorOf(locals));
			return { action: 'addAccount', done: form.data.username };
		});
	},
	disable: async ({ request, locals }) => {
		const form = await read(request, named, 'disable');
		if (!form.ok) return form.refusal;
		return refusingKnown('disable', async () => {
			const account = await setDisabled(locals.soc.database, form.data.username, true, actorOf(locals));
			locals.soc.screens.endSession(`account:${account.id}`);
			await locals.soc.presence.refresh();
			return { action: 'disable', done: account.username };
		});
	},
	enable: async ({ request, locals }) => {
		const form = await read(request, named, 'enable');
		if (!form.ok) return form.refusal;
		return refusingKnown('enable', async () => {
			await setDisabled(locals.soc.database, form.data.username, false, actorOf(locals));
			return { action: 'enable', done: form.data.username };
		});
	},
	resetPassword: async ({ request, locals }) => {
		const form = await read(request, z.object({ username: usernameSchema, password: newPasswordSchema }), 'resetPassword');
		if (!form.ok) return form.refusal;
		return refusingKnown('resetPassword', async () => {
			const account = await setPassword(locals.soc.database, form.data.username, form.data.password, actorOf(locals));
			locals.soc.screens.endSession(`account:${account.id}`);
			return { action: 'resetPassword', done: account.username };
		});
	},
	addToken: async ({ request, locals }) => {
		const form = await read(request, z.object({ label: usernameSchema }), 'addToken');
		if (!form.ok) return form.refusal;
		return refusingKnown('addToken', async () => {
			const token = await addToken(locals.soc.database, form.data.label, actorOf(locals));
			return { action: 'addToken', done: form.data.label, token };
		});
	},
	addAuthority: async ({ request, locals }) => {
		const form = await read(request, authoritySchema, 'addAuthority');
		if (!form.ok) return form.refusal;
		await addAuthority(locals.soc.database, form.data, actorOf(locals));
		return { action: 'addAuthority', done: form.data.name };
	},
	retireAuthority: async ({ request, locals }) => {
		const form = await read(request, z.object({ id: z.coerce.number().int().positive(), name: z.string().max(200) }), 'retireAuthority');
		if (!form.ok) return form.refusal;
		if (!(await retireAuthority(locals.soc.database, form.data.id, actorOf(locals)))) return fail(400, { action: 'retireAuthority', problem: 'unknown', name: form.data.name } satisfies Refusal);
		return { action: 'retireAuthority', done: form.data.name };
	},
	revokeToken: async ({ request, locals }) => {
		const form = await read(request, z.object({ label: usernameSchema }), 'revokeToken');
		if (!form.ok) return form.refusal;
		return refusingKnown('revokeToken', async () => {
			await revokeToken(locals.soc.database, form.data.label, actorOf(locals));
			await locals.soc.sweepGateways();
			return { action: 'revokeToken', done: form.data.label };
		});
	}
};

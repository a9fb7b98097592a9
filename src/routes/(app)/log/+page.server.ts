import { logOperators, logPage, operatorId, type LogCursor, type LogPage } from '$lib/server/stores/log';
import { cursorParam, logSearch, onlyPaging, pageSizes, readLogQuery } from './filters';
import { socTimeZone } from '$lib/server/time-zone';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const { database } = locals.soc;
	const { timeZone, badTimeZone } = socTimeZone();
	const query = readLogQuery(url.searchParams, timeZone);
	const operators = (await logOperators(database)).map((o) => o.username);
	if (query.operator !== undefined) {
		const id = await operatorId(database, query.operator);
		if (id === undefined) query.problems.push({ field: 'operator', code: 'unknown_operator' });
		else query.filter.operatorId = id;
	}
	const base = { values: query.values, problems: query.problems, operators, timeZone, badTimeZone, pageSizes: [...pageSizes] };
	if (!onlyPaging(query.problems)) return { ...base, page: null, links: null };

	const page: LogPage = await logPage(database, {
		filter: query.filter,
		order: query.order,
		size: query.size,
		after: query.after,
		before: query.before,
		last: query.last
	});
	const to = (paging: Record<string, string>) => `/log${logSearch(query.values, paging)}`;
	const cursor = (name: 'after' | 'before', c: LogCursor | null) => (c ? to({ [name]: cursorParam(c) }) : null);
	const firstPage = page.previous === null;
	return {
		...base,
		page,
		links: {
			first: firstPage ? null : to({}),
			previous: cursor('before', page.previous),
			next: cursor('after', page.next),
			last: page.next === null ? null : to({ last: '1' }),
			export: `/log/export.csv${logSearch(query.values)}`
		}
	};
};

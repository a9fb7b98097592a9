// The console's configuration, read once from the environment and validated:
// a bad value stops start-up with a message naming the variable.
import { hostname } from 'node:os';
import { z } from 'zod';

const seconds = (fallback: number) => z.coerce.number().positive().finite().default(fallback);

/** An XYZ tile URL template over http(s); placeholders such as {s}, {z}, {x} and {y} allowed. */
const tileUrl = z.string().refine(
	(s) => {
		try {
			return /^https?:$/.test(new URL(s.replace(/\{[a-z]+\}/g, 'a')).protocol);
		} catch {
			return false;
		}
	},
	{ error: 'must be an http or https URL such as https://tiles.example.org/{z}/{x}/{y}.png' }
);

const schema = z.object({
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
	SOC_DB: z.string().min(1).default('./data/soc.db'),
	/** This node's name among the nodes on one database, each its own (docs/nodes.md); default: host name and port. */
	SOC_NODE_ID: z
		.string()
		.regex(/^\P{C}{1,100}$/u, { error: 'must be 1 to 100 printable characters' })
		.optional(),
	SOC_GATEWAY_TOKENS: z
		.string()
		.default('')
		.transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean)),
	SOC_GATEWAY_RATE: z.coerce.number().int().positive().default(20_000),
	SOC_TILE_URL: tileUrl.optional(),
	SOC_TILE_ATTRIBUTION: z.string().optional(),
	/** A reverse geocoder with Nominatim's API; without one, positions show the nearest town alone. */
	SOC_GEOCODER_URL: z.url({ protocol: /^https?$/, error: 'must be an http or https URL such as https://nominatim.example.org' }).optional(),
	SOC_TARGET_AIRBAG_S: seconds(60),
	SOC_TARGET_THEFT_S: seconds(120),
	SOC_FOLLOWUP_S: seconds(300),
	SOC_STALE_AFTER_S: seconds(120),
	SOC_GATEWAY_SILENT_S: seconds(300),
	SOC_CLOCK_SKEW_S: seconds(300),
	SOC_AIRBAG_MERGE_S: seconds(600),
	SOC_MAX_SPEED_KMH: seconds(400),
	SOC_SESSION_IDLE_MIN: seconds(720),
	SOC_SESSION_MAX_H: seconds(24),
	SOC_DISPLAY_SESSION_DAYS: seconds(30),
	SOC_SHIFTS: z.string().default('06:00,14:00,22:00'),
	SOC_TZ: z.string().default('Europe/Paris'),
	/** How long a police link lasts at most, in hours (a decimal: 0.5 is half an hour). */
	SOC_SHARE_HOURS: z.coerce.number().positive().max(24 * 31).default(12),
	/** The SOC's phone, shown to the police behind a link; without one, none is shown. */
	SOC_PHONE: z
		.string()
		.trim()
		.regex(/^\+?[0-9 ()./-]{2,32}$/, { error: 'must be a phone number such as +33 1 23 45 67 89' })
		.optional(),
	/** Set by `npm run demo` only: demo accounts exist in this mode alone. */
	SOC_DEMO: z
		.enum(['0', '1', ''])
		.default('')
		.transform((v) => v === '1')
});

const withNodeId = schema.transform((c) => ({ ...c, SOC_NODE_ID: c.SOC_NODE_ID ?? `${hostname()}:${c.PORT}` }));

export type Config = z.infer<typeof withNodeId>;

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const result = withNodeId.safeParse(present);
	if (!result.success) {
		const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
		throw new Error(`invalid configuration: ${problems}`);
	}
	return result.data;
}

let current: Config | undefined;

export function config(): Config {
	current ??= readConfig();
	return current;
}

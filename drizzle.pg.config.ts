import { defineConfig } from 'drizzle-kit';

// PostgreSQL's migrations (docs/nodes.md), kept beside SQLite's in ./drizzle.
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema.pg.ts',
	out: './drizzle-pg'
});

// The baseline of `npm run bench:ingest`: the least an ingest of track fixes can do under the gateway
// contract. A bare Socket.IO server on /gateway that checks each fix against the contract (the
// console's own schema of theft.position: the rules any conforming ingest must apply), writes it as
// received (its JSON, keyed by its eventId) in group commits under synchronous=FULL, and acks it
// only after that commit. Nothing else: no token check, no incidents, no track, no feed, no warnings.
//
// It imports the schema's TypeScript source, so bench/ingest.js bundles it with esbuild first.
// Environment: PORT, HOST, SOC_DB (as the console). GET /healthz answers once it is listening.
import Database from 'better-sqlite3';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { theftPositionSchema } from '../src/lib/domain/gateway/schemas.ts';

const db = new Database(process.env.SOC_DB);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`create table fixes (event_id text primary key, payload text not null)`);
const insert = db.prepare(`insert or ignore into fixes (event_id, payload) values (?, ?)`);
const store = db.transaction((group) => {
	for (const { fixes } of group) for (const f of fixes) insert.run(f.eventId, JSON.stringify(f));
});

// Same ack shapes (and so about the same ack sizes) as the console's.
const accepted = { ok: true, incidentId: null, duplicate: false, warnings: [] };
const invalid = { ok: false, error: { code: 'invalid_payload', message: 'the fix breaks the gateway contract' } };
const unavailable = { ok: false, error: { code: 'unavailable', message: 'could not store now; retry later' } };

const isFix = (f) => theftPositionSchema.safeParse(f).success;

// Group commit: submissions that arrive while a transaction is written wait in `pending`, and the
// next setImmediate turn writes them all in one transaction.
let pending = [];
let scheduled = false;

function submit(fixes, reply) {
	pending.push({ fixes, reply });
	if (!scheduled) {
		scheduled = true;
		setImmediate(flush);
	}
}

function flush() {
	scheduled = false;
	const group = pending;
	pending = [];
	try {
		store(group);
	} catch (error) {
		console.error('baseline: could not store:', error.message);
		for (const { reply } of group) reply(false);
		return;
	}
	for (const { reply } of group) reply(true);
}

const server = createServer((req, res) => res.writeHead(req.url === '/healthz' ? 200 : 404).end());
const io = new Server(server, { maxHttpBufferSize: 2 * 1024 * 1024, serveClient: false });

io.of('/gateway').on('connection', (socket) => {
	socket.on('theft.position', (fix, ack) => {
		if (!isFix(fix)) return ack(invalid);
		submit([fix], (stored) => ack(stored ? accepted : unavailable));
	});
	socket.on('theft.positions', (batch, ack) => {
		const fixes = Array.isArray(batch?.fixes) ? batch.fixes : [];
		const valid = fixes.filter(isFix);
		if (valid.length === 0) return ack(invalid);
		submit(valid, (stored) => {
			if (!stored) return ack(unavailable);
			ack({ ok: true, results: fixes.map((f) => (isFix(f) ? accepted : invalid)) });
		});
	});
});

server.listen(Number(process.env.PORT), process.env.HOST, () => console.log(`baseline listening on ${process.env.PORT}`));

process.on('SIGTERM', () => {
	io.close(() => {
		if (pending.length > 0) flush();
		db.close();
		process.exit(0);
	});
});

// The recorded drives (data/tracks, see its SOURCES.md) as lists of fixes: NMEA 0183 $GPRMC
// sentences, parsed with nmea-simple, and JSON arrays of { point: "POINT(lon lat)", time }.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface TrackFix {
	/** Epoch ms of the original recording. */
	t: number;
	lat: number;
	lon: number;
	speedKmh?: number;
	headingDeg?: number;
}

export interface Track {
	name: string;
	fixes: TrackFix[];
}

const kmhPerKnot = 1.852;

/** The valid fixes of the $GPRMC sentences; other sentences, and RMC without a fix (status V), are skipped. */
export async function parseNmea(text: string): Promise<TrackFix[]> {
	// Imported on demand, like faker: only `soc simulate` needs it.
	const { parseNmeaSentence } = await import('nmea-simple');
	const fixes: TrackFix[] = [];
	for (const line of text.split(/\r?\n/)) {
		if (!line.startsWith('$GPRMC')) continue;
		const packet = parseNmeaSentence(line);
		if (packet.sentenceId !== 'RMC' || packet.status !== 'valid') continue;
		fixes.push({
			t: packet.datetime.getTime(),
			lat: packet.latitude,
			lon: packet.longitude,
			speedKmh: Math.round(packet.speedKnots * kmhPerKnot * 10) / 10,
			// A course of 359.6° rounds to 360, which is 0.
			headingDeg: Math.round(packet.trackTrue) % 360
		});
	}
	return fixes;
}

const pointPattern = /^POINT\((-?[\d.]+) (-?[\d.]+)\)$/;
// "2014-09-10 06:54:07+0200": a space for the T and an offset without a colon.
const timePattern = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}):?(\d{2})$/;

export function parseJsonTrack(text: string): TrackFix[] {
	const rows = JSON.parse(text) as { point: string; time: string }[];
	return rows.map((row, index) => {
		const point = pointPattern.exec(row.point);
		const time = timePattern.exec(row.time);
		if (!point || !time) throw new Error(`fix ${index}: cannot read point ${row.point} at ${row.time}`);
		return {
			t: Date.parse(`${time[1]}T${time[2]}${time[3]}:${time[4]}`),
			lat: Number(point[2]),
			lon: Number(point[1])
		};
	});
}

/** Every .nmea and .json track of `dir`, by file name. */
export async function loadTracks(dir: string): Promise<Track[]> {
	const names = (await readdir(dir)).filter((name) => /\.(nmea|json)$/.test(name)).sort();
	const tracks: Track[] = [];
	for (const name of names) {
		const text = await readFile(join(dir, name), 'utf8');
		const fixes = name.endsWith('.nmea') ? await parseNmea(text) : parseJsonTrack(text);
		if (fixes.length >= 2) tracks.push({ name, fixes });
	}
	if (tracks.length === 0) throw new Error(`no .nmea or .json track in ${dir}`);
	return tracks;
}

/** The fixes at least `intervalMs` apart, as a tracker reporting at that interval would send. */
export function thinned(track: Track, intervalMs: number): Track {
	const fixes: TrackFix[] = [];
	for (const fix of track.fixes) {
		if (fixes.length === 0 || fix.t - fixes[fixes.length - 1].t >= intervalMs) fixes.push(fix);
	}
	return { name: track.name, fixes };
}

/** Fixes per second while the track runs. */
export function fixRate(track: Track): number {
	const first = track.fixes[0];
	const last = track.fixes[track.fixes.length - 1];
	return (track.fixes.length - 1) / ((last.t - first.t) / 1000);
}

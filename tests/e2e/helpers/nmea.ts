// A small reader of NMEA 0183 $GPRMC sentences (recommended minimum data), for replaying recorded
// drives as theft-mode fixes: time hhmmss.ss + date ddmmyy, status A (valid) / V (void),
// latitude ddmm.mmmm N/S, longitude dddmm.mmmm E/W, speed in knots, course in degrees.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root } from '../../helpers/server';

export interface RmcFix {
	/** UTC time of the fix, ms since the epoch. */
	at: number;
	/** Status A: a valid fix. */
	valid: boolean;
	lat: number;
	lon: number;
	speedKmh: number | null;
	courseDeg: number | null;
}

/** The recorded drives of the project (`data/tracks`, see its SOURCES.md). */
export const tracksDir = resolve(root, 'data/tracks');

const knotsToKmh = 1.852;

function checksumOk(sentence: string): boolean {
	const star = sentence.lastIndexOf('*');
	if (star === -1) return true; // the checksum is optional in NMEA 0183
	let sum = 0;
	for (let i = 1; i < star; i++) sum ^= sentence.charCodeAt(i);
	return sum === parseInt(sentence.slice(star + 1, star + 3), 16);
}

/** ddmm.mmmm / dddmm.mmmm with a hemisphere to signed decimal degrees. */
function degrees(value: string, hemisphere: string, degreeDigits: number): number {
	const deg = Number(value.slice(0, degreeDigits));
	const min = Number(value.slice(degreeDigits));
	const abs = deg + min / 60;
	return hemisphere === 'S' || hemisphere === 'W' ? -abs : abs;
}

/** One $GPRMC (or $GNRMC) sentence, or null when it is something else or malformed. */
export function parseRmc(line: string): RmcFix | null {
	const sentence = line.trim();
	if (!/^\$G[PNL]RMC,/.test(sentence) || !checksumOk(sentence)) return null;
	const f = sentence.split('*')[0].split(',');
	const [, time, status, lat, ns, lon, ew, speed, course, date] = f;
	if (!time || !date || !lat || !lon || date.length !== 6) return null;
	const yy = Number(date.slice(4, 6));
	const at = Date.UTC(
		yy < 80 ? 2000 + yy : 1900 + yy,
		Number(date.slice(2, 4)) - 1,
		Number(date.slice(0, 2)),
		Number(time.slice(0, 2)),
		Number(time.slice(2, 4)),
		0,
		Math.round(Number(time.slice(4)) * 1000)
	);
	return {
		at,
		valid: status === 'A',
		lat: degrees(lat, ns, 2),
		lon: degrees(lon, ew, 3),
		speedKmh: speed ? Number(speed) * knotsToKmh : null,
		courseDeg: course ? Number(course) : null
	};
}

/** Every valid fix of an NMEA file, in file order. */
export function readRmcFixes(file: string): RmcFix[] {
	return readFileSync(resolve(tracksDir, file), 'utf8')
		.split(/\r?\n/)
		.map(parseRmc)
		.filter((f): f is RmcFix => f !== null && f.valid);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTracksDir } from './options';
import { fixRate, loadTracks, parseJsonTrack, parseNmea, thinned } from './tracks';

const dir = defaultTracksDir();
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('the recorded drives (SOURCES.md)', () => {
	it('reads the 1,847 valid fixes of the 1,867 $GPRMC sentences, with speed in km/h and heading', async () => {
		const text = read('munich-gps.nmea');
		expect(text.split('\n').filter((line) => line.startsWith('$GPRMC'))).toHaveLength(1867);
		const fixes = await parseNmea(text);
		expect(fixes).toHaveLength(1867 - 20);
		expect(fixes[0]).toEqual({ t: Date.parse('2009-04-01T12:40:22Z'), lat: 48 + 10.8509 / 60, lon: 11 + 33.9095 / 60, speedKmh: 15.7, headingDeg: 171 });
		expect(Math.max(...fixes.map((f) => f.speedKmh ?? 0))).toBeLessThanOrEqual(62 + 1);
		expect(fixes.every((f) => f.headingDeg! >= 0 && f.headingDeg! <= 359)).toBe(true);
	});

	it('reads the JSON tracks: 1,194 fixes at 1 Hz and 80 at 15 s', () => {
		const hz = parseJsonTrack(read('munich-2014-1hz.json'));
		expect(hz).toHaveLength(1194);
		expect(hz[0]).toEqual({ t: Date.parse('2014-09-10T06:54:07+02:00'), lat: 48.16350662940509, lon: 11.564388282625075 });
		expect(parseJsonTrack(read('munich-2014-15s.json'))).toHaveLength(80);
	});

	it('loads the folder, and thins a 1 Hz track to one fix every 15 s', async () => {
		const tracks = await loadTracks(dir);
		expect(tracks.map((t) => [t.name, t.fixes.length])).toEqual([
			['munich-2014-15s.json', 80],
			['munich-2014-1hz.json', 1194],
			['munich-gps.nmea', 1847]
		]);
		const hz = tracks[1];
		expect(fixRate(hz)).toBeCloseTo(1, 1);
		const thin = thinned(hz, 15_000);
		expect(thin.fixes).toHaveLength(80);
		expect(fixRate(thin)).toBeCloseTo(1 / 15, 2);
	});

	it('says which fix of a JSON track it cannot read', () => {
		expect(() => parseJsonTrack('[{"point":"POINT(1 2)","time":"yesterday"}]')).toThrow(/fix 0/);
	});
});

import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('SOC_GEOCODER_URL', () => {
	it('is absent by default: no lookups', () => {
		expect(readConfig({}).SOC_GEOCODER_URL).toBeUndefined();
	});

	it('takes an http or https URL', () => {
		expect(readConfig({ SOC_GEOCODER_URL: 'https://nominatim.example.org/' }).SOC_GEOCODER_URL).toBe('https://nominatim.example.org/');
		expect(readConfig({ SOC_GEOCODER_URL: 'http://10.0.0.5:8080/nominatim' }).SOC_GEOCODER_URL).toBe('http://10.0.0.5:8080/nominatim');
	});

	it('stops start-up on anything else, naming the variable', () => {
		for (const bad of ['nominatim.example.org', 'ftp://nominatim.example.org', 'file:///etc/passwd']) {
			expect(() => readConfig({ SOC_GEOCODER_URL: bad }), bad).toThrow(/SOC_GEOCODER_URL: must be an http or https URL/);
		}
	});
});

import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, csvText, parseCsv } from './csv';

describe('CSV cells (RFC 4180)', () => {
	it('leaves plain text alone', () => {
		expect(csvText('Golf')).toBe('Golf');
		expect(csvText('')).toBe('');
		expect(csvText("O'Brien")).toBe("O'Brien");
	});

	it('quotes a field holding a comma, a quote or a line break, doubling the quotes', () => {
		expect(csvText('a,b')).toBe('"a,b"');
		expect(csvText('say "hi"')).toBe('"say ""hi"""');
		expect(csvText('two\nlines')).toBe('"two\nlines"');
		expect(csvText('two\r\nlines')).toBe('"two\r\nlines"');
	});

	it('neutralises text a spreadsheet would run as a formula', () => {
		for (const start of ['=', '+', '-', '@', '\t', '\r']) {
			const cell = csvText(`${start}1+1`);
			expect(cell.startsWith(`'${start}`) || cell.startsWith(`"'${start}`)).toBe(true);
		}
		expect(csvText('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
		expect(csvText('-12')).toBe("'-12");
		expect(csvText('a=b')).toBe('a=b');
	});

	it('quotes and neutralises a model with a comma, a quote, a newline and a leading =', () => {
		expect(csvText('=Cab, "Le Mans"\nEdition')).toBe(`"'=Cab, ""Le Mans""\nEdition"`);
	});

	it('writes numbers as numbers, negative ones included, and empties for null', () => {
		expect(csvCell(-1.5536)).toBe('-1.5536');
		expect(csvCell(0)).toBe('0');
		expect(csvCell(48.137)).toBe('48.137');
		expect(csvCell(Number.NaN)).toBe('');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell(true)).toBe('true');
	});

	it('ends records with CRLF, and reads back what it wrote', () => {
		const row = csvRow([1, '=Cab, "Le Mans"\nEdition', -1.5536, null, 'plain']);
		expect(row).toBe(`1,"'=Cab, ""Le Mans""\nEdition",-1.5536,,plain\r\n`);
		expect(parseCsv(`\uFEFFa,b\r\n${row}`)).toEqual([
			['a', 'b'],
			['1', `'=Cab, "Le Mans"\nEdition`, '-1.5536', '', 'plain']
		]);
	});
});

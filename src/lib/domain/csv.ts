// CSV as RFC 4180 writes it (comma-separated, CRLF line ends, a field in double quotes when it
// holds a comma, a quote or a line break, quotes doubled), made safe to open in a spreadsheet:
// a text cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
// carriage return) gets a leading apostrophe (OWASP "CSV injection"). Numbers are written as
// numbers, so a negative longitude stays -1.5536 and is not neutralised. Pure; shared by the
// export and its tests.

export type CsvValue = string | number | boolean | null | undefined;

/** Characters that make a spreadsheet read a text cell as a formula. */
const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

/** A text cell: neutralised if it could run as a formula, then quoted if needed. */
export function csvText(value: string): string {
	const safe = formulaStart.test(value) ? `'${value}` : value;
	return needsQuotes.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One cell: numbers as numbers (empty when not finite), booleans as true/false, null as empty. */
export function csvCell(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return csvText(value);
}

/** One record, with its CRLF line end. */
export function csvRow(values: readonly CsvValue[]): string {
	return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * Reads CSV back (RFC 4180: quoted fields may hold commas, quotes and line breaks). For tests and
 * tools; it does not undo the apostrophe of neutralised cells.
 */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	let i = 0;
	if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte order mark
	for (; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			// the line end is CRLF; a lone CR outside quotes is kept as data
		} else if (c === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || row.length > 0) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

// Unaligned PER (ITU-T X.691) primitives for the fixed MSD structure: a reader that never
// throws (the first fault sticks, later reads return zeros, the caller checks the fault before
// using anything) and a writer mirroring it.

import type { MsdFault, MsdFaultKind } from './types';

/** Shared by a reader and the sub-readers of its contained octet strings: one fault per message. */
export interface FaultBox {
	fault: MsdFault | null;
}

/** Bits needed for a constrained whole number of `range` values (X.691 11.5.7.1). */
export function bitsForRange(range: number): number {
	let width = 0;
	while (2 ** width < range) width++;
	return width;
}

/** Where a reader's window stops: the end of the input, or the end of a length-delimited container. */
interface Limit {
	kind: 'truncated' | 'bad_length';
	what: string;
}

export class BitReader {
	private pos: number;

	private constructor(
		private readonly bytes: Uint8Array,
		private readonly box: FaultBox,
		start: number,
		private readonly end: number,
		private readonly limit: Limit
	) {
		this.pos = start;
	}

	static over(bytes: Uint8Array, box: FaultBox = { fault: null }): BitReader {
		return new BitReader(bytes, box, 0, bytes.length * 8, { kind: 'truncated', what: 'the data' });
	}

	get position(): number {
		return this.pos;
	}

	get remaining(): number {
		return this.end - this.pos;
	}

	get fault(): MsdFault | null {
		return this.box.fault;
	}

	/** Records the first fault only: later ones are consequences of it. */
	fail(kind: MsdFaultKind, bit: number, field: string, message: string): void {
		if (!this.box.fault) this.box.fault = { kind, bit, field, message };
	}

	/** Unsigned big-endian field of up to 32 bits (a wider read only ever reports running out). */
	bits(width: number, field: string): number {
		if (this.box.fault) return 0;
		if (width > this.remaining) {
			const reason =
				this.limit.kind === 'truncated'
					? `truncated at bit ${this.end} reading ${field}`
					: `bad length at bit ${this.end}: ${this.limit.what} ends inside ${field}`;
			this.fail(this.limit.kind, this.end, field, reason);
			return 0;
		}
		let value = 0;
		for (let i = 0; i < width; i++) {
			const p = this.pos + i;
			value = value * 2 + ((this.bytes[p >> 3] >> (7 - (p & 7))) & 1);
		}
		this.pos += width;
		return value;
	}

	bool(field: string): boolean {
		return this.bits(1, field) === 1;
	}

	/** The presence bitmap of a SEQUENCE's OPTIONAL and DEFAULT components, one bit each in order. */
	presence(fields: readonly string[]): boolean[] {
		return fields.map((field) => this.bool(field));
	}

	/** INTEGER (min..max): the offset from min in the fewest bits; an offset past max is a fault. */
	constrained(min: number, max: number, field: string): number {
		const at = this.pos;
		const offset = this.bits(bitsForRange(max - min + 1), field);
		const value = min + offset;
		if (value > max) {
			this.fail('out_of_range', at, field, `${field} out of range at bit ${at}: ${value} is above ${max}`);
			return min;
		}
		return value;
	}

	/** The extension bit of an extensible type: set means additions this decoder does not know. */
	extension(field: string): void {
		const at = this.pos;
		if (this.bool(field)) {
			this.fail('extension', at, field, `extension bit set at bit ${at} in ${field}, where no extension is known`);
		}
	}

	/** ENUMERATED with `names` as its root, optionally extensible. */
	enumerated<T extends string>(names: readonly T[], extensible: boolean, field: string): T {
		if (extensible) this.extension(field);
		const at = this.pos;
		const index = this.bits(bitsForRange(names.length), field);
		if (index >= names.length) {
			this.fail('out_of_range', at, field, `${field} out of range at bit ${at}: index ${index} of ${names.length} values`);
			return names[0];
		}
		return names[index];
	}

	/** Unconstrained length determinant (X.691 11.9.3.6-8); fragmented lengths never occur in an MSD. */
	length(field: string): number {
		const at = this.pos;
		if (!this.bool(field)) return this.bits(7, field);
		if (!this.bool(field)) return this.bits(14, field);
		this.fail('bad_length', at, field, `bad length at bit ${at} in ${field}: fragmented lengths are not used by the MSD`);
		return 0;
	}

	/** OCTET STRING without size constraint. */
	octets(field: string): Uint8Array {
		const count = this.length(field);
		if (this.box.fault) return new Uint8Array(0);
		if (count * 8 > this.remaining) {
			this.bits(count * 8, field);
			return new Uint8Array(0);
		}
		const out = new Uint8Array(count);
		for (let i = 0; i < count; i++) out[i] = this.bits(8, field);
		return out;
	}

	/** Fixed-size string under a PermittedAlphabet whose characters exceed the index width: each is its index. */
	restricted(alphabet: string, size: number, field: string): string {
		const width = bitsForRange(alphabet.length);
		let out = '';
		for (let i = 0; i < size; i++) {
			const at = this.pos;
			const index = this.bits(width, field);
			if (index >= alphabet.length) {
				this.fail('out_of_range', at, field, `${field} out of range at bit ${at}: character index ${index} is outside the alphabet`);
				return '';
			}
			out += alphabet[index];
		}
		return out;
	}

	/** RELATIVE-OID: a length in octets, then base-128 sub-identifiers (X.690 8.20). */
	relativeOid(field: string): string {
		const at = this.pos;
		const content = this.octets(field);
		if (this.box.fault) return '';
		if (content.length === 0) {
			this.fail('bad_length', at, field, `bad length at bit ${at} in ${field}: a RELATIVE-OID has at least one arc`);
			return '';
		}
		const arcs: number[] = [];
		let arc = 0;
		let fresh = true;
		for (const octet of content) {
			if (fresh && octet === 0x80) {
				this.fail('out_of_range', at, field, `${field} out of range at bit ${at}: a sub-identifier is not minimally encoded`);
				return '';
			}
			if (arc > (Number.MAX_SAFE_INTEGER - 127) / 128) {
				this.fail('out_of_range', at, field, `${field} out of range at bit ${at}: an arc is too large`);
				return '';
			}
			arc = arc * 128 + (octet & 0x7f);
			fresh = (octet & 0x80) === 0;
			if (fresh) {
				arcs.push(arc);
				arc = 0;
			}
		}
		if (!fresh) {
			this.fail('bad_length', at, field, `bad length at bit ${at} in ${field}: the last sub-identifier is cut off`);
			return '';
		}
		return arcs.join('.');
	}

	/** Reads the next `bitCount` bits as a contained encoding: running past its end is a length fault. */
	contained(bitCount: number, what: string): BitReader {
		const start = this.pos;
		const end = Math.min(start + bitCount, this.end);
		this.pos = end;
		return new BitReader(this.bytes, this.box, start, end, { kind: 'bad_length', what });
	}

	/** Position of the first set bit left in the window, or -1. */
	firstSetBit(): number {
		for (let p = this.pos; p < this.end; p++) {
			if ((this.bytes[p >> 3] >> (7 - (p & 7))) & 1) return p;
		}
		return -1;
	}
}

/** Builds a UPER bit string; values outside a field's range are the caller's bug, so they throw. */
export class BitWriter {
	private readonly out: number[] = [];
	private count = 0;

	get bitLength(): number {
		return this.count;
	}

	bits(value: number, width: number, field = 'value'): void {
		if (!Number.isInteger(value) || value < 0 || value >= 2 ** width) {
			throw new RangeError(`${field}: ${value} does not fit in ${width} bits`);
		}
		for (let i = width - 1; i >= 0; i--) {
			const bit = Math.floor(value / 2 ** i) % 2;
			if ((this.count & 7) === 0) this.out.push(0);
			if (bit) this.out[this.out.length - 1] |= 0x80 >> (this.count & 7);
			this.count++;
		}
	}

	bool(value: boolean): void {
		this.bits(value ? 1 : 0, 1);
	}

	constrained(value: number, min: number, max: number, field: string): void {
		if (!Number.isInteger(value) || value < min || value > max) {
			throw new RangeError(`${field}: ${value} is outside ${min}..${max}`);
		}
		this.bits(value - min, bitsForRange(max - min + 1), field);
	}

	/** Extension bit, always clear: the encoder writes root values only. */
	extension(): void {
		this.bits(0, 1);
	}

	enumerated<T extends string>(value: T, names: readonly T[], extensible: boolean, field: string): void {
		const index = names.indexOf(value);
		if (index < 0) throw new RangeError(`${field}: ${value} is not one of ${names.join(', ')}`);
		if (extensible) this.extension();
		this.bits(index, bitsForRange(names.length), field);
	}

	length(count: number, field: string): void {
		if (!Number.isInteger(count) || count < 0 || count >= 16384) {
			throw new RangeError(`${field}: length ${count} is not encodable`);
		}
		if (count < 128) {
			this.bits(count, 8, field);
		} else {
			this.bits(2, 2, field);
			this.bits(count, 14, field);
		}
	}

	octets(bytes: Uint8Array, field: string): void {
		this.length(bytes.length, field);
		for (const b of bytes) this.bits(b, 8, field);
	}

	restricted(text: string, alphabet: string, size: number, field: string): void {
		if (text.length !== size) throw new RangeError(`${field}: "${text}" is not ${size} characters`);
		const width = bitsForRange(alphabet.length);
		for (const ch of text) {
			const index = alphabet.indexOf(ch);
			if (index < 0) throw new RangeError(`${field}: "${ch}" is not allowed`);
			this.bits(index, width, field);
		}
	}

	relativeOid(oid: string, field: string): void {
		if (!/^\d+(\.\d+)*$/.test(oid)) throw new RangeError(`${field}: "${oid}" is not a RELATIVE-OID`);
		const content: number[] = [];
		for (const part of oid.split('.')) {
			let arc = Number(part);
			if (!Number.isSafeInteger(arc)) throw new RangeError(`${field}: arc ${part} is too large`);
			const groups = [arc % 128];
			arc = Math.floor(arc / 128);
			while (arc > 0) {
				groups.unshift((arc % 128) | 0x80);
				arc = Math.floor(arc / 128);
			}
			content.push(...groups);
		}
		this.octets(Uint8Array.from(content), field);
	}

	/** The bit string padded with zero bits to whole octets (X.691 11.1). */
	toBytes(): Uint8Array {
		return Uint8Array.from(this.out);
	}
}

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
	let out = '';
	for (const b of bytes) out += b.toString(16).padStart(2, '0');
	return out;
}

/** Hex text to bytes. Hex text is not a bit stream yet, so its faults count bits of the digits read. */
export function parseHex(text: string): { ok: true; bytes: Uint8Array } | { ok: false; fault: MsdFault } {
	// Gateways often space the octets; whitespace carries nothing.
	const hex = text.replace(/\s+/g, '');
	const bad = hex.search(/[^0-9a-fA-F]/);
	if (bad >= 0) {
		const bit = bad * 4;
		return {
			ok: false,
			fault: {
				kind: 'not_hex',
				bit,
				field: 'hex',
				message: `not hex at bit ${bit}: character ${JSON.stringify(hex[bad])} at position ${bad}`
			}
		};
	}
	if (hex.length % 2 === 1) {
		const bit = (hex.length - 1) * 4;
		return {
			ok: false,
			fault: {
				kind: 'odd_hex',
				bit,
				field: 'hex',
				message: `odd hex at bit ${bit}: ${hex.length} digits, the last octet has only one`
			}
		};
	}
	const bytes = new Uint8Array(hex.length / 2);
	for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
	return { ok: true, bytes };
}

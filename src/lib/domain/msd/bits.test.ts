import { describe, expect, it } from 'vitest';
import { BitReader, BitWriter, bitsForRange, parseHex, toHex } from './bits';

const reader = (hex: string) => {
	const parsed = parseHex(hex);
	if (!parsed.ok) throw new Error(parsed.fault.message);
	return BitReader.over(parsed.bytes);
};

describe('bitsForRange', () => {
	it('takes ceil(log2(range)) bits, none for a single value', () => {
		expect([1, 2, 3, 4, 13, 16, 17, 23, 33, 256, 1024, 2 ** 32].map(bitsForRange)).toEqual([0, 1, 2, 2, 4, 4, 5, 5, 6, 8, 10, 32]);
	});
});

describe('BitReader', () => {
	it('reads big-endian fields across octet boundaries, up to 32 bits', () => {
		const r = reader('a5ffffffff0f');
		expect(r.bits(3, 'a')).toBe(0b101);
		expect(r.bits(5, 'b')).toBe(0b00101);
		expect(r.bits(32, 'c')).toBe(2 ** 32 - 1);
		expect(r.bits(4, 'd')).toBe(0);
		expect(r.bool('e')).toBe(true);
		expect(r.position).toBe(45);
		expect(r.fault).toBeNull();
	});

	it('faults on reading past the end, naming the bit and the field, and then reads zeros', () => {
		const r = reader('ff');
		expect(r.bits(6, 'first')).toBe(0b111111);
		expect(r.bits(4, 'second')).toBe(0);
		expect(r.fault).toEqual({ kind: 'truncated', bit: 8, field: 'second', message: 'truncated at bit 8 reading second' });
		expect(r.bits(1, 'third')).toBe(0);
		expect(r.fault?.field).toBe('second');
	});

	it('reads a constrained whole number as an offset from its lower bound', () => {
		// -512..511 in 10 bits: 0 is -512, 1023 is 511
		const r = reader('003ff0');
		expect(r.constrained(-512, 511, 'a')).toBe(-512);
		expect(r.constrained(-512, 511, 'b')).toBe(511);
	});

	it('faults on an offset beyond the upper bound of a range that is not a power of two', () => {
		const r = reader('f0');
		expect(r.constrained(0, 12, 'n')).toBe(0);
		expect(r.fault).toMatchObject({ kind: 'out_of_range', bit: 0, field: 'n' });
	});

	it('reads the short and the long length determinant, refuses fragments', () => {
		expect(reader('25').length('l')).toBe(37);
		expect(reader('8123').length('l')).toBe(0x123);
		const r = reader('c1');
		r.length('l');
		expect(r.fault).toMatchObject({ kind: 'bad_length', bit: 0 });
	});

	it('reads a PermittedAlphabet string as indexes into the alphabet', () => {
		// indexes 14, 12, 10 of 0-9A-HJ-NPR-Z are E, C, A, six bits into the octets
		const r = reader('80e30a');
		r.bits(6, 'skip');
		expect(r.restricted('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 3, 'wmi')).toBe('ECA');
	});

	it('faults on a character index outside the alphabet', () => {
		const r = reader('ff');
		r.restricted('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 1, 'wmi');
		expect(r.fault).toMatchObject({ kind: 'out_of_range', bit: 0, field: 'wmi' });
	});

	it('reads a RELATIVE-OID, multi-octet arcs included', () => {
		expect(reader('0301027d').relativeOid('oid')).toBe('1.2.125');
		expect(reader('03088148').relativeOid('oid')).toBe('8.200');
	});

	it('faults on a RELATIVE-OID that is empty, cut inside an arc, or padded', () => {
		for (const [hex, kind] of [
			['00', 'bad_length'],
			['0281ff', 'bad_length'],
			['028001', 'out_of_range']
		] as const) {
			const r = reader(hex);
			r.relativeOid('oid');
			expect(r.fault?.kind).toBe(kind);
		}
	});

	it('faults on an octet string longer than what remains, before reading it', () => {
		const r = reader('05aabb');
		expect(r.octets('data')).toEqual(new Uint8Array(0));
		expect(r.fault).toMatchObject({ kind: 'truncated', bit: 24, field: 'data' });
	});

	it('calls running out of a contained encoding a bad length, at the container end', () => {
		const r = reader('ffff');
		const inner = r.contained(4, 'the box');
		inner.bits(6, 'x');
		expect(r.fault).toMatchObject({ kind: 'bad_length', bit: 4, field: 'x' });
		expect(r.fault?.message).toBe('bad length at bit 4: the box ends inside x');
	});
});

describe('BitWriter', () => {
	it('mirrors the reader and pads with zero bits to whole octets', () => {
		const w = new BitWriter();
		w.bits(0b101, 3);
		w.constrained(511, -512, 511, 'd');
		w.length(300, 'l');
		w.restricted('ECA', '0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 3, 'wmi');
		w.relativeOid('8.200', 'oid');
		expect(w.bitLength).toBe(3 + 10 + 16 + 18 + 32);
		const r = BitReader.over(w.toBytes());
		expect(r.bits(3, 'a')).toBe(0b101);
		expect(r.constrained(-512, 511, 'd')).toBe(511);
		expect(r.length('l')).toBe(300);
		expect(r.restricted('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 3, 'wmi')).toBe('ECA');
		expect(r.relativeOid('oid')).toBe('8.200');
		expect(r.remaining).toBe(1);
		expect(r.fault).toBeNull();
	});

	it('throws a RangeError on values that do not fit', () => {
		const w = new BitWriter();
		expect(() => w.constrained(512, -512, 511, 'delta')).toThrow(RangeError);
		expect(() => w.bits(8, 3)).toThrow(RangeError);
		expect(() => w.restricted('EIA', '0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 3, 'wmi')).toThrow(RangeError);
		expect(() => w.relativeOid('1..2', 'oid')).toThrow(RangeError);
		expect(() => w.length(16384, 'l')).toThrow(RangeError);
	});
});

describe('hex', () => {
	it('round-trips bytes, ignores whitespace and case', () => {
		expect(toHex(new Uint8Array([0, 0x0f, 0xab]))).toBe('000fab');
		const parsed = parseHex('00 0F\nAb');
		expect(parsed.ok && toHex(parsed.bytes)).toBe('000fab');
	});
});

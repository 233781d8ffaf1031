import { WireFault } from './errors.ts';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** A cursor over a protobuf buffer. */
export interface Reader {
  buf: Uint8Array;
  pos: number;
}

/**
 * Reads a base-128 varint. Values below 2^49 come back as exact numbers; longer ones as a
 * uint64 bigint (callers reinterpret as int32/int64 the way Go's generated Unmarshal does).
 */
export function readVarint(r: Reader, end: number): number | bigint {
  const buf = r.buf;
  let pos = r.pos;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 7; i++) {
    if (pos >= end) throw new WireFault('truncated varint');
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      r.pos = pos;
      return value;
    }
    scale *= 128;
  }
  let big = BigInt(value);
  for (let shift = 49n; shift < 70n; shift += 7n) {
    if (pos >= end) throw new WireFault('truncated varint');
    const b = buf[pos++]!;
    big |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) {
      r.pos = pos;
      return BigInt.asUintN(64, big);
    }
  }
  throw new WireFault('varint overflows 64 bits');
}

/** A length prefix: must fit in what is left of the enclosing message. */
export function readLength(r: Reader, end: number): number {
  const n = readVarint(r, end);
  if (typeof n === 'bigint' || n > end - r.pos) throw new WireFault('truncated length-delimited field');
  return n;
}

/** Go's int32(v): the low 32 bits, signed. */
export function toInt32(v: number | bigint): number {
  return typeof v === 'number' ? v | 0 : Number(BigInt.asIntN(32, v));
}

/** Go's int64(v) as a JSON number (the nearest double beyond 2^53, as JSON.parse would give). */
export function toInt64(v: number | bigint): number {
  return typeof v === 'number' ? v : Number(BigInt.asIntN(64, v));
}

/** Go's int64(v), exact. */
export function toInt64Big(v: number | bigint): bigint {
  return typeof v === 'number' ? BigInt(v) : BigInt.asIntN(64, v);
}

/** Below this length, building ASCII strings by hand beats TextDecoder's per-call cost. */
const SHORT_STRING = 64;

export function readString(r: Reader, end: number): string {
  const n = readLength(r, end);
  const start = r.pos;
  r.pos += n;
  return n <= SHORT_STRING
    ? shortString(r.buf, start, start + n)
    : utf8Decoder.decode(r.buf.subarray(start, start + n));
}

function shortString(buf: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b >= 0x80) return utf8Decoder.decode(buf.subarray(start, end));
    text += String.fromCharCode(b);
  }
  return text;
}

export function readBytes(r: Reader, end: number): Uint8Array {
  const n = readLength(r, end);
  const start = r.pos;
  r.pos += n;
  return r.buf.subarray(start, start + n);
}

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** Skips one field's value of the given wire type (like gogo's skipGenerated). */
export function skipField(r: Reader, end: number, wireType: number): void {
  switch (wireType) {
    case WIRE_VARINT:
      readVarint(r, end);
      return;
    case WIRE_FIXED64:
      advance(r, end, 8);
      return;
    case WIRE_BYTES: {
      const length = readLength(r, end);
      r.pos += length;
      return;
    }
    case WIRE_FIXED32:
      advance(r, end, 4);
      return;
    case WIRE_START_GROUP:
      skipGroup(r, end);
      return;
    case WIRE_END_GROUP:
      throw new WireFault('unexpected end group');
    default:
      throw new WireFault(`illegal wire type ${wireType}`);
  }
}

function advance(r: Reader, end: number, n: number): void {
  if (end - r.pos < n) throw new WireFault('truncated fixed-width field');
  r.pos += n;
}

function skipGroup(r: Reader, end: number): void {
  for (;;) {
    if (r.pos >= end) throw new WireFault('truncated group');
    const tag = readVarint(r, end);
    if (typeof tag === 'bigint') throw new WireFault('illegal tag');
    const wireType = tag % 8;
    if (wireType === WIRE_END_GROUP) return;
    skipField(r, end, wireType);
  }
}

/** A growable output buffer. Length-delimited fields reserve one length byte and shift if more are needed. */
export class Writer {
  private buf = new Uint8Array(256);
  private pos = 0;

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  raw(bytes: Uint8Array | readonly number[]): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** An unsigned varint; negative numbers are written as their 64-bit two's complement (10 bytes), as Go does. */
  varint(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER) {
      this.ensure(10);
      let v = value;
      while (v >= 0x80) {
        this.buf[this.pos++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      this.buf[this.pos++] = v;
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    this.ensure(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  tag(no: number, wireType: number): void {
    this.varint(no * 8 + wireType);
  }

  string(s: string): void {
    const start = this.begin();
    this.ensure(s.length * 3);
    this.pos += utf8Encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
    this.end(start);
  }

  bytes(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.raw(bytes);
  }

  /** Starts a length-delimited value; pass the result to end(). */
  begin(): number {
    this.byte(0);
    return this.pos;
  }

  end(start: number): void {
    const length = this.pos - start;
    if (length < 0x80) {
      this.buf[start - 1] = length;
      return;
    }
    let extra = 0;
    for (let v = length; v >= 0x80; v = Math.floor(v / 0x80)) extra++;
    this.ensure(extra);
    this.buf.copyWithin(start + extra, start, this.pos);
    this.pos += extra;
    let v = length;
    let at = start - 1;
    while (v >= 0x80) {
      this.buf[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[at] = v;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

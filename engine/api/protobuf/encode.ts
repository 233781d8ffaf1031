/**
 * Kubernetes JSON objects → protobuf bodies, byte for byte as Go's gogo-generated Marshal writes
 * them: fields in ascending number order, non-pointer fields always written (their zero value
 * when absent from the JSON), pointer fields and nil byte slices only when present, lists
 * unpacked, map entries sorted by key with both key and value written.
 */
import type { KubeObject } from '../types.ts';
import { writeEnvelope } from './envelope.ts';
import { notRegisteredMessage, ProtobufEncodeError } from './errors.ts';
import { parseGoDuration } from './go-duration.ts';
import {
  type CompiledField,
  type CompiledMessage,
  kindMessage,
  type ScalarType,
  type SpecialType,
} from './schema.ts';
import { parseRfc3339, ZERO_TIME_SECONDS } from './time-format.ts';
import { WIRE_BYTES, WIRE_VARINT, Writer } from './wire.ts';

type JsonObject = Record<string, unknown>;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Encodes a Kubernetes object as `application/vnd.kubernetes.protobuf` ("k8s\0" + runtime.Unknown). */
export function encodeProtobufObject(obj: KubeObject): Uint8Array {
  const { apiVersion, kind } = obj;
  const message = kindMessage(apiVersion, kind);
  if (!message) throw new ProtobufEncodeError(notRegisteredMessage(kind, apiVersion));
  const w = new Writer();
  writeEnvelope(w, apiVersion, kind, () => encodeMessage(message, obj, w, message.name));
  return w.finish();
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(typeof value === 'bigint' ? String(value) : value)}`;
}

function mismatch(value: unknown, expected: string, path: string): ProtobufEncodeError {
  return new ProtobufEncodeError(`cannot encode ${describe(value)} as ${expected} at ${path}`, path);
}

function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function encodeMessage(message: CompiledMessage, obj: JsonObject, w: Writer, path: string): void {
  for (const field of message.fields) {
    if (field.inline) {
      w.tag(field.no, WIRE_BYTES);
      const start = w.begin();
      encodeMessage(field.message!, obj, w, path);
      w.end(start);
      continue;
    }
    if (field.json === null) continue;
    const value = obj[field.json];
    const fieldPath = `${path}.${field.json}`;
    if (field.map) encodeMap(field, value, w, fieldPath);
    else if (field.repeated) encodeList(field, value, w, fieldPath);
    else if (value === undefined || value === null) encodeAbsent(field, w, fieldPath);
    else encodeValue(field, value, w, fieldPath);
  }
}

function encodeAbsent(field: CompiledField, w: Writer, path: string): void {
  if (field.pointer || field.scalar === 'bytes') return;
  if (field.scalar) encodeScalar(field.no, field.scalar, zeroScalar(field.scalar), w, path);
  else encodeMessageField(field.no, field.message!, undefined, w, path);
}

function encodeValue(field: CompiledField, value: unknown, w: Writer, path: string): void {
  if (field.scalar) encodeScalar(field.no, field.scalar, value, w, path);
  else encodeMessageField(field.no, field.message!, value, w, path);
}

function encodeList(field: CompiledField, value: unknown, w: Writer, path: string): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) throw mismatch(value, 'a list', path);
  for (let i = 0; i < value.length; i++) {
    const element = value[i] ?? undefined;
    const elementPath = `${path}[${i}]`;
    if (field.scalar)
      encodeScalar(field.no, field.scalar, element ?? zeroScalar(field.scalar), w, elementPath);
    else encodeMessageField(field.no, field.message!, element, w, elementPath);
  }
}

/** Go map order: keys sorted bytewise (UTF-8 order, i.e. by code point). */
function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

function encodeMap(field: CompiledField, value: unknown, w: Writer, path: string): void {
  if (value === undefined || value === null) return;
  if (!isPlainObject(value)) throw mismatch(value, 'a map', path);
  const map = field.map!;
  for (const key of Object.keys(value).sort(compareKeys)) {
    const entryPath = `${path}[${key}]`;
    const entry = value[key] ?? undefined;
    w.tag(field.no, WIRE_BYTES);
    const start = w.begin();
    encodeScalar(1, map.key, key, w, entryPath);
    if (map.scalar) encodeScalar(2, map.scalar, entry ?? zeroScalar(map.scalar), w, entryPath);
    else encodeMessageField(2, map.message!, entry, w, entryPath);
    w.end(start);
  }
}

function zeroScalar(type: ScalarType): unknown {
  return type === 'bool' ? false : type === 'int32' || type === 'int64' ? 0 : '';
}

function integerValue(value: unknown, min: bigint, max: bigint, type: string, path: string): number | bigint {
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value >= Number(min) && value <= Number(max)) return value;
  } else if (typeof value === 'bigint' && value >= min && value <= max) return value;
  throw mismatch(value, type, path);
}

function encodeScalar(no: number, type: ScalarType, value: unknown, w: Writer, path: string): void {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw mismatch(value, 'a string', path);
      w.tag(no, WIRE_BYTES);
      w.string(value);
      return;
    case 'bytes':
      if (typeof value !== 'string') throw mismatch(value, 'base64 bytes', path);
      w.tag(no, WIRE_BYTES);
      w.bytes(Buffer.from(value, 'base64'));
      return;
    case 'int32':
      w.tag(no, WIRE_VARINT);
      w.varint(integerValue(value, BigInt(INT32_MIN), BigInt(INT32_MAX), 'an int32', path));
      return;
    case 'int64':
      w.tag(no, WIRE_VARINT);
      w.varint(integerValue(value, INT64_MIN, INT64_MAX, 'an int64', path));
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw mismatch(value, 'a boolean', path);
      w.tag(no, WIRE_VARINT);
      w.varint(value ? 1 : 0);
      return;
  }
}

function encodeMessageField(
  no: number,
  message: CompiledMessage,
  value: unknown,
  w: Writer,
  path: string,
): void {
  w.tag(no, WIRE_BYTES);
  const start = w.begin();
  if (message.special) SPECIAL_ENCODERS[message.special](value, w, path);
  else if (value === undefined || value === null) encodeMessage(message, {}, w, path);
  else if (isPlainObject(value)) encodeMessage(message, value, w, path);
  else throw mismatch(value, 'an object', path);
  w.end(start);
}

type SpecialEncoder = (value: unknown, w: Writer, path: string) => void;

function encodeTime(value: unknown, w: Writer, path: string, micro: boolean): void {
  if (value === undefined || value === null) return;
  const parsed = typeof value === 'string' ? parseRfc3339(value) : undefined;
  if (!parsed) throw mismatch(value, 'an RFC3339 time', path);
  const seconds = Math.floor(parsed.seconds);
  const nanos = micro ? Math.floor(parsed.nanos / 1000) * 1000 : 0;
  if (seconds === ZERO_TIME_SECONDS && nanos === 0) return;
  w.tag(1, WIRE_VARINT);
  w.varint(seconds);
  w.tag(2, WIRE_VARINT);
  w.varint(nanos);
}

function encodeEmbedded(value: unknown, w: Writer): void {
  if (value === undefined || value === null) return;
  w.tag(1, WIRE_BYTES);
  w.bytes(Buffer.from(JSON.stringify(value), 'utf8'));
}

const SPECIAL_ENCODERS: Record<SpecialType, SpecialEncoder> = {
  time: (value, w, path) => encodeTime(value, w, path, false),
  microTime: (value, w, path) => encodeTime(value, w, path, true),
  duration: (value, w, path) => {
    let nanos = 0n;
    if (typeof value === 'string') {
      try {
        nanos = parseGoDuration(value);
      } catch (e) {
        throw new ProtobufEncodeError(`${(e as Error).message} at ${path}`, path);
      }
    } else if (value !== undefined && value !== null) throw mismatch(value, 'a duration string', path);
    w.tag(1, WIRE_VARINT);
    w.varint(nanos);
  },
  quantity: (value, w, path) => {
    if (value !== undefined && value !== null && typeof value !== 'string' && typeof value !== 'number') {
      throw mismatch(value, 'a quantity', path);
    }
    w.tag(1, WIRE_BYTES);
    w.string(value === undefined || value === null ? '0' : String(value));
  },
  intOrString: (value, w, path) => {
    const isString = typeof value === 'string';
    const intVal = isString || value === undefined || value === null ? 0 : value;
    w.tag(1, WIRE_VARINT);
    w.varint(isString ? 1 : 0);
    w.tag(2, WIRE_VARINT);
    w.varint(integerValue(intVal, BigInt(INT32_MIN), BigInt(INT32_MAX), 'an int or string', path));
    w.tag(3, WIRE_BYTES);
    w.string(isString ? value : '');
  },
  rawExtension: (value, w) => encodeEmbedded(value, w),
  fieldsV1: (value, w) => encodeEmbedded(value, w),
  stringList: (value, w, path) => {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) throw mismatch(value, 'a list of strings', path);
    for (const item of value) {
      if (typeof item !== 'string') throw mismatch(item, 'a string', path);
      w.tag(1, WIRE_BYTES);
      w.string(item);
    }
  },
};

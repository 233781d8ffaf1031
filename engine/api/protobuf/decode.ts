/**
 * Kubernetes protobuf request bodies → the JSON object the same request would carry as JSON.
 *
 * Zero-value rule (Go's `omitempty`, simplified): a non-pointer field holding its zero value is
 * left out — "" / 0 / false, empty lists and maps, a zero Time or MicroTime, Duration 0s,
 * IntOrString 0 or "", and non-pointer structs that end up with no members. Pointer fields
 * (`goPointer`) are kept whenever they are on the wire, even when zero (`spec.replicas: 0`,
 * `securityContext: {}`). List elements and map values are always kept. The one exception:
 * the top-level `metadata` is always present (`{}` when empty), as in every kubectl JSON body.
 * Go's JSON would also print non-omitempty zeros and empty structs (`"status": {}`,
 * `"creationTimestamp": null`); decoding both forms into Go structs gives the same object.
 */
import type { KubeObject } from '../types.ts';
import { hasProtobufPrefix, readEnvelope, UNKNOWN_MESSAGE } from './envelope.ts';
import {
  BAD_PREFIX_MESSAGE,
  EMPTY_BODY_MESSAGE,
  EMPTY_DATA_MESSAGE,
  INVALID_BODY_PREFIX,
  missingTypeMessage,
  notRegisteredMessage,
  PROTOBUF_PREFIX,
  ProtobufDecodeError,
  WireFault,
} from './errors.ts';
import { formatGoDuration } from './go-duration.ts';
import {
  type CompiledField,
  type CompiledMessage,
  kindMessage,
  type ScalarType,
  type SpecialType,
} from './schema.ts';
import { formatRfc3339, YEAR_OUT_OF_RANGE, ZERO_TIME_SECONDS } from './time-format.ts';
import {
  decodeUtf8,
  type Reader,
  readBytes,
  readLength,
  readString,
  readVarint,
  skipField,
  toInt32,
  toInt64,
  toInt64Big,
  WIRE_BYTES,
  WIRE_VARINT,
} from './wire.ts';

type JsonObject = Record<string, unknown>;

/** Protobuf objects nested in RawExtensions deeper than this are refused. */
const MAX_NESTED_OBJECTS = 32;

/** Decodes a `application/vnd.kubernetes.protobuf` body ("k8s\0" + runtime.Unknown) into a Kubernetes JSON object. */
export function decodeProtobufObject(body: Uint8Array): KubeObject {
  return decodeObject(body, 0);
}

function decodeObject(body: Uint8Array, depth: number): KubeObject {
  if (body.length === 0) throw new ProtobufDecodeError(EMPTY_DATA_MESSAGE, 'prefix');
  if (!hasProtobufPrefix(body)) throw new ProtobufDecodeError(BAD_PREFIX_MESSAGE, 'prefix');
  if (body.length === PROTOBUF_PREFIX.length) throw new ProtobufDecodeError(EMPTY_BODY_MESSAGE, 'prefix');
  return withFaultPaths(UNKNOWN_MESSAGE, () => {
    const envelope = readEnvelope(body);
    const { apiVersion, kind } = envelope;
    if (kind === '') {
      throw new ProtobufDecodeError(missingTypeMessage('Kind', apiVersion, kind), 'missing-type');
    }
    if (apiVersion === '') {
      throw new ProtobufDecodeError(missingTypeMessage('apiVersion', apiVersion, kind), 'missing-type');
    }
    const message = kindMessage(apiVersion, kind);
    if (!message) throw new ProtobufDecodeError(notRegisteredMessage(kind, apiVersion), 'not-registered');
    const object: JsonObject = { apiVersion, kind };
    decodeInto(message, { buf: body, pos: envelope.rawStart }, envelope.rawEnd, object, message.name, depth);
    if (message.hasMetadata && object.metadata === undefined)
      return { apiVersion, kind, metadata: {}, ...object };
    return object as KubeObject;
  });
}

function withFaultPaths<T>(fallbackPath: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof WireFault)) throw e;
    const path = e.path ?? fallbackPath;
    throw new ProtobufDecodeError(`${INVALID_BODY_PREFIX}${e.detail} at ${path}`, 'malformed', path);
  }
}

function nextTag(r: Reader, end: number): number {
  const tag = readVarint(r, end);
  if (typeof tag === 'bigint' || tag < 8) throw new WireFault(`illegal tag ${tag}`);
  return tag;
}

function expectWireType(actual: number, expected: number): void {
  if (actual !== expected) throw new WireFault(`wrong wire type ${actual} (expected ${expected})`);
}

function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (value !== null && typeof value === 'object') {
    for (const _ in value) return false;
    return true;
  }
  return false;
}

function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads one message's fields into `target` (merging, as gogo's Unmarshal does with repeated occurrences). */
function decodeInto(
  message: CompiledMessage,
  r: Reader,
  end: number,
  target: JsonObject,
  path: string,
  depth: number,
): void {
  let field: CompiledField | undefined;
  try {
    while (r.pos < end) {
      field = undefined;
      const tag = nextTag(r, end);
      const wireType = tag % 8;
      field = message.byNumber[Math.floor(tag / 8)];
      if (field === undefined) skipField(r, end, wireType);
      else decodeField(field, wireType, r, end, target, path, depth);
    }
  } catch (e) {
    if (e instanceof WireFault && e.path === undefined) {
      throw new WireFault(e.detail, field ? `${path}.${field.name}` : path);
    }
    throw e;
  }
}

function decodeField(
  field: CompiledField,
  wireType: number,
  r: Reader,
  end: number,
  target: JsonObject,
  path: string,
  depth: number,
): void {
  const key = field.json;
  if (field.map) {
    expectWireType(wireType, WIRE_BYTES);
    const length = readLength(r, end);
    const stop = r.pos + length;
    const [k, v] = decodeMapEntry(field, r, stop, `${path}.${field.name}`, depth);
    if (key === null) return;
    const map = isPlainObject(target[key]) ? (target[key] as JsonObject) : {};
    map[k] = v;
    target[key] = map;
    return;
  }
  if (field.scalar) {
    if (key === null) {
      skipField(r, end, wireType);
      return;
    }
    if (field.repeated) {
      const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : [];
      target[key] = list;
      readRepeatedScalar(field.scalar, wireType, r, end, list);
      return;
    }
    const value = readScalar(field.scalar, wireType, r, end);
    if (field.pointer ? value === undefined : isEmptyValue(value)) delete target[key];
    else target[key] = value;
    return;
  }
  expectWireType(wireType, WIRE_BYTES);
  const message = field.message!;
  const length = readLength(r, end);
  const stop = r.pos + length;
  if (field.inline) {
    decodeInto(message, r, stop, target, `${path}.${field.name}`, depth);
    return;
  }
  if (key === null) {
    r.pos = stop;
    return;
  }
  if (field.repeated) {
    const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : [];
    target[key] = list;
    const elementPath = `${path}.${field.name}[${list.length}]`;
    list.push(decodeMessageValue(message, r, stop, undefined, elementPath, depth) ?? null);
    return;
  }
  const existing = isPlainObject(target[key]) ? (target[key] as JsonObject) : undefined;
  const value = decodeMessageValue(message, r, stop, existing, `${path}.${field.name}`, depth);
  const empty = field.pointer ? value === undefined : isEmptyValue(value) || isZeroSpecial(message, value);
  if (empty) delete target[key];
  else target[key] = value;
}

function isZeroSpecial(message: CompiledMessage, value: unknown): boolean {
  return message.special === 'duration' && value === '0s';
}

/** A message's JSON value: a plain object, or the special form of Time, Quantity, IntOrString, … */
function decodeMessageValue(
  message: CompiledMessage,
  r: Reader,
  end: number,
  into: JsonObject | undefined,
  path: string,
  depth: number,
): unknown {
  if (message.special) {
    const length = end - r.pos;
    const wire: JsonObject = {};
    decodeWire(message, r, end, wire);
    return SPECIAL_DECODERS[message.special](wire, length, depth);
  }
  const object = into ?? {};
  decodeInto(message, r, end, object, path, depth);
  return object;
}

function decodeMapEntry(
  field: CompiledField,
  r: Reader,
  end: number,
  path: string,
  depth: number,
): [string, unknown] {
  const map = field.map!;
  let key = '';
  let value: unknown;
  let seenValue = false;
  while (r.pos < end) {
    const tag = nextTag(r, end);
    const wireType = tag % 8;
    const no = Math.floor(tag / 8);
    if (no === 1) {
      key = String(readScalar(map.key, wireType, r, end));
    } else if (no === 2) {
      seenValue = true;
      if (map.scalar) value = readScalar(map.scalar, wireType, r, end);
      else {
        expectWireType(wireType, WIRE_BYTES);
        const length = readLength(r, end);
        const stop = r.pos + length;
        value = decodeMessageValue(map.message!, r, stop, undefined, path, depth);
      }
    } else skipField(r, end, wireType);
  }
  if (!seenValue) {
    value = map.scalar
      ? zeroScalar(map.scalar)
      : decodeMessageValue(map.message!, { buf: r.buf, pos: end }, end, undefined, path, depth);
  }
  return [key, value ?? null];
}

function zeroScalar(type: ScalarType): unknown {
  return type === 'bool' ? false : type === 'int32' || type === 'int64' ? 0 : '';
}

function readScalar(type: ScalarType, wireType: number, r: Reader, end: number): unknown {
  switch (type) {
    case 'string':
      expectWireType(wireType, WIRE_BYTES);
      return readString(r, end);
    case 'bytes': {
      expectWireType(wireType, WIRE_BYTES);
      const bytes = readBytes(r, end);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
    }
    case 'int32':
      expectWireType(wireType, WIRE_VARINT);
      return toInt32(readVarint(r, end));
    case 'int64':
      expectWireType(wireType, WIRE_VARINT);
      return toInt64(readVarint(r, end));
    case 'bool': {
      expectWireType(wireType, WIRE_VARINT);
      const v = readVarint(r, end);
      return typeof v === 'bigint' ? v !== 0n : v !== 0;
    }
  }
}

/** Repeated numerics arrive unpacked from Go, but the packed form is accepted too. */
function readRepeatedScalar(
  type: ScalarType,
  wireType: number,
  r: Reader,
  end: number,
  list: unknown[],
): void {
  if (wireType === WIRE_BYTES && type !== 'string' && type !== 'bytes') {
    const length = readLength(r, end);
    const stop = r.pos + length;
    while (r.pos < stop) list.push(readScalar(type, WIRE_VARINT, r, stop));
    return;
  }
  list.push(readScalar(type, wireType, r, end));
}

/** Reads a special type's own fields by proto name, int64 kept exact. */
function decodeWire(message: CompiledMessage, r: Reader, end: number, wire: JsonObject): void {
  while (r.pos < end) {
    const tag = nextTag(r, end);
    const wireType = tag % 8;
    const field = message.byNumber[Math.floor(tag / 8)];
    if (!field?.scalar) {
      skipField(r, end, wireType);
      continue;
    }
    let value: unknown;
    if (field.scalar === 'int64') {
      expectWireType(wireType, WIRE_VARINT);
      value = toInt64Big(readVarint(r, end));
    } else if (field.scalar === 'bytes') {
      expectWireType(wireType, WIRE_BYTES);
      value = readBytes(r, end);
    } else value = readScalar(field.scalar, wireType, r, end);
    if (!field.repeated) wire[field.name] = value;
    else if (Array.isArray(wire[field.name])) (wire[field.name] as unknown[]).push(value);
    else wire[field.name] = [value];
  }
}

function timeValue(seconds: number, micros?: number): string {
  const text = formatRfc3339(seconds, micros);
  if (text === undefined) throw new WireFault(YEAR_OUT_OF_RANGE);
  return text;
}

function embeddedValue(raw: Uint8Array | undefined, depth: number, what: string): unknown {
  if (raw === undefined || raw.length === 0) return undefined;
  if (hasProtobufPrefix(raw)) {
    if (depth >= MAX_NESTED_OBJECTS) throw new WireFault(`objects nested deeper than ${MAX_NESTED_OBJECTS}`);
    return decodeObject(raw, depth + 1);
  }
  try {
    return JSON.parse(decodeUtf8(raw));
  } catch {
    throw new WireFault(`${what} holds neither JSON nor a protobuf object`);
  }
}

type SpecialDecoder = (wire: JsonObject, length: number, depth: number) => unknown;

const SPECIAL_DECODERS: Record<SpecialType, SpecialDecoder> = {
  time: (wire, length) => {
    const seconds = Number((wire.seconds as bigint | undefined) ?? 0n);
    if (length === 0 || seconds === ZERO_TIME_SECONDS) return undefined;
    return timeValue(seconds);
  },
  microTime: (wire, length) => {
    const total =
      ((wire.seconds as bigint | undefined) ?? 0n) * 1_000_000_000n + BigInt((wire.nanos as number) ?? 0);
    const seconds = total / 1_000_000_000n - (total % 1_000_000_000n < 0n ? 1n : 0n);
    const nanos = Number(total - seconds * 1_000_000_000n);
    if (length === 0 || (Number(seconds) === ZERO_TIME_SECONDS && nanos === 0)) return undefined;
    return timeValue(Number(seconds), Math.floor(nanos / 1000));
  },
  duration: (wire) => formatGoDuration((wire.duration as bigint | undefined) ?? 0n),
  quantity: (wire) => (wire.string as string | undefined) ?? '0',
  intOrString: (wire) =>
    wire.type === 1n
      ? ((wire.strVal as string | undefined) ?? '')
      : ((wire.intVal as number | undefined) ?? 0),
  rawExtension: (wire, _length, depth) =>
    embeddedValue(wire.raw as Uint8Array | undefined, depth, 'RawExtension'),
  fieldsV1: (wire, _length, depth) => embeddedValue(wire.Raw as Uint8Array | undefined, depth, 'FieldsV1'),
  stringList: (wire) => (wire.items as string[] | undefined) ?? [],
};

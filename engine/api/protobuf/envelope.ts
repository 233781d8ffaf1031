import { PROTOBUF_PREFIX, WireFault } from './errors.ts';
import {
  type Reader,
  readLength,
  readString,
  readVarint,
  skipField,
  WIRE_BYTES,
  type Writer,
} from './wire.ts';

export const UNKNOWN_MESSAGE = 'k8s.io.apimachinery.pkg.runtime.Unknown';

/** The runtime.Unknown wrapper of a protobuf body; `raw` is a byte range of the body. */
export interface Envelope {
  apiVersion: string;
  kind: string;
  rawStart: number;
  rawEnd: number;
  contentEncoding: string;
  contentType: string;
}

const UNKNOWN_FIELDS = ['', 'typeMeta', 'raw', 'contentEncoding', 'contentType'];
const TYPE_META_FIELDS = ['', 'apiVersion', 'kind'];

export function hasProtobufPrefix(body: Uint8Array): boolean {
  return body.length >= PROTOBUF_PREFIX.length && PROTOBUF_PREFIX.every((b, i) => body[i] === b);
}

function nextTag(r: Reader, end: number): { no: number; wireType: number } {
  const tag = readVarint(r, end);
  if (typeof tag === 'bigint' || tag < 8) throw new WireFault(`illegal tag ${tag}`);
  return { no: Math.floor(tag / 8), wireType: tag % 8 };
}

function expectBytes(wireType: number): void {
  if (wireType !== WIRE_BYTES) throw new WireFault(`wrong wire type ${wireType} (expected ${WIRE_BYTES})`);
}

function readTypeMeta(r: Reader, end: number, into: Envelope, path: string): void {
  let field = '';
  try {
    while (r.pos < end) {
      field = '';
      const { no, wireType } = nextTag(r, end);
      field = TYPE_META_FIELDS[no] ?? '';
      if (no === 1 || no === 2) {
        expectBytes(wireType);
        into[no === 1 ? 'apiVersion' : 'kind'] = readString(r, end);
      } else skipField(r, end, wireType);
    }
  } catch (e) {
    if (e instanceof WireFault && e.path === undefined)
      throw new WireFault(e.detail, field ? `${path}.${field}` : path);
    throw e;
  }
}

/** Reads the runtime.Unknown that follows the "k8s\0" prefix (gogo Unknown.Unmarshal field rules). */
export function readEnvelope(body: Uint8Array): Envelope {
  const r: Reader = { buf: body, pos: PROTOBUF_PREFIX.length };
  const end = body.length;
  const envelope: Envelope = {
    apiVersion: '',
    kind: '',
    rawStart: end,
    rawEnd: end,
    contentEncoding: '',
    contentType: '',
  };
  let field = '';
  try {
    while (r.pos < end) {
      field = '';
      const { no, wireType } = nextTag(r, end);
      field = UNKNOWN_FIELDS[no] ?? '';
      switch (no) {
        case 1: {
          expectBytes(wireType);
          const length = readLength(r, end);
          const stop = r.pos + length;
          readTypeMeta(r, stop, envelope, `${UNKNOWN_MESSAGE}.typeMeta`);
          break;
        }
        case 2: {
          expectBytes(wireType);
          const length = readLength(r, end);
          envelope.rawStart = r.pos;
          envelope.rawEnd = r.pos + length;
          r.pos += length;
          break;
        }
        case 3:
        case 4:
          expectBytes(wireType);
          envelope[no === 3 ? 'contentEncoding' : 'contentType'] = readString(r, end);
          break;
        default:
          skipField(r, end, wireType);
      }
    }
  } catch (e) {
    if (e instanceof WireFault && e.path === undefined) {
      throw new WireFault(e.detail, field ? `${UNKNOWN_MESSAGE}.${field}` : UNKNOWN_MESSAGE);
    }
    throw e;
  }
  return envelope;
}

/** Writes prefix + runtime.Unknown with all four fields, as Unknown.NestedMarshalTo does. */
export function writeEnvelope(w: Writer, apiVersion: string, kind: string, writeRaw: () => void): void {
  w.raw(PROTOBUF_PREFIX);
  w.tag(1, WIRE_BYTES);
  const typeMeta = w.begin();
  w.tag(1, WIRE_BYTES);
  w.string(apiVersion);
  w.tag(2, WIRE_BYTES);
  w.string(kind);
  w.end(typeMeta);
  w.tag(2, WIRE_BYTES);
  const raw = w.begin();
  writeRaw();
  w.end(raw);
  w.tag(3, WIRE_BYTES);
  w.string('');
  w.tag(4, WIRE_BYTES);
  w.string('');
}

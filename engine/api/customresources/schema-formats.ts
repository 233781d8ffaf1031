// The string formats apiextensions keeps in CRD schemas (apiserver/validation/formats.go
// supportedFormats) and kube-openapi's strfmt checks for them; other formats are dropped, unchecked.
import { isIP } from 'node:net';

type Checker = (value: string) => boolean;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$|^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2})?(\.\d+)?$/;
const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const EMAIL = /^[^@\s<>]+@[^@\s<>]+$/;
const MAC = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DURATION =
  /^(-|\+)?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^0$|^\d+\s*(ns|us|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)$/;
const HEX_COLOR = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const RGB_COLOR =
  /^rgb\(\s*([01]?\d\d?|2[0-4]\d|25[0-5])\s*,\s*([01]?\d\d?|2[0-4]\d|25[0-5])\s*,\s*([01]?\d\d?|2[0-4]\d|25[0-5])\s*\)$/;
const BSON_OBJECT_ID = /^[0-9a-fA-F]{24}$/;
const SSN = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;

function validDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

function validCidr(value: string): boolean {
  const [ip = '', bits, ...rest] = value.split('/');
  if (bits === undefined || rest.length > 0 || !/^\d+$/.test(bits)) return false;
  const family = isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

function validUri(value: string): boolean {
  if (value.startsWith('/')) return true;
  try {
    return new URL(value).protocol !== '';
  } catch {
    return false;
  }
}

const CHECKERS: Record<string, Checker> = {
  bsonobjectid: (v) => BSON_OBJECT_ID.test(v),
  uri: validUri,
  email: (v) => EMAIL.test(v),
  hostname: (v) => v.length <= 255 && HOSTNAME.test(v),
  ipv4: (v) => isIP(v) === 4,
  ipv6: (v) => isIP(v) === 6,
  cidr: validCidr,
  mac: (v) => MAC.test(v),
  uuid: (v) => UUID.test(v),
  uuid3: (v) => UUID3.test(v),
  uuid4: (v) => UUID4.test(v),
  uuid5: (v) => UUID5.test(v),
  isbn: (v) => /^(?:[0-9]{9}X|[0-9]{10}|[0-9]{13})$/.test(v.replace(/[\s-]/g, '')),
  isbn10: (v) => /^(?:[0-9]{9}X|[0-9]{10})$/.test(v.replace(/[\s-]/g, '')),
  isbn13: (v) => /^[0-9]{13}$/.test(v.replace(/[\s-]/g, '')),
  creditcard: (v) => /^[0-9]{13,19}$/.test(v.replace(/[^0-9]/g, '')),
  ssn: (v) => SSN.test(v),
  hexcolor: (v) => HEX_COLOR.test(v),
  rgbcolor: (v) => RGB_COLOR.test(v),
  byte: (v) => BASE64.test(v),
  password: () => true,
  date: validDate,
  duration: (v) => DURATION.test(v),
  datetime: (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T'))),
};

/** The format's registry name (`date-time` → `datetime`) when apiextensions keeps it, else undefined. */
export function normalizedFormat(format: string | undefined): string | undefined {
  if (!format) return undefined;
  const normalized = format.replace(/-/g, '').toLowerCase();
  return normalized in CHECKERS ? normalized : undefined;
}

/** The check for a kept format; undefined for formats that are not checked. */
export function formatChecker(format: string | undefined): Checker | undefined {
  const normalized = normalizedFormat(format);
  return normalized ? CHECKERS[normalized] : undefined;
}

// CronJob schedules as kube-apiserver checks them: github.com/robfig/cron/v3 ParseStandard (five
// fields, or a descriptor), with its error messages.
import { parseGoDuration } from '../protobuf/go-duration.ts';

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DAYS_OF_WEEK: Bounds = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};
const FIELDS = [MINUTES, HOURS, DAYS_OF_MONTH, MONTHS, DAYS_OF_WEEK];

const DESCRIPTORS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);
const EVERY = '@every ';
const MAX_INT64 = (1n << 63n) - 1n;

class CronError extends Error {}

/** The error ParseStandard gives for `schedule`, or undefined when it parses. */
export function cronScheduleError(schedule: string): string | undefined {
  try {
    parseStandard(schedule);
    return undefined;
  } catch (error) {
    if (error instanceof CronError) return error.message;
    throw error;
  }
}

function parseStandard(schedule: string): void {
  if (schedule.length === 0) throw new CronError('empty spec string');
  let spec = schedule;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const name = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    if (!isTimeZone(name)) throw new CronError(`provided bad location ${name}: unknown time zone ${name}`);
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    parseDescriptor(spec);
    return;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) {
    throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  }
  fields.forEach((field, i) => {
    for (const range of field.split(',').filter((r) => r !== '')) parseRange(range, FIELDS[i]!);
  });
}

function parseDescriptor(descriptor: string): void {
  if (DESCRIPTORS.has(descriptor)) return;
  if (descriptor.startsWith(EVERY)) {
    try {
      parseGoDuration(descriptor.slice(EVERY.length));
    } catch (error) {
      throw new CronError(`failed to parse duration ${descriptor}: ${(error as Error).message}`);
    }
    return;
  }
  throw new CronError(`unrecognized descriptor: ${descriptor}`);
}

/** getRange: `*`, `?`, `n`, `n-m`, each optionally `/step`. */
function parseRange(expression: string, bounds: Bounds): void {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, bounds.names);
    else throw new CronError(`too many hyphens: ${expression}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNonNegativeInt(rangeAndStep[1]!);
    if (single) end = bounds.max;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expression}`);
  }
  if (start < bounds.min) {
    throw new CronError(`beginning of range (${start}) below minimum (${bounds.min}): ${expression}`);
  }
  if (end > bounds.max)
    throw new CronError(`end of range (${end}) above maximum (${bounds.max}): ${expression}`);
  if (start > end) {
    throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expression}`);
  }
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expression}`);
}

function parseIntOrName(text: string, names: Bounds['names']): number {
  const named = names?.[text.toLowerCase()];
  return named ?? parseNonNegativeInt(text);
}

/** mustParseInt: strconv.Atoi, then no negatives. */
function parseNonNegativeInt(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) {
    throw new CronError(
      `failed to parse int from ${text}: strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`,
    );
  }
  const value = BigInt(text);
  if (value > MAX_INT64 || value < -MAX_INT64 - 1n) {
    throw new CronError(
      `failed to parse int from ${text}: strconv.Atoi: parsing ${goQuote(text)}: value out of range`,
    );
  }
  if (value < 0n) throw new CronError(`negative number (${value}) not allowed: ${text}`);
  return Number(value);
}

function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** Whether Go's time.LoadLocation knows the zone ("" is UTC, "Local" the local zone). */
export function isTimeZone(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

import { readdirSync, readFileSync } from 'node:fs';

/** A request body captured from kubectl 1.32.4 and the JSON decoded from it with the field tables. */
export interface CapturedSample {
  name: string;
  body: Uint8Array;
  messageType: string;
  /** The full decoded object, zero values included (as on the wire). */
  object: Record<string, unknown>;
}

const DIR = new URL('./', import.meta.url);

export function loadSamples(): CapturedSample[] {
  return readdirSync(DIR)
    .filter((file) => file.endsWith('.hex'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.hex'.length);
      const decoded = JSON.parse(readFileSync(new URL(`${name}.decoded.json`, DIR), 'utf8')) as {
        messageType: string;
        object: Record<string, unknown>;
      };
      return {
        name,
        body: new Uint8Array(Buffer.from(readFileSync(new URL(file, DIR), 'utf8').trim(), 'hex')),
        messageType: decoded.messageType,
        object: decoded.object,
      };
    });
}

export function sample(name: string): CapturedSample {
  const found = loadSamples().find((s) => s.name === name);
  if (!found) throw new Error(`no captured sample ${name}`);
  return found;
}

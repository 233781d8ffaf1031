// Types of bin/engine-bundle.js (plain JavaScript: bin/kuke.js loads it before any TypeScript loader).

/**
 * The `file:` URL of an up-to-date engine bundle under `<root>/dist/`, building it when it is
 * missing or out of date; undefined when it cannot be built (then run the sources).
 */
export function engineBundle(root?: string): Promise<string | undefined>;

/** Whether the bundle exists and every file it was built from still has the contents it had then. */
export function isFresh(outFile: string): boolean;

/** Builds `outFile` (an ES module) from `entry` and writes its manifest next to it. */
export function buildBundle(entry: string, outFile: string, root?: string): Promise<void>;

import { EventEmitter } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  type Formatter,
  FormatterBuilder,
  formatterHelpers,
  type IFormatterOptions,
} from '@cucumber/cucumber';
import type { ILogger, ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { EnvelopeRedactor } from './redact-envelopes.ts';

/** A cucumber format (`html`, `junit`, `allure-cucumberjs/reporter`, …) and its file; no file: stdout. */
export type ReportFormat = readonly [specifier: string, path?: string];

export interface ReportFormattersOptions {
  formats: readonly ReportFormat[];
  /** cucumber's formatOptions (plugin formatters read their own key, e.g. `junit`). */
  formatOptions: Record<string, unknown>;
  /** The run's step definitions (from loadSupport), which the class formatters read. */
  support: ISupportCodeLibrary;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Where the run's messages go: write each as cucumber emits it, then finish once the run ends. */
export interface ReportFormatters {
  write(envelope: Envelope): void;
  /** Ends every formatter and its file; false when a report file could not be written. */
  finish(): Promise<boolean>;
}

/** A formatter plugin, the kind cucumber's html, message and junit formatters are (docs/custom_formatters.md). */
interface FormatterPlugin {
  type: 'formatter';
  formatter(context: {
    on: (key: 'message', handler: (envelope: Envelope) => void) => void;
    options: unknown;
    logger: ILogger;
    stream: Writable;
    write: (buffer: string | Uint8Array) => void;
    directory?: string;
  }): unknown;
  optionsKey?: string;
}

type FormatterImplementation = typeof Formatter | FormatterPlugin;

// cucumber's own resolution of a format name (built-ins, formatter packages, modules), so each
// format is the formatter cucumber would run for it.
const { resolveImplementation } = createRequire(import.meta.url)(
  '@cucumber/cucumber/lib/formatter/resolve_implementation',
) as { resolveImplementation: (specifier: string, cwd: string) => Promise<FormatterImplementation> };

/**
 * Runs the report formatters on cucumber's message stream with Secret values from feature files
 * redacted (EnvelopeRedactor), set up as cucumber sets up its own (runCucumber's formatters):
 * class formatters (progress, json, Allure's) get an event broadcaster and an EventDataCollector
 * fed with redacted messages, formatter plugins (html, message, junit) a redacted `message`
 * stream. Cucumber itself then runs with no formatter of its own, so nothing it prints or
 * writes sees the feature files' Secret values; the steps still get the real doc strings.
 */
export async function openReportFormatters(options: ReportFormattersOptions): Promise<ReportFormatters> {
  const broadcaster = new EventEmitter();
  const eventDataCollector = new formatterHelpers.EventDataCollector(broadcaster);
  const handlers: Array<(envelope: Envelope) => void> = [];
  const pluginCleanups: Array<() => unknown> = [];
  const endings: Array<() => Promise<unknown>> = [];
  let streamFailed = false;
  const logger: ILogger = {
    debug: () => {},
    info: (...args: unknown[]) => console.error(...args),
    warn: (...args: unknown[]) => console.error(...args),
    error: (...args: unknown[]) => console.error(...args),
  };
  for (const [specifier, path] of options.formats) {
    const stream = path ? openFile(path, () => (streamFailed = true)) : process.stdout;
    const end = async () => {
      if (stream === process.stdout) return;
      stream.end();
      await finished(stream).catch(() => (streamFailed = true));
    };
    const implementation = await resolveImplementation(specifier, options.cwd);
    if (typeof implementation === 'function') {
      const formatter = await FormatterBuilder.build(implementation, {
        env: options.env,
        cwd: options.cwd,
        eventBroadcaster: broadcaster,
        eventDataCollector,
        log: stream.write.bind(stream),
        parsedArgvOptions: options.formatOptions,
        stream,
        cleanup: end,
        // loadSupport's result is the support code library itself; its API type is opaque.
        supportCodeLibrary: options.support as unknown as IFormatterOptions['supportCodeLibrary'],
      });
      endings.push(() => formatter.finished());
      continue;
    }
    const cleanup = await implementation.formatter({
      on: (_key, handler) => handlers.push(handler),
      options: implementation.optionsKey
        ? (options.formatOptions[implementation.optionsKey] ?? {})
        : options.formatOptions,
      logger,
      stream,
      write: stream.write.bind(stream),
      ...(path ? { directory: dirname(path) } : {}),
    });
    if (typeof cleanup === 'function') pluginCleanups.push(cleanup as () => unknown);
    endings.push(end);
  }
  const redactor = new EnvelopeRedactor();
  const dispatch = (envelope: Envelope) => {
    for (const handler of handlers) handler(envelope);
    broadcaster.emit('envelope', envelope);
  };
  return {
    write(envelope) {
      for (const redacted of redactor.push(envelope)) dispatch(redacted);
    },
    async finish() {
      for (const envelope of redactor.flush()) dispatch(envelope);
      // As cucumber does: plugins' cleanups, then the class formatters and the plugins' files.
      for (const cleanup of pluginCleanups) await cleanup();
      await Promise.all(endings.map((end) => end()));
      return !streamFailed;
    },
  };
}

function openFile(path: string, onError: () => void): Writable {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path);
  stream.on('error', (error) => {
    console.error(`kuke: cannot write ${path}: ${error.message}`);
    onError();
  });
  return stream;
}

// Turns a resolved profile behaviour into the plain timeline the kubelet consumes: memory, ports, HTTP and exec
// answers, exit and logs as functions of the time since the container process started.
import { argCount, argValue } from './args.ts';
import type { Behaviour, Userland } from './profile.schema.ts';
import { EXEC_NOT_FOUND_EXIT_CODE, executableNotFoundMessage } from './pull-messages.ts';
import { runShellProgram, type ShellEffect, type ShellHost } from './shell/shell-interpreter.ts';
import { renderTemplate, type TemplateValues } from './template.ts';
import { parseBinarySize, parseDuration, parseQuantity, parseSeconds } from './units.ts';

export type PullOutcome =
  | { ok: true; durationMs: number; imageSizeBytes: number }
  | { ok: false; reason: 'ErrImagePull' | 'InvalidImageName'; message: string };

export interface HttpAnswer {
  status: number;
  body: string;
  /** Set when the port does not speak HTTP: the probe fails with this error instead of a status. */
  error?: string;
}

export interface ExecAnswer {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr as the command wrote them, in order. */
  output: Array<{ stream: 'stdout' | 'stderr'; text: string }>;
  /** How long the command runs; Infinity when it never returns (a probe then times out). */
  durationMs: number;
  /** Set when the runtime cannot start the program at all: runc's `OCI runtime exec failed: …`. */
  startError?: string;
}

export interface ExecOptions {
  /** The command's standard input; `open` means more may follow, so reading past `text` waits. */
  stdin?: { text: string; open: boolean };
}

export interface LogLine {
  atMs: number;
  line: string;
  stream: 'stdout' | 'stderr';
}

/** A fully resolved container timeline; every time is in milliseconds since the container process started. */
export interface ContainerBehaviour {
  /** Profile that matched, for reports. */
  profile: string;
  /** Rule of that profile that matched, if any. */
  rule?: string;
  /** The command line the container runs (entrypoint and cmd applied). */
  argv: string[];
  pull: PullOutcome;
  /** From process start until it listens / is up. */
  startupDelayMs: number;
  memoryBytesAt(msSinceStart: number): number;
  /** When memory first goes above `limitBytes`, or undefined if it never does while the process lives. */
  firstTimeMemoryExceeds(limitBytes: number): number | undefined;
  /** The most memory the process ever uses (Infinity when it grows without bound); never decreases while it lives. */
  peakMemoryBytes: number;
  /**
   * The CPU the process would use unthrottled (its demand). The kubelet reports usage capped at the
   * container's CPU limit (see `engine/kubelet/container-usage.ts`): CFS throttles, it never kills.
   */
  cpuMillicores: number;
  listensOn(port: number, msSinceStart: number): boolean;
  /** undefined means connection refused. */
  httpGet(port: number, path: string, msSinceStart: number): HttpAnswer | undefined;
  exec(command: string[], msSinceStart: number, options?: ExecOptions): ExecAnswer;
  exit?: { afterMs: number; code: number };
  logs(untilMs: number): LogLine[];
  /** What the simulation could not model faithfully (unsupported shell forms, unknown programs). */
  warnings: string[];
}

/** Memory of a process whose behaviour does not say. */
export const DEFAULT_MEMORY_BYTES = 1024 * 1024;
/** Answer for an HTTP path that nothing matches, as Go's net/http gives it. */
export const DEFAULT_NOT_FOUND = { status: 404, body: '404 page not found\n' } as const;
export const MALFORMED_HTTP_RESPONSE = 'malformed HTTP response';
const MAX_REPEATED_LOG_LINES = 10_000;

export interface BehaviourInput {
  profile: string;
  rule?: string;
  behaviour: Behaviour;
  pull: PullOutcome;
  userland: Userland;
  /** The full command line. */
  argv: string[];
  /** The command line with entrypoint wrappers removed: what rules and arguments are read from. */
  program: string[];
  image: string;
  env: Record<string, string>;
  hostname: string;
  stdinOpen: boolean;
  readFile?: (path: string) => string | undefined;
  listDir?: (path: string) => string[] | undefined;
  startTimeMs?: number;
  /** Whether the image has a program of this name (without its directory); all are taken to exist without it. */
  hasProgram?: (name: string) => boolean;
  warnings: string[];
}

const ms = (text: string | undefined, fallback: number): number =>
  text === undefined ? fallback : (parseDuration(text) ?? fallback);

/** A deterministic, lazily extended list of the effects of the container's shell program. */
class ShellStream {
  readonly effects: ShellEffect[] = [];
  private readonly source: Iterator<ShellEffect>;
  private finished = false;

  constructor(argv: string[], host: ShellHost, warnings: string[]) {
    this.source = runShellProgram(argv, host, { warnings });
  }

  /** Pulls effects until one is later than `untilMs` or the program ends. */
  extendTo(untilMs: number): void {
    while (!this.finished) {
      const last = this.effects[this.effects.length - 1];
      if (last && (last.atMs > untilMs || last.kind === 'exit' || last.kind === 'block')) return;
      this.pull();
    }
  }

  /** The first exit, block or endless-loop marker, pulling as far as needed. */
  terminal(): ShellEffect | undefined {
    for (let i = 0; ; i++) {
      while (i >= this.effects.length && !this.finished) this.pull();
      const effect = this.effects[i];
      if (!effect) return undefined;
      if (effect.kind === 'exit' || effect.kind === 'block' || effect.kind === 'endless') return effect;
    }
  }

  private pull(): void {
    const next = this.source.next();
    if (next.done) this.finished = true;
    else this.effects.push(next.value);
  }
}

function memoryFunction(
  input: BehaviourInput,
  startupDelayMs: number,
): {
  at: (t: number) => number;
  firstAbove: (limit: number) => number | undefined;
  peak: number;
} {
  const memory = input.behaviour.memory;
  if (memory?.growth) {
    const from = parseQuantity(memory.growth.from ?? '0') ?? 0;
    const rate = (parseQuantity(memory.growth.perSecond) ?? 0) / 1000;
    const max =
      memory.growth.max === undefined ? Number.POSITIVE_INFINITY : (parseQuantity(memory.growth.max) ?? 0);
    return {
      at: (t) => Math.min(max, from + rate * t),
      firstAbove: (limit) => {
        if (from > limit) return 0;
        if (rate <= 0 || max <= limit) return undefined;
        return Math.floor((limit - from) / rate) + 1;
      },
      peak: rate > 0 ? max : Math.min(max, from),
    };
  }
  if (memory?.fromArgs) {
    const spec = memory.fromArgs;
    const parse = spec.units === 'binary' ? parseBinarySize : parseQuantity;
    const sizeText = argValue(input.program, spec.sizeFlags) ?? spec.default;
    const size = sizeText === undefined ? 0 : (parse(sizeText) ?? 0);
    const count = spec.countFlags ? argCount(input.program, spec.countFlags, spec.countDefault ?? 1) : 1;
    const base = parseQuantity(spec.base ?? '0') ?? 0;
    const total = size * count;
    const ramp = ms(spec.ramp, 0);
    const at = (t: number): number => {
      if (t < startupDelayMs) return base;
      if (ramp <= 0) return base + total;
      return base + total * Math.min(1, (t - startupDelayMs) / ramp);
    };
    return {
      at,
      firstAbove: (limit) => {
        if (base > limit) return 0;
        if (base + total <= limit) return undefined;
        if (ramp <= 0) return startupDelayMs;
        return startupDelayMs + Math.floor(((limit - base) / total) * ramp) + 1;
      },
      peak: base + total,
    };
  }
  const constant = memory?.bytes === undefined ? DEFAULT_MEMORY_BYTES : (parseQuantity(memory.bytes) ?? 0);
  return {
    at: () => constant,
    firstAbove: (limit) => (constant > limit ? 0 : undefined),
    peak: constant,
  };
}

function cpuMillicores(input: BehaviourInput): number {
  const cpu = input.behaviour.cpu;
  if (cpu?.fromArgs) {
    return (
      argCount(input.program, cpu.fromArgs.countFlags, cpu.fromArgs.countDefault ?? 0) *
      cpu.fromArgs.millicoresEach
    );
  }
  return cpu?.millicores ?? 0;
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return path === pattern;
}

const inWindow = (t: number, after: number, until: number | undefined) =>
  t >= after && (until === undefined || t < until);

/** Splits output chunks into log lines; a line belongs to the time of the chunk that ends it. */
function toLines(chunks: Array<{ atMs: number; stream: 'stdout' | 'stderr'; text: string }>): LogLine[] {
  const lines: LogLine[] = [];
  const pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  for (const chunk of chunks) {
    const parts = (pending[chunk.stream] + chunk.text).split('\n');
    pending[chunk.stream] = parts.pop() ?? '';
    for (const line of parts) lines.push({ atMs: chunk.atMs, line, stream: chunk.stream });
  }
  const last = chunks[chunks.length - 1]?.atMs ?? 0;
  for (const stream of ['stdout', 'stderr'] as const) {
    if (pending[stream] !== '') lines.push({ atMs: last, line: pending[stream], stream });
  }
  return lines;
}

/** Builds the container timeline for one resolved behaviour. */
export function buildContainerBehaviour(input: BehaviourInput): ContainerBehaviour {
  const b = input.behaviour;
  const warnings = input.warnings;
  const values: TemplateValues = {
    hostname: input.hostname,
    image: input.image,
    env: input.env,
    argv: input.program,
  };
  const render = (text: string | undefined, request?: TemplateValues['request']) =>
    text === undefined ? '' : renderTemplate(text, request ? { ...values, request } : values);
  const startupDelayMs = ms(b.startupDelay, 0);
  const shellHost: ShellHost = {
    flavour: input.userland === 'busybox' ? 'busybox' : 'gnu',
    hostname: input.hostname,
    env: Object.entries(input.env),
    stdinOpen: input.stdinOpen,
    ...(input.readFile ? { readFile: input.readFile } : {}),
    ...(input.listDir ? { listDir: input.listDir } : {}),
    ...(input.startTimeMs !== undefined ? { startTimeMs: input.startTimeMs } : {}),
    mainProcess: input.argv.join(' '),
  };
  const shell = b.shell ? new ShellStream(input.program, shellHost, warnings) : undefined;

  let exit: { afterMs: number; code: number } | undefined;
  if (b.exit?.after !== undefined) exit = { afterMs: ms(b.exit.after, 0), code: b.exit.code };
  else if (b.exit?.afterFromArgs) {
    const value = argValue(input.program, b.exit.afterFromArgs.flags);
    const after = value === undefined ? undefined : parseSeconds(value);
    if (after !== undefined) exit = { afterMs: after, code: b.exit.code };
  } else if (shell) {
    const terminal = shell.terminal();
    if (terminal?.kind === 'exit') exit = { afterMs: terminal.atMs, code: terminal.code };
  }
  const alive = (t: number) => t >= 0 && (exit === undefined || t < exit.afterMs);

  const memory = memoryFunction(input, startupDelayMs);
  const listen = (b.listen ?? []).map((l) => ({
    port: l.port ?? Number(argValue(input.program, l.fromArgs?.flags ?? []) ?? l.fromArgs?.default),
    after: ms(l.after, startupDelayMs),
    until: l.until === undefined ? undefined : ms(l.until, 0),
  }));
  const listensOn = (port: number, t: number) =>
    alive(t) && listen.some((l) => l.port === port && inWindow(t, l.after, l.until));
  const http = (b.http ?? []).map((h) => ({
    ...h,
    from: ms(h.after, 0),
    to: h.until === undefined ? undefined : ms(h.until, 0),
  }));

  // Files written or removed by commands run in the container (exec, probes, hooks): the writable
  // layer keeps them for later commands until the container goes.
  const execWrites: Array<{ atMs: number; path: string; content: string | null }> = [];

  function fileSnapshot(t: number): Map<string, string | null> {
    const writes: Array<{ atMs: number; path: string; content: string | null }> = [];
    if (shell) {
      shell.extendTo(t);
      for (const effect of shell.effects) {
        if (effect.atMs > t) break;
        if (effect.kind === 'file')
          writes.push({ atMs: effect.atMs, path: effect.path, content: effect.content ?? null });
      }
    }
    for (const write of execWrites) if (write.atMs <= t) writes.push(write);
    writes.sort((a, b) => a.atMs - b.atMs);
    return new Map(writes.map((w) => [w.path, w.content]));
  }

  function runExec(command: string[], t: number, stdin: ExecOptions['stdin']): ExecAnswer {
    const output: ExecAnswer['output'] = [];
    const answer = (exitCode: number, durationMs: number): ExecAnswer => {
      const text = (stream: 'stdout' | 'stderr') =>
        output
          .filter((chunk) => chunk.stream === stream)
          .map((chunk) => chunk.text)
          .join('');
      return { exitCode, stdout: text('stdout'), stderr: text('stderr'), output, durationMs };
    };
    for (const effect of runShellProgram(
      command,
      { ...shellHost, stdinOpen: stdin?.open ?? false },
      {
        startMs: t,
        files: fileSnapshot(t),
        warnings,
        ...(stdin && !stdin.open ? { stdin: stdin.text } : {}),
      },
    )) {
      if (effect.kind === 'output') output.push({ stream: effect.stream, text: effect.text });
      if (effect.kind === 'file')
        execWrites.push({ atMs: effect.atMs, path: effect.path, content: effect.content ?? null });
      if (effect.kind === 'exit') return answer(effect.code, effect.atMs - t);
      if (effect.kind === 'block') break;
    }
    return answer(0, Number.POSITIVE_INFINITY);
  }

  const behaviour: ContainerBehaviour = {
    profile: input.profile,
    argv: input.argv,
    pull: input.pull,
    startupDelayMs,
    memoryBytesAt: (t) => (alive(t) ? Math.floor(memory.at(t)) : 0),
    firstTimeMemoryExceeds: (limit) => {
      const at = memory.firstAbove(limit);
      return at === undefined || (exit !== undefined && at >= exit.afterMs) ? undefined : at;
    },
    peakMemoryBytes: Number.isFinite(memory.peak) ? Math.floor(memory.peak) : memory.peak,
    cpuMillicores: cpuMillicores(input),
    listensOn,
    httpGet(port, rawPath, t) {
      if (!listensOn(port, t)) return undefined;
      const path = rawPath.split('?')[0] ?? rawPath;
      const forPort = http.filter((h) => h.port === undefined || h.port === port);
      const answer = forPort.filter((h) => pathMatches(h.path, path) && inWindow(t, h.from, h.to)).pop();
      const request = { path, port };
      if (answer) return { status: answer.status ?? 200, body: render(answer.body, request) };
      if (forPort.length === 0 && !b.httpDefault)
        return { status: 0, body: '', error: MALFORMED_HTTP_RESPONSE };
      const fallback = b.httpDefault ?? DEFAULT_NOT_FOUND;
      return { status: fallback.status, body: render(fallback.body, request) };
    },
    exec(command, t, options = {}) {
      const line = command.join(' ');
      const answer = (b.exec ?? [])
        .filter(
          (e) =>
            new RegExp(`^(?:${e.command})$`).test(line) &&
            inWindow(t, ms(e.after, 0), e.until === undefined ? undefined : ms(e.until, 0)),
        )
        .pop();
      if (answer) {
        const stdout = render(answer.stdout);
        const stderr = render(answer.stderr);
        return {
          exitCode: answer.exitCode ?? 0,
          stdout,
          stderr,
          output: [
            ...(stdout ? [{ stream: 'stdout' as const, text: stdout }] : []),
            ...(stderr ? [{ stream: 'stderr' as const, text: stderr }] : []),
          ],
          durationMs: 0,
        };
      }
      const program = command[0] ?? '';
      const name = program.slice(program.lastIndexOf('/') + 1);
      if (input.userland === 'none' || (input.hasProgram && !input.hasProgram(name))) {
        const message = executableNotFoundMessage(program);
        return {
          exitCode: EXEC_NOT_FOUND_EXIT_CODE,
          stdout: '',
          stderr: `${message}\r\n`,
          output: [{ stream: 'stderr', text: `${message}\r\n` }],
          durationMs: 0,
          startError: message,
        };
      }
      return runExec(command, t, options.stdin);
    },
    logs(untilMs) {
      const end = exit === undefined ? untilMs : Math.min(untilMs, exit.afterMs);
      const chunks: Array<{ atMs: number; stream: 'stdout' | 'stderr'; text: string }> = [];
      for (const log of b.logs ?? []) {
        const first = ms(log.after, 0);
        const every = log.every === undefined ? undefined : ms(log.every, 0);
        const text = `${render(log.line)}\n`;
        const stream = log.stream ?? 'stdout';
        for (let at = first, n = 0; at <= end && n < MAX_REPEATED_LOG_LINES; n++) {
          chunks.push({ atMs: at, stream, text });
          if (!every) break;
          at += every;
        }
      }
      if (shell) {
        shell.extendTo(end);
        for (const effect of shell.effects) {
          if (effect.atMs > end) break;
          if (effect.kind === 'output') chunks.push(effect);
        }
      }
      return toLines(chunks.sort((a, c) => a.atMs - c.atMs));
    },
    warnings,
  };
  if (input.rule !== undefined) behaviour.rule = input.rule;
  if (exit) behaviour.exit = exit;
  return behaviour;
}

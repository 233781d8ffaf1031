// A safe, deterministic interpreter for parsed shell scripts. Nothing touches the real machine: time is simulated
// (sleep moves a virtual clock), files live in an overlay over the container's mounted files, and unknown programs are
// assumed to succeed silently (each reported as a warning).
import { parseSeconds } from '../units.ts';
import {
  type AndOr,
  type Command,
  type List,
  type Pipeline,
  parseShell,
  type Redirect,
  type Word,
} from './shell-parser.ts';

export type ShellFlavour = 'busybox' | 'gnu';

/** What the script did, in order of time. */
export type ShellEffect =
  | { kind: 'output'; atMs: number; stream: 'stdout' | 'stderr'; text: string }
  | { kind: 'file'; atMs: number; path: string; content: string | undefined }
  /** From here on the script loops forever; it can still produce output and files. */
  | { kind: 'endless'; atMs: number }
  | { kind: 'exit'; atMs: number; code: number }
  /** The script waits forever (sleep infinity, tail -f, wait on such a job, read on an open stdin). */
  | { kind: 'block'; atMs: number };

/** The container around the script. */
export interface ShellHost {
  flavour: ShellFlavour;
  hostname: string;
  /** Exported environment, in the order the container sees it. */
  env: ReadonlyArray<readonly [string, string]>;
  readFile?: (path: string) => string | undefined;
  listDir?: (path: string) => string[] | undefined;
  /** Whether the container's stdin stays open (`stdin: true`): then `sh` with no script and `cat` wait. */
  stdinOpen?: boolean;
  /** Wall-clock time of the process start, for `date`. */
  startTimeMs?: number;
  /** The command line of the container's main process (PID 1), for `ps`. */
  mainProcess?: string;
}

/** Programs the interpreter runs itself. */
export const SHELL_PROGRAMS: ReadonlySet<string> = new Set([
  'sh',
  'ash',
  'bash',
  'dash',
  ':',
  'true',
  'false',
  'echo',
  'printf',
  'sleep',
  'exit',
  'cat',
  'tail',
  'touch',
  'rm',
  'mkdir',
  'ls',
  'cp',
  'env',
  'printenv',
  'hostname',
  'date',
  'test',
  '[',
  'seq',
  'export',
  'unset',
  'set',
  'trap',
  'cd',
  'pwd',
  'wait',
  'read',
  'exec',
  'break',
  'continue',
  'chmod',
  'chown',
  'ln',
  'ps',
]);

const STEP_BUDGET = 20_000;
const SHELL_NAMES = new Set(['sh', 'ash', 'bash', 'dash']);

class ExitSignal {
  constructor(readonly code: number) {}
}
class BlockSignal {}
class BudgetSignal {}
class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    readonly levels: number,
  ) {}
}

type Sink =
  | { kind: 'log'; stream: 'stdout' | 'stderr' }
  | { kind: 'capture'; chunks: string[] }
  | { kind: 'file'; path: string }
  | { kind: 'null' };

interface Io {
  stdout: Sink;
  stderr: Sink;
  /** Piped or redirected input; undefined means the container's own stdin. */
  stdin: string | undefined;
}

type Gen<T> = Generator<ShellEffect, T, void>;
type Builtin = (run: ShellRun, args: string[], io: Io) => Gen<number> | number;

interface Variable {
  value: string;
  exported: boolean;
}

/** One run of a script: the simulated clock, variables, files and background jobs. */
class ShellRun {
  now: number;
  vars = new Map<string, Variable>();
  files: Map<string, string | null>;
  cwd = '/';
  status = 0;
  steps = 0;
  jobs: number[] = [];
  positional: string[] = [];
  readonly warnings: string[];

  constructor(
    readonly host: ShellHost,
    startMs: number,
    files: Map<string, string | null>,
    warnings: string[],
  ) {
    this.now = startMs;
    this.files = files;
    this.warnings = warnings;
    this.vars.set('PATH', {
      value: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      exported: true,
    });
    this.vars.set('HOSTNAME', { value: host.hostname, exported: true });
    for (const [name, value] of host.env) this.vars.set(name, { value, exported: true });
    if (!this.vars.has('HOME')) this.vars.set('HOME', { value: '/root', exported: true });
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  variable(name: string): string | undefined {
    if (name === '?') return String(this.status);
    if (name === '$') return '1';
    if (name === '!') return String(this.jobs.length + 1);
    if (name === '#') return String(this.positional.length);
    if (name === '@' || name === '*') return this.positional.join(' ');
    if (/^[0-9]$/.test(name)) return name === '0' ? 'sh' : this.positional[Number(name) - 1];
    return this.vars.get(name)?.value;
  }

  path(p: string): string {
    const joined = p.startsWith('/') ? p : `${this.cwd.replace(/\/$/, '')}/${p}`;
    const out: string[] = [];
    for (const segment of joined.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') out.pop();
      else out.push(segment);
    }
    return `/${out.join('/')}`;
  }

  readFile(p: string): string | undefined {
    const path = this.path(p);
    if (path === '/dev/null') return '';
    if (this.files.has(path)) return this.files.get(path) ?? undefined;
    if (path === '/etc/hostname') return `${this.host.hostname}\n`;
    return this.host.readFile?.(path);
  }

  listDir(p: string): string[] | undefined {
    const path = this.path(p);
    const prefix = path === '/' ? '/' : `${path}/`;
    const names = new Set(this.host.listDir?.(path) ?? []);
    let known = this.host.listDir?.(path) !== undefined;
    for (const [file, content] of this.files) {
      if (!file.startsWith(prefix)) continue;
      const name = file.slice(prefix.length).split('/')[0] ?? '';
      if (content === null) {
        if (!file.slice(prefix.length).includes('/')) names.delete(name);
      } else {
        names.add(name);
        known = true;
      }
    }
    return known ? [...names].sort() : undefined;
  }

  *writeFile(p: string, content: string | undefined): Gen<void> {
    const path = this.path(p);
    this.files.set(path, content ?? null);
    yield { kind: 'file', atMs: this.now, path, content };
  }

  *write(sink: Sink, text: string): Gen<void> {
    if (text === '') return;
    if (sink.kind === 'log') yield { kind: 'output', atMs: this.now, stream: sink.stream, text };
    else if (sink.kind === 'capture') sink.chunks.push(text);
    else if (sink.kind === 'file') yield* this.writeFile(sink.path, (this.readFile(sink.path) ?? '') + text);
  }

  step(): void {
    if (++this.steps > STEP_BUDGET) throw new BudgetSignal();
  }

  // Evaluation

  *list(list: List, io: Io): Gen<number> {
    for (const item of list.items) {
      if (item.background) yield* this.background(item.andOr, io);
      else this.status = yield* this.andOr(item.andOr, io);
    }
    return this.status;
  }

  *background(andOr: AndOr, io: Io): Gen<void> {
    const command =
      andOr.rest.length === 0 && andOr.first.commands.length === 1 ? andOr.first.commands[0] : undefined;
    const words = command?.type === 'simple' ? command.words : [];
    const name = words[0] ? (yield* this.expandWord(words[0], io)).join(' ') : '';
    if (basename(name) === 'sleep') {
      const args: string[] = [];
      for (const w of words.slice(1)) args.push(...(yield* this.expandWord(w, io)));
      this.jobs.push(this.now + sleepMs(args));
      this.status = 0;
      return;
    }
    this.warn('background commands other than sleep run in the foreground');
    this.status = yield* this.andOr(andOr, io);
  }

  *andOr(andOr: AndOr, io: Io): Gen<number> {
    let status = yield* this.pipeline(andOr.first, io);
    for (const { op, pipeline } of andOr.rest) {
      if ((op === '&&' && status === 0) || (op === '||' && status !== 0))
        status = yield* this.pipeline(pipeline, io);
      this.status = status;
    }
    return status;
  }

  *pipeline(pipeline: Pipeline, io: Io): Gen<number> {
    let stdin = io.stdin;
    let status = 0;
    for (let i = 0; i < pipeline.commands.length; i++) {
      const command = pipeline.commands[i] as Command;
      const last = i === pipeline.commands.length - 1;
      const capture: Sink = { kind: 'capture', chunks: [] };
      status = yield* this.command(command, { ...io, stdin, stdout: last ? io.stdout : capture });
      if (!last && capture.kind === 'capture') stdin = capture.chunks.join('');
    }
    if (pipeline.negate) status = status === 0 ? 1 : 0;
    this.status = status;
    return status;
  }

  *command(command: Command, outer: Io): Gen<number> {
    this.step();
    const io = yield* this.redirect(command.redirects, outer);
    switch (command.type) {
      case 'simple':
        return yield* this.simple(command, io);
      case 'group': {
        if (!command.subshell) return yield* this.list(command.body, io);
        const saved = new Map(this.vars);
        try {
          return yield* this.list(command.body, io);
        } catch (signal) {
          if (signal instanceof ExitSignal) return signal.code;
          throw signal;
        } finally {
          this.vars = saved;
        }
      }
      case 'if': {
        for (const branch of command.branches) {
          if ((yield* this.list(branch.condition, io)) === 0) return yield* this.list(branch.body, io);
        }
        return command.otherwise ? yield* this.list(command.otherwise, io) : 0;
      }
      case 'for': {
        const items: string[] = [];
        if (command.items) for (const w of command.items) items.push(...(yield* this.expandWord(w, io)));
        else items.push(...this.positional);
        let status = 0;
        for (const item of items) {
          this.vars.set(command.name, {
            value: item,
            exported: this.vars.get(command.name)?.exported ?? false,
          });
          const outcome = yield* this.loopBody(command.body, io);
          status = outcome.status;
          if (outcome.stop) break;
        }
        return status;
      }
      case 'loop': {
        if (isEndless(command)) yield { kind: 'endless', atMs: this.now };
        let status = 0;
        for (;;) {
          const condition = yield* this.list(command.condition, io);
          if ((condition === 0) === command.until) break;
          const outcome = yield* this.loopBody(command.body, io);
          status = outcome.status;
          if (outcome.stop) break;
        }
        return status;
      }
    }
  }

  *loopBody(body: List, io: Io): Gen<{ status: number; stop: boolean }> {
    try {
      return { status: yield* this.list(body, io), stop: false };
    } catch (signal) {
      if (!(signal instanceof LoopSignal)) throw signal;
      if (signal.levels > 1) throw new LoopSignal(signal.kind, signal.levels - 1);
      return { status: 0, stop: signal.kind === 'break' };
    }
  }

  *redirect(redirects: Redirect[], io: Io): Gen<Io> {
    let result = io;
    for (const r of redirects) {
      const target = (yield* this.expandWord(r.target, io)).join(' ');
      if (r.op === '<') {
        const content = this.readFile(target);
        if (content === undefined) {
          yield* this.write(io.stderr, `sh: can't open '${target}': No such file or directory\n`);
          throw new ExitSignal(1);
        }
        result = { ...result, stdin: content };
        continue;
      }
      let sink: Sink;
      if (r.op === '>&') {
        sink = target === '2' ? result.stderr : target === '1' ? result.stdout : { kind: 'null' };
      } else if (target === '/dev/null') {
        sink = { kind: 'null' };
      } else if (target === '/dev/stdout' || target === '/proc/1/fd/1') {
        sink = result.stdout;
      } else if (target === '/dev/stderr' || target === '/proc/1/fd/2') {
        sink = result.stderr;
      } else {
        if (r.op === '>') yield* this.writeFile(target, '');
        sink = { kind: 'file', path: target };
      }
      result = r.fd === 2 ? { ...result, stderr: sink } : { ...result, stdout: sink };
    }
    return result;
  }

  *simple(command: Extract<Command, { type: 'simple' }>, io: Io): Gen<number> {
    const values: Array<[string, string]> = [];
    for (const a of command.assignments)
      values.push([a.name, (yield* this.expandWord(a.value, io, false)).join('')]);
    const argv: string[] = [];
    for (const w of command.words) argv.push(...(yield* this.expandWord(w, io)));
    if (argv.length === 0) {
      for (const [name, value] of values) {
        this.vars.set(name, { value, exported: this.vars.get(name)?.exported ?? false });
      }
      return this.status;
    }
    const previous = values.map(([name]) => [name, this.vars.get(name)] as const);
    for (const [name, value] of values) this.vars.set(name, { value, exported: true });
    try {
      return yield* this.run(argv, io);
    } finally {
      for (const [name, variable] of previous) {
        if (variable) this.vars.set(name, variable);
        else this.vars.delete(name);
      }
    }
  }

  *run(argv: string[], io: Io): Gen<number> {
    const name = argv[0] ?? '';
    const program = basename(name);
    const builtin = BUILTINS[program];
    if (builtin) {
      const result = builtin(this, argv.slice(1), io);
      return typeof result === 'number' ? result : yield* result;
    }
    this.warn(`program "${name}" is not simulated; it is taken to succeed with no output`);
    return 0;
  }

  *expandWord(word: Word, io: Io, split = true): Gen<string[]> {
    const fields: string[] = [''];
    let quotedSeen = false;
    for (const part of word) {
      let text: string;
      if (part.type === 'literal') text = part.text;
      else if (part.type === 'variable') {
        text = this.variable(part.name) ?? '';
        if (text === '' && part.fallback) text = (yield* this.expandWord(part.fallback, io, false)).join('');
      } else if (part.type === 'arithmetic') {
        text = String(this.arithmetic(part.expression));
      } else {
        text = (yield* this.substitute(part.source, io)).replace(/\n+$/, '');
      }
      if (part.quoted) quotedSeen = true;
      if (part.quoted || part.type === 'literal' || !split) {
        fields[fields.length - 1] += text;
      } else {
        const pieces = text.split(/[ \t\n]+/);
        fields[fields.length - 1] += pieces[0] ?? '';
        for (const piece of pieces.slice(1)) fields.push(piece);
      }
    }
    return fields.filter((f, i) => f !== '' || quotedSeen || (i > 0 && i < fields.length - 1));
  }

  *substitute(source: string, io: Io): Gen<string> {
    const capture: Sink = { kind: 'capture', chunks: [] };
    const saved = new Map(this.vars);
    try {
      yield* this.list(parseShell(source), { ...io, stdout: capture });
    } catch (signal) {
      if (!(signal instanceof ExitSignal)) throw signal;
    } finally {
      this.vars = saved;
    }
    return capture.kind === 'capture' ? capture.chunks.join('') : '';
  }

  arithmetic(expression: string): number {
    return evaluateArithmetic(expression, (name) => Number.parseInt(this.variable(name) ?? '0', 10) || 0);
  }
}

/** Whether a loop obviously never ends: `while true`/`while :`/`until false` without exit, break or exec. */
function isEndless(loop: Extract<Command, { type: 'loop' }>): boolean {
  const condition = loop.condition.items;
  if (condition.length !== 1) return false;
  const only = condition[0]?.andOr;
  const command =
    only?.rest.length === 0 && only.first.commands.length === 1 ? only.first.commands[0] : undefined;
  if (command?.type !== 'simple' || command.words.length !== 1) return false;
  const word = wordText(command.words[0]);
  const endlessCondition = loop.until ? word === 'false' : word === 'true' || word === ':';
  return endlessCondition && !mentions(loop.body, new Set(['exit', 'break', 'exec', 'return']));
}

function wordText(word: Word | undefined): string | undefined {
  if (!word || word.some((p) => p.type !== 'literal')) return undefined;
  return word.map((p) => (p.type === 'literal' ? p.text : '')).join('');
}

function mentions(list: List, names: Set<string>): boolean {
  const inCommand = (c: Command): boolean => {
    switch (c.type) {
      case 'simple': {
        if (c.words.length === 0) return false;
        const text = wordText(c.words[0]);
        return text === undefined || names.has(text) || SHELL_NAMES.has(basename(text));
      }
      case 'group':
      case 'for':
        return mentions(c.body, names);
      case 'loop':
        return mentions(c.condition, names) || mentions(c.body, names);
      case 'if':
        return (
          c.branches.some((b) => mentions(b.condition, names) || mentions(b.body, names)) ||
          (c.otherwise ? mentions(c.otherwise, names) : false)
        );
    }
  };
  return list.items.some(({ andOr }) =>
    [andOr.first, ...andOr.rest.map((r) => r.pipeline)].some((p) => p.commands.some(inCommand)),
  );
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function sleepMs(args: string[]): number {
  let total = 0;
  for (const arg of args) {
    if (arg === 'infinity' || arg === 'inf') return Number.POSITIVE_INFINITY;
    total += parseSeconds(arg) ?? 0;
  }
  return total;
}

// Arithmetic: integers, variables, + - * / % ( ), comparisons and unary minus.
function evaluateArithmetic(expression: string, variable: (name: string) => number): number {
  const tokens = expression.match(/\$?[A-Za-z_][A-Za-z0-9_]*|[0-9]+|<=|>=|==|!=|&&|\|\||[-+*/%()<>!]/g) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const binary =
    (ops: string[], next: () => number, apply: (op: string, a: number, b: number) => number) => () => {
      let value = next();
      while (ops.includes(peek() ?? '')) {
        const op = tokens[pos++] ?? '';
        value = apply(op, value, next());
      }
      return value;
    };
  const primary = (): number => {
    const t = tokens[pos++];
    if (t === undefined) return 0;
    if (t === '(') {
      const value = or();
      pos++;
      return value;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() === 0 ? 1 : 0;
    if (/^[0-9]+$/.test(t)) return Number(t);
    return variable(t.replace(/^\$/, ''));
  };
  const product = binary(['*', '/', '%'], primary, (op, a, b) =>
    op === '*' ? a * b : b === 0 ? 0 : op === '/' ? Math.trunc(a / b) : a % b,
  );
  const sum = binary(['+', '-'], product, (op, a, b) => (op === '+' ? a + b : a - b));
  const compare = binary(['<', '>', '<=', '>=', '==', '!='], sum, (op, a, b) => {
    const result = { '<': a < b, '>': a > b, '<=': a <= b, '>=': a >= b, '==': a === b, '!=': a !== b }[op];
    return result ? 1 : 0;
  });
  const and = binary(['&&'], compare, (_op, a, b) => (a !== 0 && b !== 0 ? 1 : 0));
  const or = binary(['||'], and, (_op, a, b) => (a !== 0 || b !== 0 ? 1 : 0));
  return or();
}

// Builtins

const noop = (): number => 0;
const fail = (): number => 1;

function notFound(run: ShellRun, program: string, path: string): string {
  if (run.host.flavour === 'busybox') {
    const verb = program === 'rm' ? 'remove' : 'open';
    return program === 'ls'
      ? `ls: ${path}: No such file or directory\n`
      : `${program}: can't ${verb} '${path}': No such file or directory\n`;
  }
  if (program === 'rm') return `rm: cannot remove '${path}': No such file or directory\n`;
  if (program === 'ls') return `ls: cannot access '${path}': No such file or directory\n`;
  return `${program}: ${path}: No such file or directory\n`;
}

function unescapeText(text: string): string {
  return text.replace(/\\([nt\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}

function formatPrintf(format: string, args: string[]): string {
  let out = '';
  let index = 0;
  do {
    out += unescapeText(format).replace(/%([-0-9]*)([sdic%])/g, (_m, _width: string, conversion: string) => {
      if (conversion === '%') return '%';
      const arg = args[index++] ?? '';
      if (conversion === 'd' || conversion === 'i') return String(Number.parseInt(arg, 10) || 0);
      if (conversion === 'c') return arg.slice(0, 1);
      return arg;
    });
  } while (index > 0 && index < args.length);
  return out;
}

function formatDate(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${day} ${time} UTC ${d.getUTCFullYear()}`;
}

function testExpression(run: ShellRun, args: string[]): boolean {
  if (args[0] === '!') return !testExpression(run, args.slice(1));
  const andAt = args.indexOf('-a');
  if (andAt > 0)
    return testExpression(run, args.slice(0, andAt)) && testExpression(run, args.slice(andAt + 1));
  const orAt = args.indexOf('-o');
  if (orAt > 0) return testExpression(run, args.slice(0, orAt)) || testExpression(run, args.slice(orAt + 1));
  if (args.length === 0) return false;
  if (args.length === 1) return (args[0] ?? '') !== '';
  const [a = '', op = '', b = ''] = args;
  if (args.length === 2) {
    if (a === '-z') return op === '';
    if (a === '-n') return op !== '';
    if (a === '-f' || a === '-s' || a === '-r') {
      const content = run.readFile(op);
      return content !== undefined && (a !== '-s' || content !== '');
    }
    if (a === '-d') return run.listDir(op) !== undefined;
    if (a === '-e') return run.readFile(op) !== undefined || run.listDir(op) !== undefined;
    return false;
  }
  const x = Number.parseInt(a, 10);
  const y = Number.parseInt(b, 10);
  const comparisons: Record<string, boolean> = {
    '=': a === b,
    '==': a === b,
    '!=': a !== b,
    '-eq': x === y,
    '-ne': x !== y,
    '-lt': x < y,
    '-le': x <= y,
    '-gt': x > y,
    '-ge': x >= y,
  };
  return comparisons[op] ?? false;
}

function* printEnvironment(run: ShellRun, io: Io): Gen<void> {
  const lines = [...run.vars].filter(([, v]) => v.exported).map(([k, v]) => `${k}=${v.value}\n`);
  yield* run.write(io.stdout, lines.join(''));
}

function* runShell(run: ShellRun, args: string[], io: Io): Gen<number> {
  let i = 0;
  while (i < args.length && /^-[a-z]*$/.test(args[i] ?? '') && args[i] !== '-c') i++;
  let script: string | undefined;
  let positional: string[] = [];
  if (args[i] === '-c') {
    script = args[i + 1] ?? '';
    positional = args.slice(i + 3);
  } else if (args[i] !== undefined) {
    const file = args[i] ?? '';
    script = run.readFile(file);
    positional = args.slice(i + 1);
    if (script === undefined) {
      yield* run.write(io.stderr, `sh: can't open '${file}': No such file or directory\n`);
      return 127;
    }
  } else if (io.stdin !== undefined) {
    script = io.stdin;
  } else if (run.host.stdinOpen) {
    throw new BlockSignal();
  } else {
    return 0;
  }
  const saved = { vars: new Map(run.vars), positional: run.positional, cwd: run.cwd };
  run.positional = positional;
  // A script given with -c or as a file reads the shell's input; one read from the input has used it.
  const body: Io = args[i] === undefined ? { ...io, stdin: undefined } : io;
  try {
    return yield* run.list(parseShell(script), body);
  } catch (signal) {
    if (signal instanceof ExitSignal) return signal.code;
    throw signal;
  } finally {
    run.vars = saved.vars;
    run.positional = saved.positional;
    run.cwd = saved.cwd;
  }
}

const BUILTINS: Record<string, Builtin> = {
  sh: runShell,
  ash: runShell,
  bash: runShell,
  dash: runShell,
  ':': noop,
  true: noop,
  false: fail,
  trap: noop,
  set: noop,
  chmod: noop,
  chown: noop,
  ln: noop,
  mkdir() {
    return 0;
  },
  *echo(run, args, io) {
    let newline = true;
    let escapes = false;
    while (/^-[neE]+$/.test(args[0] ?? '')) {
      const flags = args.shift() ?? '';
      if (flags.includes('n')) newline = false;
      if (flags.includes('e')) escapes = true;
      if (flags.includes('E')) escapes = false;
    }
    const text = args.join(' ');
    yield* run.write(io.stdout, (escapes ? unescapeText(text) : text) + (newline ? '\n' : ''));
    return 0;
  },
  *printf(run, args, io) {
    yield* run.write(io.stdout, formatPrintf(args[0] ?? '', args.slice(1)));
    return 0;
  },
  sleep(run, args) {
    const ms = sleepMs(args);
    if (!Number.isFinite(ms)) throw new BlockSignal();
    run.now += ms;
    return 0;
  },
  exit(run, args) {
    const code = args[0] === undefined ? run.status : Number.parseInt(args[0], 10);
    throw new ExitSignal(Number.isFinite(code) ? code & 255 : 2);
  },
  break(_run, args) {
    throw new LoopSignal('break', Number(args[0] ?? 1) || 1);
  },
  continue(_run, args) {
    throw new LoopSignal('continue', Number(args[0] ?? 1) || 1);
  },
  *cat(run, args, io) {
    const files = args.filter((a) => a !== '-' && !/^-[a-zA-Z]+$/.test(a));
    if (files.length === 0) {
      if (io.stdin !== undefined) yield* run.write(io.stdout, io.stdin);
      else if (run.host.stdinOpen) throw new BlockSignal();
      return 0;
    }
    let status = 0;
    for (const file of files) {
      const content = run.readFile(file);
      if (content === undefined) {
        yield* run.write(io.stderr, notFound(run, 'cat', file));
        status = 1;
      } else yield* run.write(io.stdout, content);
    }
    return status;
  },
  *tail(run, args, io) {
    const follow = args.some((a) => /^-[a-zA-Z]*[fF]/.test(a) || a === '--follow');
    const n = /^-n$/.test(args[0] ?? '') ? Number(args[1]) : 10;
    const file = args.filter((a) => !a.startsWith('-') && a !== String(n)).pop();
    const content = file === undefined ? (io.stdin ?? '') : run.readFile(file);
    if (content === undefined) {
      yield* run.write(io.stderr, `tail: can't open '${file}': No such file or directory\n`);
      if (!follow) return 1;
    } else {
      const lines = content.replace(/\n$/, '').split('\n');
      if (content !== '') yield* run.write(io.stdout, `${lines.slice(-n).join('\n')}\n`);
    }
    if (follow) throw new BlockSignal();
    return 0;
  },
  *touch(run, args) {
    for (const file of args.filter((a) => !a.startsWith('-'))) {
      if (run.readFile(file) === undefined) yield* run.writeFile(file, '');
    }
    return 0;
  },
  *rm(run, args, io) {
    const force = args.some((a) => /^-[a-zA-Z]*f/.test(a));
    let status = 0;
    for (const file of args.filter((a) => !a.startsWith('-'))) {
      if (run.readFile(file) === undefined && run.listDir(file) === undefined) {
        if (!force) {
          yield* run.write(io.stderr, notFound(run, 'rm', file));
          status = 1;
        }
      } else yield* run.writeFile(file, undefined);
    }
    return status;
  },
  *cp(run, args, io) {
    const [from, to] = args.filter((a) => !a.startsWith('-'));
    const content = from === undefined ? undefined : run.readFile(from);
    if (content === undefined || to === undefined) {
      yield* run.write(io.stderr, notFound(run, 'cp', from ?? ''));
      return 1;
    }
    yield* run.writeFile(to, content);
    return 0;
  },
  *ls(run, args, io) {
    const paths = args.filter((a) => !a.startsWith('-'));
    let status = 0;
    for (const path of paths.length > 0 ? paths : [run.cwd]) {
      const entries = run.listDir(path);
      if (entries !== undefined) {
        if (paths.length > 1) yield* run.write(io.stdout, `${path}:\n`);
        yield* run.write(io.stdout, entries.map((e) => `${e}\n`).join(''));
      } else if (run.readFile(path) !== undefined) {
        yield* run.write(io.stdout, `${path}\n`);
      } else {
        yield* run.write(io.stderr, notFound(run, 'ls', path));
        status = run.host.flavour === 'gnu' ? 2 : 1;
      }
    }
    return status;
  },
  *env(run, args, io) {
    if (args.length > 0) return yield* run.run(args, io);
    yield* printEnvironment(run, io);
    return 0;
  },
  *printenv(run, args, io) {
    if (args.length === 0) {
      yield* printEnvironment(run, io);
      return 0;
    }
    let status = 0;
    for (const name of args) {
      const v = run.vars.get(name);
      if (v?.exported) yield* run.write(io.stdout, `${v.value}\n`);
      else status = 1;
    }
    return status;
  },
  *hostname(run, _args, io) {
    yield* run.write(io.stdout, `${run.host.hostname}\n`);
    return 0;
  },
  *ps(run, args, io) {
    if (run.host.flavour !== 'busybox') {
      run.warn('ps is simulated for busybox only; it is taken to succeed with no output');
      return 0;
    }
    // busybox ps (whatever the options): PID, USER, TIME, COMMAND; PID 1 is the main process.
    const row = (pid: number, command: string) => `${String(pid).padStart(5)} root      0:00 ${command}\n`;
    const main = run.host.mainProcess === undefined ? '' : row(1, run.host.mainProcess);
    yield* run.write(io.stdout, `PID   USER     TIME  COMMAND\n${main}${row(7, ['ps', ...args].join(' '))}`);
    return 0;
  },
  *date(run, _args, io) {
    if (run.host.startTimeMs === undefined)
      run.warn('date prints times from 1970: no container start time was given');
    yield* run.write(io.stdout, `${formatDate((run.host.startTimeMs ?? 0) + run.now)}\n`);
    return 0;
  },
  test(run, args) {
    return testExpression(run, args) ? 0 : 1;
  },
  *'['(run, args, io) {
    if (args[args.length - 1] !== ']') {
      yield* run.write(io.stderr, '[: missing ]\n');
      return 2;
    }
    return testExpression(run, args.slice(0, -1)) ? 0 : 1;
  },
  *seq(run, args, io) {
    const numbers = args.map(Number);
    const [first, step, last] =
      numbers.length >= 3 ? numbers : numbers.length === 2 ? [numbers[0], 1, numbers[1]] : [1, 1, numbers[0]];
    const lines: string[] = [];
    for (let i = first ?? 1; step && step > 0 ? i <= (last ?? 0) : i >= (last ?? 0); i += step ?? 1) {
      lines.push(`${i}\n`);
      if (lines.length > STEP_BUDGET) break;
    }
    yield* run.write(io.stdout, lines.join(''));
    return 0;
  },
  export(run, args) {
    for (const arg of args.filter((a) => !a.startsWith('-'))) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      const value = eq >= 0 ? arg.slice(eq + 1) : (run.vars.get(name)?.value ?? '');
      run.vars.set(name, { value, exported: true });
    }
    return 0;
  },
  unset(run, args) {
    for (const name of args) run.vars.delete(name);
    return 0;
  },
  cd(run, args) {
    run.cwd = run.path(args[0] ?? run.variable('HOME') ?? '/');
    return 0;
  },
  *pwd(run, _args, io) {
    yield* run.write(io.stdout, `${run.cwd}\n`);
    return 0;
  },
  wait(run) {
    if (run.jobs.length === 0) return 0;
    const end = Math.max(...run.jobs);
    run.jobs = [];
    if (!Number.isFinite(end)) throw new BlockSignal();
    run.now = Math.max(run.now, end);
    return 0;
  },
  read(run, _args, io) {
    if (io.stdin === undefined && run.host.stdinOpen) throw new BlockSignal();
    return 1;
  },
  *exec(run, args, io) {
    if (args.length === 0) return 0;
    throw new ExitSignal(yield* run.run(args, io));
  },
};

/**
 * Runs `argv` (a program the interpreter knows, e.g. `sh -c "…"` or `sleep 10`) from `startMs` and yields its
 * effects in order of time. The last effect is `exit` or `block`, unless the script loops forever with output.
 */
export function* runShellProgram(
  argv: readonly string[],
  host: ShellHost,
  options: {
    startMs?: number;
    files?: Map<string, string | null>;
    warnings?: string[];
    /** The whole standard input, already ended (an exec's stdin); else the container's own stdin. */
    stdin?: string;
  } = {},
): Generator<ShellEffect, void, void> {
  const warnings = options.warnings ?? [];
  const run = new ShellRun(host, options.startMs ?? 0, options.files ?? new Map(), warnings);
  const io: Io = {
    stdout: { kind: 'log', stream: 'stdout' },
    stderr: { kind: 'log', stream: 'stderr' },
    stdin: options.stdin,
  };
  try {
    const code = yield* run.run([...argv], io);
    yield { kind: 'exit', atMs: run.now, code };
  } catch (signal) {
    if (signal instanceof ExitSignal) yield { kind: 'exit', atMs: run.now, code: signal.code };
    else if (signal instanceof BlockSignal) yield { kind: 'block', atMs: run.now };
    else if (signal instanceof LoopSignal) yield { kind: 'exit', atMs: run.now, code: 0 };
    else if (signal instanceof BudgetSignal) {
      run.warn(`the script ran more than ${STEP_BUDGET} commands; it is taken to run forever from then on`);
      yield { kind: 'block', atMs: run.now };
    } else if (signal instanceof Error && signal.name === 'ShellSyntaxError') {
      run.warn(
        `the shell command is outside the supported subset (${signal.message}); it is taken to run forever`,
      );
      yield { kind: 'block', atMs: run.now };
    } else throw signal;
  }
}

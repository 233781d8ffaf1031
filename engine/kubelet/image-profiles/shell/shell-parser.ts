// A parser for the small subset of POSIX sh that container commands commonly use. It is deliberately limited:
// simple commands with quoting, $VAR/${VAR}/${VAR:-x}/$(…)/$((…)) expansions and redirections; `;`, `&`, `&&`, `||`, `|`;
// while/until, for, if/elif/else, `{ …; }` and `( … )`. No globbing, here-documents, functions, case or aliases.

export type WordPart =
  | { type: 'literal'; text: string; quoted: boolean }
  | { type: 'variable'; name: string; fallback?: Word; quoted: boolean }
  | { type: 'command'; source: string; quoted: boolean }
  | { type: 'arithmetic'; expression: string; quoted: boolean };

export type Word = WordPart[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export type Command =
  | {
      type: 'simple';
      assignments: Array<{ name: string; value: Word }>;
      words: Word[];
      redirects: Redirect[];
    }
  | { type: 'loop'; until: boolean; condition: List; body: List; redirects: Redirect[] }
  | { type: 'for'; name: string; items: Word[] | undefined; body: List; redirects: Redirect[] }
  | {
      type: 'if';
      branches: Array<{ condition: List; body: List }>;
      otherwise: List | undefined;
      redirects: Redirect[];
    }
  | { type: 'group'; subshell: boolean; body: List; redirects: Redirect[] };

export interface Pipeline {
  negate: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
}

export interface List {
  items: Array<{ andOr: AndOr; background: boolean }>;
}

export class ShellSyntaxError extends Error {
  override name = 'ShellSyntaxError';
}

type Token =
  | { kind: 'word'; parts: Word; raw: string }
  | { kind: 'op'; op: string; fd?: number }
  | { kind: 'newline' }
  | { kind: 'eof' };

const OPERATORS = ['&&', '||', ';;', '>>', '>&', '<&', ';', '&', '|', '(', ')', '<', '>'];
const WORD_END = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits shell source into tokens. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '\\' && source[i + 1] === '\n') {
      i += 2;
    } else if (c === '\n') {
      tokens.push({ kind: 'newline' });
      i++;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (op) {
        if (op === ';;') throw new ShellSyntaxError('case statements are not supported');
        tokens.push({ kind: 'op', op });
        i += op.length;
      } else {
        const [parts, raw, end] = readWord(source, i);
        const next = source[end];
        if (/^[0-9]$/.test(raw) && (next === '>' || next === '<')) {
          const redirect = OPERATORS.find((o) => source.startsWith(o, end)) ?? next;
          tokens.push({ kind: 'op', op: redirect, fd: Number(raw) });
          i = end + redirect.length;
        } else {
          tokens.push({ kind: 'word', parts, raw });
          i = end;
        }
      }
    }
  }
  tokens.push({ kind: 'eof' });
  return tokens;
}

function pushLiteral(parts: Word, text: string, quoted: boolean): void {
  const last = parts[parts.length - 1];
  if (last?.type === 'literal' && last.quoted === quoted) last.text += text;
  else parts.push({ type: 'literal', text, quoted });
}

/** Reads the source up to the parenthesis that closes the one just opened, skipping quoted text. */
function readBalanced(source: string, start: number, open: string, close: string): number {
  let depth = 1;
  let i = start;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
      i = end + 1;
    } else if (c === '"') {
      i = readDoubleQuotedEnd(source, i + 1);
    } else {
      if (c === open) depth++;
      else if (c === close && --depth === 0) return i;
      i++;
    }
  }
  throw new ShellSyntaxError(`missing '${close}'`);
}

function readDoubleQuotedEnd(source: string, start: number): number {
  let i = start;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '$' && source[i + 1] === '(') i = readBalanced(source, i + 2, '(', ')') + 1;
    else i++;
  }
  throw new ShellSyntaxError('unterminated quoted string');
}

/** Reads a `$…` expansion at `i` (pointing at `$`); returns the part and the index after it. */
function readDollar(source: string, i: number, quoted: boolean): [WordPart, number] {
  const next = source[i + 1] ?? '';
  if (source.startsWith('$((', i)) {
    const end = readBalanced(source, i + 3, '(', ')');
    if (source[end + 1] !== ')') throw new ShellSyntaxError("missing '))'");
    return [{ type: 'arithmetic', expression: source.slice(i + 3, end), quoted }, end + 2];
  }
  if (next === '(') {
    const end = readBalanced(source, i + 2, '(', ')');
    return [{ type: 'command', source: source.slice(i + 2, end), quoted }, end + 1];
  }
  if (next === '{') {
    const end = readBalanced(source, i + 2, '{', '}');
    const inner = source.slice(i + 2, end);
    const name = NAME_RE.exec(inner)?.[0] ?? (/^[0-9?$#@*!]$/.test(inner) ? inner : '');
    if (!name) throw new ShellSyntaxError(`bad substitution: \${${inner}}`);
    const rest = inner.slice(name.length);
    if (rest === '') return [{ type: 'variable', name, quoted }, end + 1];
    if (rest.startsWith(':-') || rest.startsWith('-')) {
      const text = rest.slice(rest.startsWith(':-') ? 2 : 1);
      const [fallback] = readWord(text, 0, true);
      return [{ type: 'variable', name, fallback, quoted }, end + 1];
    }
    throw new ShellSyntaxError(`unsupported substitution: \${${inner}}`);
  }
  const name = NAME_RE.exec(source.slice(i + 1))?.[0] ?? (/^[0-9?$#@*!]$/.test(next) ? next : '');
  if (!name) return [{ type: 'literal', text: '$', quoted }, i + 1];
  return [{ type: 'variable', name, quoted }, i + 1 + name.length];
}

/** Reads one word starting at `start`; with `whole` the entire text is one word. */
function readWord(source: string, start: number, whole = false): [Word, string, number] {
  const parts: Word = [];
  let i = start;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (!whole && WORD_END.has(c)) break;
    if (c === '\\') {
      if (source[i + 1] === '\n') i += 2;
      else {
        pushLiteral(parts, source[i + 1] ?? '', true);
        i += 2;
      }
    } else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
      pushLiteral(parts, source.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      i = readDoubleQuoted(source, i + 1, parts);
    } else if (c === '$') {
      const [part, end] = readDollar(source, i, false);
      if (part.type === 'literal') pushLiteral(parts, part.text, false);
      else parts.push(part);
      i = end;
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated command substitution');
      parts.push({ type: 'command', source: source.slice(i + 1, end), quoted: false });
      i = end + 1;
    } else {
      pushLiteral(parts, c, false);
      i++;
    }
  }
  return [parts, source.slice(start, i), i];
}

function readDoubleQuoted(source: string, start: number, parts: Word): number {
  let i = start;
  pushLiteral(parts, '', true);
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '"') return i + 1;
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (n === '\n') {
        // line continuation
      } else if ('$`"\\'.includes(n)) pushLiteral(parts, n, true);
      else pushLiteral(parts, `\\${n}`, true);
      i += 2;
    } else if (c === '$') {
      const [part, end] = readDollar(source, i, true);
      if (part.type === 'literal') pushLiteral(parts, part.text, true);
      else parts.push(part);
      i = end;
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated command substitution');
      parts.push({ type: 'command', source: source.slice(i + 1, end), quoted: true });
      i = end + 1;
    } else {
      pushLiteral(parts, c, true);
      i++;
    }
  }
  throw new ShellSyntaxError('unterminated quoted string');
}

const RESERVED = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', '}', 'in']);

/** Parses shell source into a command list. Throws ShellSyntaxError for what the subset does not cover. */
export function parseShell(source: string): List {
  const parser = new Parser(tokenize(source));
  const list = parser.list(new Set());
  parser.expectEnd();
  return list;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] ?? { kind: 'eof' };
  }

  private next(): Token {
    const token = this.peek();
    this.pos++;
    return token;
  }

  private keyword(): string | undefined {
    const t = this.peek();
    if (t.kind !== 'word' || t.parts.length !== 1) return undefined;
    const part = t.parts[0];
    return part?.type === 'literal' && !part.quoted ? part.text : undefined;
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.op === op;
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.pos++;
  }

  private expectKeyword(word: string): void {
    this.skipNewlines();
    if (this.keyword() !== word)
      throw new ShellSyntaxError(`expected '${word}' but found ${describe(this.peek())}`);
    this.pos++;
  }

  expectEnd(): void {
    this.skipNewlines();
    if (this.peek().kind !== 'eof') throw new ShellSyntaxError(`unexpected ${describe(this.peek())}`);
  }

  /** A list ending before any of the `stop` keywords, `)` or the end. */
  list(stop: Set<string>): List {
    const items: List['items'] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      const word = this.keyword();
      if (
        t.kind === 'eof' ||
        this.isOp(')') ||
        (word !== undefined && (stop.has(word) || RESERVED.has(word)))
      )
        break;
      const andOr = this.andOr();
      let background = false;
      if (this.isOp('&')) {
        background = true;
        this.pos++;
      } else if (this.isOp(';')) {
        this.pos++;
      } else if (this.peek().kind !== 'newline') {
        items.push({ andOr, background });
        break;
      }
      items.push({ andOr, background });
    }
    return { items };
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.next() as { op: '&&' | '||' }).op;
      this.skipNewlines();
      rest.push({ op, pipeline: this.pipeline() });
    }
    return { first, rest };
  }

  private pipeline(): Pipeline {
    let negate = false;
    if (this.keyword() === '!') {
      negate = true;
      this.pos++;
    }
    const commands = [this.command()];
    while (this.isOp('|')) {
      this.pos++;
      this.skipNewlines();
      commands.push(this.command());
    }
    return { negate, commands };
  }

  private command(): Command {
    const word = this.keyword();
    if (word === 'while' || word === 'until') {
      this.pos++;
      const condition = this.list(new Set(['do']));
      this.expectKeyword('do');
      const body = this.list(new Set(['done']));
      this.expectKeyword('done');
      return { type: 'loop', until: word === 'until', condition, body, redirects: this.redirects() };
    }
    if (word === 'for') {
      this.pos++;
      const name = this.next();
      if (name.kind !== 'word' || !NAME_RE.test(name.raw))
        throw new ShellSyntaxError('bad for loop variable');
      let items: Word[] | undefined;
      this.skipNewlines();
      if (this.keyword() === 'in') {
        this.pos++;
        items = [];
        while (this.peek().kind === 'word') items.push((this.next() as { parts: Word }).parts);
      }
      if (this.isOp(';')) this.pos++;
      this.expectKeyword('do');
      const body = this.list(new Set(['done']));
      this.expectKeyword('done');
      return { type: 'for', name: name.raw, items, body, redirects: this.redirects() };
    }
    if (word === 'if') {
      this.pos++;
      const branches: Array<{ condition: List; body: List }> = [];
      let otherwise: List | undefined;
      for (;;) {
        const condition = this.list(new Set(['then']));
        this.expectKeyword('then');
        const body = this.list(new Set(['elif', 'else', 'fi']));
        branches.push({ condition, body });
        this.skipNewlines();
        const k = this.keyword();
        this.pos++;
        if (k === 'elif') continue;
        if (k === 'else') {
          otherwise = this.list(new Set(['fi']));
          this.expectKeyword('fi');
        } else if (k !== 'fi') throw new ShellSyntaxError("expected 'fi'");
        break;
      }
      return { type: 'if', branches, otherwise, redirects: this.redirects() };
    }
    if (word === '{') {
      this.pos++;
      const body = this.list(new Set(['}']));
      this.expectKeyword('}');
      return { type: 'group', subshell: false, body, redirects: this.redirects() };
    }
    if (this.isOp('(')) {
      this.pos++;
      const body = this.list(new Set());
      if (!this.isOp(')')) throw new ShellSyntaxError("missing ')'");
      this.pos++;
      return { type: 'group', subshell: true, body, redirects: this.redirects() };
    }
    if (word === 'case' || word === 'function' || word === 'select') {
      throw new ShellSyntaxError(`'${word}' is not supported`);
    }
    return this.simple();
  }

  private redirects(): Redirect[] {
    const redirects: Redirect[] = [];
    for (;;) {
      const redirect = this.redirect();
      if (!redirect) return redirects;
      redirects.push(redirect);
    }
  }

  private redirect(): Redirect | undefined {
    const t = this.peek();
    if (t.kind !== 'op' || !['>', '>>', '<', '>&', '<&'].includes(t.op)) return undefined;
    this.pos++;
    const target = this.next();
    if (target.kind !== 'word') throw new ShellSyntaxError(`missing target after '${t.op}'`);
    const op = (t.op === '<&' ? '<' : t.op) as Redirect['op'];
    return { fd: t.fd ?? (op === '<' ? 0 : 1), op, target: target.parts };
  }

  private simple(): Command {
    const assignments: Array<{ name: string; value: Word }> = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const redirect = this.redirect();
      if (redirect) {
        redirects.push(redirect);
        continue;
      }
      const t = this.peek();
      if (t.kind !== 'word') break;
      if (words.length === 0) {
        const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.raw);
        const first = t.parts[0];
        if (
          assignment &&
          first?.type === 'literal' &&
          !first.quoted &&
          first.text.startsWith(assignment[0])
        ) {
          const value: Word = [
            { ...first, text: first.text.slice(assignment[0].length) },
            ...t.parts.slice(1),
          ];
          assignments.push({ name: assignment[1] ?? '', value });
          this.pos++;
          continue;
        }
      }
      words.push(t.parts);
      this.pos++;
    }
    if (words.length === 0 && assignments.length === 0 && redirects.length === 0) {
      throw new ShellSyntaxError(`unexpected ${describe(this.peek())}`);
    }
    return { type: 'simple', assignments, words, redirects };
  }
}

function describe(token: Token): string {
  if (token.kind === 'word') return `word '${token.raw}'`;
  if (token.kind === 'op') return `'${token.op}'`;
  return token.kind === 'newline' ? 'end of line' : 'end of script';
}

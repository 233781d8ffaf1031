// Schema `pattern`s are Go (RE2) regular expressions; the engine runs them as JavaScript ones,
// translating the syntax the two spell differently and rejecting what RE2 rejects with its error.

export interface CompiledPattern {
  regexp?: RegExp;
  /** regexp.Compile's error, worded as Go's regexp/syntax: `error parsing regexp: missing closing ): `(a``. */
  error?: string;
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, CompiledPattern>();

function parseError(code: string, expr: string): string {
  return `error parsing regexp: ${code}: \`${expr}\``;
}

/** The first RE2 syntax error in `pattern`, for the constructs RE2 and JavaScript disagree on. */
function re2Error(pattern: string): string | undefined {
  let depth = 0;
  let inClass = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) && inClass < 0) return parseError('invalid escape sequence', `\\${next}`);
      i++;
      continue;
    }
    if (inClass >= 0) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        if (end > 0) i = end + 1;
      } else if (c === ']' && i > inClass + 1 && !(i === inClass + 2 && pattern[inClass + 1] === '^')) {
        inClass = -1;
      }
      continue;
    }
    if (c === '[') inClass = i;
    else if (c === '(') {
      const lookaround = /^\(\?(<?[=!])/.exec(pattern.slice(i));
      if (lookaround) return parseError('invalid or unsupported Perl syntax', `(?${lookaround[1]}`);
      depth++;
    } else if (c === ')') {
      if (depth === 0) return parseError('unexpected )', pattern);
      depth--;
    } else if (c === '*' || c === '+' || c === '?') {
      const previous = pattern[i - 1];
      const groupSyntax = c === '?' && previous === '(';
      if (!groupSyntax && (i === 0 || previous === '(' || previous === '|')) {
        return parseError('missing argument to repetition operator', c);
      }
    }
  }
  if (inClass >= 0) return parseError('missing closing ]', pattern.slice(inClass));
  if (depth > 0) return parseError('missing closing )', pattern);
  return undefined;
}

/** RE2 spellings JavaScript lacks: leading flag groups, `(?P<name>`, `\A`, `\z`, `[[:alpha:]]`. */
function translate(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    source = source.slice(leading[0].length);
    if (leading[1]?.includes('i')) flags += 'i';
    if (leading[1]?.includes('m')) flags += 'm';
    if (leading[1]?.includes('s')) flags += 's';
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, negated: string, name: string) => {
      const members = POSIX_CLASSES[name];
      if (!members) return whole;
      return negated ? `^${members}` : members;
    });
  return { source, flags };
}

/** Compiles a schema pattern once; a pattern RE2 rejects carries Go's error instead of a RegExp. */
export function compileSchemaPattern(pattern: string): CompiledPattern {
  const known = cache.get(pattern);
  if (known) return known;
  let compiled: CompiledPattern;
  const error = re2Error(pattern);
  if (error) {
    compiled = { error };
  } else {
    const { source, flags } = translate(pattern);
    try {
      compiled = { regexp: new RegExp(source, `${flags}u`) };
    } catch {
      try {
        compiled = { regexp: new RegExp(source, flags) };
      } catch {
        compiled = { error: parseError('invalid or unsupported Perl syntax', pattern) };
      }
    }
  }
  cache.set(pattern, compiled);
  return compiled;
}

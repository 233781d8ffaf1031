import type { StepEntry } from '../../steps/support/step-registry.ts';

/** The catalogue steps most like an undefined step's text, best first (word-bigram similarity to pattern or example). */
export function closestSteps(text: string, entries: readonly StepEntry[], count = 3): StepEntry[] {
  const wanted = bigrams(normalise(text));
  return entries
    .map((entry) => {
      const example = entry.example.split('\n')[0]!.replace(/^(Given|When|Then|And|But) /, '');
      const score = Math.max(
        dice(wanted, bigrams(normalise(entry.pattern))),
        dice(wanted, bigrams(normalise(example))),
      );
      return { entry, score };
    })
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, count)
    .map(({ entry }) => entry);
}

/** Quoted strings and numbers become placeholders so `"web"` and `{string}` compare equal. */
function normalise(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/"[^"]*"/g, ' string ')
    .replace(/\{string\}/g, ' string ')
    .replace(/\{(int|float)\}|\b\d+\b/g, ' number ')
    .replace(/\{[a-z]+\}/g, ' value ')
    .replace(/\([a-z]+\)/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

function bigrams(words: string[]): Map<string, number> {
  const out = new Map<string, number>();
  const padded = ['^', ...words, '$'];
  for (let i = 0; i + 1 < padded.length; i++) {
    const key = `${padded[i]} ${padded[i + 1]}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  for (const word of words) out.set(word, (out.get(word) ?? 0) + 1);
  return out;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  let total = 0;
  for (const [key, n] of a) {
    shared += Math.min(n, b.get(key) ?? 0);
    total += n;
  }
  for (const n of b.values()) total += n;
  return total === 0 ? 0 : (2 * shared) / total;
}

import { DURATION_PATTERN, parseDuration } from '../../harness/expect/durations.ts';

/** The custom `{…}` parameters of kuke's steps. */
export const STEP_PARAMETER_TYPES = [
  {
    name: 'duration',
    regexp: DURATION_PATTERN,
    transformer: (text: string): number => parseDuration(text),
  },
  {
    name: 'phase',
    regexp: /Pending|Running|Succeeded|Failed|Unknown/,
    transformer: (text: string): string => text,
  },
  {
    // A cluster fixture's name, bare or quoted: `minikube`, `"three-nodes"`.
    name: 'cluster',
    regexp: /"[^"]+"|[A-Za-z0-9][\w.-]*/,
    transformer: (text: string): string => text.replace(/^"(.*)"$/, '$1'),
    // It matches any word, so snippets for undefined steps would be full of it.
    useForSnippets: false,
  },
  {
    name: 'identity',
    regexp: /user "[^"]+"|group "[^"]+"|service account "[^"]+"/,
    transformer: (text: string): string => text,
  },
];

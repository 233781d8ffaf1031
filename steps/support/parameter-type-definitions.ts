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
    name: 'identity',
    regexp: /user "[^"]+"|group "[^"]+"|service account "[^"]+"/,
    transformer: (text: string): string => text,
  },
];

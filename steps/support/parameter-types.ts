import { defineParameterType } from '@cucumber/cucumber';
import { DURATION_PATTERN, parseDuration } from '../../harness/expect/durations.ts';

defineParameterType({
  name: 'duration',
  regexp: DURATION_PATTERN,
  transformer: (text: string) => parseDuration(text),
});

defineParameterType({
  name: 'phase',
  regexp: /Pending|Running|Succeeded|Failed|Unknown/,
  transformer: (text: string) => text,
});

defineParameterType({
  name: 'identity',
  regexp: /user "[^"]+"|group "[^"]+"|service account "[^"]+"/,
  transformer: (text: string) => text,
});

// Bad values as upstream validation prints them: Go's `%#v` of maps and label selectors.
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { GoFormattedValue } from '../errors.ts';

/** `map[string]string{"a":"b", "c":"d"}` (keys sorted, as fmt prints maps); nil is `map[string]string(nil)`. */
export function goStringMap(map: Record<string, string> | null | undefined): string {
  if (!map) return 'map[string]string(nil)';
  const entries = Object.keys(map)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(map[key])}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function goRequirement(requirement: LabelSelectorRequirement): string {
  const values = requirement.values
    ? `[]string{${requirement.values.map((v) => JSON.stringify(v)).join(', ')}}`
    : '[]string(nil)';
  return `v1.LabelSelectorRequirement{Key:${JSON.stringify(requirement.key)}, Operator:${JSON.stringify(requirement.operator)}, Values:${values}}`;
}

/** `v1.LabelSelector{MatchLabels:map[string]string{…}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`. */
export function goLabelSelector(selector: LabelSelector): string {
  const expressions = selector.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${selector.matchExpressions.map(goRequirement).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(selector.matchLabels)}, MatchExpressions:${expressions}}`;
}

/** A label map as a field error's bad value. */
export function goLabelsValue(map: Record<string, string> | null | undefined): GoFormattedValue {
  return new GoFormattedValue(goStringMap(map));
}

/** A label selector as a field error's bad value. */
export function goSelectorValue(selector: LabelSelector): GoFormattedValue {
  return new GoFormattedValue(goLabelSelector(selector));
}

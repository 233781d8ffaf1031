// Bad values of CRD validation errors as Go's `%#v` prints the internal apiextensions types, e.g.
// `spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{…}: must have
// exactly one version marked as storage version`. Pointers print as addresses, which differ on every
// run upstream; the engine numbers them from a fixed base so its messages stay reproducible.
import type {
  CustomResourceColumnDefinition,
  CustomResourceDefinitionVersion,
} from 'kubernetes-types/apiextensions/v1';
import { GoFormattedValue } from '../errors.ts';
import { goQuote } from '../selectors/go-quote.ts';

class Pointers {
  private next = 0xc000_a0_0000;

  address(): string {
    const value = this.next;
    this.next += 0x100;
    return `0x${value.toString(16)}`;
  }
}

function pointer(type: string, present: boolean, pointers: Pointers): string {
  return present ? `(*${type})(${pointers.address()})` : `(*${type})(nil)`;
}

function goColumn(column: CustomResourceColumnDefinition): string {
  return `apiextensions.CustomResourceColumnDefinition{Name:${goQuote(column.name ?? '')}, Type:${goQuote(column.type ?? '')}, Format:${goQuote(column.format ?? '')}, Description:${goQuote(column.description ?? '')}, Priority:${column.priority ?? 0}, JSONPath:${goQuote(column.jsonPath ?? '')}}`;
}

function goSlice<T>(type: string, items: readonly T[] | undefined, item: (value: T) => string): string {
  if (items === undefined) return `[]${type}(nil)`;
  return `[]${type}{${items.map(item).join(', ')}}`;
}

/** One version as the internal type holds it after conversion (lifted fields already cleared). */
export interface InternalVersion {
  version: CustomResourceDefinitionVersion;
  hasSchema: boolean;
  hasSubresources: boolean;
  columns: CustomResourceColumnDefinition[] | undefined;
  selectableFields: Array<{ jsonPath?: string }> | undefined;
}

function goVersion(internal: InternalVersion, pointers: Pointers): string {
  const { version } = internal;
  return [
    `apiextensions.CustomResourceDefinitionVersion{Name:${goQuote(version.name ?? '')}`,
    `Served:${version.served === true}`,
    `Storage:${version.storage === true}`,
    `Deprecated:${version.deprecated === true}`,
    `DeprecationWarning:${pointer('string', version.deprecationWarning !== undefined, pointers)}`,
    `Schema:${pointer('apiextensions.CustomResourceValidation', internal.hasSchema, pointers)}`,
    `Subresources:${pointer('apiextensions.CustomResourceSubresources', internal.hasSubresources, pointers)}`,
    `AdditionalPrinterColumns:${goSlice('apiextensions.CustomResourceColumnDefinition', internal.columns, goColumn)}`,
    `SelectableFields:${goSlice(
      'apiextensions.SelectableField',
      internal.selectableFields,
      (f) => `apiextensions.SelectableField{JSONPath:${goQuote(f.jsonPath ?? '')}}`,
    )}}`,
  ].join(', ');
}

/** `[]apiextensions.CustomResourceDefinitionVersion{…}`, the bad value of spec.versions errors. */
export function goVersions(versions: readonly InternalVersion[]): GoFormattedValue {
  const pointers = new Pointers();
  return new GoFormattedValue(
    `[]apiextensions.CustomResourceDefinitionVersion{${versions.map((v) => goVersion(v, pointers)).join(', ')}}`,
  );
}

/** `[]string{"v1"}`, or `[]string(nil)` for none. */
export function goStrings(values: readonly string[] | undefined): GoFormattedValue {
  if (values === undefined || values === null) return new GoFormattedValue('[]string(nil)');
  return new GoFormattedValue(`[]string{${values.map((v) => goQuote(v)).join(', ')}}`);
}

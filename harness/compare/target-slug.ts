/** A folder name for a `--target` spec: `kubeconfig:./kind.kubeconfig#kind-kind` → `kubeconfig-kind.kubeconfig-kind-kind`. */
export function targetSlug(spec: string): string {
  const words = spec
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .map((word) => word.replace(/^\.+|\.+$/g, ''))
    .filter((word) => word.length > 0);
  return words.join('-') || 'target';
}

/** One distinct slug per spec, numbering repeats (`bundled`, `bundled-2`). */
export function targetSlugs(specs: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return specs.map((spec) => {
    const slug = targetSlug(spec);
    const count = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, count);
    return count === 1 ? slug : `${slug}-${count}`;
  });
}

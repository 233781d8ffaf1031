/**
 * Sets of field paths as sigs.k8s.io/structured-merge-diff keeps them (fieldpath.Set), written and read
 * as the `fieldsV1` of managedFields entries. A path is a list of path elements in their FieldsV1 form:
 * `f:<field>`, `k:<json object of the key fields>`, `v:<json value>`, `i:<index>`.
 */

/** One path element in FieldsV1 form (`f:spec`, `k:{"name":"nginx"}`, `v:"x"`, `i:0`). */
export type PathElement = string;
export type FieldPath = readonly PathElement[];

const KIND_RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

function valueRank(value: unknown): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  if (Array.isArray(value)) return 3;
  if (value !== null && typeof value === 'object') return 4;
  return 5;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** structured-merge-diff's value.Compare: numbers, then strings, bools, lists, maps, null. */
export function compareValues(a: unknown, b: unknown): number {
  const rank = valueRank(a) - valueRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'number') return (a as number) - (b as number);
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a)) {
    const other = b as unknown[];
    for (let i = 0; i < Math.min(a.length, other.length); i++) {
      const c = compareValues(a[i], other[i]);
      if (c !== 0) return c;
    }
    return a.length - other.length;
  }
  if (a !== null && typeof a === 'object') {
    return compareKeyFields(a as Record<string, unknown>, b as Record<string, unknown>);
  }
  return 0;
}

/** fieldpath's FieldList.Compare over key objects whose fields are sorted by name. */
function compareKeyFields(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const left = Object.entries(a);
  const right = Object.entries(b);
  for (let i = 0; ; i++) {
    const l = left[i];
    const r = right[i];
    if (!l && !r) return 0;
    if (!l) return -1;
    if (!r) return 1;
    const byName = compareStrings(l[0], r[0]);
    if (byName !== 0) return byName;
    const byValue = compareValues(l[1], r[1]);
    if (byValue !== 0) return byValue;
  }
}

/** Orders path elements as fieldpath.PathElement.Compare: fields, keys, values, indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const rank = (KIND_RANK[a[0]!] ?? 9) - (KIND_RANK[b[0]!] ?? 9);
  if (rank !== 0) return rank;
  const left = a.slice(2);
  const right = b.slice(2);
  switch (a[0]) {
    case 'f':
      return compareStrings(left, right);
    case 'i':
      return Number(left) - Number(right);
    default:
      return compareValues(JSON.parse(left), JSON.parse(right));
  }
}

/** The FieldsV1 element of a struct or map field. */
export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** The FieldsV1 element of an associative-list item: its key fields, sorted by name. */
export function keyElement(key: Record<string, unknown>): PathElement {
  const sorted = Object.keys(key)
    .sort(compareStrings)
    .map((name) => [name, key[name]] as const);
  return `k:${JSON.stringify(Object.fromEntries(sorted))}`;
}

/** The FieldsV1 element of a set-list item. */
export function valueElement(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

export function indexElement(index: number): PathElement {
  return `i:${index}`;
}

/** A path as fieldpath.Path.String() prints it in conflict messages: `.spec.containers[name="nginx"].image`. */
export function pathString(path: FieldPath): string {
  return path
    .map((element) => {
      const body = element.slice(2);
      switch (element[0]) {
        case 'f':
          return `.${body}`;
        case 'k': {
          const key = JSON.parse(body) as Record<string, unknown>;
          const parts = Object.entries(key).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
          return `[${parts.join(',')}]`;
        }
        case 'v':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}

/**
 * A set of field paths as a tree: each node says whether the path leading to it is itself in the set
 * (`member`) and holds the nodes below it. Immutable operations return new sets.
 */
export class FieldSet {
  member = false;
  readonly children = new Map<PathElement, FieldSet>();

  static fromPaths(paths: Iterable<FieldPath>): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Decodes a managedFields entry's `fieldsV1` (`{"f:spec":{"f:replicas":{}}}`). */
  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return set;
    for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
      if (key === '.') {
        set.member = true;
        continue;
      }
      const child = FieldSet.fromFieldsV1(value);
      if (value !== null && typeof value === 'object' && Object.keys(value).length === 0) child.member = true;
      set.children.set(key, child);
    }
    return set;
  }

  insert(path: FieldPath): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (const element of path) {
      let next = node.children.get(element);
      if (!next) {
        next = new FieldSet();
        node.children.set(element, next);
      }
      node = next;
    }
    node.member = true;
  }

  has(path: FieldPath): boolean {
    let node: FieldSet | undefined = this;
    for (const element of path) {
      node = node.children.get(element);
      if (!node) return false;
    }
    return path.length > 0 && node.member;
  }

  child(element: PathElement): FieldSet | undefined {
    return this.children.get(element);
  }

  isEmpty(): boolean {
    for (const child of this.children.values()) {
      if (child.member || !child.isEmpty()) return false;
    }
    return true;
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member || other.member;
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      out.children.set(element, theirs ? child.union(theirs) : child.clone());
    }
    for (const [element, child] of other.children) {
      if (!this.children.has(element)) out.children.set(element, child.clone());
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && other.member;
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      if (!theirs) continue;
      const both = child.intersection(theirs);
      if (both.member || both.children.size > 0) out.children.set(element, both);
    }
    return out;
  }

  /** Whether some path of this set is a path of `other`: `difference(other)` would remove it. */
  overlaps(other: FieldSet): boolean {
    if (this.member && other.member) return true;
    const [small, large] =
      this.children.size <= other.children.size
        ? [this.children, other.children]
        : [other.children, this.children];
    for (const [element, child] of small) {
      const theirs = large.get(element);
      if (theirs && (small === this.children ? child.overlaps(theirs) : theirs.overlaps(child))) return true;
    }
    return false;
  }

  /** The paths of this set that are not paths of `other` (prefixes do not matter). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && !other.member;
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      const rest = theirs ? child.difference(theirs) : child.clone();
      if (rest.member || rest.children.size > 0) out.children.set(element, rest);
    }
    return out;
  }

  /** Like difference, but a path of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && !other.member;
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      if (theirs?.member) continue;
      const rest = theirs ? child.recursiveDifference(theirs) : child.clone();
      if (rest.member || rest.children.size > 0) out.children.set(element, rest);
    }
    return out;
  }

  /** This set with every path that leads to a member also a member. */
  withAncestors(): FieldSet {
    const out = new FieldSet();
    for (const [element, child] of this.children) {
      const below = child.withAncestors();
      below.member = true;
      out.children.set(element, below);
    }
    return out;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [element, child] of this.children) out.children.set(element, child.clone());
    return out;
  }

  equals(other: FieldSet): boolean {
    if (this.member !== other.member || this.children.size !== other.children.size) return false;
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      if (!theirs || !child.equals(theirs)) return false;
    }
    return true;
  }

  /** Every member path, in fieldpath order (parents before their children). */
  paths(prefix: FieldPath = []): FieldPath[] {
    const out: FieldPath[] = [];
    for (const element of this.sortedElements()) {
      const child = this.children.get(element)!;
      const path = [...prefix, element];
      if (child.member) out.push(path);
      out.push(...child.paths(path));
    }
    return out;
  }

  /** The `fieldsV1` object: `.` for a member with children first, then the children in order. */
  toFieldsV1(): Record<string, unknown> {
    return this.writeFieldsV1({});
  }

  /** Writes this set's `fieldsV1` members into `out` (after what it already holds), in order. */
  private writeFieldsV1(out: Record<string, unknown>): Record<string, unknown> {
    for (const element of this.sortedElements()) {
      const child = this.children.get(element)!;
      if (child.children.size === 0) {
        if (child.member) out[element] = {};
        continue;
      }
      out[element] = child.writeFieldsV1(child.member ? { '.': {} } : {});
    }
    return out;
  }

  private sortedElements(): PathElement[] {
    const elements = [...this.children.keys()];
    if (elements.length < 2) return elements;
    // Field names alone (struct and map fields) order as plain strings; anything else as fieldpath does.
    if (elements.every((element) => element.startsWith('f:'))) return elements.sort(compareStrings);
    return elements.sort(comparePathElements);
  }
}

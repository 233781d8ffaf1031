import { readFileSync } from 'node:fs';

/** The only proto scalars the Kubernetes 1.32 messages use. */
export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';

/** Messages whose JSON form is not a plain object (hand-written marshalling upstream). */
export type SpecialType =
  | 'time'
  | 'microTime'
  | 'duration'
  | 'quantity'
  | 'intOrString'
  | 'rawExtension'
  | 'fieldsV1'
  | 'stringList';

/** One field of schema.generated.json. `type` is a scalar or a fully-qualified message (the value type for maps). */
export interface SchemaField {
  no: number;
  name: string;
  json: string | null;
  type: string;
  repeated?: true;
  map?: { key: ScalarType; value: string };
  inline?: true;
  pointer?: true;
}

export interface SchemaMessage {
  fields: SchemaField[];
  special?: SpecialType;
}

/** The shape of schema.generated.json. */
export interface ProtobufSchema {
  source: string[];
  /** apiVersion → kind → fully-qualified message name. */
  kinds: Record<string, Record<string, string>>;
  messages: Record<string, SchemaMessage>;
}

export interface CompiledField {
  no: number;
  name: string;
  json: string | null;
  scalar: ScalarType | null;
  message: CompiledMessage | null;
  repeated: boolean;
  map: { key: ScalarType; scalar: ScalarType | null; message: CompiledMessage | null } | null;
  inline: boolean;
  pointer: boolean;
}

export interface CompiledMessage {
  name: string;
  special: SpecialType | null;
  /** Ascending field-number order. */
  fields: CompiledField[];
  /** Indexed by field number. */
  byNumber: (CompiledField | undefined)[];
  hasMetadata: boolean;
}

export interface CompiledSchema {
  messages: Map<string, CompiledMessage>;
  kinds: Map<string, Map<string, CompiledMessage>>;
}

const SCALARS: ReadonlySet<string> = new Set<ScalarType>(['string', 'int32', 'int64', 'bool', 'bytes']);

export const SCHEMA_FILE = new URL('./schema.generated.json', import.meta.url);

export function isScalarType(type: string): type is ScalarType {
  return SCALARS.has(type);
}

let compiled: CompiledSchema | undefined;

/** The schema table, loaded and linked once on first use. */
export function protobufSchema(): CompiledSchema {
  compiled ??= compileSchema(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as ProtobufSchema);
  return compiled;
}

/** Links message references into a lookup structure; used once per process. */
export function compileSchema(schema: ProtobufSchema): CompiledSchema {
  const messages = new Map<string, CompiledMessage>();
  for (const [name, message] of Object.entries(schema.messages)) {
    messages.set(name, {
      name,
      special: message.special ?? null,
      fields: [],
      byNumber: [],
      hasMetadata: message.fields.some((f) => f.json === 'metadata'),
    });
  }
  const resolve = (type: string, where: string): CompiledMessage => {
    const target = messages.get(type);
    if (!target) throw new Error(`protobuf schema: ${where} refers to unknown message ${type}`);
    return target;
  };
  for (const [name, message] of Object.entries(schema.messages)) {
    const target = messages.get(name)!;
    const fields = [...message.fields].sort((a, b) => a.no - b.no);
    for (const f of fields) {
      const where = `${name}.${f.name}`;
      const scalar = isScalarType(f.type) ? f.type : null;
      const field: CompiledField = {
        no: f.no,
        name: f.name,
        json: f.json,
        scalar: f.map ? null : scalar,
        message: f.map || scalar ? null : resolve(f.type, where),
        repeated: f.repeated === true,
        map: f.map
          ? {
              key: f.map.key,
              scalar: isScalarType(f.map.value) ? f.map.value : null,
              message: isScalarType(f.map.value) ? null : resolve(f.map.value, where),
            }
          : null,
        inline: f.inline === true,
        pointer: f.pointer === true,
      };
      target.fields.push(field);
      target.byNumber[f.no] = field;
    }
  }
  const kinds = new Map<string, Map<string, CompiledMessage>>();
  for (const [apiVersion, byKind] of Object.entries(schema.kinds)) {
    const entry = new Map<string, CompiledMessage>();
    for (const [kind, type] of Object.entries(byKind))
      entry.set(kind, resolve(type, `${apiVersion} ${kind}`));
    kinds.set(apiVersion, entry);
  }
  return { messages, kinds };
}

/** The message a registered apiVersion/kind is written as, or undefined when the scheme does not know it. */
export function kindMessage(apiVersion: string, kind: string): CompiledMessage | undefined {
  return protobufSchema().kinds.get(apiVersion)?.get(kind);
}

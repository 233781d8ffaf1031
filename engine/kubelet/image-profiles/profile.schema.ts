// The image profile format, defined once: the TypeScript types and fixtures/images/schema.json both come from here.
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { DURATION_PATTERN, QUANTITY_PATTERN } from './units.ts';

export const IMAGE_PROFILE_API_VERSION = 'kuke.dev/v1alpha1';
export const IMAGE_PROFILE_KIND = 'ImageProfile';
export const IMAGE_PROFILE_SCHEMA_ID = 'https://kuke.dev/schemas/image-profile.v1alpha1.json';

const strict = { additionalProperties: false } as const;

const Duration = Type.String({
  pattern: DURATION_PATTERN,
  description: 'A duration such as 500ms, 10s or 1m30s, measured from the start of the container process.',
});
const Quantity = Type.String({
  pattern: QUANTITY_PATTERN,
  description: 'A Kubernetes quantity such as 40Mi, 1.5G or 512Ki.',
});
const Flags = Type.Array(Type.String({ minLength: 1 }), {
  minItems: 1,
  description:
    'Spellings of one command-line flag, e.g. ["--vm", "-m"]. Values are read from "--flag value" and "--flag=value".',
});
const Text = Type.String({
  description:
    'Text that may use {{hostname}}, {{image}}, {{env.NAME}}, {{arg.--flag}} (with a default after |, e.g. {{arg.--vm|0}}) and, in HTTP answers, {{request.path}} and {{request.port}}.',
});
const Port = Type.Integer({ minimum: 1, maximum: 65535 });

const MemoryFromArgs = Type.Object(
  {
    sizeFlags: Flags,
    units: Type.Union([Type.Literal('binary'), Type.Literal('quantity')], {
      description: 'binary: 250M means 250×1024² bytes (stress); quantity: a Kubernetes quantity.',
    }),
    default: Type.Optional(Type.String({ description: 'Size used when the size flag is absent.' })),
    countFlags: Type.Optional(Flags),
    countDefault: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Worker count when the count flag is absent.' }),
    ),
    base: Type.Optional(Quantity),
    ramp: Type.Optional(Duration),
  },
  {
    ...strict,
    description: 'Memory allocated as the product of a size argument and a worker-count argument.',
  },
);

const Memory = Type.Object(
  {
    bytes: Type.Optional(Quantity),
    growth: Type.Optional(
      Type.Object(
        { from: Type.Optional(Quantity), perSecond: Quantity, max: Type.Optional(Quantity) },
        { ...strict, description: 'Linear growth from `from`, `perSecond`, capped at `max`.' },
      ),
    ),
    fromArgs: Type.Optional(MemoryFromArgs),
  },
  { ...strict, description: 'Memory in use. Exactly one of bytes, growth, fromArgs.' },
);

const Cpu = Type.Object(
  {
    millicores: Type.Optional(Type.Integer({ minimum: 0 })),
    fromArgs: Type.Optional(
      Type.Object(
        {
          countFlags: Flags,
          countDefault: Type.Optional(Type.Integer({ minimum: 0 })),
          millicoresEach: Type.Integer({ minimum: 0 }),
        },
        strict,
      ),
    ),
  },
  { ...strict, description: 'CPU in use. Exactly one of millicores, fromArgs.' },
);

const Listen = Type.Object(
  {
    port: Type.Optional(Port),
    fromArgs: Type.Optional(Type.Object({ flags: Flags, default: Port }, strict)),
    after: Type.Optional(Duration),
    until: Type.Optional(Duration),
  },
  {
    ...strict,
    description: 'A TCP port listened on. Exactly one of port, fromArgs. `after` defaults to startupDelay.',
  },
);

const HttpAnswer = Type.Object(
  {
    port: Type.Optional(Port),
    path: Type.String({
      minLength: 1,
      description: 'Exact path (/demo/hello), prefix (/demo/*) or any path (*).',
    }),
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
    body: Type.Optional(Text),
    after: Type.Optional(Duration),
    until: Type.Optional(Duration),
  },
  {
    ...strict,
    description:
      'An HTTP answer. Without a port it applies to every port listened on. Later entries win over earlier ones.',
  },
);

const HttpDefault = Type.Object(
  { status: Type.Integer({ minimum: 100, maximum: 599 }), body: Type.Optional(Text) },
  { ...strict, description: 'Answer for paths no entry matches (default: 404 "404 page not found").' },
);

const ExecAnswer = Type.Object(
  {
    command: Type.String({
      minLength: 1,
      description: 'Regular expression matched against the whole command, its words joined by single spaces.',
    }),
    exitCode: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
    stdout: Type.Optional(Text),
    stderr: Type.Optional(Text),
    after: Type.Optional(Duration),
    until: Type.Optional(Duration),
  },
  strict,
);

const Exit = Type.Object(
  {
    after: Type.Optional(Duration),
    afterFromArgs: Type.Optional(
      Type.Object(
        { flags: Flags },
        { ...strict, description: 'Seconds as stress --timeout reads them (10, 10s, 2m).' },
      ),
    ),
    code: Type.Integer({ minimum: 0, maximum: 255 }),
  },
  { ...strict, description: 'The process exits. Exactly one of after, afterFromArgs.' },
);

const LogLine = Type.Object(
  {
    line: Text,
    after: Type.Optional(Duration),
    every: Type.Optional(Duration),
    stream: Type.Optional(Type.Union([Type.Literal('stdout'), Type.Literal('stderr')])),
  },
  strict,
);

export const BehaviourSchema = Type.Object(
  {
    startupDelay: Type.Optional(Duration),
    memory: Type.Optional(Memory),
    cpu: Type.Optional(Cpu),
    listen: Type.Optional(Type.Array(Listen)),
    http: Type.Optional(Type.Array(HttpAnswer)),
    httpDefault: Type.Optional(HttpDefault),
    exec: Type.Optional(Type.Array(ExecAnswer)),
    exit: Type.Optional(Exit),
    logs: Type.Optional(Type.Array(LogLine)),
    shell: Type.Optional(
      Type.Boolean({ description: "Run the container's command through the built-in shell interpreter." }),
    ),
  },
  { ...strict, description: 'What the container does. Fields a rule leaves out come from spec.defaults.' },
);

const Match = Type.Object(
  {
    program: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        description: 'Names of the program run (the first word of the command, without its directory).',
      }),
    ),
    args: Type.Optional(
      Type.String({
        description: "Regular expression searched in the program's arguments joined by single spaces.",
      }),
    ),
    env: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description:
          'Environment variables that must be set, each to a value matching the regular expression.',
      }),
    ),
    envUnset: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'Environment variables that must be unset or empty.',
      }),
    ),
  },
  { ...strict, description: 'All given conditions must hold.' },
);

const Rule = Type.Object(
  { name: Type.String({ minLength: 1 }), match: Match, behaviour: BehaviourSchema },
  { ...strict, description: 'The first rule whose match holds gives the behaviour, over spec.defaults.' },
);

const Image = Type.Object(
  {
    entrypoint: Type.Optional(Type.Array(Type.String())),
    cmd: Type.Optional(Type.Array(Type.String())),
    wrappers: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          'Entrypoint scripts that run their arguments (docker-entrypoint.sh). When arguments start with "-", the first word of cmd is put before them.',
      }),
    ),
    userland: Type.Optional(
      Type.Union([Type.Literal('busybox'), Type.Literal('gnu'), Type.Literal('none')], {
        description:
          'What shell and core utilities the image has, for exec and shell commands (default gnu).',
      }),
    ),
    programs: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          'Programs the image has besides its userland and its entrypoint (psql, redis-cli, curl). Exec of a program in neither fails with "executable file not found in $PATH".',
      }),
    ),
  },
  { ...strict, description: 'The image configuration: ENTRYPOINT, CMD and what is installed.' },
);

const Pull = Type.Object(
  {
    missing: Type.Optional(
      Type.Union([Type.Literal('repository'), Type.Literal('tag')], {
        description:
          'Every image this profile matches fails to pull: its repository or its tag does not exist. Such profiles are consulted before all others.',
      }),
    ),
    duration: Type.Optional(Duration),
    size: Type.Optional(Quantity),
    tags: Type.Optional(
      Type.Object(
        {
          exists: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
          missing: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
        },
        {
          ...strict,
          description:
            'Tag patterns: globs with *, or regular expressions written /like this/. With exists, other tags are missing.',
        },
      ),
    ),
  },
  strict,
);

export const ImageProfileSchema = Type.Object(
  {
    apiVersion: Type.Literal(IMAGE_PROFILE_API_VERSION),
    kind: Type.Literal(IMAGE_PROFILE_KIND),
    metadata: Type.Object(
      {
        name: Type.String({ pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' }),
        description: Type.Optional(Type.String()),
      },
      strict,
    ),
    spec: Type.Object(
      {
        images: Type.Array(Type.String({ minLength: 1 }), {
          minItems: 1,
          description:
            'Image name patterns: nginx, docker.io/library/nginx:1.*, polinux/stress*, *does-not-exist*.',
        }),
        image: Type.Optional(Image),
        pull: Type.Optional(Pull),
        defaults: Type.Optional(BehaviourSchema),
        rules: Type.Optional(Type.Array(Rule)),
      },
      strict,
    ),
  },
  {
    ...strict,
    title: 'ImageProfile',
    description: 'What containers of some images do on the bundled kubelet.',
  },
);

export type ImageProfile = Static<typeof ImageProfileSchema>;
export type Behaviour = Static<typeof BehaviourSchema>;
export type ProfileRule = Static<typeof Rule>;
export type ProfileMatch = Static<typeof Match>;
export type Userland = 'busybox' | 'gnu' | 'none';

/** The JSON Schema document written to fixtures/images/schema.json. */
export function imageProfileJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: IMAGE_PROFILE_SCHEMA_ID,
    ...plain(ImageProfileSchema),
  };
}

function plain(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}

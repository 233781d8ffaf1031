/** The parts of a V8 .cpuprofile (node --cpu-prof) the summary needs. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
}

export interface ProfileLine {
  /** Share of all samples, in percent. */
  percent: number;
  /** `function file` (the file's last two path segments). */
  frame: string;
}

export interface ProfileSummary {
  /** Time spent in the function itself. */
  self: ProfileLine[];
  /** Time spent in the function and everything it called (each frame once per sample). */
  inclusive: ProfileLine[];
}

/** The top `limit` frames of a CPU profile by self and by inclusive time. */
export function summarizeProfile(profile: CpuProfile, limit = 30): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, count] of hits) {
    const leaf = byId.get(id);
    if (!leaf) continue;
    self.set(frameOf(leaf.callFrame), (self.get(frameOf(leaf.callFrame)) ?? 0) + count);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const node = byId.get(at);
      if (!node) break;
      const frame = frameOf(node.callFrame);
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + count);
    }
  }
  const total = Math.max(1, profile.samples.length);
  const top = (counts: Map<string, number>) =>
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([frame, count]) => ({ percent: (100 * count) / total, frame }));
  return { self: top(self), inclusive: top(inclusive) };
}

function frameOf(frame: { functionName: string; url: string }): string {
  const file = frame.url.split('/').slice(-2).join('/');
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
}

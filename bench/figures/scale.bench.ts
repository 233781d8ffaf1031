import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Engine } from '../../engine/engine.ts';
import { startEngine } from '../../engine/index.ts';
import type { BenchContext } from '../support/bench-module.ts';
import { advance, benchPod, callEngine, generatedCluster } from '../support/engine-fixtures.ts';
import type { Figure } from '../support/figure.ts';
import { nowMs } from '../support/measure.ts';
import { lineChartSvg } from '../support/svg-plot.ts';
import { figure } from './catalogue.ts';

const NODES = 5_000;
const PODS = 150_000;
const BATCH = 5_000;
/** Cluster time given to each batch to start its containers, in steps of one second. */
const BATCH_CLUSTER_TIME_MS = 30_000;
/** Share of the module's budget the pod phase may use before stopping and extrapolating. */
const BUDGET_SHARE = 0.85;
const MIB = 2 ** 20;

/**
 * Kubernetes' official limits: 5,000 nodes Ready, then 150,000 pods created through the API in
 * batches of 5,000, each batch given cluster time until its pods run. Wall time from
 * `startEngine()` to the last pod Running; peak RSS; heap bytes per node and per pod (heap
 * after a full GC, before and after). If the budget runs out first, the size reached is
 * reported and the rest extrapolated linearly, and the goals are not met.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('the scale bench needs node --expose-gc');
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const emptyEngineBytes = await emptyEngineHeap(heap);
  const heapBefore = heap();
  const start = nowMs();
  const running = await startEngine({ cluster: generatedCluster(NODES) });
  const { engine } = running;
  const readyNodes = countReadyNodes(engine);
  const nodesSeconds = (nowMs() - start) / 1000;
  context.log(`${readyNodes} nodes Ready in ${nodesSeconds.toFixed(1)} s`);
  const pauseStart = nowMs();
  const heapWithNodes = heap();
  const bytesPerNode = (heapWithNodes - heapBefore - emptyEngineBytes) / NODES;
  const paused = nowMs() - pauseStart;

  const counter = runningCounter(engine);
  const progress: Array<[number, number]> = [[0, 0]];
  const deadline = start + context.budgetMs * BUDGET_SHARE + paused;
  let created = 0;
  while (created < PODS && nowMs() < deadline) {
    for (let i = 0; i < BATCH; i++, created++) {
      const reply = callEngine(
        engine,
        'POST',
        '/api/v1/namespaces/default/pods',
        benchPod(`scale-${created}`),
      );
      if (reply.status !== 201)
        throw new Error(`creating pod ${created}: ${reply.status} ${reply.body.slice(0, 200)}`);
    }
    for (let t = 0; t < BATCH_CLUSTER_TIME_MS && counter.running < created; t += 1_000)
      advance(engine, 1_000);
    const elapsed = (nowMs() - start - paused) / 1000;
    progress.push([elapsed, counter.running]);
    context.log(
      `${counter.running} of ${created} pods Running after ${elapsed.toFixed(1)} s, RSS ${(process.memoryUsage().rss / MIB).toFixed(0)} MiB`,
    );
  }
  const reached = counter.running;
  const wallSeconds = (nowMs() - start - paused) / 1000;
  const heapWithPods = heap();
  const bytesPerPod = (heapWithPods - heapWithNodes) / Math.max(1, reached);
  const peakRssMib = process.resourceUsage().maxRSS / 1024;
  counter.stop();
  await running.stop();

  const complete = reached >= PODS;
  const podSeconds = wallSeconds - nodesSeconds;
  const seconds = complete ? wallSeconds : nodesSeconds + (podSeconds * PODS) / Math.max(1, reached);
  const rss = complete ? peakRssMib : peakRssMib + ((PODS - reached) * bytesPerPod) / MIB;
  const extrapolated = complete
    ? ''
    : `extrapolated linearly from ${reached.toLocaleString('en-US')} pods Running in ${wallSeconds.toFixed(1)} s; `;
  context.plot(
    'scale-pods-running.svg',
    lineChartSvg({
      title: `kuke engine: pods Running on ${NODES.toLocaleString('en-US')} nodes over wall time`,
      xLabel: 'wall seconds since startEngine()',
      yLabel: 'pods Running',
      series: [
        { name: `pods Running (batches of ${BATCH.toLocaleString('en-US')})`, points: progress },
        ...(complete
          ? []
          : [
              {
                name: 'extrapolated',
                points: [progress.at(-1)!, [seconds, PODS]] as Array<[number, number]>,
                dashed: true,
              },
            ]),
      ],
      references: [{ value: PODS, label: 'goal: 150,000 pods' }],
    }),
  );
  return [
    figure('scale-5000-nodes-150000-pods-seconds', complete ? seconds : Math.max(seconds, 60), {
      note: `${extrapolated}5,000 nodes Ready in ${nodesSeconds.toFixed(1)} s`,
    }),
    figure('scale-peak-rss', complete ? rss : Math.max(rss, peakRssMib), {
      note: complete
        ? 'process.resourceUsage().maxRSS'
        : `measured ${peakRssMib.toFixed(0)} MiB at ${reached.toLocaleString('en-US')} pods, + bytes-per-pod for the rest`,
    }),
    figure('scale-pods-running', reached, {
      note: `of ${created.toLocaleString('en-US')} created within the budget`,
    }),
    figure('bytes-per-pod', bytesPerPod, {
      note: 'heap after GC; the pod, its events, kubelet worker and caches',
    }),
    figure('bytes-per-node', bytesPerNode, {
      note: 'heap after GC; the Node, its Lease, kubelet and caches',
    }),
  ];
}

/** Heap a 1-node engine holds, so per-node bytes leave the engine's fixed cost out. */
async function emptyEngineHeap(heap: () => number): Promise<number> {
  const before = heap();
  const small = await startEngine({ cluster: generatedCluster(1) });
  const after = heap();
  await small.stop();
  return after - before;
}

function countReadyNodes(engine: Engine): number {
  let ready = 0;
  for (const object of engine.store.list('/nodes')) {
    const node = object as unknown as Node;
    if (node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ready++;
  }
  return ready;
}

/** Counts pods in phase Running from the store's watch, without listing. */
function runningCounter(engine: Engine): { readonly running: number; stop(): void } {
  let running = 0;
  const isRunning = (object: unknown) => (object as Pod | undefined)?.status?.phase === 'Running';
  const stop = engine.store.watch('/pods', {}, (event) => {
    const now = event.type !== 'DELETED' && isRunning(event.object);
    const before =
      event.type === 'ADDED' ? false : isRunning(event.type === 'DELETED' ? event.object : event.previous);
    if (now && !before) running++;
    else if (!now && before) running--;
  });
  return {
    get running() {
      return running;
    },
    stop,
  };
}

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../engine/api/types.ts';
import { startEngine } from '../../engine/index.ts';
import type { BenchContext } from '../support/bench-module.ts';
import { benchPod, createPod, generatedCluster } from '../support/engine-fixtures.ts';
import type { Figure } from '../support/figure.ts';
import { nowMs, perSecond } from '../support/measure.ts';
import { barChartSvg } from '../support/svg-plot.ts';
import { figure } from './catalogue.ts';

interface Size {
  nodes: number;
  pods: number;
  figure?: string;
}

/** Cluster sizes, smallest first; the two of the table are kube-scheduler's own perf-gate sizes. */
const SIZES: readonly Size[] = [
  { nodes: 100, pods: 1_000 },
  { nodes: 1_000, pods: 5_000 },
  { nodes: 5_000, pods: 10_000, figure: 'scheduler-pods-per-second-10000-pods' },
  { nodes: 5_000, pods: 50_000, figure: 'scheduler-pods-per-second-50000-pods' },
];

/** Pods written to the store before each settle. */
const CHUNK = 10_000;

/** A pod spec no scheduler serves: the template is created through the API but left alone. */
const PARKED_SCHEDULER = 'bench-parked';

/**
 * Pods placed per second by the engine's scheduler controller on a fresh cluster of each size.
 * One pod is created through the API (defaulting, admission) for a scheduler no one runs; N
 * copies of it, for the default scheduler, are then written to the store (10,000 at a time),
 * and the engine's work loop is settled: informer → scheduling queue → filter/score → pods/binding,
 * with the kubelets reacting to each bind. Measured: binds counted on the store's watch over
 * the wall time of that settle.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const deadline = nowMs() + context.budgetMs;
  const figures: Figure[] = [];
  const bars: Array<{ label: string; value: number }> = [];
  for (const size of SIZES) {
    const { rate, bound, ms } = await measure(size, deadline);
    context.log(
      `${size.nodes} nodes, ${size.pods} pods: ${bound} bound in ${ms.toFixed(0)} ms = ${rate.toFixed(0)} pods/s`,
    );
    bars.push({
      label: `${size.nodes.toLocaleString('en-US')} nodes / ${size.pods.toLocaleString('en-US')} pods`,
      value: rate,
    });
    if (size.figure)
      figures.push(
        figure(size.figure, rate, {
          compare: `${(rate / 680).toFixed(1)}× kube-scheduler's 680 pods/s gate`,
          note: `${bound.toLocaleString('en-US')} of ${size.pods.toLocaleString('en-US')} bound in ${(ms / 1000).toFixed(2)} s on ${size.nodes.toLocaleString('en-US')} nodes${bound < size.pods ? ' (stopped at the time budget)' : ''}`,
        }),
      );
  }
  context.plot(
    'scheduler-throughput.svg',
    barChartSvg({
      title: 'kuke scheduler: pods placed per second by cluster size',
      unit: 'pods / s',
      bars,
      references: [
        { value: 5_000, label: 'goal 5,000' },
        { value: 810, label: "kube-scheduler's perf gate (680–810)" },
      ],
    }),
  );
  return figures;
}

/**
 * Binds per second for `size`, the pods written and settled in chunks so that a slow engine
 * stops at the deadline (with the throughput of the pods it placed) instead of overrunning.
 */
async function measure(size: Size, deadline: number): Promise<{ rate: number; bound: number; ms: number }> {
  const running = await startEngine({ cluster: generatedCluster(size.nodes) });
  const { engine } = running;
  try {
    const template = createPod(engine, benchPod('template', 'default', { schedulerName: PARKED_SCHEDULER }));
    const { resourceVersion: _rv, ...metadata } = template.metadata ?? {};
    let bound = 0;
    const stopWatch = engine.store.watch('/pods', {}, (event) => {
      if (event.type !== 'MODIFIED') return;
      const before = event.previous as unknown as Pod | undefined;
      if (!before?.spec?.nodeName && (event.object as unknown as Pod).spec?.nodeName) bound++;
    });
    let ms = 0;
    for (let written = 0; written < size.pods && (written === 0 || nowMs() < deadline); ) {
      const chunk = Math.min(CHUNK, size.pods - written);
      for (let i = written; i < written + chunk; i++) {
        engine.store.create('/pods', {
          ...template,
          metadata: {
            ...metadata,
            name: `pod-${i}`,
            uid: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
          },
          spec: { ...template.spec, schedulerName: 'default-scheduler' },
        } as unknown as KubeObject);
      }
      written += chunk;
      const start = nowMs();
      engine.settle();
      ms += nowMs() - start;
    }
    stopWatch();
    return { rate: perSecond(bound, ms), bound, ms };
  } finally {
    await running.stop();
  }
}

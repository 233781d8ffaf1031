import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barChartSvg, lineChartSvg, niceCeiling } from './svg-plot.ts';

describe('niceCeiling', () => {
  const cases: Array<[value: number, expected: number]> = [
    [0.7, 1],
    [1, 1],
    [1.2, 2],
    [3, 5],
    [5_001, 10_000],
    [680, 1_000],
    [0, 1],
  ];
  for (const [value, expected] of cases)
    it(`${value} → ${expected}`, () => assert.equal(niceCeiling(value), expected));
});

describe('charts', () => {
  it('draws one bar per value, labelled, with escaped text and reference lines', () => {
    const svg = barChartSvg({
      title: 'pods <per> second',
      unit: 'pods / s',
      bars: [
        { label: '100 nodes', value: 2_000 },
        { label: '5,000 nodes', value: 4_000 },
      ],
      references: [{ value: 5_000, label: 'goal 5,000' }],
    });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((svg.match(/<rect x=/g) ?? []).length, 2);
    assert.ok(svg.includes('pods &lt;per&gt; second'));
    assert.ok(svg.includes('>5,000 nodes<'));
    assert.ok(svg.includes('>4,000<'), 'bar values print as whole numbers');
    assert.ok(svg.includes('stroke-dasharray'));
    assert.ok(svg.trimEnd().endsWith('</svg>'));
  });
  it('draws one path per series through its points', () => {
    const svg = lineChartSvg({
      title: 'pods Running',
      xLabel: 's',
      yLabel: 'pods',
      series: [
        {
          name: 'run',
          points: [
            [0, 0],
            [10, 5_000],
            [20, 10_000],
          ],
        },
      ],
    });
    assert.match(svg, /<path d="M80\.0,336\.0 L\d+\.\d,\d+\.\d L\d+\.\d,48\.0"/);
    assert.ok(!svg.includes('stroke-dasharray'));
  });
  it('draws an extrapolated series dashed', () => {
    const svg = lineChartSvg({
      title: 't',
      xLabel: 's',
      yLabel: 'pods',
      series: [
        {
          name: 'extrapolated',
          points: [
            [0, 0],
            [1, 1],
          ],
          dashed: true,
        },
      ],
    });
    assert.match(
      svg,
      /<path d="[^"]+" fill="none" stroke="#326ce5" stroke-width="2" stroke-dasharray="8 5"\/>/,
    );
  });
});

// Live routing and resource charts for one app, fed by the 1 Hz stats history.
import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { useEngine, useServices } from '../state/context.js';
import type { StatsSample } from '../state/stats-history.js';
import { TimeChart } from './TimeChart.js';
import type { ChartSeries } from './TimeChart.js';

const PALETTE = ['#3b82f6', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#f97316', '#64748b'];
const color = (i: number): string => PALETTE[i % PALETTE.length]!;

function perDyno(samples: readonly StatsSample[], pick: (s: StatsSample) => Record<string, number>): { series: ChartSeries[]; data: uPlot.AlignedData } {
  const names = [...new Set(samples.flatMap((s) => Object.keys(pick(s))))].sort();
  return {
    series: names.map((n, i) => ({ label: n, color: color(i) })),
    data: [samples.map((s) => s.t), ...names.map((n) => samples.map((s) => pick(s)[n] ?? null))] as uPlot.AlignedData,
  };
}

export function MetricsPanel({ app }: { app: string }): React.JSX.Element {
  const { history } = useServices();
  const stats = useEngine((s) => s.stats[app]);
  const [samples, setSamples] = useState<readonly StatsSample[]>(() => [...history.get(app)]);

  useEffect(() => history.onSample((a) => { if (a === app) setSamples([...history.get(app)]); }), [history, app]);

  const charts = useMemo(() => {
    const x = samples.map((s) => s.t);
    const col = (f: (s: StatsSample) => number): number[] => samples.map(f);
    return {
      rps: { series: [{ label: 'req/s', color: color(0) }], data: [x, col((s) => s.rps)] as uPlot.AlignedData },
      latency: {
        series: [{ label: 'p50', color: color(1) }, { label: 'p95', color: color(2) }, { label: 'p99', color: color(3) }],
        data: [x, col((s) => s.p50), col((s) => s.p95), col((s) => s.p99)] as uPlot.AlignedData,
      },
      status: {
        series: [{ label: '2xx', color: '#10b981' }, { label: '3xx', color: '#3b82f6' }, { label: '4xx', color: '#f59e0b' }, { label: '5xx', color: '#ef4444' }],
        data: [x, col((s) => s.s2xx), col((s) => s.s3xx), col((s) => s.s4xx), col((s) => s.s5xx)] as uPlot.AlignedData,
      },
      share: perDyno(samples, (s) => s.share),
      cpu: perDyno(samples, (s) => s.cpu),
      mem: perDyno(samples, (s) => s.memMb),
    };
  }, [samples]);

  return (
    <div className="metrics">
      <dl className="summary" aria-label="Routing summary">
        <div><dt>Total requests</dt><dd data-testid="total-requests">{stats?.requests ?? 0}</dd></div>
        <div><dt>Requests/s (10 s)</dt><dd>{(stats?.rps['10s'] ?? 0).toFixed(1)}</dd></div>
        <div><dt>p95 latency</dt><dd>{(stats?.latencyMs.p95 ?? 0).toFixed(1)} ms</dd></div>
        <div><dt>5xx</dt><dd>{stats?.statuses['5xx'] ?? 0}</dd></div>
        <div><dt>Open connections</dt><dd>{stats?.openConnections ?? 0}</dd></div>
      </dl>
      <div className="chart-grid">
        <TimeChart title="Requests per second" unit="" series={charts.rps.series} data={charts.rps.data} />
        <TimeChart title="Latency" unit="ms" series={charts.latency.series} data={charts.latency.data} />
        <TimeChart title="Status mix" unit="/s" series={charts.status.series} data={charts.status.data} />
        <TimeChart title="Share per dyno" unit="%" series={charts.share.series} data={charts.share.data} />
        <TimeChart title="CPU per dyno" unit="%" series={charts.cpu.series} data={charts.cpu.data} />
        <TimeChart title="Memory per dyno" unit="MB" series={charts.mem.series} data={charts.mem.data} />
      </div>
    </div>
  );
}

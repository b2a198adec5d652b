// One uPlot time-series chart. The chart object is created once per series set and fed with setData,
// so a 1 s update is a canvas redraw, not a React re-render of the plot.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries { label: string; color: string }

export interface TimeChartProps {
  title: string;
  unit: string;
  series: ChartSeries[];
  /** [x (epoch s), ...one array per series] */
  data: uPlot.AlignedData;
}

const HEIGHT = 160;

function axisColor(): string {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? '#9aa3b2' : '#5b6472';
}

export function TimeChart({ title, unit, series, data }: TimeChartProps): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const seriesKey = series.map((s) => `${s.label}:${s.color}`).join('|');

  useEffect(() => {
    const el = host.current;
    if (!el) return undefined;
    const stroke = axisColor();
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      // Labels only: live values under a cursor that is rarely there just read "--".
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [0, Math.max(1, max, min)] } },
      axes: [
        { stroke, grid: { stroke: 'rgba(128,128,128,0.15)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' } },
        { stroke, grid: { stroke: 'rgba(128,128,128,0.15)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' }, size: 50, values: (_u, vals) => vals.map((v) => `${+v.toFixed(2)}${unit}`) },
      ],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, points: { show: false } }))],
    };
    const u = new uPlot(opts, data, el);
    chart.current = u;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth > 0) u.setSize({ width: el.clientWidth, height: HEIGHT });
    });
    observer.observe(el);
    return () => { observer.disconnect(); u.destroy(); chart.current = null; };
    // data is fed by the effect below; recreating on every update would defeat the point
  }, [seriesKey, unit]);

  useEffect(() => { chart.current?.setData(data); }, [data]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={host} className="chart-host" role="img" aria-label={`${title} chart`} />
    </figure>
  );
}

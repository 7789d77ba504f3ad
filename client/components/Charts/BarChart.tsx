/**
 * A bar chart on chart.js (4.6): only the bar controller, its scales, tooltip and legend are
 * registered, so the bundle carries no unused chart types. The Chart is created in an effect and
 * destroyed on change/unmount; the canvas is an image with a text label, and the caller shows the
 * same numbers as a table for screen readers and for copying.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'react';
import './Charts.css';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
// The app's CJK sans-serif stack (the same as the panels'), so Chinese labels draw crisply.
Chart.defaults.font.family = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', system-ui, sans-serif";

export interface BarSeries {
  label: string;
  data: number[];
  /** One colour, or one per bar. */
  color: string | string[];
}

interface Props {
  labels: string[];
  series: BarSeries[];
  /** Accessible name of the image (what the chart shows). */
  title: string;
  horizontal?: boolean;
  stacked?: boolean;
  /** Formats values on the value axis and in tooltips. */
  format?: (v: number) => string;
  height?: number;
  testId?: string;
}

const INK = '#434b55';
const GRID = '#eceef1';

export function BarChart({ labels, series, title, horizontal = false, stacked = false, format, height = 220, testId }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const formatRef = useRef(format);
  formatRef.current = format;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const fmt = (v: number) => (formatRef.current ? formatRef.current(v) : String(v));
    const valueAxis = horizontal ? 'x' : 'y';
    const config: ChartConfiguration<'bar', number[], string> = {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color, borderRadius: 3, maxBarThickness: 22 })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: {
            stacked,
            grid: { color: horizontal ? GRID : 'transparent' },
            ticks: { color: INK, ...(valueAxis === 'x' ? { callback: (v) => fmt(Number(v)) } : {}) },
          },
          y: {
            stacked,
            grid: { color: horizontal ? 'transparent' : GRID },
            ticks: { color: INK, ...(valueAxis === 'y' ? { callback: (v) => fmt(Number(v)) } : {}) },
          },
        },
        plugins: {
          legend: { display: series.length > 1, position: 'bottom', labels: { boxWidth: 10, boxHeight: 10, color: INK, font: { size: 11 } } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${fmt(Number(c.raw))}` } },
        },
      },
    };
    const chart = new Chart(canvas, config);
    return () => chart.destroy();
  }, [labels, series, horizontal, stacked]);

  return (
    <div className="chart" style={{ height }} data-testid={testId}>
      <canvas ref={canvasRef} role="img" aria-label={title} />
    </div>
  );
}

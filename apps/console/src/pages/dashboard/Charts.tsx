import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatNumber } from '../../lib/format';

/**
 * The dashboard's charts (recharts), in their own chunk: loaded only on /console/dashboard. They are pictures for
 * sighted readers; each panel carries its own text alternative (a sentence and a table), so the charts are hidden
 * from screen readers and take no keyboard focus (accessibilityLayer off).
 */
export type Bars = { label: string; value: number; color?: string }[];

export function BarsChart({
  data,
  horizontal = false,
  color = '#1864ab',
}: {
  data: Bars;
  horizontal?: boolean;
  color?: string;
}) {
  const height = horizontal ? Math.max(160, data.length * 28 + 40) : 260;
  return (
    <div aria-hidden="true" style={{ width: '100%', height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout={horizontal ? 'vertical' : 'horizontal'}
          accessibilityLayer={false}
          margin={{ top: 8, right: 16, bottom: horizontal ? 8 : 48, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          {horizontal ? (
            <>
              <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => formatNumber(v)} />
              <YAxis type="category" dataKey="label" width={260} tick={{ fontSize: 12 }} interval={0} />
            </>
          ) : (
            <>
              <XAxis
                dataKey="label"
                angle={-35}
                textAnchor="end"
                interval={0}
                tick={{ fontSize: 11 }}
                height={60}
              />
              <YAxis allowDecimals={false} tickFormatter={(v: number) => formatNumber(v)} />
            </>
          )}
          <Tooltip formatter={(v) => formatNumber(Number(v))} />
          <Bar dataKey="value" fill={color} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export type TrendPoint = { label: string; opened: number; resolved: number; reopened: number };

export function TrendChart({
  data,
  names,
}: {
  data: TrendPoint[];
  names: { opened: string; resolved: string; reopened: string };
}) {
  return (
    <div aria-hidden="true" style={{ width: '100%', height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => formatNumber(v)} />
          <Tooltip formatter={(v) => formatNumber(Number(v))} />
          <Legend />
          <Line
            type="linear"
            dataKey="opened"
            name={names.opened}
            stroke="#c92a2a"
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="resolved"
            name={names.resolved}
            stroke="#2b8a3e"
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="reopened"
            name={names.reopened}
            stroke="#e67700"
            strokeWidth={2}
            strokeDasharray="5 3"
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

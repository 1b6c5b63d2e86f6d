import { memo, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatRupiah } from '../lib/format';

/**
 * The worker's contracts and coverage as an SVG, years across (CONTRACT §8 hooks): `svg role="img"` with an
 * aria-label beginning "Timeline", a <title> in every contract bar (ref and dates) and every uncovered gap (dates
 * and days). Lanes: contracts (PKWT solid blue, PKWTT green with a hatch; a row per employer when several), the
 * enrolments beneath with their programs, uncovered days as red hatched gaps labelled with their day counts, each
 * PKWT chain bracketed with its limit (60 months from its first start) marked, government-paid (sponsored)
 * coverage when any, BPJS Ketenagakerjaan's own records in a lane of their own when a BPJS load covers the employer
 * (CONTRACT §9: the gaps are then drawn there, since they are judged on BPJS's records), and the asOf day. Hover or keyboard (focus the chart, then ←/→) shows an item's details
 * below it; a table of the same data follows for screen readers. The figures are drawn as given: this component
 * lays out, it computes no gaps or chains of its own.
 */
export type TimelineData = {
  asOf: string;
  contracts: {
    ref: string;
    type: string;
    startDate: string;
    endDate: string | null;
    monthlyWage: number;
    employerId?: number | string;
    employerName?: string;
    position?: string | null;
  }[];
  /** Uncovered periods (the evidence's figures). */
  gaps: { from: string; to: string; days: number; contractRef?: string; employerId?: number | string }[];
  enrolments: {
    from: string;
    to: string | null;
    programs: string[];
    employerId?: number | string;
    kpj?: string | null;
  }[];
  sponsored: { from: string; to: string | null; programs: string[] }[];
  /**
   * BPJS Ketenagakerjaan's own records of the worker (CONTRACT §9), when a BPJS load covers the employer: the gaps
   * are judged on them. Absent: no load covers the employer (no lane drawn).
   */
  bpjs?: {
    from: string;
    to: string | null;
    loadId?: string;
    loadAsOf?: string;
    employerId?: number | string;
  }[];
  chains: {
    chainStart: string;
    lastDay: string;
    limitDate: string;
    limitMonths: number;
    exceedsLimit?: boolean;
    refs: string[];
  }[];
};

const DAY = 86_400_000;
const toDay = (iso: string) => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY);
const yearStart = (y: number) => Math.floor(Date.UTC(y, 0, 1) / DAY);
const yearOf = (day: number) => new Date(day * DAY).getUTCFullYear();

const W = 1000;
const LEFT = 150;
const RIGHT = 16;
const ROW = 30;
const BAR = 20;

type Item = {
  key: string;
  kind: 'contract' | 'gap' | 'enrolment' | 'bpjs' | 'sponsored' | 'chain';
  title: string;
  detail: string;
};

/** Rows that do not overlap (greedy): index of the row each interval goes in. */
function packRows(intervals: { s: number; e: number }[]): number[] {
  const ends: number[] = [];
  return intervals.map(({ s, e }) => {
    let r = ends.findIndex((end) => end < s);
    if (r < 0) r = ends.push(e) - 1;
    else ends[r] = e;
    return r;
  });
}

function TimelineImpl({ data, label }: { data: TimelineData; label?: string }) {
  const { t } = useTranslation('cases');
  const uid = useId().replace(/:/g, '');
  const [sel, setSel] = useState(-1);
  const asOfDay = toDay(data.asOf);

  const model = useMemo(() => {
    const starts: number[] = [asOfDay];
    const ends: number[] = [asOfDay];
    for (const c of data.contracts) {
      starts.push(toDay(c.startDate));
      ends.push(c.endDate ? toDay(c.endDate) : asOfDay);
    }
    for (const e of data.enrolments) {
      starts.push(toDay(e.from));
      if (e.to) ends.push(toDay(e.to));
    }
    for (const s of data.sponsored) starts.push(toDay(s.from));
    for (const b of data.bpjs ?? []) {
      starts.push(toDay(b.from));
      if (b.to) ends.push(toDay(b.to));
    }
    for (const ch of data.chains) {
      const lim = toDay(ch.limitDate);
      // The limit line is drawn when it falls within two years of the data (else it is named in the details).
      if (lim <= Math.max(...ends) + 730) ends.push(lim);
    }
    const y0 = yearOf(Math.min(...starts));
    const y1 = yearOf(Math.max(...ends)) + 1;
    const d0 = yearStart(y0);
    const d1 = yearStart(y1);
    const x = (day: number) => LEFT + ((day - d0) / (d1 - d0)) * (W - LEFT - RIGHT);
    const years: number[] = [];
    const step = y1 - y0 > 14 ? 2 : 1;
    for (let y = y0; y <= y1; y += step) years.push(y);

    // Contract rows: one block per employer (when several), packed so overlapping contracts do not cover each other.
    const employers = [...new Set(data.contracts.map((c) => String(c.employerId ?? '')))];
    const contractRow: number[] = new Array(data.contracts.length);
    const blockLabels: { row: number; name: string }[] = [];
    let row = 0;
    for (const emp of employers) {
      const idx = data.contracts
        .map((c, i) => (String(c.employerId ?? '') === emp ? i : -1))
        .filter((i) => i >= 0);
      const rows = packRows(
        idx.map((i) => ({
          s: toDay(data.contracts[i].startDate),
          e: data.contracts[i].endDate ? toDay(data.contracts[i].endDate!) : asOfDay,
        })),
      );
      idx.forEach((i, k) => (contractRow[i] = row + rows[k]));
      const name = data.contracts[idx[0]]?.employerName;
      blockLabels.push({ row, name: employers.length > 1 && name ? name : '' });
      row += Math.max(1, ...rows.map((r) => r + 1));
    }
    const contractRows = Math.max(1, row);
    const enrolRow = packRows(
      data.enrolments.map((e) => ({ s: toDay(e.from), e: e.to ? toDay(e.to) : asOfDay })),
    );
    const enrolRows = Math.max(1, ...enrolRow.map((r) => r + 1));
    const sponRow = packRows(
      data.sponsored.map((e) => ({ s: toDay(e.from), e: e.to ? toDay(e.to) : asOfDay })),
    );
    const sponRows = data.sponsored.length ? Math.max(1, ...sponRow.map((r) => r + 1)) : 0;
    const bpjsList = data.bpjs ?? [];
    const bpjsRow = packRows(bpjsList.map((e) => ({ s: toDay(e.from), e: e.to ? toDay(e.to) : asOfDay })));
    const bpjsRows = data.bpjs ? Math.max(1, ...bpjsRow.map((r) => r + 1)) : 0;

    const top = 28; // year labels
    const chainTop = top + 4;
    const chainH = data.chains.length ? 26 : 0;
    const contractTop = chainTop + chainH;
    const enrolTop = contractTop + contractRows * ROW + 10;
    const bpjsTop = enrolTop + enrolRows * ROW + 10;
    const sponTop = bpjsRows ? bpjsTop + bpjsRows * ROW + 10 : bpjsTop;
    const height =
      (sponRows
        ? sponTop + sponRows * ROW
        : bpjsRows
          ? bpjsTop + bpjsRows * ROW
          : enrolTop + enrolRows * ROW) + 24;
    // The gaps are drawn in the lane they are judged on: BPJS's records where a load covers the employer.
    const gapTop = bpjsRows ? bpjsTop : enrolTop;
    const gapRows = bpjsRows || enrolRows;
    return {
      d0,
      d1,
      x,
      years,
      contractRow,
      contractRows,
      blockLabels,
      enrolRow,
      enrolRows,
      sponRow,
      sponRows,
      bpjsRow,
      bpjsRows,
      bpjsTop,
      gapTop,
      gapRows,
      top,
      chainTop,
      contractTop,
      enrolTop,
      sponTop,
      height,
    };
  }, [data, asOfDay]);

  const { x } = model;
  const range = (from: string, to: string | null) =>
    `${formatDate(from)} – ${to ? formatDate(to) : t('timeline.openEnded')}`;

  // Every item, in the order ←/→ visits them.
  const items: Item[] = useMemo(() => {
    const out: Item[] = [];
    data.contracts.forEach((c, i) =>
      out.push({
        key: `c${i}`,
        kind: 'contract',
        title: t('timeline.contractTitle', {
          ref: c.ref,
          type: c.type,
          range: range(c.startDate, c.endDate),
          employer: c.employerName ?? '',
          context: c.employerName ? 'employer' : undefined,
        }),
        detail: t('timeline.contractDetail', {
          ref: c.ref,
          type: c.type,
          range: range(c.startDate, c.endDate),
          wage: formatRupiah(c.monthlyWage),
          employer: c.employerName ?? '',
          context: c.employerName ? 'employer' : undefined,
        }),
      }),
    );
    data.gaps.forEach((g, i) =>
      out.push({
        key: `g${i}`,
        kind: 'gap',
        title: t('timeline.gapTitle', {
          range: range(g.from, g.to),
          days: t('common:days', { count: g.days }),
        }),
        detail: t('timeline.gapDetail', {
          range: range(g.from, g.to),
          days: t('common:days', { count: g.days }),
          ref: g.contractRef ?? '',
          context: g.contractRef ? 'ref' : undefined,
        }),
      }),
    );
    data.enrolments.forEach((e, i) =>
      out.push({
        key: `e${i}`,
        kind: 'enrolment',
        title: t('timeline.enrolmentTitle', { programs: e.programs.join(', '), range: range(e.from, e.to) }),
        detail: t('timeline.enrolmentTitle', { programs: e.programs.join(', '), range: range(e.from, e.to) }),
      }),
    );
    (data.bpjs ?? []).forEach((b, i) =>
      out.push({
        key: `b${i}`,
        kind: 'bpjs',
        title: t('timeline.bpjsTitle', { range: range(b.from, b.to) }),
        detail: t('timeline.bpjsDetail', {
          range: range(b.from, b.to),
          load: b.loadId ?? '',
          asOf: b.loadAsOf ? formatDate(b.loadAsOf) : '',
        }),
      }),
    );
    data.sponsored.forEach((s, i) =>
      out.push({
        key: `s${i}`,
        kind: 'sponsored',
        title: t('timeline.sponsoredTitle', { programs: s.programs.join(', '), range: range(s.from, s.to) }),
        detail: t('timeline.sponsoredTitle', { programs: s.programs.join(', '), range: range(s.from, s.to) }),
      }),
    );
    data.chains.forEach((ch, i) =>
      out.push({
        key: `ch${i}`,
        kind: 'chain',
        title: t('timeline.chainTitle', {
          range: range(ch.chainStart, ch.lastDay),
          count: ch.refs.length,
          months: ch.limitMonths,
          limit: formatDate(ch.limitDate),
        }),
        detail: t('timeline.chainTitle', {
          range: range(ch.chainStart, ch.lastDay),
          count: ch.refs.length,
          months: ch.limitMonths,
          limit: formatDate(ch.limitDate),
        }),
      }),
    );
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, t]);
  const index = new Map(items.map((it, i) => [it.key, i]));
  const selected = sel >= 0 ? items[sel] : undefined;
  const hover = (key: string) => ({
    onMouseEnter: () => setSel(index.get(key) ?? -1),
    className: selected?.key === key ? 'tl-selected' : undefined,
  });

  const span = (from: string, to: string | null) => {
    const a = x(toDay(from));
    const b = x((to ? toDay(to) : asOfDay) + 1);
    return { x: a, width: Math.max(2, b - a) };
  };

  const aria = `${t('timeline.label')}${label ? `: ${label}` : ''}. ${t('timeline.summary', {
    contracts: data.contracts.length,
    gaps: data.gaps.length,
    days: data.gaps.reduce((s, g) => s + g.days, 0),
  })}`;

  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-label={aria}
        viewBox={`0 0 ${W} ${model.height}`}
        width="100%"
        style={{ maxWidth: '100%', height: 'auto', display: 'block', fontFamily: 'inherit' }}
        tabIndex={0}
        data-testid="timeline"
        onKeyDown={(e) => {
          if (!items.length) return;
          if (e.key === 'ArrowRight' || e.key === 'ArrowDown') setSel((s) => (s + 1) % items.length);
          else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp')
            setSel((s) => (s <= 0 ? items.length - 1 : s - 1));
          else if (e.key === 'Home') setSel(0);
          else if (e.key === 'End') setSel(items.length - 1);
          else if (e.key === 'Escape') setSel(-1);
          else return;
          e.preventDefault();
        }}
        onFocus={() => setSel((s) => (s < 0 && items.length ? 0 : s))}
        onMouseLeave={() => setSel(-1)}
      >
        <defs>
          <pattern
            id={`gap-${uid}`}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" fill="#ffe3e3" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#c92a2a" strokeWidth="3" />
          </pattern>
          <pattern
            id={`pkwtt-${uid}`}
            width="8"
            height="8"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(-45)"
          >
            <rect width="8" height="8" fill="#2b8a3e" />
            <line x1="0" y1="0" x2="0" y2="8" stroke="#1f6b30" strokeWidth="3" />
          </pattern>
        </defs>
        <style>{`.tl-selected > rect, .tl-selected > path { stroke: #000; stroke-width: 2.5; }`}</style>

        {/* Years across */}
        {model.years.map((y) => {
          const xx = x(yearStart(y));
          return (
            <g key={y} aria-hidden="true">
              <line x1={xx} x2={xx} y1={model.top - 6} y2={model.height - 20} stroke="#dee2e6" />
              {y < yearOf(model.d1) && (
                <text x={xx + 4} y={model.top - 10} fontSize="13" fill="#343a40">
                  {y}
                </text>
              )}
            </g>
          );
        })}

        {/* Lane labels */}
        <g aria-hidden="true" fontSize="13" fill="#212529">
          <text x={8} y={model.contractTop + 19} fontWeight={600}>
            {t('timeline.lane.contracts')}
          </text>
          {model.blockLabels.map(
            (b) =>
              b.name && (
                <text key={b.row} x={8} y={model.contractTop + b.row * ROW + 33} fontSize="11" fill="#495057">
                  {b.name.length > 22 ? `${b.name.slice(0, 21)}…` : b.name}
                </text>
              ),
          )}
          <text x={8} y={model.enrolTop + 19} fontWeight={600}>
            {t('timeline.lane.enrolments')}
          </text>
          {model.bpjsRows > 0 && (
            <text x={8} y={model.bpjsTop + 19} fontWeight={600}>
              {t('timeline.lane.bpjs')}
            </text>
          )}
          {model.sponRows > 0 && (
            <text x={8} y={model.sponTop + 19} fontWeight={600}>
              {t('timeline.lane.sponsored')}
            </text>
          )}
        </g>

        {/* PKWT chains: a bracket from the first start to the last day, the limit marked */}
        {data.chains.map((ch, i) => {
          const a = x(toDay(ch.chainStart));
          const b = x(toDay(ch.lastDay) + 1);
          const lim = toDay(ch.limitDate);
          const limX = x(lim);
          const y = model.chainTop + 6;
          const limitShown = limX <= W - RIGHT;
          return (
            <g key={`ch${i}`} {...hover(`ch${i}`)}>
              <title>{items[index.get(`ch${i}`)!].title}</title>
              <path
                d={`M${a},${y + 12} V${y} H${b} V${y + 12}`}
                fill="none"
                stroke="#495057"
                strokeWidth="1.5"
              />
              {limitShown && (
                <>
                  <line
                    x1={limX}
                    x2={limX}
                    y1={y - 4}
                    y2={model.enrolTop - 6}
                    stroke={ch.exceedsLimit ? '#c92a2a' : '#495057'}
                    strokeDasharray="5 3"
                    strokeWidth="2"
                  />
                  <text x={limX + 4} y={y + 4} fontSize="11" fill={ch.exceedsLimit ? '#c92a2a' : '#343a40'}>
                    {t('timeline.limit', { months: ch.limitMonths })}
                  </text>
                </>
              )}
            </g>
          );
        })}

        {/* Contracts */}
        {data.contracts.map((c, i) => {
          const { x: bx, width } = span(c.startDate, c.endDate);
          const y = model.contractTop + model.contractRow[i] * ROW + (ROW - BAR) / 2;
          const pkwtt = c.type === 'PKWTT';
          const text = `${c.ref}${pkwtt ? ' · PKWTT' : ''}`;
          return (
            <g key={`c${i}`} {...hover(`c${i}`)} data-kind="contract" data-ref={c.ref}>
              <title>{items[i].title}</title>
              <rect
                x={bx}
                y={y}
                width={width}
                height={BAR}
                rx={3}
                fill={pkwtt ? `url(#pkwtt-${uid})` : '#1864ab'}
                stroke="#fff"
                strokeWidth="1"
              />
              {!c.endDate && (
                <path
                  d={`M${bx + width},${y} l8,${BAR / 2} l-8,${BAR / 2} z`}
                  fill={pkwtt ? '#2b8a3e' : '#1864ab'}
                />
              )}
              {width > text.length * 7 + 8 && (
                <text x={bx + 5} y={y + 14} fontSize="12" fill="#fff" style={{ pointerEvents: 'none' }}>
                  {text}
                </text>
              )}
            </g>
          );
        })}

        {/* Enrolments */}
        <rect
          x={LEFT}
          y={model.enrolTop}
          width={W - LEFT - RIGHT}
          height={model.enrolRows * ROW}
          fill="#f8f9fa"
          aria-hidden="true"
        />
        {data.enrolments.map((e, i) => {
          const { x: bx, width } = span(e.from, e.to);
          const y = model.enrolTop + model.enrolRow[i] * ROW + (ROW - BAR) / 2;
          const text = e.programs.join('·');
          return (
            <g key={`e${i}`} {...hover(`e${i}`)} data-kind="enrolment">
              <title>{items[index.get(`e${i}`)!].title}</title>
              <rect x={bx} y={y} width={width} height={BAR} rx={3} fill="#087f5b" />
              {width > text.length * 7 + 8 && (
                <text x={bx + 5} y={y + 14} fontSize="12" fill="#fff" style={{ pointerEvents: 'none' }}>
                  {text}
                </text>
              )}
            </g>
          );
        })}

        {/* BPJS Ketenagakerjaan's own records (CONTRACT §9): their own lane beside the claimed enrolments */}
        {model.bpjsRows > 0 && (
          <rect
            x={LEFT}
            y={model.bpjsTop}
            width={W - LEFT - RIGHT}
            height={model.bpjsRows * ROW}
            fill="#f1f3f5"
            aria-hidden="true"
          />
        )}
        {(data.bpjs ?? []).map((b, i) => {
          const { x: bx, width } = span(b.from, b.to);
          const y = model.bpjsTop + model.bpjsRow[i] * ROW + (ROW - BAR) / 2;
          return (
            <g key={`b${i}`} {...hover(`b${i}`)} data-kind="bpjs">
              <title>{items[index.get(`b${i}`)!].title}</title>
              <rect x={bx} y={y} width={width} height={BAR} rx={3} fill="#0b7285" />
            </g>
          );
        })}

        {/* Uncovered gaps: red hatch in the lane they are judged on, labelled with their day counts */}
        {data.gaps.map((g, i) => {
          const { x: bx, width } = span(g.from, g.to);
          const y = model.gapTop + 2;
          const h = model.gapRows * ROW - 4;
          const days = t('common:days', { count: g.days });
          const labelFits = width > days.length * 6.5 + 6;
          return (
            <g key={`g${i}`} {...hover(`g${i}`)} data-kind="gap" data-days={g.days}>
              <title>{items[index.get(`g${i}`)!].title}</title>
              <rect
                x={bx}
                y={y}
                width={width}
                height={h}
                fill={`url(#gap-${uid})`}
                stroke="#c92a2a"
                strokeWidth="1"
              />
              <text
                x={labelFits ? bx + width / 2 : bx}
                y={labelFits ? y + h / 2 + 4 : y + h + 13}
                textAnchor={labelFits ? 'middle' : 'start'}
                fontSize="12"
                fontWeight={700}
                fill="#a51111"
                stroke={labelFits ? '#fff' : 'none'}
                strokeWidth={labelFits ? 3 : 0}
                paintOrder="stroke"
                style={{ pointerEvents: 'none' }}
              >
                {days}
              </text>
            </g>
          );
        })}

        {/* Government-paid (sponsored) coverage */}
        {data.sponsored.map((s, i) => {
          const { x: bx, width } = span(s.from, s.to);
          const y = model.sponTop + model.sponRow[i] * ROW + (ROW - BAR) / 2;
          return (
            <g key={`s${i}`} {...hover(`s${i}`)} data-kind="sponsored">
              <title>{items[index.get(`s${i}`)!].title}</title>
              <rect x={bx} y={y} width={width} height={BAR} rx={3} fill="#6741d9" />
            </g>
          );
        })}

        {/* asOf */}
        <g aria-hidden="true">
          <line
            x1={x(asOfDay + 1)}
            x2={x(asOfDay + 1)}
            y1={model.top - 4}
            y2={model.height - 18}
            stroke="#e8590c"
            strokeWidth="2"
          />
          <text
            x={x(asOfDay + 1)}
            y={model.height - 4}
            fontSize="12"
            fill="#a13d07"
            textAnchor={x(asOfDay) > W - 160 ? 'end' : 'start'}
          >
            {t('timeline.asOf', { date: formatDate(data.asOf) })}
          </text>
        </g>
      </svg>
      <figcaption>
        <p aria-live="polite" style={{ minHeight: '1.5em', margin: '0.5em 0' }} data-testid="timeline-detail">
          {selected ? selected.detail : t('timeline.hint')}
        </p>
        <Legend uid={uid} bpjs={data.bpjs !== undefined} />
        <details>
          <summary>{t('timeline.tableToggle')}</summary>
          <TimelineTable data={data} />
        </details>
      </figcaption>
    </figure>
  );
}

function Legend({ uid, bpjs }: { uid: string; bpjs: boolean }) {
  const { t } = useTranslation('cases');
  const swatch = (fill: string) => (
    <svg width="22" height="12" aria-hidden="true" style={{ verticalAlign: 'middle', marginRight: 4 }}>
      <rect
        width="22"
        height="12"
        rx="2"
        fill={fill}
        stroke="#c92a2a"
        strokeWidth={fill.includes('gap') ? 1 : 0}
      />
    </svg>
  );
  return (
    <ul
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '1rem',
        listStyle: 'none',
        padding: 0,
        margin: '0 0 0.5rem',
        fontSize: 13,
      }}
    >
      <li>{swatch('#1864ab')}PKWT</li>
      <li>{swatch(`url(#pkwtt-${uid})`)}PKWTT</li>
      <li>
        {swatch('#087f5b')}
        {t('timeline.legend.enrolment')}
      </li>
      <li>
        {swatch(`url(#gap-${uid})`)}
        {t('timeline.legend.gap')}
      </li>
      <li>
        {swatch('#6741d9')}
        {t('timeline.legend.sponsored')}
      </li>
      {bpjs && (
        <li>
          {swatch('#0b7285')}
          {t('timeline.legend.bpjs')}
        </li>
      )}
    </ul>
  );
}

function TimelineTable({ data }: { data: TimelineData }) {
  const { t } = useTranslation('cases');
  const range = (from: string, to: string | null) =>
    `${formatDate(from)} – ${to ? formatDate(to) : t('timeline.openEnded')}`;
  const cell = { padding: '2px 8px', textAlign: 'left' as const, borderBottom: '1px solid #dee2e6' };
  return (
    <table style={{ borderCollapse: 'collapse', fontSize: 14, marginTop: 8 }}>
      <caption style={{ textAlign: 'left', fontWeight: 600 }}>{t('timeline.tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col" style={cell}>
            {t('timeline.table.what')}
          </th>
          <th scope="col" style={cell}>
            {t('timeline.table.period')}
          </th>
          <th scope="col" style={cell}>
            {t('timeline.table.details')}
          </th>
        </tr>
      </thead>
      <tbody>
        {data.contracts.map((c, i) => (
          <tr key={`c${i}`}>
            <th scope="row" style={cell}>
              {t('timeline.table.contract', { ref: c.ref, type: c.type })}
            </th>
            <td style={cell}>{range(c.startDate, c.endDate)}</td>
            <td style={cell}>
              {formatRupiah(c.monthlyWage)}
              {c.employerName ? ` · ${c.employerName}` : ''}
            </td>
          </tr>
        ))}
        {data.enrolments.map((e, i) => (
          <tr key={`e${i}`}>
            <th scope="row" style={cell}>
              {t('timeline.table.enrolment')}
            </th>
            <td style={cell}>{range(e.from, e.to)}</td>
            <td style={cell}>{e.programs.join(', ')}</td>
          </tr>
        ))}
        {(data.bpjs ?? []).map((b, i) => (
          <tr key={`b${i}`}>
            <th scope="row" style={cell}>
              {t('timeline.table.bpjs')}
            </th>
            <td style={cell}>{range(b.from, b.to)}</td>
            <td style={cell}>
              {b.loadAsOf ? t('timeline.table.bpjsDetail', { asOf: formatDate(b.loadAsOf) }) : ''}
            </td>
          </tr>
        ))}
        {data.gaps.map((g, i) => (
          <tr key={`g${i}`}>
            <th scope="row" style={cell}>
              {t('timeline.table.gap')}
            </th>
            <td style={cell}>{range(g.from, g.to)}</td>
            <td style={cell}>
              {t('common:days', { count: g.days })}
              {g.contractRef ? ` · ${g.contractRef}` : ''}
            </td>
          </tr>
        ))}
        {data.chains.map((ch, i) => (
          <tr key={`ch${i}`}>
            <th scope="row" style={cell}>
              {t('timeline.table.chain')}
            </th>
            <td style={cell}>{range(ch.chainStart, ch.lastDay)}</td>
            <td style={cell}>
              {t('timeline.table.chainDetail', {
                refs: ch.refs.join(', '),
                months: ch.limitMonths,
                limit: formatDate(ch.limitDate),
              })}
            </td>
          </tr>
        ))}
        {data.sponsored.map((s, i) => (
          <tr key={`s${i}`}>
            <th scope="row" style={cell}>
              {t('timeline.table.sponsored')}
            </th>
            <td style={cell}>{range(s.from, s.to)}</td>
            <td style={cell}>{s.programs.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const Timeline = memo(TimelineImpl);

/** ISO date `months` calendar months after `iso` (end-of-month clamped), for drawing a limit the API did not send. */
export function addMonthsIso(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/**
 * 月报: the district's (or one street office's) monthly report as an A4 PDF. Clean-heating coverage
 * against the 100 % target with the gap list (the coverage feature's own figures), findings by article
 * and by street office (the violations feature's), the enforcement ledger's progress in the month
 * beside the previous month (the cases feature's, from its transition history), charts drawn as vectors.
 */
import type { Db } from '../../db/db.ts';
import { inputError } from '../../lib/errors.ts';
import { ledgerMonth, type LedgerMonth } from '../cases/cases.service.ts';
import { STATUS_LABELS, STATUSES } from '../cases/cases.workflow.ts';
import { coverage } from '../coverage/coverage.service.ts';
import { listLayers, STREETS_DEMO_NOTE, streetsAreDemo } from '../layers/layer-catalogue.service.ts';
import { findRule } from '../rules/catalogue/index.ts';
import { type FindingsMonth, findingsOfMonth, previousMonth, recordedFindings } from './findings-snapshot.service.ts';
import type { MonthlyQuery } from './reports.contract.ts';
import { articleZh } from '../../lib/articles.ts';
import {
  A4,
  CONTENT_WIDTH,
  DEMO_DISCLAIMER,
  finish,
  heading,
  localDateTime,
  newReport,
  para,
  PLAN_TITLE,
  SYSTEM_NAME,
  titleBlock,
  type Doc,
} from './reports.pdf.ts';

export const MONTHLY_REPORT_TITLE = '大气污染防治月报';

interface Bar {
  label: string;
  value: number;
  /** Printed after the bar. */
  text: string;
}

/** Horizontal bar chart; `target` draws a dashed line (the 100 % goal). Returns the y below it. */
function barChart(doc: Doc, bars: readonly Bar[], opts: { max: number; color: string; target?: { value: number; label: string } }): void {
  const labelW = 110;
  const textW = 80;
  const x0 = A4.margin + labelW;
  const w = CONTENT_WIDTH - labelW - textW;
  const rowH = 16;
  let y = doc.y + 4;
  if (y + bars.length * rowH + 20 > A4.height - A4.margin) {
    doc.addPage();
    y = doc.y;
  }
  const top = y;
  for (const b of bars) {
    doc
      .font('zh')
      .fontSize(8.5)
      .fillColor('#111827')
      .text(b.label, A4.margin, y + 2, { width: labelW - 6, align: 'right', lineBreak: false, ellipsis: true });
    const bw = opts.max > 0 ? (Math.min(b.value, opts.max) / opts.max) * w : 0;
    doc
      .rect(x0, y + 2, w, rowH - 5)
      .fillColor('#f3f4f6')
      .fill();
    if (bw > 0)
      doc
        .rect(x0, y + 2, bw, rowH - 5)
        .fillColor(opts.color)
        .fill();
    doc.fillColor('#111827').text(b.text, x0 + w + 6, y + 2, { width: textW - 6, lineBreak: false });
    y += rowH;
  }
  doc.moveTo(x0, top).lineTo(x0, y).lineWidth(0.6).strokeColor('#6b7280').stroke();
  if (opts.target) {
    const tx = x0 + (opts.target.value / opts.max) * w;
    doc
      .moveTo(tx, top - 4)
      .lineTo(tx, y + 2)
      .lineWidth(1)
      .dash(3, { space: 2 })
      .strokeColor('#b91c1c')
      .stroke()
      .undash();
    doc
      .font('zh')
      .fontSize(7.5)
      .fillColor('#b91c1c')
      .text(opts.target.label, tx - 40, y + 3, { width: 80, align: 'center', lineBreak: false });
    y += 10;
  }
  doc.x = A4.margin;
  doc.y = y + 8;
}

/** 整改台账进展: the month's steps beside the previous month's, and the cases by status at month end. */
function ledgerSection(doc: Doc, now: LedgerMonth, before: LedgerMonth, m: { month: number; prevMonth: number }): void {
  heading(doc, `五、整改台账进展（${m.month}月，与${m.prevMonth}月对比）`);
  const total = Object.values(now.byStatus).reduce((a, b) => a + (b ?? 0), 0);
  if (total === 0 && before.opened === 0) {
    para(doc, '截至本月末，台账中没有案件。');
    return;
  }
  const diff = (a: number, b: number) => (a === b ? '持平' : a > b ? `增加 ${a - b}` : `减少 ${b - a}`);
  const rows: [string, number, number][] = [
    ['本月立案', now.opened, before.opened],
    ['本月整改完成', now.rectified, before.rectified],
    ['本月办结', now.closed, before.closed],
    ['月末在办', now.openAtEnd, before.openAtEnd],
    ['月末逾期', now.overdueAtEnd, before.overdueAtEnd],
  ];
  for (const [label, a, b] of rows) para(doc, `${label}：${a} 件（${m.prevMonth}月 ${b} 件，${diff(a, b)}）`, { size: 9.5 });
  para(doc, `月末案件状态（共 ${total} 件）：`, { size: 9, color: '#374151' });
  const bars = STATUSES.map((s) => ({ label: STATUS_LABELS[s].zh, value: now.byStatus[s] ?? 0 }));
  barChart(
    doc,
    bars.map((b) => ({ ...b, text: `${b.value} 件` })),
    { max: Math.max(1, ...bars.map((b) => b.value)), color: '#7c3aed' },
  );
}

/** Counts of a month's findings by article, rule and street office, within one street office or all. */
function tally(f: FindingsMonth, street: string | undefined) {
  const byArticle = new Map<string, number>();
  const byRule = new Map<string, number>();
  const byStreet = new Map<string, number>();
  let total = 0;
  for (const r of f.rows) {
    if (street !== undefined && r.street !== street) continue;
    total += r.n;
    byArticle.set(r.article, (byArticle.get(r.article) ?? 0) + r.n);
    byRule.set(r.rule, (byRule.get(r.rule) ?? 0) + r.n);
    byStreet.set(r.street, (byStreet.get(r.street) ?? 0) + r.n);
  }
  return { total, byArticle, byRule, byStreet };
}

/** What a month's findings figures are based on, in the report's words. */
function basisText(f: FindingsMonth, label: string): string {
  const at = f.takenAt.replace('T', ' ');
  if (f.basis === 'live') return `${label}数据：本月尚未结束，为生成时（${at}）数据库中的要素按规则筛查的结果。`;
  if (f.basis === 'month_end') return `${label}数据：月末快照（${at} 记录）。`;
  return `${label}数据：该月结束后首次生成月报时（${at}）记录的快照，反映记录时的数据，而非该月月末的数据。`;
}

const m2 = (v: number) => `${Math.round(v).toLocaleString('en-US')} m²`;
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

export async function monthlyReportPdf(db: Db, q: MonthlyQuery): Promise<Buffer> {
  const cov = await coverage(db);
  const street = q.street === undefined ? undefined : cov.byStreet.find((s) => s.code === q.street || s.id === q.street);
  if (q.street !== undefined && !street)
    throw inputError('UNKNOWN_STREET', { zh: `未知的街道办事处代码：${q.street}`, en: `Unknown street office code: ${q.street}` });
  const [{ demo }, streetsDemo] = await Promise.all([listLayers(db), streetsAreDemo(db)]);
  /** Under each list of street offices while their boundaries are demo data. */
  const streetsNote = () => streetsDemo && para(doc, STREETS_DEMO_NOTE, { size: 8.5, color: '#b45309' });
  const [year, month] = q.month.split('-').map(Number) as [number, number];
  const area = street ? street.name : '平城区';

  const doc = await newReport(`${MONTHLY_REPORT_TITLE}（${year}年${month}月）`);
  titleBlock(doc, `${area}${MONTHLY_REPORT_TITLE}`, `${year}年${month}月　${SYSTEM_NAME}　依据 ${PLAN_TITLE}`, demo);
  doc.moveDown(0.5);
  para(doc, `生成时间：${localDateTime()}（北京时间）。统计以生成时数据库中的数据为准。`);

  // 一、coverage
  heading(doc, '一、建成区清洁取暖覆盖率（第6条：目标100%）');
  const built = street ? street.builtUpM2 : cov.builtUpAreaM2;
  const covered = street ? street.coveredM2 : cov.coveredM2;
  const gap = street ? street.gapM2 : cov.gapM2;
  const rate = street ? street.coveragePct : cov.coveragePct;
  para(
    doc,
    `建成区面积 ${m2(built)}，已覆盖 ${m2(covered)}，未覆盖 ${m2(gap)}；覆盖率 ${pct(rate)}，目标 ${cov.target}%，${rate !== null && rate >= cov.target ? '已达标' : `差 ${rate === null ? '—' : (cov.target - rate).toFixed(1)} 个百分点`}。`,
  );
  const streets = street ? [street] : cov.byStreet.filter((s) => s.builtUpM2 > 0);
  if (streets.length > 0) {
    para(doc, '各街道办事处覆盖率：', { size: 9, color: '#374151' });
    barChart(
      doc,
      streets.map((s) => ({ label: s.name, value: s.coveragePct ?? 0, text: pct(s.coveragePct) })),
      { max: 100, color: '#16a34a', target: { value: cov.target, label: `目标 ${cov.target}%` } },
    );
    streetsNote();
  }

  // 二、gap list
  heading(doc, '二、未覆盖区域清单（建成区内仍为散煤取暖的地块）');
  const gaps = cov.uncovered.filter((g) => !street || g.streetCode === street.code || g.streetName === street.name);
  if (gaps.length === 0) para(doc, '无。');
  for (const [i, g] of gaps.entries())
    para(doc, `${i + 1}. ${g.streetName ?? '（不在街道辖区内）'}　面积 ${m2(g.gapM2)}　位置 经度 ${g.lng.toFixed(5)}，纬度 ${g.lat.toFixed(5)}`, { size: 9 });
  if (gaps.length > 0) streetsNote();

  // 三、四、findings, this month beside the previous one (snapshots: findings-snapshot.service.ts)
  const code = street ? (street.code ?? street.id) : undefined;
  const prevMonth = previousMonth(q.month);
  const prevLabel = `${Number(prevMonth.slice(5))}月`;
  // the previous month first: this month's report may record this month (never the previous one)
  const beforeF = await recordedFindings(db, prevMonth);
  const nowF = await findingsOfMonth(db, q.month);
  const cur = tally(nowF, code);
  const prev = beforeF && tally(beforeF, code);
  const vs = (a: number, b: number | undefined) =>
    b === undefined ? '' : `（${prevLabel} ${b} 条，${a === b ? '持平' : a > b ? `增加 ${a - b}` : `减少 ${b - a}`}）`;
  doc.addPage();
  heading(doc, `三、问题线索（按行动计划条款，与${prevLabel}对比）`);
  para(doc, `共 ${cur.total} 条问题线索${vs(cur.total, prev?.total)}，须经现场核查确认。`);
  para(doc, basisText(nowF, `${month}月`), { size: 8.5, color: '#374151' });
  para(doc, beforeF ? basisText(beforeF, prevLabel) : `${prevLabel}没有记录问题线索快照，不作比较。`, { size: 8.5, color: '#374151' });
  const articles = [...new Set([...cur.byArticle.keys(), ...(prev?.byArticle.keys() ?? [])])].sort(
    (a, b) => (cur.byArticle.get(b) ?? 0) - (cur.byArticle.get(a) ?? 0) || Number(a) - Number(b),
  );
  const maxA = Math.max(1, ...articles.map((a) => Math.max(cur.byArticle.get(a) ?? 0, prev?.byArticle.get(a) ?? 0)));
  barChart(
    doc,
    articles.map((a) => {
      const n = cur.byArticle.get(a) ?? 0;
      return { label: articleZh(a), value: n, text: prev ? `${n} 条（${prevLabel} ${prev.byArticle.get(a) ?? 0}）` : `${n} 条` };
    }),
    { max: maxA, color: '#d97706' },
  );
  const rules = [...new Set([...cur.byRule.keys(), ...(prev?.byRule.keys() ?? [])])];
  for (const rule of rules) {
    const r = findRule(rule);
    const n = cur.byRule.get(rule) ?? 0;
    if (r) para(doc, `· ${articleZh(r.article)}　${r.title.zh}：${n} 条${vs(n, prev ? (prev.byRule.get(rule) ?? 0) : undefined)}`, { size: 9 });
  }

  heading(doc, `四、问题线索（按街道办事处，与${prevLabel}对比）`);
  const nameOf = new Map(cov.byStreet.map((s) => [s.code ?? s.id, s.name]));
  nameOf.set('', '（不在街道辖区内）');
  const codes = street ? [code!] : [...new Set([...cov.byStreet.map((s) => s.code ?? s.id), ...cur.byStreet.keys(), ...(prev?.byStreet.keys() ?? [])])];
  const byStreet = codes
    .filter((c) => c !== '' || (cur.byStreet.get('') ?? 0) + (prev?.byStreet.get('') ?? 0) > 0)
    .map((c) => ({ name: nameOf.get(c) ?? c, n: cur.byStreet.get(c) ?? 0, before: prev ? (prev.byStreet.get(c) ?? 0) : undefined }));
  const maxS = Math.max(1, ...byStreet.map((b) => Math.max(b.n, b.before ?? 0)));
  barChart(
    doc,
    byStreet.map((b) => ({ label: b.name, value: b.n, text: b.before === undefined ? `${b.n} 条` : `${b.n} 条（${prevLabel} ${b.before}）` })),
    { max: maxS, color: '#2563eb' },
  );
  if (prev) for (const b of byStreet) para(doc, `· ${b.name}：${b.n} 条${vs(b.n, b.before)}`, { size: 9 });
  streetsNote();

  // 五、the ledger, this month against the previous one
  const [now, before] = await Promise.all([ledgerMonth(db, q.month, code), ledgerMonth(db, prevMonth, code)]);
  ledgerSection(doc, now, before, { month, prevMonth: Number(prevMonth.slice(5)) });

  heading(doc, '六、说明');
  para(
    doc,
    '问题线索由规则按数据库中现有的要素筛出（asOf 只决定哪些有时限的规则生效，不回溯要素的历史版本），因此往月的问题线索无法用今天的数据重算：每月记录一次快照（按条款、街道办事处和结论计数），月末记录，或该月结束后首次生成月报时记录；上月没有快照时不作比较。整改台账按案件流转记录逐月统计。',
  );
  para(
    doc,
    '覆盖率按 CGCS2000 高斯-克吕格投影（EPSG:4547）面积计算；问题线索由空间与属性规则自动筛出（含属性未记录的待核查项），须经现场核实，不等同于违规认定。',
  );
  if (demo) para(doc, DEMO_DISCLAIMER, { color: '#b91c1c' });
  return finish(doc, `${area}${MONTHLY_REPORT_TITLE}　${year}年${month}月`);
}

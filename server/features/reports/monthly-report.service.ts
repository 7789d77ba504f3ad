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
import { listViolations } from '../rules/violations.service.ts';
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

const m2 = (v: number) => `${Math.round(v).toLocaleString('en-US')} m²`;
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

export async function monthlyReportPdf(db: Db, q: MonthlyQuery): Promise<Buffer> {
  const cov = await coverage(db);
  const street = q.street === undefined ? undefined : cov.byStreet.find((s) => s.code === q.street || s.id === q.street);
  if (q.street !== undefined && !street)
    throw inputError('UNKNOWN_STREET', { zh: `未知的街道办事处代码：${q.street}`, en: `Unknown street office code: ${q.street}` });
  const found = await listViolations(db, street ? { street: street.code ?? street.id } : {});
  const [{ demo }, streetsDemo] = await Promise.all([listLayers(db), streetsAreDemo(db)]);
  /** Under each list of street offices while their boundaries are demo data. */
  const streetsNote = () => streetsDemo && para(doc, STREETS_DEMO_NOTE, { size: 8.5, color: '#b45309' });
  const [year, month] = q.month.split('-').map(Number) as [number, number];
  const area = street ? street.name : '平城区';

  const doc = newReport(`${MONTHLY_REPORT_TITLE}（${year}年${month}月）`);
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

  // 三、findings
  doc.addPage();
  heading(doc, '三、问题线索（按行动计划条款）');
  const byArticle = new Map<string, number>();
  for (const [rule, n] of Object.entries(found.counts.byRule)) {
    const article = findRule(rule)?.article ?? '?';
    byArticle.set(article, (byArticle.get(article) ?? 0) + n);
  }
  para(doc, `共 ${found.counts.total} 条问题线索，须经现场核查确认。`);
  const articles = [...byArticle.entries()].sort((a, b) => b[1] - a[1]);
  const maxA = Math.max(1, ...articles.map(([, n]) => n));
  barChart(
    doc,
    articles.map(([a, n]) => ({ label: articleZh(a), value: n, text: `${n} 条` })),
    { max: maxA, color: '#d97706' },
  );
  for (const [rule, n] of Object.entries(found.counts.byRule)) {
    const r = findRule(rule);
    if (r && n > 0) para(doc, `· ${articleZh(r.article)}　${r.title.zh}：${n} 条`, { size: 9 });
  }

  heading(doc, '四、问题线索（按街道办事处）');
  const nameOf = new Map(cov.byStreet.map((s) => [s.code ?? s.id, s.name]));
  const byStreet = (street ? [street] : cov.byStreet).map((s) => ({ name: s.name, n: found.counts.byStreet[s.code ?? s.id] ?? 0 }));
  for (const [code, n] of Object.entries(found.counts.byStreet))
    if (!byStreet.some((b) => b.name === nameOf.get(code))) byStreet.push({ name: nameOf.get(code) ?? code, n });
  if (!street && found.counts.noStreet > 0) byStreet.push({ name: '（不在街道辖区内）', n: found.counts.noStreet });
  const maxS = Math.max(1, ...byStreet.map((b) => b.n));
  barChart(
    doc,
    byStreet.map((b) => ({ label: b.name, value: b.n, text: `${b.n} 条` })),
    { max: maxS, color: '#2563eb' },
  );
  streetsNote();

  // 五、the ledger, this month against the previous one
  const prevMonth = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  const code = street ? (street.code ?? street.id) : undefined;
  const [now, before] = await Promise.all([ledgerMonth(db, q.month, code), ledgerMonth(db, prevMonth, code)]);
  ledgerSection(doc, now, before, { month, prevMonth: Number(prevMonth.slice(5)) });

  heading(doc, '六、说明');
  para(doc, '问题线索按生成时的数据统计，没有逐月快照，故不与上月比较；整改台账按案件流转记录逐月统计。');
  para(
    doc,
    '覆盖率按 CGCS2000 高斯-克吕格投影（EPSG:4547）面积计算；问题线索由空间与属性规则自动筛出（含属性未记录的待核查项），须经现场核实，不等同于违规认定。',
  );
  if (demo) para(doc, DEMO_DISCLAIMER, { color: '#b91c1c' });
  return finish(doc, `${area}${MONTHLY_REPORT_TITLE}　${year}年${month}月`);
}

/**
 * The PDF plumbing both reports share: an A4 pdfkit document with Noto Sans SC embedded as a subset
 * (from the npm package's TTF, never fetched at run time), the page frame (title block, footer with
 * page numbers) and the output as one buffer.
 */
import { createRequire } from 'node:module';
import { loadPdfKit } from '../../lib/lazy-packages.ts';

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

export const PLAN_TITLE = '《大同市平城区空气质量再提升2023年行动计划》（平城政办发〔2023〕10号）';
export const DEMO_DISCLAIMER = '示意数据，非官方：本系统内置的区域与点位为依据公开信息手工绘制的示意数据，仅供演示，不得作为执法依据。';
export const SYSTEM_NAME = '平城区大气污染防治空间管理系统';

export const A4 = { width: 595.28, height: 841.89, margin: 50 } as const;
export const CONTENT_WIDTH = A4.width - 2 * A4.margin;

export type Doc = PDFKit.PDFDocument;

export async function newReport(title: string): Promise<Doc> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin },
    bufferPages: true,
    info: { Title: title, Author: SYSTEM_NAME, Subject: PLAN_TITLE, Creator: SYSTEM_NAME },
    lang: 'zh-CN',
    displayTitle: true,
  });
  doc.registerFont('zh', FONT_REGULAR);
  doc.registerFont('zh-bold', FONT_BOLD);
  doc.font('zh');
  return doc;
}

/** Date and time in the bureau's time zone: "2023年10月10日 14:05". */
export function localDateTime(d = new Date()): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
}

export function heading(doc: Doc, text: string, size = 13): void {
  doc.moveDown(0.6).font('zh-bold').fontSize(size).fillColor('#1f2937').text(text, A4.margin, undefined, { width: CONTENT_WIDTH });
  doc.moveDown(0.2).font('zh').fontSize(10).fillColor('#111827');
}

export function para(doc: Doc, text: string, opts: { size?: number; color?: string; indent?: number } = {}): void {
  doc
    .font('zh')
    .fontSize(opts.size ?? 10)
    .fillColor(opts.color ?? '#111827')
    .text(text, A4.margin + (opts.indent ?? 0), undefined, { width: CONTENT_WIDTH - (opts.indent ?? 0), lineGap: 2 });
}

/** Title block of the first page. */
export function titleBlock(doc: Doc, title: string, subtitle: string, demo: boolean): void {
  doc.font('zh-bold').fontSize(20).fillColor('#111827').text(title, A4.margin, A4.margin, { width: CONTENT_WIDTH, align: 'center' });
  doc.moveDown(0.3).font('zh').fontSize(10).fillColor('#374151').text(subtitle, { width: CONTENT_WIDTH, align: 'center' });
  if (demo) doc.moveDown(0.3).font('zh-bold').fontSize(10).fillColor('#b91c1c').text('示意数据，非官方', { width: CONTENT_WIDTH, align: 'center' });
  doc
    .moveDown(0.5)
    .moveTo(A4.margin, doc.y)
    .lineTo(A4.width - A4.margin, doc.y)
    .lineWidth(0.8)
    .strokeColor('#9ca3af')
    .stroke();
  doc.font('zh').fontSize(10).fillColor('#111827');
}

/** Footer on every page (system name, page n / N), then the whole file. */
export async function finish(doc: Doc, footer: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not open a page
    doc
      .font('zh')
      .fontSize(8)
      .fillColor('#6b7280')
      .text(`${footer}　第 ${i + 1} 页 / 共 ${range.count} 页`, A4.margin, A4.height - 32, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

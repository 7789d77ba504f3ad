/**
 * The Chinese UI reads as a bureau document: the plan's own title and terms. No case has been
 * filed, so a flagged site is a 问题线索 / 问题点位, never 违法; checking a point is 点位核查
 * (选址 means siting a new project); the plan is a 行动计划, not a 行动方案; the safeguards item
 * is 保障措施第（二）项, never a section sign. The same rules hold for the Chinese the server
 * sends into the UI: layer, attribute and enumeration titles, zone restrictions, rule titles and
 * explanations (they are shown through `pick`).
 */
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/features/layers/catalogue/index.ts';
import { RULES } from '../../server/features/rules/catalogue/index.ts';
import { styleFor } from '../layers/index.ts';
import { zhCN } from './zh-CN.ts';

const messages = Object.entries(zhCN);

/** Every Chinese text of the catalogues, keyed by where it comes from. */
const catalogue: [string, string][] = [
  ...LAYERS.flatMap((l) => [
    [`layer ${l.id}`, l.title.zh] as [string, string],
    ...l.attributes.flatMap((a) => [
      [`${l.id}.${a.key}`, a.label.zh] as [string, string],
      ...(a.help ? [[`${l.id}.${a.key} help`, a.help.zh] as [string, string]] : []),
      ...(a.type === 'enum' ? a.options.map((o) => [`${l.id}.${a.key}=${o.value}`, o.label.zh] as [string, string]) : []),
    ]),
    ...l.restrictions.map((r) => [`restriction ${r.id}`, r.zh] as [string, string]),
  ]),
  ...RULES.flatMap((r) => [
    [`rule ${r.id} title`, r.title.zh] as [string, string],
    [`rule ${r.id} explanation`, r.explanation.zh] as [string, string],
    ...(r.inForce ? [[`rule ${r.id} inForce`, r.inForce.text.zh] as [string, string]] : []),
  ]),
];
const allZh: [string, string][] = [...messages, ...catalogue];
const offending = (test: (text: string) => boolean) => allZh.filter(([, text]) => test(text)).map(([where]) => where);

/** Latin words the Chinese UI may keep: file formats, coordinate systems, units, keys and names of settings, digit placeholders (38 5xx xxx). */
const LATIN_ALLOWED = new Set(
  'API BASEMAP_FILE BD CGCS CSV DPF EPSG EWKT English Enter Esc GBK GCJ GPS GeoJSON KML KMZ MB NDJSON OBD PDF RTO RCO SRID Shapefile TIANDITU_KEY UTF WGS WebGL XLSX crs csv geojson json km kml kmz prj xlsx xx xxx zip'.split(
    ' ',
  ),
);

describe('zh-CN wording', () => {
  it('names the plan by its exact title and number', () => {
    expect(zhCN['app.subtitle']).toBe('《大同市平城区空气质量再提升2023年行动计划》（平城政办发〔2023〕10号）');
  });

  it.each([
    ['违法', '问题线索 / 问题点位'],
    ['选址', '点位核查'],
    ['行动方案', '行动计划'],
    ['§', '保障措施第（二）项'],
  ])('never says %s (use %s)', (word) => {
    expect(messages.filter(([, text]) => text.includes(word)).map(([key]) => key)).toEqual([]);
  });

  it.each([
    ['VOCs', '挥发性有机物 (the plan spells it out)'],
    ['营业执照号', '统一社会信用代码'],
    ['年销量', '年销售量'],
    ['高斯投影', '高斯-克吕格'],
    ['ST_', 'words, not database function names'],
    ['违规线索', '问题线索'],
    ['非道路机械', '非道路移动机械'],
    ['雾炮机', '雾炮车'],
  ])('says neither in the messages nor in the catalogues %s (use %s)', (word) => {
    expect(offending((text) => text.includes(word))).toEqual([]);
  });

  it('never has a section sign or a bare list of article numbers anywhere: 第4、6、12、13条, 保障措施第（二）项', () => {
    expect(offending((text) => text.includes('§') || /第\s*\d+\s*[,，]\s*\d+/.test(text))).toEqual([]);
  });

  it('spells the terms of one concept one way: 街道办事处, 统一社会信用代码, 传输通道站, 交通干线站', () => {
    expect(offending((text) => /街道办(?!事处)/.test(text))).toEqual([]);
    expect(offending((text) => /(?<!统一社会)信用代码/.test(text))).toEqual([]);
    expect(offending((text) => /(?<!传输)通道站/.test(text))).toEqual([]);
    expect(offending((text) => /(?<!干线)交通站|交通干道站/.test(text))).toEqual([]);
  });

  it('uses 蒸吨/小时 only for boilers', () => {
    const units = LAYERS.flatMap((l) => l.attributes.flatMap((a) => ('unit' in a && a.unit === '蒸吨/小时' ? [`${l.id}.${a.key}`] : [])));
    expect(units.length).toBeGreaterThan(0);
    expect(units.every((u) => u.startsWith('boilers.'))).toBe(true);
  });

  it('writes Chinese brackets in Chinese text, never ASCII ones', () => {
    expect(offending((text) => /[\u4e00-\u9fff][^()]*\([^)]*\)|\([^)]*\)[^()]*[\u4e00-\u9fff]/.test(text.replace(/\{\w+\}/g, '')))).toEqual([]);
  });

  it('leaves no English in the Chinese UI beyond format, coordinate-system and setting names', () => {
    const latin = messages.flatMap(([key, text]) =>
      (text.replace(/\{\w+\}/g, '').match(/[A-Za-z][A-Za-z_]+/g) ?? []).filter((w) => !LATIN_ALLOWED.has(w)).map((w) => `${key}: ${w}`),
    );
    expect(latin).toEqual([]);
  });

  it('names a legend class by the attribute values it shows, in the catalogue’s words (完工, not 已完工)', () => {
    const mismatched = LAYERS.flatMap((layer) => {
      const look = styleFor(layer).look;
      return (look.variants ?? []).flatMap((v) => {
        const def = layer.attributes.find((a) => a.key === v.field);
        if (def?.type !== 'enum') return [];
        const words = v.values.map((value) => def.options.find((o) => o.value === value)?.label.zh).join(' / ');
        return words === v.label.zh ? [] : [`${layer.id}.${v.field}: ${v.label.zh} ≠ ${words}`];
      });
    });
    expect(mismatched).toEqual([]);
  });

  it('marks demo street boundaries with 示意 in both the note and the tag', () => {
    expect(zhCN['streets.demoNote']).toContain('示意');
    expect(zhCN['streets.demoTag']).toContain('示意');
  });

  it('calls the check tab and the flagged sites by the bureau terms', () => {
    expect(zhCN['tabs.check']).toBe('点位核查');
    expect(zhCN['analysis.section.violations']).toBe('问题线索');
    expect(zhCN['analysis.violations.list']).toContain('问题点位');
  });
});

/**
 * The Chinese UI reads as a bureau document: the plan's own title and terms. No case has been
 * filed, so a flagged site is a 问题线索 / 问题点位, never 违法; checking a point is 点位核查
 * (选址 means siting a new project); the plan is a 行动计划, not a 行动方案; the safeguards item
 * is 保障措施第（二）项, never a section sign.
 */
import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN.ts';

const messages = Object.entries(zhCN);

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

  it('calls the check tab and the flagged sites by the bureau terms', () => {
    expect(zhCN['tabs.check']).toBe('点位核查');
    expect(zhCN['analysis.section.violations']).toBe('问题线索');
    expect(zhCN['analysis.violations.list']).toContain('问题点位');
  });
});

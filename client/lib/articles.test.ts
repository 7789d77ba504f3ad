import { describe, expect, it } from 'vitest';
import { formatArticle, formatArticles } from './articles.ts';

const zh = { format: '第{a}条', join: '、', safeguards: '保障措施第（{n}）项', chineseNumerals: true };
const en = { format: 'Art. {a}', join: ', ', safeguards: 'Safeguards, item ({n})', chineseNumerals: false };

describe('article references', () => {
  it('reads single and compound article numbers in both languages', () => {
    expect(formatArticle('6', zh)).toBe('第6条');
    expect(formatArticle('4, 6', zh)).toBe('第4、6条');
    expect(formatArticle('4, 6', en)).toBe('Art. 4, 6');
  });

  it('names the safeguards item as the plan numbers it, not as a section sign', () => {
    expect(formatArticle('§5(2)', zh)).toBe('保障措施第（二）项');
    expect(formatArticle('§5(2)', en)).toBe('Safeguards, item (2)');
  });

  it('merges several references into one list in number order, as the plan writes them', () => {
    expect(formatArticles(['6', '4', '12', '13'], zh)).toEqual(['第4、6、12、13条']);
    expect(formatArticles(['4', '7'], en)).toEqual(['Art. 4, 7']);
    expect(formatArticles(['§5(2)'], zh)).toEqual(['保障措施第（二）项']);
    expect(formatArticles([], zh)).toEqual([]);
  });

  it('leaves a reference it does not know as written', () => {
    expect(formatArticle('附件1', zh)).toBe('附件1');
  });
});

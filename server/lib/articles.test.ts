import { describe, expect, it } from 'vitest';
import { articlesZh, articleZh } from './articles.ts';

describe('plan article references in Chinese', () => {
  it('words one reference as the plan does', () => {
    expect(articleZh('6')).toBe('第6条');
    expect(articleZh('4, 6, 7')).toBe('第4、6、7条');
    expect(articleZh('§5(2)')).toBe('保障措施第（二）项');
    expect(articleZh('附件')).toBe('附件');
  });

  it('merges several references into one list in number order', () => {
    expect(articlesZh(['13', '4', '12', '6'])).toBe('第4、6、12、13条');
    expect(articlesZh(['4, 6', '6', '12'])).toBe('第4、6、12条');
    expect(articlesZh(['§5(2)', '10'])).toBe('第10条，保障措施第（二）项');
  });
});

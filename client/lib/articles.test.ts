import { describe, expect, it } from 'vitest';
import { formatArticle } from './articles.ts';

const zh = { format: '第{a}条', join: '、' };
const en = { format: 'Art. {a}', join: ', ' };

describe('article references', () => {
  it('reads single and compound article numbers in both languages', () => {
    expect(formatArticle('6', zh)).toBe('第6条');
    expect(formatArticle('4, 6', zh)).toBe('第4、6条');
    expect(formatArticle('4, 6', en)).toBe('Art. 4, 6');
  });

  it('leaves section references as written', () => {
    expect(formatArticle('§5(2)', zh)).toBe('§5(2)');
  });
});

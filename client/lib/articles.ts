/**
 * The plan's article references as people write them: "6" → 第6条 / Art. 6, "4, 6" → 第4、6条 /
 * Art. 4, 6. Several references are merged the way the plan lists them: ["6", "4", "12", "13"] →
 * 第4、6、12、13条. "§5(2)" — item (二) of part 五 保障措施, not an article — reads 保障措施第（二）项 /
 * Safeguards, item (2). The words come from the caller's language (i18n `article.*`).
 */
export interface ArticleWords {
  /** '第{a}条' */
  format: string;
  /** '、' */
  join: string;
  /** '保障措施第（{n}）项': item {n} of part 5 of the plan */
  safeguards: string;
  /** Item numbers in Chinese numerals (二) rather than digits (2). */
  chineseNumerals: boolean;
}

const NUMERALS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const articleNumbers = (ref: string) => ref.split(/\s*[,，、]\s*/).filter(Boolean);
const isArticleList = (ref: string) => {
  const parts = articleNumbers(ref);
  return parts.length > 0 && parts.every((p) => /^\d+$/.test(p));
};

export function formatArticle(ref: string, words: ArticleWords): string {
  if (isArticleList(ref)) return words.format.replace('{a}', articleNumbers(ref).join(words.join));
  const item = /^§5\((\d+)\)$/.exec(ref.trim());
  if (item) {
    const n = Number(item[1]);
    return words.safeguards.replace('{n}', words.chineseNumerals && n <= 10 ? NUMERALS[n]! : String(n));
  }
  return ref;
}

/** Several references: the articles merged into one, in number order, then the other references. */
export function formatArticles(refs: readonly string[], words: ArticleWords): string[] {
  const numbers = [...new Set(refs.filter(isArticleList).flatMap(articleNumbers))].sort((a, b) => Number(a) - Number(b));
  return [...(numbers.length ? [formatArticle(numbers.join(','), words)] : []), ...refs.filter((r) => !isArticleList(r)).map((r) => formatArticle(r, words))];
}

/**
 * Plan article references in the words of a bureau document, for the server's own Chinese output
 * (PDF reports, spreadsheets): "6" → 第6条, "4, 6, 7" → 第4、6、7条, "§5(2)" → 保障措施第（二）项
 * (item (二) of part 五, not an article). Several references merge as the plan lists them:
 * ["12", "4", "6"] → 第4、6、12条. The client's lib/articles.ts words the same in either language.
 */
const ITEM_NUMERALS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const numbersOf = (ref: string): string[] | undefined => {
  const parts = ref.split(/\s*[,，、]\s*/).filter(Boolean);
  return parts.length > 0 && parts.every((p) => /^\d+$/.test(p)) ? parts : undefined;
};

export function articleZh(ref: string): string {
  const numbers = numbersOf(ref);
  if (numbers) return `第${numbers.join('、')}条`;
  const item = /^§5\((\d+)\)$/.exec(ref.trim());
  return item ? `保障措施第（${ITEM_NUMERALS[Number(item[1])] ?? item[1]}）项` : ref;
}

/** Several references as one phrase: the articles merged in number order, then the other items. */
export function articlesZh(refs: readonly string[]): string {
  const numbers = [...new Set(refs.flatMap((r) => numbersOf(r) ?? []))].sort((a, b) => Number(a) - Number(b));
  const others = refs.filter((r) => !numbersOf(r)).map(articleZh);
  return [...(numbers.length ? [articleZh(numbers.join(','))] : []), ...others].join('，');
}

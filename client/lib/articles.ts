/**
 * The plan's article references as people write them: "6" → 第6条 / Art. 6, "4, 6" → 第4、6条 /
 * Art. 4, 6; section references such as "§5(2)" stay as they are (they are not articles).
 * The words come from the caller's language (i18n `article.format`, `article.join`).
 */
export function formatArticle(ref: string, words: { format: string; join: string }): string {
  const parts = ref.split(/\s*[,，、]\s*/).filter(Boolean);
  if (parts.length && parts.every((p) => /^\d+$/.test(p))) return words.format.replace('{a}', parts.join(words.join));
  return ref;
}

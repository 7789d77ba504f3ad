/**
 * Fonts for map text. The style has no `glyphs` URL, so MapLibre draws every label with the
 * browser's own fonts (TinySDF; "omit glyphs to use local fonts", MapLibre ≥ 5.11). Nothing is
 * fetched: Chinese, Latin and digits all come from the system's CJK sans-serif (Noto Sans CJK /
 * Source Han Sans on Linux, Microsoft YaHei on Windows, PingFang on macOS). The names below are CSS
 * families tried in order; the first one's name also sets the weight ("Bold").
 */
const FAMILIES = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', 'WenQuanYi Micro Hei'];

export const FONT_REGULAR = ['Noto Sans CJK SC Regular', ...FAMILIES];
export const FONT_MEDIUM = ['Noto Sans CJK SC Medium', ...FAMILIES];
export const FONT_BOLD = ['Noto Sans CJK SC Bold', ...FAMILIES];

/** For MapLibre's `localIdeographFontFamily` (CJK in any stack). */
export const IDEOGRAPH_FAMILY = `${FAMILIES.map((f) => `'${f}'`).join(', ')}, sans-serif`;

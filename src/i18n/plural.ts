/**
 * Plurals and counts for a language, from the Unicode CLDR rules Node's Intl carries (full ICU):
 * `Intl.PluralRules` picks the form, so no catalog writes its own rule ("1 riga", "2 righe", "0
 * righe"; "1 row", "0 rows"). A catalog gives the forms its language has: English and Italian
 * have `one` and `other`.
 */

/** The forms of a word or phrase by CLDR plural category; `other` is always there. */
export type PluralForms = { one: string; other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

export type Counting = {
  /** 1,204 (en) · 1.204 (it): grouped always, as the Italian readers expect for 4 digits too */
  n: (x: number) => string;
  /** the form for `x`: plural(2, { one: "riga", other: "righe" }) is "righe" */
  plural: (x: number, forms: PluralForms) => string;
  /** the number and its form: "1.204 righe" */
  count: (x: number, forms: PluralForms) => string;
};

export function counting(tag: string): Counting {
  const rules = new Intl.PluralRules(tag);
  const number = new Intl.NumberFormat(tag, { maximumFractionDigits: 0, useGrouping: "always" } as Intl.NumberFormatOptions);
  const n = (x: number) => number.format(x);
  const plural = (x: number, forms: PluralForms) => forms[rules.select(x)] ?? forms.other;
  return { n, plural, count: (x, forms) => `${n(x)} ${plural(x, forms)}` };
}

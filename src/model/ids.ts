/**
 * Ids made from names written by people or other tools: lower-case
 * kebab-case ASCII (`Time & effort` → `time-effort`, `Participación
 * ciudadana` → `participacion-ciudadana`), as codebook and file names need,
 * and made unique by a numeric suffix (`cost`, `cost-2`).
 */

/** Letters that do not decompose into ASCII plus accents. */
const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };

/** Longest id made from a name; longer slugs are cut at a hyphen. */
export const MAX_SLUG_LENGTH = 60;

/** A lower-case kebab-case id for `name`, or `fallback` when nothing of it is ASCII letters or digits. */
export function slugify(name: string, fallback = 'item'): string {
  let slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþıħ]/g, (letter) => SPECIAL_LETTERS[letter] ?? letter)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > MAX_SLUG_LENGTH) {
    const cut = slug.slice(0, MAX_SLUG_LENGTH);
    const dash = cut.lastIndexOf('-');
    slug = (dash > 10 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
  }
  return slug === '' ? fallback : slug;
}

/** `base`, or `base-2`, `base-3`… whichever is not in `used` yet; the result is added to `used`. */
export function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

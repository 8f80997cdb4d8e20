/*
 * Player names as a person sees them. A name is normalised to NFC and trimmed; it is refused when
 * it holds a control character (NUL, newline), a lone surrogate, a bidirectional override or
 * isolate, or an invisible format character (zero-width space, word joiner, ...), since each
 * lets one name pass for another (`Ann\u200b` looks like `Ann`) or rewrites what follows it. A
 * zero-width joiner is kept only between two emoji, where it builds one picture. The length
 * limit counts what is seen (grapheme clusters), and a bound on code units keeps stacked
 * combining marks from making a short-looking name huge.
 */

export const NAME_MAX_GRAPHEMES = 24;
export const NAME_MAX_CODE_UNITS = 128;

const EMOJI_ZWJ = /(\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})/gu;
const FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const LONE_SURROGATE = /\p{Cs}/u;
const INVISIBLE = /^[\p{Z}\p{M}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

export function checkPlayerName(raw: string): NameCheck {
  if (LONE_SURROGATE.test(raw)) return { ok: false, message: "name holds a lone surrogate" };
  const normalised = raw.normalize("NFC");
  // Checked before trimming: trim() would quietly drop a trailing newline or byte order mark.
  if (FORBIDDEN.test(normalised.replace(EMOJI_ZWJ, "$1"))) return { ok: false, message: "name holds a control, format or invisible character" };
  const name = normalised.trim();
  if (name.length === 0) return { ok: false, message: "name is empty" };
  if (name.length > NAME_MAX_CODE_UNITS) return { ok: false, message: `name is longer than ${NAME_MAX_CODE_UNITS} code units` };
  if (INVISIBLE.test(name)) return { ok: false, message: "name has nothing visible" };
  let graphemes = 0;
  for (const _ of segmenter.segment(name)) graphemes++;
  if (graphemes > NAME_MAX_GRAPHEMES) return { ok: false, message: `name is longer than ${NAME_MAX_GRAPHEMES} characters` };
  return { ok: true, name };
}

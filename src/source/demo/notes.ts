import type { SeededRandom } from './random.js';

/**
 * What customers type into the "note" box: commas, quotes, LF and CRLF line breaks, emoji, other scripts, and the
 * occasional leading `=`, `+` or `-` that a spreadsheet would take for a formula.
 */
const NOTES: readonly string[] = [
  'Please leave the parcel with the neighbour, flat 3B.',
  "Gift wrap, please – it's for my mum's birthday 🎁",
  'Ring twice, the "bell" is broken',
  'Deliver after 6pm\nCall first: +49 170 0000000',
  'Bitte nicht klingeln,\r\nBaby schläft 😴',
  'Size "M" instead of "L", if possible.',
  "Can't wait!!! 🙌🏽🎉",
  '=== FRAGILE ===',
  '-- no invoice in the box please',
  '-10% coupon from the newsletter?',
  '+1 bag of tea if you have one',
  '=)',
  '请放在门口，谢谢！',
  'شكراً، يرجى الاتصال قبل التسليم',
  'Доставка до 18:00, пожалуйста',
  '配達は午前中でお願いします。',
  'Dear team,\r\n\r\nthe last order arrived damaged.\r\nPlease pack it "really" well this time.\r\n\r\nThanks, J.',
  'Leave at the back door 🚪 – dog is friendly 🐕',
  'Code for the gate: 4711, then "Hof 2"',
  'Pour ma fille Zoë ❤️\nMerci !',
];

/** A customer note: NULL (absent) most of the time, otherwise realistic free text. */
export function demoNote(random: SeededRandom): string | null {
  return random.chance(0.85) ? null : random.pick(NOTES);
}

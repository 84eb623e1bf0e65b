import { expect } from 'chai';
import { formatMinor, minorDigits } from '../../../../src/export/format/money.js';
import { SeededRandom } from '../../../../src/source/demo/random.js';

describe('money', () => {
  it('knows the minor digits of EUR, JPY, KWD and BHD', () => {
    expect([minorDigits('EUR'), minorDigits('JPY'), minorDigits('KWD'), minorDigits('BHD')]).to.deep.equal([2, 0, 3, 3]);
  });

  it('formats minor units as exact decimals with the currency digits', () => {
    expect(formatMinor(1230, 2)).to.equal('12.30');
    expect(formatMinor(1230, 0)).to.equal('1230');
    expect(formatMinor(1250, 3)).to.equal('1.250');
    expect(formatMinor(5, 2)).to.equal('0.05');
    expect(formatMinor(0, 3)).to.equal('0.000');
  });

  it('keeps the sign of negative amounts, also below one unit', () => {
    expect(formatMinor(-5, 3)).to.equal('-0.005');
    expect(formatMinor(-123456, 2)).to.equal('-1234.56');
  });

  it('is exact at 2^53 - 1 and beyond with bigint, where floating point would round', () => {
    expect(formatMinor(9007199254740991, 2)).to.equal('90071992547409.91');
    expect(formatMinor(123456789012345678901234567890n, 3)).to.equal('123456789012345678901234567.890');
  });

  it('refuses a number that is not a safe integer', () => {
    expect(() => formatMinor(1.5, 2)).to.throw(TypeError);
    expect(() => formatMinor(2 ** 60, 2)).to.throw(TypeError);
  });
});

/** The decimal text the long way: bigint division and remainder, the remainder padded to the digits. */
function referenceMinor(amount: bigint, digits: number): string {
  if (digits === 0) return amount.toString();
  const magnitude = amount < 0n ? -amount : amount;
  const scale = 10n ** BigInt(digits);
  return `${amount < 0n ? '-' : ''}${magnitude / scale}.${(magnitude % scale).toString().padStart(digits, '0')}`;
}

/** A random integer of 1 to `maxDigits` decimal digits, either sign: small amounts as often as large ones. */
function randomDigits(random: SeededRandom, maxDigits: number): bigint {
  const text = Array.from({ length: random.integer(1, maxDigits) }, () => random.integer(0, 9)).join('');
  return random.chance(0.5) ? -BigInt(text) : BigInt(text);
}

describe('money: formatMinor on random amounts', () => {
  const random = new SeededRandom(4217);

  it('writes every safe integer amount as the bigint reference does, for 0 to 4 digits', () => {
    const amounts = [0, -0, 1, -1, 9, 10, 99, 100, 999, 1000, -999, -1000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    while (amounts.length < 20_000) {
      const amount = Number(randomDigits(random, 16));
      if (Number.isSafeInteger(amount)) amounts.push(amount);
    }
    for (const digits of [0, 1, 2, 3, 4]) {
      for (const amount of amounts) expect(formatMinor(amount, digits), `${amount} with ${digits} digits`).to.equal(referenceMinor(BigInt(amount), digits));
    }
  });

  it('writes every bigint amount as the reference does, and a safe bigint as the same number does', () => {
    for (let index = 0; index < 5000; index += 1) {
      const amount = randomDigits(random, 40);
      const digits = random.integer(0, 4);
      expect(formatMinor(amount, digits), `${amount}n with ${digits} digits`).to.equal(referenceMinor(amount, digits));
      if (Number.isSafeInteger(Number(amount))) expect(formatMinor(amount, digits)).to.equal(formatMinor(Number(amount), digits));
    }
  });

  it('writes minus zero as zero, without a sign', () => {
    expect([formatMinor(-0, 0), formatMinor(-0, 2), formatMinor(-0, 3)]).to.deep.equal(['0', '0.00', '0.000']);
  });
});

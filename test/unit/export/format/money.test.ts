import { expect } from 'chai';
import { formatMinor, minorDigits } from '../../../../src/export/format/money.js';

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

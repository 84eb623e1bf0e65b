import { expect } from 'chai';
import { neutralizeFormula } from '../../../../src/export/format/neutralize.js';

/** What OWASP lists as the start of a formula a spreadsheet would run: https://owasp.org/www-community/attacks/CSV_Injection */
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];

describe('neutralizeFormula', () => {
  it("prefixes a single quote to text that starts like a formula, whatever follows", () => {
    for (const start of FORMULA_STARTS) {
      for (const rest of ['', '1+1', 'SUM(A1:A9)', 'cmd|\' /C calc\'!A0', '😀']) {
        expect(neutralizeFormula(`${start}${rest}`), JSON.stringify(`${start}${rest}`)).to.equal(`'${start}${rest}`);
      }
    }
  });

  it('leaves text that starts with any other character as it is, the empty text too', () => {
    expect(neutralizeFormula('')).to.equal('');
    for (let code = 0; code <= 0xffff; code += 1) {
      const start = String.fromCharCode(code);
      if (FORMULA_STARTS.includes(start)) continue;
      expect(neutralizeFormula(`${start}=1`), `U+${code.toString(16).padStart(4, '0')}`).to.equal(`${start}=1`);
    }
    for (const text of ['😀=1', '\u{1F4A9}+', ' =1', '\n=1', "'=1", 'a=1', '１+1', '＝1']) expect(neutralizeFormula(text), JSON.stringify(text)).to.equal(text);
  });
});

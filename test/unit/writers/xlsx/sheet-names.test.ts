import { expect } from 'chai';
import { quoteSheetName, SheetNames } from '../../../../src/writers/xlsx/sheet-names.js';

describe('SheetNames', () => {
  it('names continuation sheets "<name> 2", "<name> 3", ...', () => {
    const names = new SheetNames(['Orders']);
    expect([1, 2, 3].map((part) => names.nameOf('Orders', part))).to.deep.equal(['Orders', 'Orders 2', 'Orders 3']);
  });

  it('shortens a long name so that a continuation name stays within 31 characters', () => {
    const long = 'A'.repeat(31);
    const names = new SheetNames([long]);
    expect(names.nameOf(long, 2)).to.equal('A'.repeat(29) + ' 2');
    expect(names.nameOf(long, 10)).to.equal('A'.repeat(28) + ' 10');
  });

  it('never cuts an emoji in half when shortening', () => {
    const name = 'B'.repeat(28) + '😀';
    expect(new SheetNames([name]).nameOf(name, 2)).to.equal('B'.repeat(28) + ' 2');
  });

  it('skips a continuation number whose name another sheet already has, regardless of case', () => {
    const names = new SheetNames(['Orders', 'orders 2']);
    expect(names.nameOf('Orders', 2)).to.equal('Orders 3');
    expect(names.nameOf('Orders', 3)).to.equal('Orders 4');
  });
});

describe('quoteSheetName', () => {
  it('quotes a name for a reference, doubling apostrophes', () => {
    expect(quoteSheetName("O'Brien")).to.equal("'O''Brien'");
  });
});

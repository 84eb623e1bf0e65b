import { expect } from 'chai';
import { TimeZone } from '../../../../src/export/format/time-zone.js';
import { referenceSamples } from '../../../helpers/time-zones.js';

/**
 * Versions of the tz data (`process.versions.tz`) for which this audit passed. TimeZone probes a zone once a day,
 * so a release in which some zone changes its offset twice within a day would make it miss changes: with new data
 * the audit runs (about five minutes); when it passes, add the version here.
 */
const AUDITED_TZ_DATA = ['2025c'];

describe('time zone audit', () => {
  it('finds every offset change a six-hour scan finds, in every zone from 1970 to 2040 (runs on new tz data)', function () {
    if (AUDITED_TZ_DATA.includes(process.versions.tz ?? '')) this.skip();
    this.timeout(0);
    const failures: string[] = [];
    for (const name of Intl.supportedValuesOf('timeZone')) {
      const zone = new TimeZone(name);
      for (const { instant, offset } of referenceSamples(name, Date.UTC(1970, 0, 1), Date.UTC(2040, 0, 1))) {
        if (zone.offsetMinutes(instant) !== offset) failures.push(`${name} at ${new Date(instant).toISOString()}: ${zone.offsetMinutes(instant)} != ${offset}`);
      }
    }
    expect(failures).to.deep.equal([]);
  });
});

import { DateTimeScalar, isoInstant } from '../scalars';

describe('DateTime', () => {
  it('writes every instant as toISOString does, milliseconds and far years included', () => {
    const instants = [
      Date.UTC(1000, 0, 1),
      Date.UTC(999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      Date.UTC(-1, 5, 5),
      Date.UTC(1970, 0, 1, 0, 0, 0, 7),
      Date.UTC(2024, 1, 29, 9, 5, 3, 45),
    ];
    // A spread of instants from year 1000 to 9999, at every millisecond digit count.
    for (let n = 0; n < 5000; n += 1) instants.push(-30_610_224_000_000 + n * 56_789_123_457);
    const mismatches = instants
      .map((ms) => new Date(ms))
      .filter((date) => isoInstant(date) !== date.toISOString())
      .map((date) => date.toISOString());
    expect(mismatches).toEqual([]);
  });

  it('serializes a Date, or an instant in text, and refuses what is no instant', () => {
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2026, 10, 29, 8, 1, 2, 3)))).toBe('2026-11-29T08:01:02.003Z');
    expect(DateTimeScalar.serialize('2026-11-29T08:01:02.003Z')).toBe('2026-11-29T08:01:02.003Z');
    expect(() => DateTimeScalar.serialize('not a date')).toThrow('DateTime cannot represent an invalid date');
  });
});

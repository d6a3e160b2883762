import { parseIsoDate } from '../calendarDate';

/** The rule as JavaScript's Date applies it: the day exists when Date does not roll it into another month. */
function realByDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('parseIsoDate', () => {
  it('accepts exactly the days that JavaScript’s calendar has, leap years included', () => {
    const mismatches: string[] = [];
    for (const year of [0, 1, 4, 100, 200, 400, 1600, 1700, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9996, 9999]) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const expected = realByDate(year, month, day) ? text : null;
          if (parseIsoDate(text) !== expected) mismatches.push(text);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

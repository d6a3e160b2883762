const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LEGACY_DATE = /^(\d{2})-(\d{2})-(\d{4})$/;

/** Today's date in UTC as `yyyy-mm-dd`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Days in each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian leap years, as JavaScript's Date counts them back to year 1. */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0));
}

/** `yyyy-mm-dd` when `value` is a real calendar date in that form, otherwise null. */
export function parseIsoDate(value: string): string | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  return isRealDate(Number(y), Number(m), Number(d)) ? value : null;
}

/** Accepts `yyyy-mm-dd` or the older `dd-mm-yyyy`; returns `yyyy-mm-dd`, or null when neither is a real date. */
export function parseFlexibleDate(value: string): string | null {
  const legacy = LEGACY_DATE.exec(value);
  if (legacy) {
    const [, d = '', m = '', y = ''] = legacy;
    return parseIsoDate(`${y}-${m}-${d}`);
  }
  return parseIsoDate(value);
}

import { describe, expect, it } from 'vitest';
import { isWithinCallingHours, isValidTimeZone, type CallingHours } from './calling-hours.js';

const paris: CallingHours = { timeZone: 'Europe/Paris', start: '09:00', end: '21:00' };

describe('isWithinCallingHours', () => {
  it.each([
    // Summer (UTC+2)
    ['2026-07-01T18:59:00Z', true, '20:59 in Paris, summer'],
    ['2026-07-01T19:01:00Z', false, '21:01 in Paris, summer'],
    ['2026-07-01T07:00:00Z', true, '09:00 in Paris, summer'],
    ['2026-07-01T06:59:00Z', false, '08:59 in Paris, summer'],
    // Winter (UTC+1)
    ['2026-01-15T19:59:00Z', true, '20:59 in Paris, winter'],
    ['2026-01-15T20:01:00Z', false, '21:01 in Paris, winter'],
    // The day clocks go forward (29 March 2026) and back (25 October 2026)
    ['2026-03-29T18:59:00Z', true, '20:59 after the spring change'],
    ['2026-03-29T19:01:00Z', false, '21:01 after the spring change'],
    ['2026-10-25T19:59:00Z', true, '20:59 after the autumn change'],
    ['2026-10-25T20:01:00Z', false, '21:01 after the autumn change'],
  ])('at %s answers %s (%s)', (iso, expected) => {
    expect(isWithinCallingHours(new Date(iso), paris)).toBe(expected);
  });

  it('applies a weekday override and a day off', () => {
    const hours: CallingHours = { ...paris, weekdays: { '6': { start: '10:00', end: '18:00' }, '7': null } };
    // Saturday 4 July 2026, 09:30 and 17:30 in Paris
    expect(isWithinCallingHours(new Date('2026-07-04T07:30:00Z'), hours)).toBe(false);
    expect(isWithinCallingHours(new Date('2026-07-04T15:30:00Z'), hours)).toBe(true);
    // Sunday 5 July 2026, noon
    expect(isWithinCallingHours(new Date('2026-07-05T10:00:00Z'), hours)).toBe(false);
  });

  it('follows another time zone', () => {
    expect(isWithinCallingHours(new Date('2026-07-01T23:30:00Z'), { timeZone: 'America/Cayenne', start: '09:00', end: '21:00' })).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

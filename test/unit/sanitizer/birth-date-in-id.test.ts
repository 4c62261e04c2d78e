import { describe, expect, it } from 'vitest';
import { birthDateInId, isEncodedBirthDate } from '../../../shared/domain/sanitizer/birth-date-in-id.js';

describe('Function: birthDateInId', () => {
  it.each([
    ['RCCDNL79H03A944D', { year2: 79, month: 6, day: 3 }],
    // A woman's day is written plus 40.
    ['BNCMRA85T43F205X', { year2: 85, month: 12, day: 3 }],
    // Omocodia: digits replaced by letters (L = 0, M = 1, ... V = 9) in a duplicate's code.
    ['RCCDNLTVH0PA944D', { year2: 79, month: 6, day: 3 }],
    ['85031512344', { year2: 85, month: 3, day: 15 }],
    // PESEL puts the 2000s' century in the month (+20).
    ['05231512345', { year2: 5, month: 3, day: 15 }],
    ['1 85 03 75 123 456 41', { year2: 85, month: 3, day: undefined }],
  ])('reads the birth date in %s', (id, expected) => {
    expect(birthDateInId(id)).toEqual(expected);
  });
  it.each(['12345678Z', 'AB123456C', 'RCCDNL79Z03A944D', '85331512344'])('finds no birth date in %s', (id) => {
    expect(birthDateInId(id)).toBeUndefined();
  });
});

describe('Function: isEncodedBirthDate', () => {
  const june3rd1979 = { year2: 79, month: 6, day: 3 };
  it.each(['03.06.1979', '3/6/79', '1979-06-03', '3 giugno 1979', 'June 3rd, 1979', '3.VI.1979', '3 de junio de 1979', '03-Jun-1979'])(
    'matches %s',
    (date) => {
      expect(isEncodedBirthDate(date, june3rd1979)).toBe(true);
    },
  );
  it.each(['03.06.2024', '04.06.1979', '3 luglio 1979', '06.03.1979'])('does not match %s', (date) => {
    expect(isEncodedBirthDate(date, june3rd1979)).toBe(false);
  });
  it('matches the year and month alone when the ID holds no day (NIR)', () => {
    expect(isEncodedBirthDate('12/03/1985', { year2: 85, month: 3, day: undefined })).toBe(true);
    expect(isEncodedBirthDate('12/04/1985', { year2: 85, month: 3, day: undefined })).toBe(false);
  });
});

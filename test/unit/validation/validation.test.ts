import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import {
  daysBetween,
  isCalendarDate,
  parseAiMode,
  parseBoolean,
  parseCalendarDate,
  parseDiscipline,
  parseEmail,
  parseHttpUrl,
  parseOptionalText,
  parsePositiveDays,
  parsePositiveId,
  parsePriority,
  parseRequiredText,
  parseTargetTime,
  shownValue,
  TEXT_LIMITS,
} from '../../../src/validation/index.js';

function failure(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('calendar dates', () => {
  it.each(['2027-04-11', '2024-02-29', '2027-12-31', ' 2027-01-01 '])('accepts %j', (value) => {
    expect(parseCalendarDate(value)).toBe(value.trim());
  });
  it.each(['2027-02-30', '2027-13-01', '2023-02-29', '2027-04-31', '2027-00-10', '2027-4-11', '11/04/2027', '', 'tomorrow', '2027-04-11T00:00', 20270411, null])(
    'rejects %j with the field and value in the message',
    (value) => {
      const error = failure(() => parseCalendarDate(value, 'competitions[1].date'));
      expect(error.field).toBe('competitions[1].date');
      expect(error.message).toMatch(/^competitions\[1\]\.date: not a date \(YYYY-MM-DD\): /);
    },
  );
  it('says a real date outside 1970-2100 is too far, rather than "not a date"', () => {
    expect(failure(() => parseCalendarDate('9999-12-31', '--date')).message).toBe('--date: too far in the future (dates end at 2100-12-31): 9999-12-31');
    expect(failure(() => parseCalendarDate('1900-01-01', '--date')).message).toBe('--date: too far in the past (dates start at 1970-01-01): 1900-01-01');
    expect(parseCalendarDate('1970-01-01')).toBe('1970-01-01');
    expect(parseCalendarDate('2100-12-31')).toBe('2100-12-31');
    expect(isCalendarDate('1900-01-01')).toBe(false);
  });
  it('gives the exact message the YAML import promises', () => {
    expect(failure(() => parseCalendarDate('2027-13-01', 'competitions[1].date')).message).toBe(
      'competitions[1].date: not a date (YYYY-MM-DD): 2027-13-01',
    );
  });
  it('counts days across month and leap-year boundaries', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2027-04-11', '2027-04-04')).toBe(-7);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
  });
});

describe('priorities, modes, disciplines, booleans', () => {
  it('normalises priority case', () => {
    expect(parsePriority('a')).toBe('A');
    expect(parsePriority(' C ')).toBe('C');
  });
  it.each(['D', '', 'AA', 'high', 1, null])('rejects priority %j', (value) => {
    expect(failure(() => parsePriority(value)).message).toMatch(/^priority: must be A, B or C/);
  });
  it('accepts the three ai modes in any case', () => {
    expect(parseAiMode('Development')).toBe('development');
    expect(parseAiMode('cost-effective')).toBe('cost_effective');
    expect(parseAiMode('STANDARD')).toBe('standard');
    expect(failure(() => parseAiMode('turbo')).message).toMatch(/ai_mode: must be one of development, standard, cost_effective/);
  });
  it('accepts disciplines in any case and returns the schema spelling', () => {
    expect(parseDiscipline('running')).toBe('Running');
    expect(parseDiscipline('CYCLING')).toBe('Cycling');
    expect(parseDiscipline('Swimming')).toBe('Swimming');
    expect(() => parseDiscipline('Rowing')).toThrow(ValidationError);
  });
  it('reads booleans', () => {
    expect(parseBoolean(true, 'x')).toBe(true);
    expect(parseBoolean('no', 'x')).toBe(false);
    expect(() => parseBoolean('maybe', 'x')).toThrow(/x: must be true or false/);
    expect(() => parseBoolean(1, 'x')).toThrow(ValidationError);
  });
});

describe('target times', () => {
  it.each([
    ['03:15:00', '03:15:00'],
    ['3:15:00', '03:15:00'],
    ['23:59:59', '23:59:59'],
    ['00:45:30', '00:45:30'],
  ])('accepts %j', (value, expected) => expect(parseTargetTime(value)).toBe(expected));
  it.each(['25:00:00', '24:00:00', '25:60:00', '03:15', '03:15:60', '1:2:3', 'abc', '', '-1:00:00', 3.25])('rejects %j', (value) => {
    expect(failure(() => parseTargetTime(value)).message).toMatch(/^target_time: not a time HH:MM:SS/);
  });
  it('00:00:00 is a time, but not a target', () => {
    expect(failure(() => parseTargetTime('00:00:00')).message).toBe('target_time: a target time must be longer than 00:00:00');
  });
});

describe('positive whole numbers', () => {
  it.each([[1, 1], ['21', 21], [3650, 3650], [' 56 ', 56]])('accepts days %j', (value, expected) => {
    expect(parsePositiveDays(value, 'activities_days')).toBe(expected);
  });
  it.each([0, -1, 1.5, 'abc', '1.5', '-1', '0', '1e3', 3651, '99999999999999999999', '', null, true, Number.NaN])(
    'rejects days %j',
    (value) => {
      expect(failure(() => parsePositiveDays(value, 'activities_days')).message).toMatch(
        /^activities_days: not a whole number of days from 1 to 3650/,
      );
    },
  );
  it('takes BikeReg ids up to the integer column', () => {
    expect(parsePositiveId('12345', 'bikereg_id')).toBe(12345);
    expect(() => parsePositiveId('2147483648', 'bikereg_id')).toThrow(ValidationError);
    expect(() => parsePositiveId('0', 'bikereg_id')).toThrow(ValidationError);
  });
});

describe('urls and emails', () => {
  it('accepts http(s) URLs only', () => {
    expect(parseHttpUrl('https://www.runreg.com/city-marathon')).toBe('https://www.runreg.com/city-marathon');
    for (const bad of ['ftp://x.org/a', 'javascript:alert(1)', 'not a url', 'https://', 'http://a b.com']) {
      expect(() => parseHttpUrl(bad, 'runreg_url')).toThrow(/runreg_url: not an http\(s\) URL/);
    }
  });
  it('lower-cases emails and rejects malformed ones', () => {
    expect(parseEmail(' Jane@Example.COM ')).toBe('jane@example.com');
    for (const bad of ['jane', 'jane@', '@example.com', 'ja ne@example.com', 'jane@example', 'a@b@c.com']) {
      expect(() => parseEmail(bad)).toThrow(/email: not an email address/);
    }
  });
});

describe('text fields', () => {
  const name = { max: TEXT_LIMITS.name };
  const context = { max: TEXT_LIMITS.context, multiline: true };
  it('trims and keeps SQL metacharacters and emoji as they are', () => {
    expect(parseRequiredText("  Robert'); DROP TABLE competition;-- 🏃‍♀️  ", 'name', name)).toBe(
      "Robert'); DROP TABLE competition;-- 🏃‍♀️",
    );
  });
  it('treats empty text as missing', () => {
    expect(parseOptionalText('   ', 'race_type', name)).toBeNull();
    expect(failure(() => parseRequiredText('  ', 'name', name)).message).toBe('name: must not be empty');
  });
  it('enforces length limits in characters', () => {
    expect(parseRequiredText('🏃'.repeat(200), 'name', name)).toHaveLength(400);
    expect(failure(() => parseRequiredText('x'.repeat(201), 'name', name)).message).toBe(
      'name: too long (201 characters, at most 200)',
    );
    expect(() => parseOptionalText('y'.repeat(20_001), 'analysis_context', context)).toThrow(/at most 20000/);
  });
  it('rejects control characters, allowing newlines and tabs only in multi-line text', () => {
    expect(parseOptionalText('line one\r\n\tline two', 'ctx', context)).toBe('line one\n\tline two');
    expect(() => parseRequiredText('a\nb', 'name', name)).toThrow(/name: contains control characters/);
    expect(() => parseOptionalText('bell\u0007', 'ctx', context)).toThrow(/only newlines and tabs/);
    expect(() => parseRequiredText('nul\u0000', 'name', name)).toThrow(ValidationError);
    expect(() => parseRequiredText('esc\u001b[31m', 'name', name)).toThrow(ValidationError);
  });
  it('rejects non-text values', () => {
    expect(() => parseRequiredText({ a: 1 }, 'name', name)).toThrow(/name: must be text/);
    expect(parseRequiredText(42, 'name', name)).toBe('42');
  });
});

describe('error messages stay one line', () => {
  it('escapes control characters and shortens long values', () => {
    expect(shownValue('a\nb')).toBe('a\\u000ab');
    expect(shownValue('x'.repeat(500))).toMatch(/\.\.\. \(500 characters\)$/);
    const error = failure(() => parseCalendarDate(`2027-01-01\n${'z'.repeat(10_000)}`));
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(200);
  });
});

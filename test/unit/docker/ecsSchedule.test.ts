import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeWait, nextRuns, parseSchedule, ScheduleError } from '../../../engine/src/ecs/schedule';

const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());

test('rate(1 minute) runs every minute from its anchor, strictly after "from"', () => {
  const anchor = new Date('2026-11-27T08:00:30Z');
  assert.deepEqual(iso(nextRuns('rate(1 minute)', anchor, 3)), [
    '2026-11-27T08:01:30.000Z',
    '2026-11-27T08:02:30.000Z',
    '2026-11-27T08:03:30.000Z',
  ]);
  const later = new Date('2026-11-27T08:02:30Z');
  assert.deepEqual(iso(nextRuns('rate(1 minute)', later, 2, { anchor })), ['2026-11-27T08:03:30.000Z', '2026-11-27T08:04:30.000Z']);
  assert.deepEqual(iso(nextRuns('rate(2 hours)', later, 1, { anchor })), ['2026-11-27T10:00:30.000Z']);
  assert.deepEqual(iso(nextRuns('rate(3 days)', anchor, 1)), ['2026-11-30T08:00:30.000Z']);
});

test('cron(0 12 * * ? *) is noon UTC every day', () => {
  const from = new Date('2026-11-27T12:00:00Z');
  assert.deepEqual(iso(nextRuns('cron(0 12 * * ? *)', from, 2)), ['2026-11-28T12:00:00.000Z', '2026-11-29T12:00:00.000Z']);
  assert.deepEqual(iso(nextRuns('cron(0 12 * * ? *)', new Date('2026-11-27T11:59:59Z'), 1)), ['2026-11-27T12:00:00.000Z']);
});

test('steps, ranges, lists and names', () => {
  const from = new Date('2026-11-27T08:07:00Z'); // a Friday
  assert.deepEqual(iso(nextRuns('cron(0/15 * * * ? *)', from, 3)), [
    '2026-11-27T08:15:00.000Z',
    '2026-11-27T08:30:00.000Z',
    '2026-11-27T08:45:00.000Z',
  ]);
  assert.deepEqual(iso(nextRuns('cron(*/20 8-9 * * ? *)', from, 4)), [
    '2026-11-27T08:20:00.000Z',
    '2026-11-27T08:40:00.000Z',
    '2026-11-27T09:00:00.000Z',
    '2026-11-27T09:20:00.000Z',
  ]);
  // Monday to Friday at 10:00: Friday today, then Monday.
  assert.deepEqual(iso(nextRuns('cron(0 10 ? * MON-FRI *)', from, 2)), ['2026-11-27T10:00:00.000Z', '2026-11-30T10:00:00.000Z']);
  assert.deepEqual(iso(nextRuns('cron(30 6 1,15 JAN,JUL ? 2027)', from, 3)), [
    '2027-01-01T06:30:00.000Z',
    '2027-01-15T06:30:00.000Z',
    '2027-07-01T06:30:00.000Z',
  ]);
});

test('L, W and # days', () => {
  const from = new Date('2026-01-01T00:00:00Z');
  assert.deepEqual(iso(nextRuns('cron(0 0 L * ? 2026)', from, 2)), ['2026-01-31T00:00:00.000Z', '2026-02-28T00:00:00.000Z']);
  // 2026-02-15 is a Sunday: the nearest weekday is Monday the 16th; 2026-08-01 is a Saturday: Monday the 3rd.
  assert.deepEqual(iso(nextRuns('cron(0 0 15W 2 ? 2026)', from, 1)), ['2026-02-16T00:00:00.000Z']);
  assert.deepEqual(iso(nextRuns('cron(0 0 1W 8 ? 2026)', from, 1)), ['2026-08-03T00:00:00.000Z']);
  // The second Tuesday (3#2) and the last Friday (6L) of March 2026.
  assert.deepEqual(iso(nextRuns('cron(0 9 ? 3 3#2 2026)', from, 1)), ['2026-03-10T09:00:00.000Z']);
  assert.deepEqual(iso(nextRuns('cron(0 9 ? 3 6L 2026)', from, 1)), ['2026-03-27T09:00:00.000Z']);
});

test('a schedule that ends stops yielding runs', () => {
  assert.deepEqual(iso(nextRuns('cron(0 0 1 1 ? 2026)', new Date('2026-06-01T00:00:00Z'), 2)), []);
  assert.deepEqual(iso(nextRuns('cron(0 0 30 2 ? *)', new Date('2026-06-01T00:00:00Z'), 1)), []);
});

test('invalid expressions say what is wrong', () => {
  const cases: Array<[string, RegExp]> = [
    ['every 5 minutes', /not a schedule expression/],
    ['rate(1 minutes)', /write "1 minute"/],
    ['rate(5 minute)', /write "5 minutes"/],
    ['rate(0 minutes)', /positive whole number/],
    ['rate(5 weeks)', /minute\(s\), hour\(s\) or day\(s\)/],
    ['cron(0 12 * * *)', /six fields/],
    ['cron(0 12 * * * *)', /exactly one of day-of-month and day-of-week must be "\?"/],
    ['cron(0 12 ? * ? *)', /exactly one of/],
    ['cron(60 12 * * ? *)', /minutes: 60 is outside 0-59/],
    ['cron(0 12 * 13 ? *)', /month: 13 is outside 1-12/],
    ['cron(0 12 ? * FUNDAY *)', /day-of-week: "FUNDAY" is not a number/],
    ['cron(0 5-2 * * ? *)', /ends before it starts/],
  ];
  for (const [expression, message] of cases) {
    assert.throws(
      () => parseSchedule(expression),
      (error: unknown) => error instanceof ScheduleError && message.test(error.message),
      expression,
    );
  }
});

test('the wait until the next run reads as a person would say it', () => {
  const now = new Date('2026-11-27T08:00:00Z');
  assert.equal(describeWait(now, new Date('2026-11-27T08:00:20Z')), 'in less than a minute');
  assert.equal(describeWait(now, new Date('2026-11-27T08:01:00Z')), 'in 1 minute');
  assert.equal(describeWait(now, new Date('2026-11-27T12:00:00Z')), 'in 4 hours');
  assert.equal(describeWait(now, new Date('2026-11-30T12:00:00Z')), 'in 3 days');
});

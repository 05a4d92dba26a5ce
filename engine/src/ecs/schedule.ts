// Schedule expressions as Amazon EventBridge writes them — `rate(5 minutes)` and the six-field
// `cron(Minutes Hours Day-of-month Month Day-of-week Year)` — parsed, checked with messages that say
// what is wrong, and asked for their next run times. Pure and in UTC, as EventBridge evaluates them.

export type Schedule = RateSchedule | CronSchedule;

export interface RateSchedule {
  readonly kind: 'rate';
  readonly expression: string;
  readonly everyMs: number;
}

export interface CronSchedule {
  readonly kind: 'cron';
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number>;
  readonly day: DayRule;
}

/** Day-of-month and day-of-week are exclusive in EventBridge: one of them is always `?`. */
type DayRule =
  | { readonly by: 'any' }
  | { readonly by: 'monthDays'; readonly days: ReadonlySet<number> }
  | { readonly by: 'lastDayOfMonth'; readonly offset: number }
  | { readonly by: 'nearestWeekday'; readonly day: number | 'last' }
  | { readonly by: 'weekDays'; readonly days: ReadonlySet<number> }
  | { readonly by: 'lastWeekdayOfMonth'; readonly weekday: number }
  | { readonly by: 'nthWeekdayOfMonth'; readonly weekday: number; readonly nth: number };

export class ScheduleError extends Error {}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIRST_YEAR = 1970;
const LAST_YEAR = 2199;

/** Parses an expression or throws a ScheduleError naming the part at fault. */
export function parseSchedule(expression: string): Schedule {
  const text = expression.trim();
  const rate = /^rate\((.*)\)$/.exec(text);
  if (rate) return parseRate(text, rate[1]!.trim());
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return parseCron(text, cron[1]!.trim());
  throw new ScheduleError(`"${expression}" is not a schedule expression: write rate(5 minutes) or cron(0 12 * * ? *).`);
}

function parseRate(expression: string, body: string): RateSchedule {
  const match = /^(\d+)\s+([a-z]+)$/.exec(body);
  if (!match) throw new ScheduleError(`${expression}: a rate is a whole number and a unit, e.g. rate(5 minutes).`);
  const value = Number(match[1]);
  const unit = match[2]!;
  const singular = unit.replace(/s$/, '');
  const unitMs = RATE_UNITS[singular];
  if (unitMs === undefined) throw new ScheduleError(`${expression}: the unit must be minute(s), hour(s) or day(s), not "${unit}".`);
  if (value < 1) throw new ScheduleError(`${expression}: the value must be a positive whole number.`);
  // EventBridge rejects "1 minutes" and "5 minute".
  const wanted = value === 1 ? singular : `${singular}s`;
  if (unit !== wanted) throw new ScheduleError(`${expression}: write "${value} ${wanted}" (singular for 1, plural otherwise).`);
  return { kind: 'rate', expression, everyMs: value * unitMs };
}

function parseCron(expression: string, body: string): CronSchedule {
  const fields = body.split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleError(
      `${expression}: a cron expression has six fields (minutes hours day-of-month month day-of-week year), not ${fields.length}.`,
    );
  }
  const [minutes, hours, monthDay, month, weekDay, year] = fields as [string, string, string, string, string, string];
  const where = (field: string) => `${expression}: ${field}`;
  return {
    kind: 'cron',
    expression,
    minutes: parseList(minutes, 0, 59, where('minutes')),
    hours: parseList(hours, 0, 23, where('hours')),
    months: parseList(month, 1, 12, where('month'), MONTH_NAMES),
    years: parseList(year, FIRST_YEAR, LAST_YEAR, where('year')),
    day: parseDayRule(monthDay, weekDay, expression),
  };
}

function parseDayRule(monthDay: string, weekDay: string, expression: string): DayRule {
  if ((monthDay === '?') === (weekDay === '?')) {
    throw new ScheduleError(`${expression}: exactly one of day-of-month and day-of-week must be "?" (EventBridge cannot use both).`);
  }
  return weekDay === '?' ? parseMonthDay(monthDay, expression) : parseWeekDay(weekDay, expression);
}

function parseMonthDay(field: string, expression: string): DayRule {
  if (field === '*') return { by: 'any' };
  if (field === 'L') return { by: 'lastDayOfMonth', offset: 0 };
  const lastMinus = /^L-(\d+)$/.exec(field);
  if (lastMinus) return { by: 'lastDayOfMonth', offset: boundedNumber(lastMinus[1]!, 0, 30, `${expression}: day-of-month`) };
  if (field === 'LW') return { by: 'nearestWeekday', day: 'last' };
  const weekday = /^(\d+)W$/.exec(field);
  if (weekday) return { by: 'nearestWeekday', day: boundedNumber(weekday[1]!, 1, 31, `${expression}: day-of-month`) };
  return { by: 'monthDays', days: parseList(field, 1, 31, `${expression}: day-of-month`) };
}

function parseWeekDay(field: string, expression: string): DayRule {
  const where = `${expression}: day-of-week`;
  if (field === '*') return { by: 'any' };
  if (field === 'L') return { by: 'weekDays', days: new Set([7]) };
  const last = /^(\w+)L$/.exec(field);
  if (last) return { by: 'lastWeekdayOfMonth', weekday: parseValue(last[1]!, 1, 7, where, DAY_NAMES) };
  const nth = /^(\w+)#(\d)$/.exec(field);
  if (nth)
    return { by: 'nthWeekdayOfMonth', weekday: parseValue(nth[1]!, 1, 7, where, DAY_NAMES), nth: boundedNumber(nth[2]!, 1, 5, where) };
  return { by: 'weekDays', days: parseList(field, 1, 7, where, DAY_NAMES) };
}

/** `*`, `a`, `a-b`, `a/n`, `*\/n`, `a-b/n`, and comma lists of those; names count from `min`. */
function parseList(field: string, min: number, max: number, where: string, names?: string[]): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^([^/-]+)(?:-([^/]+))?(?:\/(\d+))?$/.exec(part);
    if (!match) throw new ScheduleError(`${where}: "${part}" is not a value, range or increment.`);
    const [, startText, endText, stepText] = match as unknown as [string, string, string | undefined, string | undefined];
    const whole = startText === '*';
    if (whole && endText !== undefined) throw new ScheduleError(`${where}: "${part}" cannot range from "*".`);
    const start = whole ? min : parseValue(startText, min, max, where, names);
    const end = rangeEnd({ whole, start, endText, stepped: stepText !== undefined, max }, where, min, names);
    const step = stepText === undefined ? 1 : boundedNumber(stepText, 1, max, where);
    if (end < start) throw new ScheduleError(`${where}: the range "${part}" ends before it starts.`);
    for (let value = start; value <= end; value += step) values.add(value);
  }
  return values;
}

/** `*` and `a/n` run to the field's maximum; `a` alone is the one value; `a-b` ends at b. */
function rangeEnd(
  part: { whole: boolean; start: number; endText?: string; stepped: boolean; max: number },
  where: string,
  min: number,
  names?: string[],
): number {
  if (part.endText !== undefined) return parseValue(part.endText, min, part.max, where, names);
  return part.whole || part.stepped ? part.max : part.start;
}

function parseValue(text: string, min: number, max: number, where: string, names?: string[]): number {
  const byName = names?.indexOf(text.toUpperCase()) ?? -1;
  if (byName >= 0) return byName + min;
  return boundedNumber(text, min, max, where);
}

function boundedNumber(text: string, min: number, max: number, where: string): number {
  if (!/^\d+$/.test(text)) throw new ScheduleError(`${where}: "${text}" is not a number.`);
  const value = Number(text);
  if (value < min || value > max) throw new ScheduleError(`${where}: ${value} is outside ${min}-${max}.`);
  return value;
}

export interface NextRunOptions {
  /** When a rate schedule was created: its runs fall on anchor + k × rate. Defaults to `from`. */
  readonly anchor?: Date;
}

/** The next `count` run times strictly after `from`, in UTC; fewer when the schedule ends (its last year). */
export function nextRuns(schedule: Schedule | string, from: Date, count: number, options: NextRunOptions = {}): Date[] {
  const parsed = typeof schedule === 'string' ? parseSchedule(schedule) : schedule;
  return parsed.kind === 'rate' ? nextRateRuns(parsed, from, count, options.anchor ?? from) : nextCronRuns(parsed, from, count);
}

function nextRateRuns(schedule: RateSchedule, from: Date, count: number, anchor: Date): Date[] {
  const elapsed = from.getTime() - anchor.getTime();
  const first = elapsed < 0 ? 0 : Math.floor(elapsed / schedule.everyMs) + 1;
  return Array.from({ length: count }, (_, i) => new Date(anchor.getTime() + (first + i) * schedule.everyMs));
}

function nextCronRuns(schedule: CronSchedule, from: Date, count: number): Date[] {
  const runs: Date[] = [];
  // The first whole minute after `from`.
  let cursor = new Date(Math.floor(from.getTime() / 60_000) * 60_000 + 60_000);
  while (runs.length < count) {
    const next = nextCronRun(schedule, cursor);
    if (!next) break;
    runs.push(next);
    cursor = new Date(next.getTime() + 60_000);
  }
  return runs;
}

/** The first matching minute at or after `at` (which is on a whole minute). */
function nextCronRun(schedule: CronSchedule, at: Date): Date | undefined {
  let day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  let minuteOfDay = at.getUTCHours() * 60 + at.getUTCMinutes();
  while (new Date(day).getUTCFullYear() <= LAST_YEAR) {
    const date = new Date(day);
    if (!schedule.years.has(date.getUTCFullYear()) || !schedule.months.has(date.getUTCMonth() + 1)) {
      day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
      minuteOfDay = 0;
      continue;
    }
    if (dayMatches(schedule.day, date)) {
      const minute = firstMinuteOfDay(schedule, minuteOfDay);
      if (minute !== undefined) return new Date(day + minute * 60_000);
    }
    day += 86_400_000;
    minuteOfDay = 0;
  }
  return undefined;
}

function firstMinuteOfDay(schedule: CronSchedule, from: number): number | undefined {
  const fromHour = Math.floor(from / 60);
  for (let hour = fromHour; hour < 24; hour++) {
    if (!schedule.hours.has(hour)) continue;
    for (let minute = hour === fromHour ? from % 60 : 0; minute < 60; minute++) {
      if (schedule.minutes.has(minute)) return hour * 60 + minute;
    }
  }
  return undefined;
}

function dayMatches(rule: DayRule, date: Date): boolean {
  const dayOfMonth = date.getUTCDate();
  const weekday = date.getUTCDay() + 1; // EventBridge: 1 = Sunday … 7 = Saturday
  const lastDay = daysInMonth(date);
  switch (rule.by) {
    case 'any':
      return true;
    case 'monthDays':
      return rule.days.has(dayOfMonth);
    case 'lastDayOfMonth':
      return dayOfMonth === lastDay - rule.offset;
    case 'nearestWeekday':
      return dayOfMonth === nearestWeekday(date, rule.day === 'last' ? lastDay : rule.day);
    case 'weekDays':
      return rule.days.has(weekday);
    case 'lastWeekdayOfMonth':
      return weekday === rule.weekday && dayOfMonth + 7 > lastDay;
    case 'nthWeekdayOfMonth':
      return weekday === rule.weekday && Math.ceil(dayOfMonth / 7) === rule.nth;
  }
}

function daysInMonth(date: Date): number {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

/** The weekday nearest to `target` within the same month (`15W`: a Saturday 15th moves to Friday 14th). */
function nearestWeekday(date: Date, target: number): number | undefined {
  const lastDay = daysInMonth(date);
  if (target > lastDay) return undefined;
  const weekday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), target)).getUTCDay();
  if (weekday === 6) return target === 1 ? 3 : target - 1;
  if (weekday === 0) return target === lastDay ? target - 2 : target + 1;
  return target;
}

/** "in 4 minutes", "in 2 hours" — how far off a run is, for the view and the CLI. */
export function describeWait(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 1) return 'in less than a minute';
  if (minutes < 120) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `in ${hours} hours`;
  return `in ${Math.round(hours / 24)} days`;
}

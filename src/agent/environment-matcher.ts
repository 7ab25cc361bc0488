// GitLab's `ci_access.*.environments` matcher (`Gitlab::Ci::EnvironmentMatcher`):
//   - a blank pattern (empty or whitespace) never matches;
//   - exact string equality matches;
//   - otherwise, only if the pattern contains '*': `Regexp.new(pattern.gsub('*', '.*'))`,
//     used UNANCHORED — `prod*` matches "preprod", and . + ? ( ) [ ] are regex syntax.
// A pattern Ruby cannot compile would raise in GitLab; we count it as "no match" and report
// it. Read at gitlabhq 5bc6fcec; a later anchoring fix is possible [unverified].
//
// Backtracking guard: the regex runs on our own linear-time NFA (ruby-regex.ts), and names
// are bounded to GitLab's 255-character environment-name limit, patterns to 1024 characters,
// so a hostile config cannot stall the linter.

import { compileRubyRegex, type RegexStatus, type RubyRegex, type RegexFailure } from './ruby-regex.js';

/** GitLab's limit on environment names (`environments.name` is a 255-character column). */
export const MAX_ENVIRONMENT_NAME_LENGTH = 255;
/** Longer patterns are not evaluated (nothing legitimate needs them). */
export const MAX_ENVIRONMENT_PATTERN_LENGTH = 1024;

export type EnvironmentMatchStatus = RegexStatus | 'blank-pattern' | 'name-too-long' | 'pattern-too-long';

export interface EnvironmentMatchResult {
  readonly matched: boolean;
  /**
   * 'ok' = the answer is exact. Anything else means `matched` is false because the pattern or
   * name could not be evaluated ('invalid': GitLab itself cannot use the pattern; 'unsupported'
   * / 'too-complex' / '*-too-long': our emulation declined, the real answer is unknown).
   */
  readonly status: EnvironmentMatchStatus;
  readonly detail?: string;
}

const CACHE_LIMIT = 512;
const cache = new Map<string, RubyRegex | RegexFailure>();

function compiled(source: string): RubyRegex | RegexFailure {
  let c = cache.get(source);
  if (c === undefined) {
    c = compileRubyRegex(source);
    if (cache.size >= CACHE_LIMIT) cache.clear(); // bounded memo; recompiling is cheap
    cache.set(source, c);
  }
  return c;
}

/** Ruby's `String#blank?`: empty or whitespace only. */
function isBlank(s: string): boolean {
  return /^\s*$/u.test(s);
}

/** The Ruby regex source GitLab builds from a wildcard pattern. */
export function wildcardRegexSource(pattern: string): string {
  return pattern.split('*').join('.*');
}

export function matchEnvironment(pattern: string, environmentName: string): EnvironmentMatchResult {
  if (isBlank(pattern)) return { matched: false, status: 'blank-pattern' };
  if (pattern === environmentName) return { matched: true, status: 'ok' };
  if (!pattern.includes('*')) return { matched: false, status: 'ok' };
  if (pattern.length > MAX_ENVIRONMENT_PATTERN_LENGTH) return { matched: false, status: 'pattern-too-long' };
  if (environmentName.length > MAX_ENVIRONMENT_NAME_LENGTH) return { matched: false, status: 'name-too-long' };
  const re = compiled(wildcardRegexSource(pattern));
  if (re.status !== 'ok') return { matched: false, status: re.status, detail: re.detail };
  return { matched: re.test(environmentName), status: 'ok' };
}

/** Boolean form: true only when GitLab would match (an unevaluable pattern gives false). */
export function environmentMatches(pattern: string, environmentName: string): boolean {
  return matchEnvironment(pattern, environmentName).matched;
}

export interface EnvironmentPatternInfo {
  readonly kind: 'blank' | 'exact' | 'wildcard';
  /** Compile status of the wildcard regex ('ok' for blank/exact patterns). */
  readonly status: RegexStatus | 'pattern-too-long';
  readonly detail?: string;
  /** Regex metacharacters other than the '*' wildcards, in order of first appearance. */
  readonly metacharacters: readonly string[];
  /** `^` or `\A` at the start: the author anchored the start of the name. */
  readonly anchoredStart: boolean;
  /** `$`, `\z` or `\Z` at the end. */
  readonly anchoredEnd: boolean;
}

const META = new Set(['.', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\', '^', '$']);

/** What a pattern means to GitLab, for the config checks. */
export function describeEnvironmentPattern(pattern: string): EnvironmentPatternInfo {
  const anchoredStart = pattern.startsWith('^') || pattern.startsWith('\\A');
  const anchoredEnd = /(?:^|[^\\])\$$/.test(pattern) || /\\[zZ]$/.test(pattern);
  const base = { metacharacters: [] as string[], anchoredStart, anchoredEnd };
  if (isBlank(pattern)) return { kind: 'blank', status: 'ok', ...base };
  if (!pattern.includes('*')) return { kind: 'exact', status: 'ok', ...base };
  // Anchors written at the edges are the remedy we suggest, so they are not "surprising".
  let body = pattern;
  if (anchoredStart) body = body.replace(/^(?:\^|\\A)/, '');
  if (anchoredEnd) body = body.replace(/(?:\$|\\[zZ])$/, '');
  const metacharacters: string[] = [];
  for (const ch of body) if (META.has(ch) && !metacharacters.includes(ch)) metacharacters.push(ch);
  if (pattern.length > MAX_ENVIRONMENT_PATTERN_LENGTH) {
    return { kind: 'wildcard', status: 'pattern-too-long', ...base, metacharacters };
  }
  const re = compiled(wildcardRegexSource(pattern));
  return re.status === 'ok'
    ? { kind: 'wildcard', status: 'ok', ...base, metacharacters }
    : { kind: 'wildcard', status: re.status, detail: re.detail, ...base, metacharacters };
}

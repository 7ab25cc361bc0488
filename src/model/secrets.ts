// GitLab token formats (gitlab-agent.md §7.2) and masking, shared by the plaintext-token
// rule and by every output that may quote a file: a token found in the input is never
// printed whole, only as `<prefix><first 4 characters>…`.
//
// Detection is linear in the text: one sticky-free global regex whose alternatives are
// literal prefixes followed by a single character-class run (no nested or adjacent
// quantifiers that could backtrack), then a bounded backward walk for an instance prefix.

/** A GitLab token format: a fixed prefix and the length of the random part after it. */
export interface TokenFormat {
  /** Literal prefix, e.g. `glagent-`. */
  readonly prefix: string;
  /** What the token is, for messages. */
  readonly description: string;
  /** Minimum length of the random part ([A-Za-z0-9_-]). */
  readonly minLength: number;
  /** Exact length of the random part, when GitLab generates a fixed one. */
  readonly exactLength?: number;
}

/** Known GitLab token prefixes, longest first where one is a prefix of another. */
export const GITLAB_TOKEN_FORMATS: readonly TokenFormat[] = [
  // Devise friendly_token(50).
  { prefix: 'glagent-', description: 'GitLab agent token', minLength: 50, exactLength: 50 },
  { prefix: 'glpat-', description: 'GitLab personal access token', minLength: 20 },
  { prefix: 'glrt-', description: 'GitLab runner authentication token', minLength: 20 },
  { prefix: 'GR1348941', description: 'GitLab runner registration token', minLength: 20 },
  { prefix: 'gldt-', description: 'GitLab deploy token', minLength: 20 },
  { prefix: 'glft-', description: 'GitLab feed token', minLength: 20 },
  { prefix: 'glcbt-', description: 'GitLab CI/CD job token', minLength: 20 },
  { prefix: 'glptt-', description: 'GitLab pipeline trigger token', minLength: 20 },
  { prefix: 'glimt-', description: 'GitLab incoming email token', minLength: 20 },
  { prefix: 'gloas-', description: 'GitLab OAuth application secret', minLength: 20 },
  { prefix: 'glsoat-', description: 'GitLab SCIM OAuth access token', minLength: 20 },
  { prefix: 'glffct-', description: 'GitLab feature flags client token', minLength: 20 },
];

const TOKEN_CHAR = /[A-Za-z0-9_-]/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Matches the prefix and random part of any known format. Not preceded by a word character
 * (a `-` before it starts an instance prefix, handled by {@link findGitlabTokens}).
 * Each alternative is `literal` + one bounded-below class run: linear time.
 */
export const GITLAB_TOKEN_RE: RegExp = new RegExp(
  `(?<![A-Za-z0-9_])(?:${GITLAB_TOKEN_FORMATS.map((f) =>
    `${escapeRe(f.prefix)}[A-Za-z0-9_-]${f.exactLength !== undefined ? `{${f.exactLength}}` : `{${f.minLength},}`}`,
  ).join('|')})`,
  'g',
);

/** One token found in a text. Holds the token itself: never print `text`. */
export interface TokenMatch {
  /** Offset of the first character (the instance prefix, when there is one). */
  readonly start: number;
  /** Offset just after the last character. */
  readonly end: number;
  readonly format: TokenFormat;
  /** Custom instance prefix before the GitLab prefix (`acme-` in `acme-glagent-…`), or ''. */
  readonly instancePrefix: string;
  /** The whole token. Secret. */
  readonly text: string;
}

/**
 * Values written as examples or placeholders (`glpat-xxxxxxxxxxxxxxxxxxxx`): a random part
 * with fewer than 4 distinct characters is not a real token.
 */
function looksLikePlaceholder(random: string): boolean {
  const seen = new Set<string>();
  for (const ch of random) {
    seen.add(ch);
    if (seen.size >= 4) return false;
  }
  return true;
}

/** Every GitLab token in `text`, in order. Linear in the text length. */
export function findGitlabTokens(text: string): TokenMatch[] {
  const out: TokenMatch[] = [];
  // Reports are masked whole (100 MB at 100,000 objects) and rarely hold a token: a substring
  // search per prefix is several times faster than the regex's per-position lookbehind.
  if (!GITLAB_TOKEN_FORMATS.some((f) => text.includes(f.prefix))) return out;
  const re = new RegExp(GITLAB_TOKEN_RE.source, 'g');
  let lastEnd = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[0];
    const format = GITLAB_TOKEN_FORMATS.find((f) => body.startsWith(f.prefix));
    if (!format) continue;
    if (looksLikePlaceholder(body.slice(format.prefix.length))) continue;
    // `<instance prefix>-glagent-…`: walk back over token characters, never into the previous match.
    let start = m.index;
    if (start > lastEnd && text[start - 1] === '-') {
      let s = start - 1;
      while (s > lastEnd && TOKEN_CHAR.test(text[s - 1] ?? '')) s--;
      if (s < start - 1) start = s;
    }
    const end = m.index + body.length;
    out.push({ start, end, format, instancePrefix: text.slice(start, m.index), text: text.slice(start, end) });
    lastEnd = end;
  }
  return out;
}

/**
 * The printable form of a secret: its known prefix (instance prefix included) and the first 4
 * characters after it, then `…`. A value without a known prefix shows its first 4 characters
 * only when it is long enough (16+) for that to reveal little, else nothing.
 */
export function maskToken(value: string): string {
  const found = findGitlabTokens(value)[0];
  if (found && found.start === 0) {
    const head = found.instancePrefix.length + found.format.prefix.length;
    return `${value.slice(0, head + 4)}…`;
  }
  for (const f of GITLAB_TOKEN_FORMATS) {
    if (value.startsWith(f.prefix)) return `${value.slice(0, f.prefix.length + 4)}…`;
  }
  return value.length >= 16 ? `${value.slice(0, 4)}…` : '…';
}

export interface MaskOptions {
  /**
   * Keep the text's length (and so every column after it): the hidden characters become `*`
   * instead of one `…`. For code frames whose carets must still line up.
   */
  readonly keepLength?: boolean;
  /**
   * Further secret strings to hide wherever they occur (e.g. plaintext token values of chart
   * values that have no GitLab prefix). Strings shorter than 8 characters are ignored.
   */
  readonly extra?: readonly string[];
}

function masked(secret: string, visible: number, keepLength: boolean): string {
  const shown = secret.slice(0, visible);
  return keepLength ? shown + '*'.repeat(secret.length - shown.length) : `${shown}…`;
}

/** `text` with every GitLab token (and every `extra` secret) masked. */
export function maskSecrets(text: string, options: MaskOptions = {}): string {
  const keep = options.keepLength === true;
  const ranges: { start: number; end: number; visible: number }[] = findGitlabTokens(text).map((t) => ({
    start: t.start,
    end: t.end,
    visible: t.instancePrefix.length + t.format.prefix.length + 4,
  }));
  for (const secret of options.extra ?? []) {
    if (secret.length < 8) continue;
    const visible = maskToken(secret).length - 1;
    for (let i = text.indexOf(secret); i !== -1; i = text.indexOf(secret, i + secret.length)) {
      ranges.push({ start: i, end: i + secret.length, visible });
    }
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let pos = 0;
  for (const r of ranges) {
    if (r.start < pos) continue; // inside a range already masked
    out += text.slice(pos, r.start) + masked(text.slice(r.start, r.end), r.visible, keep);
    pos = r.end;
  }
  return out + text.slice(pos);
}

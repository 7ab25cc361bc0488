import type { Severity } from '../model/finding.js';

const CODES = { red: 31, yellow: 33, blue: 34, cyan: 36, magenta: 35, bold: 1, dim: 2 } as const;
export type Style = keyof typeof CODES;

export function paint(color: boolean, text: string, ...styles: Style[]): string {
  if (!color || styles.length === 0 || text === '') return text;
  return `\x1b[${styles.map((s) => CODES[s]).join(';')}m${text}\x1b[0m`;
}

export function severityStyle(s: Severity): Style {
  switch (s) {
    case 'critical':
      return 'magenta';
    case 'error':
      return 'red';
    case 'warning':
      return 'yellow';
    case 'info':
      return 'blue';
  }
}

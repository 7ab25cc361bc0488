/** 1-based position, as every editor and report format shows it. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A source range: 1-based positions plus [startOffset, endOffset) character offsets. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
  readonly startOffset: number;
  readonly endOffset: number;
}

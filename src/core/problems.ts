/** One located fault in a file the user wrote (roster) or the action wrote (ledger). */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * Thrown when a file or the inputs are invalid. Carries every problem found, so the run can
 * annotate each line at once instead of making the user fix them one at a time.
 */
export class ValidationError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** An action input that cannot be used; the message names the input and the accepted values. */
export class InputError extends Error {
  readonly input: string;
  constructor(input: string, message: string) {
    super(`Input '${input}': ${message}`);
    this.name = 'InputError';
    this.input = input;
  }
}

/** One command of `npm run cli -- <name> …`. */
export interface CliCommand {
  name: string;
  /** One line for `npm run cli -- help`. */
  summary: string;
  /** Usage text shown on wrong arguments. */
  usage: string;
  /** Runs the command; resolves to the process exit code. Write results to stdout, diagnostics to stderr. */
  run(args: string[]): Promise<number>;
}

/** Thrown for wrong arguments; main prints the message and the usage and exits 2. */
export class UsageError extends Error {}

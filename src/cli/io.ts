/**
 * Everything a command may touch outside kplug, passed in so tests can run `main` in-process
 * and the bin stays the only place that knows about `process`.
 */
export interface CliIO {
  /** data: reports, tables, --json */
  stdout: (text: string) => void;
  /** people's text: progress, warnings, errors */
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  /** width of the terminal behind stdout; undefined off a terminal (then summaries are not cut) */
  stdoutColumns?: number;
  /** the terminal behind stderr, for the progress spinner (ora draws on it); absent in tests */
  stderrStream?: NodeJS.WriteStream;
  /** reads one line from the user (confirmations); undefined when there is no TTY */
  prompt?: (question: string) => Promise<string>;
  /** reads all of stdin (`kplug validate -`); absent in tests that run main in-process */
  readStdin?: () => Promise<Buffer>;
  /** aborted on SIGINT: long work stops starting new steps */
  signal: AbortSignal;
}

export function processIO(signal: AbortSignal): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    // getters: touching process.stdin opens it (streams, tty, net: ~10 ms of a cold validate), and
    // process.stderr on a pipe loads node:net (~5 ms), which a validate that prints nothing there never needs
    get stderrIsTTY() {
      return Boolean(process.stderr.isTTY);
    },
    get stdinIsTTY() {
      return Boolean(process.stdin.isTTY);
    },
    ...(process.stdout.isTTY && process.stdout.columns > 0 ? { stdoutColumns: process.stdout.columns } : {}),
    get stderrStream() {
      return process.stderr;
    },
    get prompt() {
      return process.stdin.isTTY ? promptLine : undefined;
    },
    readStdin,
    signal,
  };
}

async function promptLine(question: string): Promise<string> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

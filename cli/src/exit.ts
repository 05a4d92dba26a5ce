// How a CLI bundle ends: the command's exit status, or a one-line message and status 1 for what
// escaped it (never a stack trace).

export function finish(status: number | Promise<number>): void {
  void Promise.resolve(status).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`dockside: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

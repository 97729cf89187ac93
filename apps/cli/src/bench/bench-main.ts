/**
 * Runs a benchmark's entry point: its answer becomes the exit status; a failure is written to stderr with its stack,
 * named after the script, and exits 1.
 */
export function benchEntryPoint(name: string, main: () => Promise<number>): void {
  main()
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}

// Waiting in tests for a state that comes by itself (timers, events, polls), with a bound: `check`
// is asked every `intervalMs` until it returns a value (not undefined or false), which is returned.
export async function waitUntil<Value>(
  check: () => Promise<Value | undefined | false> | Value | undefined | false,
  options: { readonly timeoutMs: number; readonly intervalMs?: number; readonly failure?: string },
): Promise<Value> {
  const { timeoutMs, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(options.failure ?? `the expected state did not come in ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

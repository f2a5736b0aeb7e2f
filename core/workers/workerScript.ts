// Where a worker's compiled script is. The engine runs compiled (out/core/…), where the script sits
// beside this module; tests run the TypeScript sources, and then the script is the build's copy of
// it, which the test setup compiles first (test/globalSetup.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';

export function workerScript(name: string): string {
  const beside = path.join(__dirname, `${name}.js`);
  if (existsSync(beside)) return beside;
  const root = path.resolve(__dirname, '..', '..');
  return path.join(root, 'out', path.relative(root, __dirname), `${name}.js`);
}

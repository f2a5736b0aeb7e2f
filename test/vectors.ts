// Reads the protocol vectors kept as fixtures in the repository (test/fixtures/vectors, with their
// sources in its README): a clone tests on its own, with nothing read from beside it.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const vectorsDirectory = path.resolve(__dirname, 'fixtures', 'vectors');

export function readVector(name: string): string {
  return readFileSync(path.join(vectorsDirectory, name), 'utf8');
}

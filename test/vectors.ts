// Reads the shared test vectors (../shared/vectors beside the repository, or $STARLING_SHARED_DIR).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const sharedDirectory =
  process.env.STARLING_SHARED_DIR ?? path.resolve(__dirname, '..', '..', 'shared');

export function readVector(name: string): string {
  return readFileSync(path.join(sharedDirectory, 'vectors', name), 'utf8');
}

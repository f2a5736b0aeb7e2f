// Tests import generated sources and spawn the built CLI: make sure both exist and are current.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(__dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'generateWordList.js')], { stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'generateProtobuf.js')], { stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], {
    cwd: root,
    stdio: 'inherit',
  });
}

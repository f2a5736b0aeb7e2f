// The browser for end-to-end tests and the UI benchmark: Debian's Chromium (stack.md: Playwright's
// own download is not reachable here). STARLING_CHROMIUM names another one.
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  const chosen = process.env.STARLING_CHROMIUM ?? candidates.find((candidate) => existsSync(candidate));
  if (!chosen || !existsSync(chosen)) {
    throw new Error(
      'End-to-end tests and the UI benchmark need Chromium: install it with “apt-get install -y chromium” ' +
        '(.ci/run does), or set STARLING_CHROMIUM to its path.',
    );
  }
  return chosen;
}

/** stack.md's flags for a headless Chromium on these machines, with a fake camera and microphone. */
export function chromiumArguments(fakeVideo?: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    ...(fakeVideo ? [`--use-file-for-fake-video-capture=${fakeVideo}`] : []),
  ];
}

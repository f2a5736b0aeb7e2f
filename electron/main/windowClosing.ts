// What closing the window means, per platform, as people expect there: on macOS the app stays
// running (in the Dock, still receiving and notifying) until they quit it; on Windows and Linux
// closing the last window quits, after the engine has closed cleanly (main.ts).

/** 'hide' keeps the window (and its state) for the Dock icon to bring back; 'close' lets it go. */
export function closeAction(platform: NodeJS.Platform, quitting: boolean): 'hide' | 'close' {
  return platform === 'darwin' && !quitting ? 'hide' : 'close';
}

/** Whether the app quits once its last window has closed. */
export function quitsWithLastWindow(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}

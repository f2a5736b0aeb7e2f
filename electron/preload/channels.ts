// The only two IPC channels between the window and the main process. They live beside the preload
// because the preload may import nothing of the main process (design.md's import table); the main
// process imports them from here.

/** Renderer → main: `invoke(callChannel, method, request)`, answered with a ClientReply. */
export const callChannel = 'starling:call';

/** Main → renderer: `send(eventChannel, name, payload)` for every ClientEvents entry. */
export const eventChannel = 'starling:event';

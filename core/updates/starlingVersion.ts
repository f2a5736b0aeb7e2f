// This build's version, as package.json says (a test keeps the two equal): core runs unbundled in
// the CLI, bundled in the desktop app, so it cannot find package.json on disk in both.
export const starlingVersion = '0.1.0';

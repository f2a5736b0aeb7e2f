// Builds the UI into out/renderer, which the headless host (starling serve) and the desktop app
// serve. Relative asset URLs, so the same build works from any origin or custom protocol.
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '..', 'out', 'renderer'),
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: false,
    // One page, no inline scripts (the CSP forbids them).
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // One bundle of ~510 KiB (160 KiB gzipped), loaded from this machine, never over a network.
    chunkSizeWarningLimit: 768,
  },
});

// Builds the renderer (renderer/) into dist/renderer/. Relative asset paths so the same build loads
// from the dashboard server (http://127.0.0.1:PORT/) and from Electron's app:// scheme.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Keep the first load small: xterm and uPlot are dynamic imports and land in their own chunks.
    chunkSizeWarningLimit: 600,
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', strictPort: true },
});

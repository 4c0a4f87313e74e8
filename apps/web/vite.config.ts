// Vite build of the browser UI: Preact through oxc's automatic JSX runtime, output in apps/web/dist,
// which the nester serves. Relative base so the bundle works under any mount path.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The explore page (CodeMirror and the PromQL grammar) is its own lazily loaded chunk of about
    // 450 kB; the console itself stays near 120 kB.
    chunkSizeWarningLimit: 500,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});

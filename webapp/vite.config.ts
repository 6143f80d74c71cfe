import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The dev server proxies the API (and its WebSocket) to a Stoa server on the default port, so the
// app runs same-origin in development as it does when Stoa serves the built files.
const target = process.env.STOA_DEV_PROXY ?? 'http://127.0.0.1:8065';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    // Everything the page needs is bundled; nothing is loaded from another origin.
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: a separate file stays cached across releases.
        // highlight.js is loaded on first use (a code block with a language), in its own chunk.
        manualChunks(id: string) {
          return id.includes('/node_modules/') && !id.includes('/node_modules/highlight.js/') ? 'vendor' : undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target, ws: true, changeOrigin: false },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});

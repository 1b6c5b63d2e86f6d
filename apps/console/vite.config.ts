import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = `http://127.0.0.1:${process.env.API_PORT ?? '3000'}`;

// The console: built into dist/console and served by the API at /console/ (apps/api/src/console/console.static.ts).
// JSX is compiled by Vite's own transformer (tsconfig "jsx": "react-jsx"); no Babel.
export default defineConfig({
  root,
  base: '/console/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // Mantine marks its modules "use client" (for React Server Components); meaningless in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: Number(process.env.CONSOLE_PORT ?? 5173),
    proxy: { '/api': api, '/health': api },
  },
  preview: { port: Number(process.env.CONSOLE_PORT ?? 4173) },
});

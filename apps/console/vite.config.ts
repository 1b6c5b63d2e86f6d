import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = `http://127.0.0.1:${process.env.API_PORT ?? '3000'}`;

/**
 * Writes .gz and .br beside every built JS, CSS and SVG asset: the API serves them pre-compressed
 * (@fastify/static preCompressed) by the browser's Accept-Encoding, so no compression runs per request.
 */
function precompress(outDir: string): Plugin {
  return {
    name: 'patuh-precompress',
    apply: 'build',
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const f of readdirSync(assets)) {
        if (!/\.(js|css|svg)$/.test(f)) continue;
        const body = readFileSync(join(assets, f));
        writeFileSync(join(assets, `${f}.gz`), gzipSync(body, { level: 9 }));
        writeFileSync(
          join(assets, `${f}.br`),
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

const outDir = fileURLToPath(new URL('../../dist/console', import.meta.url));

// The console: built into dist/console and served by the API at /console/ (apps/api/src/console/console.static.ts).
// JSX is compiled by Vite's own transformer (tsconfig "jsx": "react-jsx"); no Babel.
export default defineConfig({
  root,
  base: '/console/',
  plugins: [precompress(outDir)],
  build: {
    outDir,
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

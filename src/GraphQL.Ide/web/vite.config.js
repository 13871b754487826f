import { defineConfig } from 'vite';

export default defineConfig({
  // Relative URLs: the page is served at the endpoint with <base href="{endpoint}/_ide/">, and
  // chunks, workers and fonts resolve relative to the file that loads them.
  base: './',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Monaco alone is megabytes; the warning would fire on every build and say nothing new.
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      onwarn(warning, warn) {
        // React libraries mark their modules "use client" for server components; a bundle for the
        // browser has no server side, and rollup says so once per module.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});

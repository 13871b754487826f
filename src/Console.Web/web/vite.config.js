import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import trustedDocuments from './trusted-documents.js';

export default defineConfig({
  // Relative URLs: the page is served at /console with <base href="/console/">.
  base: './',
  logLevel: 'warn',
  plugins: [trustedDocuments(fileURLToPath(new URL('./src/operations', import.meta.url)))],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // ECharts and cytoscape are each about a megabyte before compression.
    chunkSizeWarningLimit: 3000,
    // No inline data: URLs (the CSP has no data:): every asset is a file of the bundle.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});

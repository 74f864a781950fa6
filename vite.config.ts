import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Builds the web app into dist/client, which the Relais server serves; in development, /api goes to the server. */
export default defineConfig({
  root: '.',
  plugins: [react()],
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});

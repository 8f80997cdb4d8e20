import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { compression } from "vite-plugin-compression2";

// The dev server forwards Socket.IO to a node; AVALON_SERVER points it at another one.
const serverUrl = process.env.AVALON_SERVER ?? "http://localhost:3000";

export default defineConfig({
  base: "/dashboard/",
  // Brotli and gzip copies beside each file, so the server sends them without compressing per request.
  plugins: [react(), compression({ algorithms: ["brotliCompress", "gzip"], threshold: 1024 })],
  resolve: {
    alias: {
      // Compiled from source so the dashboard never waits on a protocol build.
      "@avalon/protocol": fileURLToPath(new URL("../protocol/src/index.ts", import.meta.url)),
    },
  },
  server: {
    proxy: {
      "/socket.io": { target: serverUrl, ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: "charts", test: /node_modules[\\/](recharts|d3-|victory-vendor|@reduxjs|immer|reselect|react-redux|redux|es-toolkit|decimal\.js-light)/ },
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "vendor", test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});

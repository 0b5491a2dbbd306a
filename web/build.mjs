// build.mjs -- bundle the dashboard for `dyad serve`: src/app.js with uPlot into one minified
// app.js (an ES module) and Cytoscape into a chunk it imports when needed, src/app.css with
// uPlot's style into app.css, and src/index.html and favicon.svg, all written to the folder
// given (the build embeds them into the binary: scripts/embed-web).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, 'dist');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(here, 'src/app.js') },
  bundle: true,
  minify: true,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  target: ['es2020'],
  outdir: out,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const f of ['index.html', 'favicon.svg']) copyFileSync(join(here, 'src', f), join(out, f));

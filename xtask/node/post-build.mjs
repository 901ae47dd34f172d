// Trunk's post_build hook. Trunk starts all hooks of a stage at once, so this one hook does,
// in order:
// 1. for the citizens' app (index.html), the prerendered pages: `mitreden-prerender`, built
//    natively with the `ssr` feature, renders every page with strategy text by the app's own
//    components into the staging folder (see src/prerender.rs);
// 2. the service worker, whose precache list then includes those pages.
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run this from Trunk');
if (basename(process.env.TRUNK_HTML_FILE ?? '') === 'index.html') {
  execFileSync(
    'cargo',
    ['run', '--quiet', '--package', 'mitreden', '--no-default-features', '--features', 'ssr',
      '--bin', 'mitreden-prerender', '--', staging],
    { stdio: 'inherit' },
  );
}
await import('./service-worker.mjs');

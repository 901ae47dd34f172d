// Trunk's post_build hook. Trunk starts all hooks of a stage at once, so this one hook does,
// in order:
// 0. for the citizens' app (index.html), the kiosk's bundle (built before from kiosk.html
//    into MITREDEN_KIOSK_DIST by `cargo xtask`) copied in as kiosk-app/, so the pages can
//    start it on a kiosk and the service worker precaches it; likewise a participation
//    event's bundle (event.html, MITREDEN_EVENT_DIST, only where the strategy has an event)
//    as event-app/, which the pages then start instead of the citizens' bundle;
// 1. for the citizens' app (index.html), the prerendered pages: `mitreden-prerender`, built
//    natively with the `ssr` feature, renders every page with strategy text by the app's own
//    components into the staging folder (see src/prerender.rs);
// 2. the service worker, whose precache list then includes those pages.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run this from Trunk');
if (basename(process.env.TRUNK_HTML_FILE ?? '') === 'index.html') {
  for (const [from, to] of [
    [process.env.MITREDEN_KIOSK_DIST, 'kiosk-app'],
    [process.env.MITREDEN_EVENT_DIST, 'event-app'],
  ]) {
    if (from && existsSync(join(from, 'index.html'))) {
      cpSync(from, join(staging, to), { recursive: true });
      // The service worker belongs to the citizens' app at the root only.
      rmSync(join(staging, to, 'sw.js'), { force: true });
    }
  }
  execFileSync(
    'cargo',
    ['run', '--quiet', '--package', 'mitreden', '--no-default-features', '--features', 'ssr',
      '--bin', 'mitreden-prerender', '--', staging],
    { stdio: 'inherit' },
  );
}
await import('./service-worker.mjs');

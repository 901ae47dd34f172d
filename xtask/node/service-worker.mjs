// Trunk post_build hook: writes sw.js into the staging folder from src/service-worker.js,
// with the list of this build's files (the precache) and a version derived from their
// contents. Run by Trunk with TRUNK_STAGING_DIR and TRUNK_SOURCE_DIR set.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run this from Trunk');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const hash = createHash('sha256');
const built = files(staging)
  .map((path) => '/' + relative(staging, path).split(sep).join('/'))
  .filter((url) => url !== '/sw.js' && !url.endsWith('.br') && !url.endsWith('.gz'))
  .sort();
for (const url of built) {
  hash.update(url);
  hash.update(readFileSync(join(staging, url)));
}
// Served by the server from the strategy file; cached so the installed app starts offline.
const dynamic = [
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/maskable-512.png',
];
// The kiosk's bundle is cached only on kiosks (see src/service-worker.js); its index.html
// only names its files and is never fetched.
const isKiosk = (url) => url.startsWith('/kiosk-app/');
const kiosk = built.filter((url) => isKiosk(url) && url !== '/kiosk-app/index.html');
// Where the strategy has an event, its pages start the event's bundle (event-app/, which
// includes everything of the citizens'), so the citizens' own bundle is never fetched;
// otherwise there is no event-app/. The bundle's index.html only names its files.
const hasEvent = built.includes('/event-app/index.html');
const citizensBundle = (url) =>
  /^\/mitreden-[^/]*\.(js|wasm)$/.test(url) || url.startsWith('/snippets/');
const precache = [
  ...built.filter(
    (url) =>
      !isKiosk(url) && url !== '/event-app/index.html' && !(hasEvent && citizensBundle(url)),
  ),
  ...dynamic,
];
const template = readFileSync(join(source, 'src/service-worker.js'), 'utf8');
const version = hash.digest('hex').slice(0, 16);
writeFileSync(
  join(staging, 'sw.js'),
  template
    .replace("'__VERSION__'", JSON.stringify(version))
    .replace('__PRECACHE__', JSON.stringify(precache))
    .replace('__KIOSK__', JSON.stringify(kiosk)),
);
console.log(`service worker ${version}: ${precache.length} files precached, ${kiosk.length} for kiosks`);

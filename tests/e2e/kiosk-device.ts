// A kiosk in the Rathaus for the tests: set up with the command line and opened on this
// device, and what the device keeps (for the kiosk's own spec and the e-mail at the kiosk).
import type { Page } from '@playwright/test';
import { expect, kioskCommand, type Server } from './fixtures';

/** The kiosk's idle time, in seconds. */
export const IDLE = 30;

/** `kiosk add` on the command line, then the printed link opened on this device. */
export async function setUpKiosk(page: Page, server: Server, label = 'BürgerBüro Rathaus') {
  const printed = kioskCommand(server, 'add', label, '--idle', String(IDLE));
  const link = printed.match(/(http\S+\/verwaltung\/kiosk#[0-9a-f]{64})/)?.[1];
  expect(link, printed).toBeTruthy();
  await page.goto(link!);
  await expect(page.getByRole('status')).toHaveText(`Dieses Gerät ist jetzt der Kiosk „${label}“. Beenden kann den Kiosk-Modus nur die Verwaltung, hier unter /verwaltung/ angemeldet.`);
  // The token left the address bar; it is spent anyway.
  expect(page.url()).toBe(`${server.url}/verwaltung/kiosk`);
  const fetched = requests(page);
  await page.getByRole('link', { name: 'Zur Startseite' }).click();
  await expect(page.getByRole('button', { name: 'Neu beginnen' })).toBeVisible();
  // Passers-by see the town's name, never the office's label of the device; the footer
  // has no "Einbinden" or "Verwaltung" and no stray separator.
  await expect(page.locator('.kiosk-bar')).toContainText('Sindelfingen');
  await expect(page.locator('.kiosk-bar')).not.toContainText(label);
  await expect(page.locator('footer').getByRole('link', { name: 'Verwaltung' })).toBeHidden();
  await expect(page.locator('footer').getByRole('link', { name: /einbinden/i })).toBeHidden();
  expect(await page.locator('footer p').first().innerText()).not.toMatch(/·\s*·|·\s*$/);
  // This device runs the kiosk's own bundle.
  expect(fetched.some((url) => url.includes('/kiosk-app/') && url.endsWith('.wasm'))).toBe(true);
}

/** Every URL the page requests from now on (from the network or its service worker). */
export function requests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

export async function openLeitmotiv2(page: Page) {
  await page.getByRole('link', { name: 'Leitmotiv 2 Vorne dabei', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leitmotiv 2 Vorne dabei');
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
}

/** Everything the browser keeps for this origin, and the page, as one text. */
export async function everythingStored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [document.documentElement.outerHTML];
    for (const store of [localStorage, sessionStorage]) {
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i)!;
        parts.push(key, store.getItem(key) ?? '');
      }
    }
    for (const info of await indexedDB.databases()) {
      const db: IDBDatabase = await new Promise((ok, fail) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const all: unknown[] = await new Promise((ok) => {
          const req = db.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => ok(req.result);
        });
        parts.push(JSON.stringify(all));
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        parts.push(req.url, await (await cache.match(req))!.text());
      }
    }
    return parts.join('\n');
  });
}

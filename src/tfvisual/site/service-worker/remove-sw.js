// Written as sw.js by `mkdocs serve` (src/tfvisual/site/service_worker.py) instead of the caching worker: while
// the site is being edited, nothing may be answered from a cache.
//
// A browser that installed the caching worker from an earlier build at this address still checks, at every page
// load, whether sw.js has changed. It fetches this one, which takes charge at once, deletes the site's stored
// files, unregisters, and reloads the pages the old worker was serving, so they come fresh from the server. It
// has no fetch handler, and never takes charge of a page the old worker was not serving.

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => event.waitUntil(removeOfflineCopy()));

async function removeOfflineCopy() {
  // Workbox names its caches "workbox-<kind>-<scope>".
  const scope = self.registration.scope;
  const ours = (await caches.keys()).filter((name) => name.startsWith("workbox-") && name.endsWith(scope));
  await Promise.all(ours.map((name) => caches.delete(name)));
  await self.registration.unregister();
  // Only the pages this worker controls: the ones the old worker was serving.
  for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
}

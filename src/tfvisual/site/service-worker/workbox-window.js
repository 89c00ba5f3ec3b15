// The page side of Workbox, bundled from npm by src/tfvisual/site/service_worker.py into the site's
// vendor/workbox/workbox-window.js, which docs/javascripts/offline.js imports once the page is idle.
export { Workbox } from "workbox-window";

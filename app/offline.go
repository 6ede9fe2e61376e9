package app

import (
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"sessionlab/app/jsbridge"
)

// Offline and updates.
//
// After one visit the page works offline: the service worker keeps every
// file of one version in a cache named after it and answers from there
// first, so a page never mixes the files of two versions. The browser
// checks app-worker.js at every visit (its bytes change with
// Handler.Version, the hash of app.wasm); a new version installs beside
// the old one, deletes the old cache and takes over, and go-app then calls
// Lab.OnAppUpdate, which shows the "new version" banner with its Reload
// button. A page left open asks for a new version every
// updateCheckInterval.
//
// workerJS replaces go-app's worker (gen/app-worker.js in go-app v10.1.11)
// for three defects of the original:
//   - Its install and activate handlers do not call event.waitUntil, so
//     the worker can activate (and navigator.serviceWorker.ready resolve)
//     before the files are cached, and a failed download still installs a
//     worker with an incomplete cache (Service Workers §4.4, "install
//     phase" extensions; the handler's promise is otherwise ignored).
//   - Under a path prefix it caches "/prefix", a redirect, and not the
//     page "/prefix/", so an offline reload fails (go-app-notes §1.7).
//   - A navigation to the page by another URL (with a ?query, or as
//     index.html) fails offline instead of getting the page.
//
// go-app fills in {{.Version}} and {{.ResourcesToCache}}, the list of the
// page's files as the resolver writes them: relative ("./app.js") or under
// the prefix ("/prefix/app.js"). They are resolved against the worker's
// scope, the site's folder, which is also the page's own URL.
const workerJS = `// Session Lab's service worker, version {{.Version}}: see app/offline.go.
const cacheName = "` + cachePrefix + `{{.Version}}";
const scope = self.registration.scope;
const files = [...new Set({{.ResourcesToCache}}
  .map((r) => new URL(r, scope).href)
  .filter((u) => u + "/" !== scope)
  .concat(scope))];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    await cache.addAll(files.map((u) => new Request(u, { cache: "no-cache" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== cacheName) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(answer(req));
});

// answer serves the version's file, else the network; a page navigation
// that cannot reach the network gets the cached page.
async function answer(req) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(req, { ignoreVary: true });
  if (hit) return hit;
  try {
    return await fetch(req);
  } catch (err) {
    if (req.mode === "navigate" && isPage(new URL(req.url))) {
      const page = await cache.match(scope);
      if (page) return page;
    }
    throw err;
  }
}

// isPage reports whether a URL is the page: the scope or its index.html.
// ("/prefix" without its slash is outside the scope: the host's redirect
// to "/prefix/" must be reached once online.)
function isPage(url) {
  const u = url.origin + url.pathname;
  return u === scope || u === scope + "index.html";
}
`

// cachePrefix starts the name of each version's cache.
const cachePrefix = "sessionlab-"

// updateCheckInterval is how often a page left open asks the server for a
// new version; the browser itself checks only when the page is loaded.
const updateCheckInterval = time.Hour

// watchUpdates asks for a new version every updateCheckInterval for as
// long as the page is open. A new version shows the update banner.
func (c *Lab) watchUpdates(ctx goapp.Context) {
	ctx.After(updateCheckInterval, func(ctx goapp.Context) {
		checked := jsbridge.UpdateWorker()
		ctx.Async(func() {
			if err := <-checked; err != nil {
				goapp.Log("checking for a new version:", err)
			}
		})
		c.watchUpdates(ctx)
	})
}

// OnAppUpdate shows the update banner when the worker that took over is of
// another version than the page. go-app calls it whenever a worker becomes
// active while one controls the page (gen/app.js, goappSetupNotifyUpdate),
// and that includes the first visit: the worker claims the page before its
// activation completes. What tells an update apart is the page's own
// cache: the new version's worker deleted it.
func (c *Lab) OnAppUpdate(ctx goapp.Context) {
	if !ctx.AppUpdateAvailable() {
		return
	}
	own := jsbridge.HasCache(cachePrefix + goapp.Getenv("GOAPP_VERSION"))
	ctx.Async(func() {
		r := <-own
		ctx.Dispatch(func(goapp.Context) {
			if r.Err != nil {
				goapp.Log("checking the page's cache:", r.Err)
			}
			c.updating = r.Err != nil || !r.Value
		})
	})
}

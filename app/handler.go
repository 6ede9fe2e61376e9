package app

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Site describes one build of the static site.
type Site struct {
	// Prefix is the path the site is served under, such as "/REPO" for a
	// GitHub Pages project site. "" makes every URL relative, so that the
	// site works from any folder of any host, its root included.
	Prefix string
	// Version names the build for the service worker's cache; the hash of
	// app.wasm, so that a new build is a new version and nothing else is.
	Version string
	// WasmSize is app.wasm's size in bytes, for the loading progress when the
	// host compresses the file (Content-Length is then the compressed size).
	WasmSize int64
	// Domain is the host name the page is published at, for og:url; optional.
	Domain string
}

// Handler is the go-app handler that prerenders the page and generates the
// static files. Every resource is local: no request leaves the page's host.
func Handler(s Site) *goapp.Handler {
	h := &goapp.Handler{
		Name:        "Session Lab",
		ShortName:   "Session Lab",
		Title:       "Session Lab: Django session settings against real attacks",
		Description: "Toggle a Django site's session settings and watch session attacks succeed or fail, step by step, with the rule that decides each verdict.",
		Author:      "Session Lab",
		Domain:      s.Domain,
		Icon: goapp.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-192.png",
		},
		BackgroundColor: "#f7f7f4",
		ThemeColor:      "#1d4e89",
		LoadingLabel:    "Loading the simulator… {progress}%",
		Styles:          []string{"/web/style.css"},
		RawHeaders:      []string{colorScheme, bootScript},
		Version:         s.Version,
		// The page's own worker: offline under any prefix, and a new
		// version announced rather than served silently (offline.go).
		ServiceWorkerTemplate: workerJS,
	}
	if s.WasmSize > 0 {
		h.WasmContentLength = strconv.FormatInt(s.WasmSize, 10)
	}
	prefix := s.Prefix
	if prefix == "" {
		prefix = "."
	}
	h.Resources = goapp.PrefixedLocation(prefix)
	h.RawHeaders = append(h.RawHeaders, wasmPreload(prefix))
	return h
}

// wasmPreload starts the download of app.wasm while the page is parsed:
// go-app's loader asks for it only once its deferred scripts run, after the
// prerendered page, a few hundred milliseconds later. The request is the
// loader's (same URL, a CORS-mode fetch with same-origin credentials), so
// the loader gets the preloaded response.
func wasmPreload(prefix string) string {
	return `<link rel="preload" href="` + prefix + `/web/app.wasm" as="fetch" type="application/wasm" crossorigin="anonymous">`
}

// colorScheme lets the browser draw form controls and scrollbars in the
// system's light or dark scheme, as the style sheet does.
const colorScheme = `<meta name="color-scheme" content="light dark">`

// bootScript runs before go-app's scripts, in this order:
//   - A stray "%" in the URL fragment is escaped: go-app parses the address
//     with net/url, which rejects it, and the page would stop before it
//     could say that the link is bad. (Where history is refused, the rest
//     of the script still runs.)
//   - A link in the embed mode marks the root element, so that the
//     prerendered page already hides the chrome an embed leaves out
//     (embed.go).
//   - In an opaque origin (an iframe sandboxed without allow-same-origin)
//     reading navigator.serviceWorker throws a SecurityError: the property
//     is removed, so that go-app skips the worker instead of logging it.
//   - Elsewhere the worker is registered once the page is ready (the body's
//     data-ready), not when go-app asks, at its start: on a first visit the
//     worker's install downloads and stores every file, app.wasm included,
//     while the page compiles and starts its own. Deferred, the page is
//     ready some 75 ms sooner (a median of 696 against 774 ms over eight
//     to eleven runs of five cold loads, headless Chromium on 2 cores),
//     and a page that never starts installs no offline copy of itself.
//   - Where localStorage is refused (the same frames), an in-memory one
//     stands in: go-app reads it at startup and would otherwise stop with
//     the page frozen.
//   - The page's own failure report: when the WebAssembly cannot be fetched
//     or compiled, or when the Go program exits (a go-app program never
//     does, unless it panicked), #boot-error is shown with the reason, the
//     address that holds the state and a reload button.
const bootScript = `<script>
try{if(/%(?![0-9A-Fa-f]{2})/.test(location.hash))history.replaceState(history.state,"",location.pathname+location.search+location.hash.replace(/%(?![0-9A-Fa-f]{2})/g,"%25"))}catch(e){}
if(/(^|&)mode=embed(&|$)/.test(location.hash))document.documentElement.classList.add("embedded");
if(self.origin==="null")delete Navigator.prototype.serviceWorker;
else if(navigator.serviceWorker){const c=navigator.serviceWorker,reg=c.register.bind(c),ready=()=>document.body?.dataset.ready==="1";c.register=(...a)=>new Promise(r=>{if(ready())return r(reg(...a));new MutationObserver((_,o)=>{if(ready()){o.disconnect();r(reg(...a))}}).observe(document.documentElement,{subtree:true,attributes:true,attributeFilter:["data-ready"]})})}
try{window.localStorage.length}catch(e){const m=new Map();Object.defineProperty(window,"localStorage",{configurable:true,value:{get length(){return m.size},key:i=>[...m.keys()][i]??null,getItem:k=>m.has(k)?m.get(k):null,setItem:(k,v)=>{m.set(k,String(v))},removeItem:k=>{m.delete(k)},clear:()=>m.clear()}})}
(()=>{
const show=msg=>{const go=()=>{const p=document.getElementById("boot-error");if(!p)return;document.getElementById("boot-error-text").textContent=msg;document.getElementById("boot-error-link").value=location.href;document.getElementById("boot-reload").onclick=()=>location.reload();p.hidden=false;document.body.dataset.failed="1"};document.readyState==="loading"?document.addEventListener("DOMContentLoaded",go):go()};
if(!window.WebAssembly){show("This browser cannot run WebAssembly, which the simulator needs.");return}
for(const f of ["instantiateStreaming","instantiate"]){const o=WebAssembly[f];if(o)WebAssembly[f]=function(){return o.apply(WebAssembly,arguments).catch(e=>{show("The simulator could not be loaded ("+e+"). Check the connection and reload.");throw e})}}
let G;Object.defineProperty(globalThis,"Go",{configurable:true,get(){return G},set(C){G=class extends C{run(i){return super.run(i).then(()=>show("The simulator stopped unexpectedly; the browser console has the details."))}}}});
})();
</script>`

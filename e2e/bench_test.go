package e2e

// The page's speed in headless Chromium on 127.0.0.1: benchmarks, never
// tests (a figure over budget is printed as such, not failed). Run them with
//
//	go test -run '^$' -bench . -benchtime 1x ./e2e/
//
// or "./build.sh bench", which builds the wasm with the "bench" tag so that
// the Go heap can be read (heap_bench.go), and prints the budgets beside the
// figures.

import (
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sessionlab/sim"
)

// Budgets, from the issue.
const (
	readyBudget    = 1000.0 // ms from navigation to the app's ready marker
	frameBudget    = 50.0   // ms, p95 of an interaction to its frame on screen
	heapGrowth     = 0.10   // heap after 1,000 toggles vs after 10
	interactions   = 200    // samples per interaction benchmark
	startupSamples = 5      // cold loads
)

// benchProbe runs before the page's scripts: it records when the ready
// marker appears and keeps the wasm instance's memory for the heap reading.
const benchProbe = `(() => {
	const o = WebAssembly.instantiateStreaming;
	if (o) WebAssembly.instantiateStreaming = function () {
		return o.apply(WebAssembly, arguments).then(r => { window.__wasmMemory = r.instance.exports.mem; return r; });
	};
	new MutationObserver((_, obs) => {
		if (document.body && document.body.dataset.ready === "1") { window.__readyAt = performance.now(); obs.disconnect(); }
	}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-ready"]});
})()`

// onScreen is a JavaScript function that resolves once cond() holds and the
// frame showing it has been painted (the next animation frame, then a task).
const onScreen = `(cond) => new Promise(resolve => {
	const painted = () => requestAnimationFrame(() => setTimeout(resolve, 0));
	if (cond()) return painted();
	const obs = new MutationObserver(() => { if (cond()) { obs.disconnect(); painted(); } });
	obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
})`

// benchURL is the site the benchmarks load: $SESSIONLAB_BENCH_URL when set
// ("./build.sh bench" serves its brotli-compressed build there), else the
// tests' own site, which has gzip copies only.
func benchURL() string {
	if u := os.Getenv("SESSIONLAB_BENCH_URL"); u != "" {
		return u
	}
	return rootURL
}

// benchPage opens a fresh browser context with the probe installed.
func benchPage(b *testing.B) context.Context {
	b.Helper()
	ctx := newPage(b)
	onNewDocument(b, ctx, benchProbe)
	return ctx
}

func benchLoad(b *testing.B, ctx context.Context, u string) {
	b.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		b.Fatal(err)
	}
	benchWait(b, ctx, `window.__readyAt !== undefined`)
}

func benchWait(b *testing.B, ctx context.Context, cond string) {
	b.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		b.Fatalf("waiting for %s: %v", cond, err)
	}
}

func benchEval[T any](b *testing.B, ctx context.Context, expr string) T {
	b.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// percentile returns the p-th percentile (nearest rank) of xs.
func percentile(xs []float64, p float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(i, 0)]
}

// verdict prints a figure with its budget.
func verdict(ok bool) string {
	if ok {
		return "within budget"
	}
	return "OVER BUDGET"
}

// BenchmarkStartup is a first visit: a new browser context (no cache, no
// service worker) loads the page; the time to the prerendered first paint
// and to the app's ready marker, and the bytes the page fetched.
func BenchmarkStartup(b *testing.B) {
	var paint, ready, bytes []float64
	for b.Loop() {
		for range startupSamples {
			ctx := benchPage(b)
			benchLoad(b, ctx, benchURL())
			paint = append(paint, benchEval[float64](b, ctx,
				`performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? -1`))
			ready = append(ready, benchEval[float64](b, ctx, `window.__readyAt`))
			bytes = append(bytes, benchEval[float64](b, ctx, `[performance.getEntriesByType("navigation")[0],
				...performance.getEntriesByType("resource")].reduce((n, e) => n + e.transferSize, 0)`))
		}
	}
	p50Ready := percentile(ready, 50)
	b.ReportMetric(percentile(paint, 50), "first-paint-ms")
	b.ReportMetric(p50Ready, "ready-ms")
	b.ReportMetric(percentile(bytes, 50), "transferred-B")
	fmt.Printf("bench: startup (median of %d cold loads): first paint %.0f ms, ready %.0f ms (max %.0f), %.0f bytes transferred; ready budget %.0f ms: %s\n",
		len(ready), percentile(paint, 50), p50Ready, slices.Max(ready), percentile(bytes, 50), readyBudget, verdict(p50Ready <= readyBudget))
}

// flippingScenario is a scenario whose verdict a toggle of HttpOnly flips,
// so that each toggle changes the board.
func flippingScenario() string {
	off := sim.Defaults()
	off.SessionCookieHTTPOnly = false
	on, flipped := sim.Board(sim.Defaults()), sim.Board(off)
	for i := range on {
		if on[i].Verdict.Outcome != flipped[i].Verdict.Outcome {
			return on[i].Scenario.ID
		}
	}
	return ""
}

// toggles clicks the HttpOnly checkbox n times and returns, for each click,
// the milliseconds until the board showing its new verdicts was painted.
func toggles(b *testing.B, ctx context.Context, n int) []float64 {
	b.Helper()
	id := flippingScenario()
	if id == "" {
		b.Skip("no scenario flips with HttpOnly")
	}
	times := benchEval[[]float64](b, ctx, `(async (n) => {
		const onScreen = `+onScreen+`;
		const entry = () => document.querySelector('#board [data-scenario="`+id+`"]');
		const times = [];
		for (let i = 0; i < n; i++) {
			const before = entry().dataset.verdict;
			const t0 = performance.now();
			document.getElementById("f-SESSION_COOKIE_HTTPONLY").click();
			await onScreen(() => entry() && entry().dataset.verdict !== before);
			times.push(performance.now() - t0);
		}
		return times;
	})(`+fmt.Sprint(n)+`)`)
	if len(times) != n {
		b.Fatalf("%d timings for %d toggles", len(times), n)
	}
	return times
}

// BenchmarkToggle is a setting changed by hand: from the click on a checkbox
// to the frame that shows the recomputed board (engine and rendering).
func BenchmarkToggle(b *testing.B) {
	var times []float64
	for b.Loop() {
		ctx := benchPage(b)
		benchLoad(b, ctx, benchURL())
		toggles(b, ctx, 10) // warm up
		times = append(times, toggles(b, ctx, interactions)...)
	}
	p50, p95 := percentile(times, 50), percentile(times, 95)
	b.ReportMetric(p50, "p50-ms")
	b.ReportMetric(p95, "p95-ms")
	fmt.Printf("bench: toggle → board on screen, %d toggles: p50 %.1f ms, p95 %.1f ms, max %.1f ms; budget p95 < %.0f ms: %s\n",
		len(times), p50, p95, slices.Max(times), frameBudget, verdict(p95 < frameBudget))
}

// BenchmarkStep is the stepper: from a click on Next (or Previous) to the
// frame that shows the new step's diagram, tables and jar.
func BenchmarkStep(b *testing.B) {
	id := "basics"
	if _, ok := sim.ScenarioByID(id); !ok {
		id = sim.Scenarios[0].ID
	}
	var times []float64
	for b.Loop() {
		ctx := benchPage(b)
		benchLoad(b, ctx, benchURL()+"#"+sim.EncodeLink(sim.LinkState{Config: sim.Defaults(), Scenario: id, Step: 1}))
		times = append(times, benchEval[[]float64](b, ctx, `(async (n) => {
			const onScreen = `+onScreen+`;
			const step = () => Number(document.querySelector("#detail").dataset.step);
			const times = [];
			let forward = true;
			for (let i = 0; i < n; i++) {
				const button = document.getElementById(forward ? "step-next" : "step-prev");
				if (button.disabled) { forward = !forward; i--; continue; }
				const before = step();
				const t0 = performance.now();
				button.click();
				await onScreen(() => document.querySelector("#detail") && step() !== before);
				times.push(performance.now() - t0);
			}
			return times;
		})(`+fmt.Sprint(interactions)+`)`)...)
	}
	p50, p95 := percentile(times, 50), percentile(times, 95)
	b.ReportMetric(p50, "p50-ms")
	b.ReportMetric(p95, "p95-ms")
	fmt.Printf("bench: step → trace on screen (%s), %d steps: p50 %.1f ms, p95 %.1f ms, max %.1f ms; budget p95 < %.0f ms: %s\n",
		id, len(times), p50, p95, slices.Max(times), frameBudget, verdict(p95 < frameBudget))
}

// BenchmarkHeap compares the Go heap after 10 toggles and after 1,000: a
// page that keeps something per change grows. The heap is read through the
// hook of a bench build (heap_bench.go); without it, the wasm memory's size,
// which only grows, stands in.
func BenchmarkHeap(b *testing.B) {
	for b.Loop() {
		ctx := benchPage(b)
		benchLoad(b, ctx, benchURL())
		read := `typeof sessionlabHeap === "function" ? sessionlabHeap() : window.__wasmMemory.buffer.byteLength`
		what := "Go heap in use after a GC"
		if !benchEval[bool](b, ctx, `typeof sessionlabHeap === "function"`) {
			what = "wasm memory (no bench hook in this build)"
		}
		toggles(b, ctx, 10)
		after10 := benchEval[float64](b, ctx, read)
		toggles(b, ctx, 990)
		after1000 := benchEval[float64](b, ctx, read)
		growth := after1000/after10 - 1
		b.ReportMetric(after10, "heap10-B")
		b.ReportMetric(after1000, "heap1000-B")
		fmt.Printf("bench: %s: %.0f bytes after 10 toggles, %.0f after 1,000 (%+.1f %%); budget ±%.0f %%: %s\n",
			what, after10, after1000, 100*growth, 100*heapGrowth, verdict(math.Abs(growth) <= heapGrowth))
	}
}

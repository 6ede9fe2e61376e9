#!/usr/bin/env bash
# Session Lab's build.
#
#   ./build.sh serve [--addr 127.0.0.1:8080]      build, generate dist/ and serve it
#   ./build.sh static [--prefix /path] [--out DIR] a static site for any static host
#   ./build.sh test                               go vet, every test (browser tests included)
#   ./build.sh bench                              the benchmarks
#
# The page is this module compiled to WebAssembly (web/app.wasm); the same
# module, compiled natively, generates the site and serves it.
set -euo pipefail
cd "$(dirname "$0")"

wasm=web/app.wasm

# build_wasm compiles the page. Go's build cache makes a rebuild of an
# unchanged tree take a second.
build_wasm() {
	echo "build: $wasm" >&2
	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$wasm" .
}

# generate writes the static site into $1 with the remaining arguments
# passed to "sessionlab static".
generate() {
	local out=$1
	shift
	rm -rf "$out"
	go run . static -out "$out" -wasm "$wasm" "$@"
}

# brotli_tree adds NAME.br beside the compressible files, when brotli exists.
brotli_tree() {
	command -v brotli >/dev/null || return 0
	find "$1" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \
		-o -name '*.svg' -o -name '*.webmanifest' \) -exec brotli -q 11 -f -k {} +
}

verb=${1:-}
[ $# -gt 0 ] && shift
case "$verb" in
serve)
	addr=127.0.0.1:8080
	while [ $# -gt 0 ]; do
		case "$1" in
		--addr) addr=$2; shift 2 ;;
		*) echo "usage: ./build.sh serve [--addr HOST:PORT]" >&2; exit 2 ;;
		esac
	done
	build_wasm
	generate dist
	exec go run . serve -addr "$addr" -dir dist
	;;
static)
	out=dist
	args=()
	while [ $# -gt 0 ]; do
		case "$1" in
		--prefix) args+=(-prefix "$2"); shift 2 ;;
		--out) out=$2; shift 2 ;;
		--domain) args+=(-domain "$2"); shift 2 ;;
		*) echo "usage: ./build.sh static [--prefix /path] [--out DIR] [--domain HOST]" >&2; exit 2 ;;
		esac
	done
	build_wasm
	generate "$out" "${args[@]}"
	brotli_tree "$out"
	echo "static site in $out/ ($(du -sh "$out" | cut -f1)); app.wasm $(wc -c <"$out/web/app.wasm") bytes" >&2
	;;
test)
	build_wasm
	unformatted=$(gofmt -l .)
	if [ -n "$unformatted" ]; then
		echo "gofmt needed:" >&2
		echo "$unformatted" >&2
		exit 1
	fi
	go vet ./...
	GOOS=js GOARCH=wasm go vet . ./app/...
	# The browser tests reuse the wasm just built instead of compiling their own.
	SESSIONLAB_WASM="$PWD/$wasm" go test -count=1 ./...
	;;
bench)
	go test -run '^$' -bench . -benchmem ./...
	;;
*)
	sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac

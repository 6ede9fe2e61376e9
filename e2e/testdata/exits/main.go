// Command exits is a WebAssembly program that returns at once, as the page
// does when Go panics: the e2e tests put it in place of app.wasm to check
// that the page reports a program that stopped.
package main

func main() {}

package jsbridge

// Result is the outcome of an asynchronous browser call.
type Result[T any] struct {
	Value T
	Err   error
}

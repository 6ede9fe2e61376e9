//go:build !(js && wasm)

package jsbridge

func HasCache(string) <-chan Result[bool] {
	done := make(chan Result[bool], 1)
	done <- Result[bool]{Err: errNoBrowser}
	return done
}

func UpdateWorker() <-chan error {
	done := make(chan error, 1)
	done <- errNoBrowser
	return done
}

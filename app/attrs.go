package app

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// go-app prerenders a false boolean attribute with its value, checked="false",
// which HTML reads as present, that is true; the browser's DOM, on the other
// hand, needs the false value to clear the property after a change. So these
// setters always set the value in the browser and only a true one when
// prerendering.

type checker[T any] interface{ Checked(bool) T }
type disabler[T any] interface{ Disabled(bool) T }
type selecter[T any] interface{ Selected(bool) T }

func checked[T checker[T]](e T, b bool) T {
	if b || goapp.IsClient {
		return e.Checked(b)
	}
	return e
}

func disabled[T disabler[T]](e T, b bool) T {
	if b || goapp.IsClient {
		return e.Disabled(b)
	}
	return e
}

func selected[T selecter[T]](e T, b bool) T {
	if b || goapp.IsClient {
		return e.Selected(b)
	}
	return e
}

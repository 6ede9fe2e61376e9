package tools

import (
	_ "github.com/chromedp/chromedp"
	_ "github.com/hack-pad/safejs"
	_ "github.com/maxence-charriere/go-app/v10/pkg/app"
	_ "golang.org/x/net/publicsuffix"
)

package sim

import (
	"slices"
	"strings"
	"time"
)

// Cookie is a stored cookie: the record of RFC 6265bis §5.7. Domain is the
// canonical host or Domain attribute without a leading dot; HostOnly tells
// the two apart.
type Cookie struct {
	Name, Value, Domain string
	HostOnly            bool
	Path                string
	Secure, HTTPOnly    bool
	SameSite            SameSite
	Persistent          bool      // false: a session cookie, removed when the browser closes
	Expiry              time.Time // meaningful when Persistent
	Created, LastAccess time.Time
	// PartitionKey is the schemeful top-level site ("https://example.com")
	// of a Partitioned cookie (CHIPS), "" for an unpartitioned one: the
	// cookie is sent only to requests whose top-level site is the same, and
	// is a cookie apart from an unpartitioned one of the same name, domain
	// and path (Chromium CookiePartitionKey, CanonicalCookie::IsEquivalent).
	PartitionKey string
	// CrossSiteAncestor is the partition's ancestor chain bit: the cookie
	// was set by a request cross-site to its top-level site, and is sent
	// only to such requests (Chromium CookiePartitionKey::AncestorChainBit).
	CrossSiteAncestor bool
	// seq orders cookies created at the same virtual instant: Chromium makes
	// creation times unique (CookieMonster::CurrentTime), so the Cookie header
	// lists them in the order they were set.
	seq uint64
}

// Action is what SetCookie did.
type Action uint8

const (
	CookieRejected Action = iota // ignored; Decision says why
	CookieStored                 // a new cookie
	CookieReplaced               // replaced the cookie with the same name, domain, host-only flag and path
	CookieDeleted                // arrived expired (Max-Age<=0, past Expires) and removed its stored twin
	CookieExpired                // arrived expired and there was nothing to remove
)

// Decision is the jar's verdict on one cookie: stored, replaced, deleted or
// rejected by SetCookie, or withheld by Cookies. Code is Chromium's
// CookieInclusionStatus name ("INCLUDE" when the cookie went through), Label
// a short name for the same reason in no browser's vocabulary, Why a
// sentence in the words of Chromium DevTools, Source the rule.
type Decision struct {
	Cookie *Cookie
	Action Action // SetCookie only
	Code   string
	Label  string
	Why    string
	Source Source
}

// CodeInclude is the Code of a cookie that was stored or sent.
const CodeInclude = "INCLUDE"

// Jar is one browser's cookie store. It is not safe for concurrent use; the
// simulation runs one step at a time on virtual time.
type Jar struct {
	p       Profile
	cookies []*Cookie // in order of first insertion, for a stable display
	seq     uint64
	closed  []*Cookie // the session cookies the last CloseBrowser removed, for RestoreLastSession
}

// NewJar returns an empty jar that behaves like the profile's browser.
func NewJar(p Profile) *Jar { return &Jar{p: p} }

// Profile returns the jar's browser profile.
func (j *Jar) Profile() Profile { return j.p }

// rule is a fixed Decision: code, label, explanation and source.
type rule struct {
	code, label, why string
	source           Source
}

// clone returns a copy of j that shares no cookie with it.
func (j *Jar) clone() *Jar {
	c := &Jar{p: j.p, seq: j.seq, cookies: make([]*Cookie, len(j.cookies))}
	copies := make([]Cookie, len(j.cookies)) // one allocation for them all
	for i, k := range j.cookies {
		copies[i] = *k
		c.cookies[i] = &copies[i]
	}
	return c
}

// clone returns a copy of the cookie (nil for nil).
func (c *Cookie) clone() *Cookie {
	if c == nil {
		return nil
	}
	k := *c
	return &k
}

func (r *rule) decide(c *Cookie, a Action) Decision {
	return Decision{Cookie: c, Action: a, Code: r.code, Label: r.label, Why: r.why, Source: r.source}
}

// Reasons for SetCookie. The wording follows Chromium DevTools'
// "blocked Set-Cookie" explanations.
var (
	setDisallowedCharacter = rule{codeDisallowedCharacter, "a control character in the header",
		"This Set-Cookie header contained a forbidden ASCII control character, so the browser ignored it.",
		"RFC 6265bis §5.6 step 1"}
	setNoContent = rule{codeNoCookieContent, "neither a name nor a value",
		"This Set-Cookie header had neither a cookie name nor a value, so the browser ignored it.",
		"RFC 6265bis §5.7 step 2"}
	setTooLarge = rule{codeTooLarge, "name and value over 4096 bytes",
		"This cookie was blocked because it was too large: the name and value together must be at most 4096 bytes.",
		"RFC 6265bis §5.6 step 5"}
	setThirdParty = rule{"EXCLUDE_USER_PREFERENCES", "third-party context",
		"This attempt to set a cookie was blocked because it came from a third-party context, where this browser keeps no cookies of the site (Safari blocks them; Firefox's Total Cookie Protection puts them in a separate jar).",
		"RFC 6265bis §5.7 step 1; browser third-party cookie policy"}
	setNonASCIIDomain = rule{"EXCLUDE_INVALID_DOMAIN", "Domain neither the host nor its parent",
		"This attempt to set a cookie was blocked because its Domain attribute, an internationalized domain name, was invalid with regards to the current host: in its ASCII (punycode) form it is neither the host nor a parent domain of it.",
		"RFC 6265bis §5.7 step 8; Chromium canonicalizes the Domain as a URL host (kCookieDomainRejectNonASCII is off)"}
	setInvalidDomain = rule{"EXCLUDE_INVALID_DOMAIN", "Domain neither the host nor its parent",
		"This attempt to set a cookie was blocked because its Domain attribute was invalid with regards to the current host: it is neither the host nor a parent domain below the public suffix.",
		"RFC 6265bis §5.7 steps 9-10"}
	setInvalidPrefix = rule{"EXCLUDE_INVALID_PREFIX", "__Secure- or __Host- rules broken",
		"This attempt to set a cookie was blocked because it used the \"__Secure-\" or \"__Host-\" prefix in its name and broke the rules for such cookies: Secure, set from a secure URL, and for \"__Host-\" no Domain attribute and Path=/.",
		"RFC 6265bis §5.4, §5.7 steps 20-21"}
	setInvalidHTTPPrefix = rule{"EXCLUDE_INVALID_PREFIX", "__Http- or __Host-Http- rules broken",
		"This attempt to set a cookie was blocked because it used the \"__Http-\" or \"__Host-Http-\" prefix in its name without being a Secure, HttpOnly cookie set by the server over a secure connection (and, for \"__Host-Http-\", without Domain and with Path=/).",
		"draft-ietf-httpbis-layered-cookies, cookie name prefixes"}
	setHiddenPrefix = rule{"EXCLUDE_INVALID_PREFIX", "a nameless cookie posing as a prefixed one",
		"This attempt to set a cookie was blocked because it had no name and its value began with a cookie name prefix, which would have let it pass for a prefixed cookie.",
		"RFC 6265bis §5.7 step 22"}
	setInvalidPartitioned = rule{"EXCLUDE_INVALID_PARTITIONED", "Partitioned without Secure",
		"This attempt to set a cookie was blocked because it had the \"Partitioned\" attribute without being a \"Secure\" cookie set from a secure connection (or localhost).",
		"CHIPS (draft-cutler-httpbis-partitioned-cookies); Chromium cookie_util::IsCookiePartitionedValid"}
	setSecureOnly = rule{"EXCLUDE_SECURE_ONLY", "Secure, received over http",
		"This attempt to set a cookie was blocked because it had the \"Secure\" attribute but was not received over a secure connection.",
		"RFC 6265bis §5.7 step 13"}
	setHTTPOnly = rule{"EXCLUDE_HTTP_ONLY", "HttpOnly, written by a script",
		"This attempt to set a cookie from a script was blocked because it had the \"HttpOnly\" attribute, which only the server may set.",
		"RFC 6265bis §5.7 step 15"}
	setNoneInsecure = rule{"EXCLUDE_SAMESITE_NONE_INSECURE", "SameSite=None without Secure",
		"This attempt to set a cookie was blocked because it had the \"SameSite=None\" attribute but did not have the \"Secure\" attribute, which is required in order to use \"SameSite=None\".",
		"RFC 6265bis §5.7 step 19"}
	setSameSiteStrict = rule{"EXCLUDE_SAMESITE_STRICT", "SameSite=Strict, cross-site response",
		"This attempt to set a cookie was blocked because it had the \"SameSite=Strict\" attribute but came from a cross-site response which was not the response to a top-level navigation.",
		"RFC 6265bis §5.7 step 18"}
	setSameSiteLax = rule{"EXCLUDE_SAMESITE_LAX", "SameSite=Lax, cross-site response",
		"This attempt to set a cookie was blocked because it had the \"SameSite=Lax\" attribute but came from a cross-site response which was not the response to a top-level navigation.",
		"RFC 6265bis §5.7 step 18"}
	setSameSiteUnset = rule{"EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX", "no SameSite, Lax by default, cross-site response",
		"This Set-Cookie header didn't specify a \"SameSite\" attribute and was defaulted to \"SameSite=Lax\", and was blocked because it came from a cross-site response which was not the response to a top-level navigation.",
		"RFC 6265bis §5.7 step 18; Chromium Lax-by-default"}
	setOverwriteSecure = rule{"EXCLUDE_OVERWRITE_SECURE", "would overwrite a Secure cookie from http",
		"This attempt to set a cookie was blocked because it was not sent over a secure connection and would have overwritten a cookie with the Secure attribute.",
		"RFC 6265bis §5.7 step 16 (leave secure cookies alone)"}
	setOverwriteHTTPOnly = rule{"EXCLUDE_OVERWRITE_HTTP_ONLY", "would overwrite an HttpOnly cookie from a script",
		"This attempt to set a cookie from a script was blocked because it would have overwritten a cookie with the \"HttpOnly\" attribute.",
		"RFC 6265bis §5.7 step 23"}

	setStored = rule{CodeInclude, "stored",
		"The browser stored the cookie.",
		"RFC 6265bis §5.7 step 24"}
	setReplaced = rule{CodeInclude, "replaced",
		"The browser replaced its cookie with the same name, domain and path.",
		"RFC 6265bis §5.7 step 23"}
	setDeleted = rule{CodeInclude, "deleted",
		"The cookie arrived already expired (Max-Age<=0 or a past Expires), so the browser deleted its cookie with the same name, domain and path.",
		"RFC 6265bis §5.6.2, §5.7 step 23"}
	setExpired = rule{CodeInclude, "arrived expired",
		"The cookie arrived already expired (Max-Age<=0 or a past Expires); the browser had no cookie with the same name, domain and path to delete.",
		"RFC 6265bis §5.6.2, §5.7"}
)

// SetCookie processes one Set-Cookie header value received in a response to
// the request ctx, or one document.cookie assignment when ctx.Script, at
// virtual time now (RFC 6265bis §5.6 and §5.7, with the profile's browser
// differences).
func (j *Jar) SetCookie(ctx RequestContext, line string, now time.Time) Decision {
	p := &j.p
	j.removeExpired(now)
	pc, code := parseSetCookie(line)
	c := &Cookie{Name: pc.name, Value: pc.value, Created: now, LastAccess: now}
	switch code {
	case codeDisallowedCharacter:
		return setDisallowedCharacter.decide(nil, CookieRejected)
	case codeTooLarge:
		return setTooLarge.decide(c, CookieRejected)
	case codeNoCookieContent:
		return setNoContent.decide(nil, CookieRejected)
	}

	// Step 6: Max-Age wins over Expires, whatever their order; neither makes
	// a session cookie. Both are capped (§5.5).
	expired := false
	switch {
	case pc.hasMaxAge:
		c.Persistent = true
		if pc.maxAge <= 0 {
			expired = true // "the earliest representable date and time"
		} else {
			c.Expiry = now.Add(time.Duration(pc.maxAge) * time.Second)
		}
	case pc.hasExpires:
		c.Persistent, c.Expiry = true, pc.expires
		expired = !now.Before(c.Expiry)
	}
	if c.Persistent && !expired {
		if p.MaxAge > 0 {
			c.Expiry = minTime(c.Expiry, now.Add(p.MaxAge))
		}
		if ctx.Script && p.ScriptCookieMaxAge > 0 {
			c.Expiry = minTime(c.Expiry, now.Add(p.ScriptCookieMaxAge))
		}
	}

	// Steps 7-10: Domain.
	host := ctx.URL.Host
	c.Domain, c.HostOnly = host, true
	// "Domain=." (empty after its dot) is invalid in Chromium
	// (GetCookieDomainWithString finds no registrable domain in it), where
	// the spec would make the cookie host-only.
	if pc.hasDomain {
		domain := pc.domain
		if !isASCII(domain) {
			// Chromium does not reject a non-ASCII Domain (step 8's
			// kCookieDomainRejectNonASCII is off) but canonicalizes it as a
			// URL host: fullwidth forms become ASCII, so "Domain=ｅｘａｍｐｌｅ.com"
			// is example.com (checked in Chromium 156), and any other
			// non-ASCII name becomes an xn-- label, which the world's ASCII
			// hosts never domain-match.
			domain = strings.TrimPrefix(strings.ToLower(foldFullwidth(domain)), ".")
			if !isASCII(domain) {
				c.Domain, c.HostOnly = pc.domain, false
				return setNonASCIIDomain.decide(c, CookieRejected)
			}
		}
		if !validCookieDomain(host, domain) {
			c.Domain, c.HostOnly = domain, false
			return setInvalidDomain.decide(c, CookieRejected)
		}
		// A domain cookie, except when a host without a registrable domain
		// (a public suffix, an IP address) names itself: host-only (step 9).
		c.Domain, c.HostOnly = domain, RegistrableDomain(host) == ""
	}
	// Step 11: Path.
	if pc.hasPath && isCookiePath(pc.path) {
		c.Path = pc.path
	} else {
		c.Path = defaultPath(ctx.URL.Path)
	}
	c.Secure, c.HTTPOnly, c.SameSite = pc.secure, pc.httpOnly, pc.sameSite

	secureURL := p.isSecureURL(ctx.URL)
	// Steps 20-22: prefixes, checked where Chromium's CanonicalCookie::Create
	// checks them, before the context-dependent rules.
	if r := p.prefixViolation(c, &pc, secureURL, ctx.Script); r != nil {
		return r.decide(c, CookieRejected)
	}
	// Partitioned (CHIPS): only a Secure cookie from a secure URL, kept in
	// the partition of the request's top-level site.
	if pc.partitioned {
		if !c.Secure || !secureURL {
			return setInvalidPartitioned.decide(c, CookieRejected)
		}
		c.PartitionKey, c.CrossSiteAncestor = partitionKey(&ctx)
	}
	// Step 1: the third-party cookie policy, which a partitioned cookie
	// passes: it stays in its top-level site's partition (Chromium
	// kThirdPartyPartitionedStorageAllowedByDefault). Chromium consults
	// cookie settings only for a cookie that CanonicalCookie::Create
	// accepted, so a bad Domain or prefix is reported as such, not as
	// EXCLUDE_USER_PREFERENCES (URLRequestHttpJob::
	// SaveCookiesAndNotifyHeadersComplete; checked by TestChromiumRandom).
	if c.PartitionKey == "" && p.ThirdParty != ThirdPartyAllowed && p.thirdParty(&ctx) {
		return setThirdParty.decide(c, CookieRejected)
	}
	// Steps 12-13: Secure only from secure URLs.
	if c.Secure && !secureURL {
		return setSecureOnly.decide(c, CookieRejected)
	}
	// Steps 14-15: scripts cannot create HttpOnly cookies.
	if c.HTTPOnly && ctx.Script {
		return setHTTPOnly.decide(c, CookieRejected)
	}
	// Step 19: SameSite=None requires Secure.
	if c.SameSite == SameSiteNone && !c.Secure && p.NoneRequiresSecure {
		return setNoneInsecure.decide(c, CookieRejected)
	}
	// Steps 17-18: a cross-site subresource response cannot set a SameSite
	// cookie; a top-level navigation's response can, even a cross-site POST
	// (Chromium ComputeSameSiteContextForResponse treats it as Lax).
	setCtx := p.requestContext(&ctx)
	if ctx.TopLevel {
		setCtx = max(setCtx, contextLax)
	}
	if setCtx < contextLax {
		switch {
		case c.SameSite == SameSiteStrict:
			return setSameSiteStrict.decide(c, CookieRejected)
		case c.SameSite == SameSiteLax:
			return setSameSiteLax.decide(c, CookieRejected)
		case c.SameSite == SameSiteUnset && p.LaxByDefault:
			return setSameSiteUnset.decide(c, CookieRejected)
		}
	}
	// Step 16: leave secure cookies alone.
	if !c.Secure && !secureURL {
		for _, old := range j.cookies {
			if old.Secure && old.Name == c.Name && old.PartitionKey == c.PartitionKey &&
				(domainMatch(old.Domain, c.Domain) || domainMatch(c.Domain, old.Domain)) &&
				pathMatch(c.Path, old.Path) {
				return setOverwriteSecure.decide(c, CookieRejected)
			}
		}
	}
	// Step 23: replace the cookie with the same name, domain, host-only flag
	// and path.
	i := j.index(c)
	if i >= 0 {
		old := j.cookies[i]
		if ctx.Script && old.HTTPOnly {
			return setOverwriteHTTPOnly.decide(c, CookieRejected)
		}
		if expired {
			j.cookies = slices.Delete(j.cookies, i, i+1)
			return setDeleted.decide(c, CookieDeleted)
		}
		c.seq = old.seq
		if !p.KeepCreationIfSameValue || old.Value == c.Value {
			c.Created = old.Created
		} else {
			j.seq++
			c.seq = j.seq
		}
		j.cookies[i] = c
		return setReplaced.decide(c, CookieReplaced)
	}
	if expired {
		return setExpired.decide(c, CookieExpired)
	}
	// Step 24.
	j.seq++
	c.seq = j.seq
	j.cookies = append(j.cookies, c)
	return setStored.decide(c, CookieStored)
}

// validCookieDomain decides a non-empty Domain attribute for a response from
// host (§5.7 steps 9-10, as Chromium's cookie_util::GetCookieDomainWithString
// does it): a host without a registrable domain (IP address, public suffix,
// unknown top-level domain) may only name itself; any other host may name
// itself or a parent domain down to, not past, its registrable domain.
func validCookieDomain(host, domain string) bool {
	reg := RegistrableDomain(host)
	if reg == "" {
		return domain == host
	}
	return domainMatch(host, domain) && len(domain) >= len(reg)
}

// prefixViolation checks the cookie name prefixes (§5.4; §5.7 steps 20-22),
// matched without regard to case. Chromium's GetCookiePrefix order puts
// __Host-Http- before __Host-.
func (p *Profile) prefixViolation(c *Cookie, pc *setCookieLine, secureURL, script bool) *rule {
	secure := c.Secure && secureURL
	// __Host-: no Domain attribute, except on an IP address a Domain that
	// is the address itself (Chromium HasValidHostPrefixAttributes; the
	// domain then validated as the host and made the cookie host-only).
	hostOnlyDomain := !pc.hasDomain || !pc.domainDot && c.HostOnly && isIPHost(c.Domain)
	host := secure && hostOnlyDomain && pc.hasPath && pc.path == "/"
	httpSet := c.HTTPOnly && !script
	switch {
	case c.Name == "":
		if hasPrefixFold(c.Value, "__Secure-") || hasPrefixFold(c.Value, "__Host-") ||
			p.HTTPPrefixes && hasPrefixFold(c.Value, "__Http-") {
			return &setHiddenPrefix
		}
	case hasPrefixFold(c.Name, "__Secure-"):
		if !secure {
			return &setInvalidPrefix
		}
	case p.HTTPPrefixes && hasPrefixFold(c.Name, "__Http-"):
		if !secure || !httpSet {
			return &setInvalidHTTPPrefix
		}
	case p.HTTPPrefixes && hasPrefixFold(c.Name, "__Host-Http-"):
		if !host || !httpSet {
			return &setInvalidHTTPPrefix
		}
	case hasPrefixFold(c.Name, "__Host-"):
		if !host {
			return &setInvalidPrefix
		}
	}
	return nil
}

// partitionKey is the partition of a request's cookies: the schemeful site
// of its top-level document, which in the model is the request's URL for a
// navigation or a script and its initiator's page for a subresource, and
// whether the request is cross-site to it, schemefully (Chromium
// CookiePartitionKey::FromNetworkIsolationKey: a main-frame navigation is
// same-site). So a Secure partitioned cookie that https://a.example set for
// a page of http://a.example is not even withheld from that page's own
// http:// requests: they are in another partition.
func partitionKey(ctx *RequestContext) (site string, crossSite bool) {
	if ctx.TopLevel || ctx.Script || ctx.Initiator == "" {
		return ctx.URL.Scheme + "://" + siteOf(ctx.URL.Host), false
	}
	scheme, host, _ := strings.Cut(ctx.Initiator, "://")
	return scheme + "://" + siteOf(host), !sameSiteHosts(scheme, host, ctx.URL.Scheme, ctx.URL.Host, true)
}

// index returns the position of the cookie with c's name, domain, host-only
// flag and path (the identity of §5.7 step 23), or -1.
func (j *Jar) index(c *Cookie) int {
	for i, old := range j.cookies {
		if old.Name == c.Name && old.Domain == c.Domain && old.HostOnly == c.HostOnly && old.Path == c.Path &&
			old.PartitionKey == c.PartitionKey && old.CrossSiteAncestor == c.CrossSiteAncestor {
			return i
		}
	}
	return -1
}

// Reasons for Cookies: why a cookie of the request's site was not sent.
var (
	getDomainMismatch = rule{"EXCLUDE_DOMAIN_MISMATCH", "domain does not match",
		"This cookie was blocked because neither did the request URL's domain exactly match the cookie's domain, nor was the request URL's domain a subdomain of the cookie's Domain attribute value.",
		"RFC 6265bis §5.8.3 (host-only cookies: identical host; domain cookies: domain-match)"}
	getThirdParty = rule{"EXCLUDE_USER_PREFERENCES", "third-party context",
		"This cookie was blocked because the request came from a third-party context, where this browser does not send the site's own cookies (Safari blocks them; Firefox's Total Cookie Protection uses a separate jar).",
		"RFC 6265bis §5.8.3; browser third-party cookie policy"}
	getNotOnPath = rule{"EXCLUDE_NOT_ON_PATH", "not on the request's path",
		"This cookie was blocked because its path was not an exact match for or a superdirectory of the request url's path.",
		"RFC 6265bis §5.1.4, §5.8.3"}
	getSecureOnly = rule{"EXCLUDE_SECURE_ONLY", "Secure, request over http",
		"This cookie was blocked because it had the \"Secure\" attribute and the connection was not secure.",
		"RFC 6265bis §5.8.3"}
	getHTTPOnly = rule{"EXCLUDE_HTTP_ONLY", "HttpOnly, hidden from scripts",
		"This cookie was blocked because it had the \"HttpOnly\" attribute and scripts cannot read it.",
		"RFC 6265bis §5.8.3"}
	getSameSiteStrict = rule{"EXCLUDE_SAMESITE_STRICT", "SameSite=Strict, cross-site request",
		"This cookie was blocked because it had the \"SameSite=Strict\" attribute and the request was made from a different site. This includes top-level navigation requests initiated by other sites.",
		"RFC 6265bis §5.8.3"}
	getSameSiteLax = rule{"EXCLUDE_SAMESITE_LAX", "SameSite=Lax, cross-site request",
		"This cookie was blocked because it had the \"SameSite=Lax\" attribute and the request was made from a different site and was not initiated by a top-level navigation with a safe method.",
		"RFC 6265bis §5.8.3"}
	getSameSiteUnset = rule{"EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX", "no SameSite, Lax by default, cross-site request",
		"This cookie didn't specify a \"SameSite\" attribute when it was stored and was defaulted to \"SameSite=Lax\", and was blocked because the request was made from a different site and was not initiated by a top-level navigation with a safe method (the two-minute Lax-allowing-unsafe exception had passed).",
		"RFC 6265bis §5.8.3, §5.6.7.2; Chromium Lax-by-default"}
)

// Cookies computes the Cookie header for the request ctx at virtual time now
// (RFC 6265bis §5.8.3): the cookies sent, longer paths first, then older
// ones, and the cookies of the request's site (its registrable domain) that
// were withheld, with the reason, as Chromium DevTools lists them. With
// ctx.Script it is the document.cookie view. The returned cookies belong to
// the jar; do not modify them.
func (j *Jar) Cookies(ctx RequestContext, now time.Time) (header string, sent []*Cookie, withheld []Decision) {
	p := &j.p
	j.removeExpired(now)
	host := ctx.URL.Host
	secureURL := p.isSecureURL(ctx.URL)
	sameCtx := p.requestContext(&ctx)
	thirdParty := p.ThirdParty != ThirdPartyAllowed && p.thirdParty(&ctx)
	reqSite, reqPartition, reqCrossSite := "", "", false
	for _, c := range j.cookies {
		if c.PartitionKey != "" {
			if reqPartition == "" {
				reqPartition, reqCrossSite = partitionKey(&ctx)
			}
			if c.PartitionKey != reqPartition || c.CrossSiteAncestor != reqCrossSite {
				continue // another top-level site's partition: not a candidate
			}
		}
		var r *rule
		switch {
		case c.HostOnly && host != c.Domain || !c.HostOnly && !domainMatch(host, c.Domain):
			if reqSite == "" {
				reqSite = siteOf(host)
			}
			if siteOf(c.Domain) != reqSite {
				continue // another site's cookie: not a candidate at all
			}
			r = &getDomainMismatch
		case thirdParty && c.PartitionKey == "":
			r = &getThirdParty
		case !pathMatch(ctx.URL.Path, c.Path):
			r = &getNotOnPath
		case c.Secure && !secureURL:
			r = &getSecureOnly
		case c.HTTPOnly && ctx.Script:
			r = &getHTTPOnly
		default:
			r = p.sameSiteBlock(c, sameCtx, now)
		}
		if r != nil {
			if withheld == nil {
				withheld = make([]Decision, 0, len(j.cookies))
			}
			withheld = append(withheld, r.decide(c, CookieRejected))
			continue
		}
		if sent == nil {
			sent = make([]*Cookie, 0, len(j.cookies))
		}
		sent = append(sent, c)
	}
	if len(sent) == 0 {
		return "", nil, withheld
	}
	slices.SortFunc(sent, cookieOrder)
	n := 0
	for _, c := range sent {
		c.LastAccess = now
		n += len(c.Name) + len(c.Value) + 3
	}
	var b strings.Builder
	b.Grow(n)
	for i, c := range sent {
		if i > 0 {
			b.WriteString("; ")
		}
		if c.Name != "" {
			b.WriteString(c.Name)
			b.WriteByte('=')
		}
		b.WriteString(c.Value)
	}
	return b.String(), sent, withheld
}

// sameSiteBlock applies the SameSite rule of §5.8.3 with the profile's
// treatment of cookies without the attribute.
func (p *Profile) sameSiteBlock(c *Cookie, ctx sameSiteContext, now time.Time) *rule {
	switch c.SameSite {
	case SameSiteStrict:
		if ctx < contextStrict {
			return &getSameSiteStrict
		}
	case SameSiteLax:
		if ctx < contextLax {
			return &getSameSiteLax
		}
	case SameSiteUnset:
		if !p.LaxByDefault || ctx >= contextLax {
			return nil
		}
		// Lax-allowing-unsafe: a recent cookie still goes with a cross-site
		// top-level POST, two minutes old included (Chromium
		// CookieBase::IsRecentlyCreated: "(Now() - creation_date_) <=
		// age_threshold").
		if ctx == contextLaxMethodUnsafe && now.Sub(c.Created) <= p.LaxAllowUnsafe {
			return nil
		}
		return &getSameSiteUnset
	}
	return nil
}

// cookieOrder is §5.8.3 step 2: longer paths first, then earlier creation.
func cookieOrder(a, b *Cookie) int {
	if len(a.Path) != len(b.Path) {
		return len(b.Path) - len(a.Path)
	}
	if c := a.Created.Compare(b.Created); c != 0 {
		return c
	}
	return int(a.seq) - int(b.seq)
}

// DocumentCookie is the document.cookie getter of a top-level document at
// doc: the non-HttpOnly cookies its URL would receive.
func (j *Jar) DocumentCookie(doc URL, now time.Time) string {
	h, _, _ := j.Cookies(RequestContext{URL: doc, Script: true}, now)
	return h
}

// CloseBrowser ends the browser session: session cookies are removed
// (§5.7, "when the current session is over") unless the browser restores the
// previous session, as Chromium's "Continue where you left off" does
// (ProfileImpl::ShouldRestoreOldSessionCookies keeps them at the next start)
// and Firefox's session restore. A profile with RestoreLastSession keeps the
// removed ones for RestoreLastSession.
func (j *Jar) CloseBrowser(restore bool) {
	j.closed = nil
	if restore {
		return
	}
	j.cookies = slices.DeleteFunc(j.cookies, func(c *Cookie) bool {
		if !c.Persistent && j.p.RestoreLastSession {
			j.closed = append(j.closed, c)
		}
		return !c.Persistent
	})
}

// RestoreLastSession is History › Restore Previous Session after a start
// without session restore, in a browser whose profile keeps the closed
// session (Profile.RestoreLastSession): the session cookies the last close
// removed come back as cookies created at now, except where the jar already
// holds one of the same name, domain and path (Firefox
// SessionStore.restoreLastSession; SessionCookies.sys.mjs restore adds a
// cookie only when Services.cookies.cookieExists is false). It reports
// whether any came back.
func (j *Jar) RestoreLastSession(now time.Time) bool {
	restored := false
	for _, c := range j.closed {
		if j.index(c) >= 0 {
			continue
		}
		j.seq++
		c.seq = j.seq
		c.Created, c.LastAccess = now, now
		j.cookies = append(j.cookies, c)
		restored = true
	}
	j.closed = nil
	return restored
}

// All returns the unexpired cookies in a stable order (first stored first),
// for display. The cookies belong to the jar.
func (j *Jar) All(now time.Time) []*Cookie {
	j.removeExpired(now)
	return slices.Clone(j.cookies)
}

// Clone returns a deep copy of the jar.
func (j *Jar) Clone() *Jar {
	k := &Jar{p: j.p, seq: j.seq, cookies: make([]*Cookie, len(j.cookies))}
	for i, c := range j.cookies {
		cc := *c
		k.cookies[i] = &cc
	}
	for _, c := range j.closed {
		cc := *c
		k.closed = append(k.closed, &cc)
	}
	return k
}

// removeExpired evicts expired cookies (§5.7: "The user agent MUST evict all
// expired cookies").
func (j *Jar) removeExpired(now time.Time) {
	for _, c := range j.cookies {
		if c.Persistent && !now.Before(c.Expiry) {
			j.cookies = slices.DeleteFunc(j.cookies, func(c *Cookie) bool {
				return c.Persistent && !now.Before(c.Expiry)
			})
			return
		}
	}
}

// isCookiePath reports whether a Path attribute's value is one browsers
// take (§5.6.4: it starts with "/"); any other, the empty one included,
// leaves the cookie the default-path of the page that set it.
func isCookiePath(p string) bool { return strings.HasPrefix(p, "/") }

// defaultPath is §5.1.4's default-path: the request path up to, not
// including, its last "/", or "/".
func defaultPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 || p[0] != '/' {
		return "/"
	}
	return p[:i]
}

// pathMatch is §5.1.4: equal paths, or cookiePath is a prefix of reqPath
// that ends in "/" or is followed by "/" in reqPath.
func pathMatch(reqPath, cookiePath string) bool {
	if !strings.HasPrefix(reqPath, cookiePath) {
		return false
	}
	return len(reqPath) == len(cookiePath) || strings.HasSuffix(cookiePath, "/") || reqPath[len(cookiePath)] == '/'
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// foldFullwidth maps the fullwidth forms of ASCII (U+FF01-U+FF5E) and the
// ideographic full stops to ASCII, as IDNA's mapping does for a host name.
func foldFullwidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3002 || r == 0xFF61:
			return '.'
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

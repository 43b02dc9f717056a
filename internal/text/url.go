package text

import "regexp"

// userinfo is the `user:password@` part of a URL's authority: after `scheme://`, up to the
// last `@` before the path, query, fragment or the end of the word.
var userinfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\s"'<>]*@`)

// StripUserinfo removes `user:password@` from every URL in s (one URL, or a message that
// contains some). A URL printed in a request line, plan header, error or hint must not carry
// the password that NANGO_HOSTPORT or a registry URL may hold (issue 13); Go's own
// `***` masking still shows the user name, so messages from net/http go through this too.
func StripUserinfo(s string) string {
	return userinfo.ReplaceAllString(s, "$1")
}

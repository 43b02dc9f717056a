package fakenango

import (
	"net/url"
	"sync"
)

// Routes is a list of scripted answers matched as Provider and Respond match theirs (method,
// exact path or "*" prefix, required query parameters, Times), for other fakes that script
// answers the same way (internal/fakeprovider). The zero value is ready; safe for
// concurrent use.
type Routes struct {
	mu   sync.Mutex
	list []*route
}

// Add scripts an answer; the first matching one with uses left wins.
func (r *Routes) Add(method, target string, resp Response) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, newRoute(method, target, resp))
}

// Pick returns the answer for a request (nil when none matches) and counts the use.
func (r *Routes) Pick(method, path string, query url.Values) *Response {
	r.mu.Lock()
	defer r.mu.Unlock()
	return pick(r.list, method, path, query)
}

package sdk

import "net/http"

// HeadersJSON is the answer's headers as axios gives them (see headersJSON), for transports
// outside this package (internal/localmode).
func HeadersJSON(h http.Header) []byte { return headersJSON(h) }

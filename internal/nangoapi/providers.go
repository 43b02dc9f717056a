package nangoapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
)

// ErrProviderNotOnServer is wrapped by GetProvider when the server answers 404: an older
// server without the route (it appeared in v0.42.11), or a provider it does not know. The
// caller then uses its local catalog.
var ErrProviderNotOnServer = errors.New("the Nango server does not serve this provider")

// GetProvider fetches one entry of the server's provider catalog: GET /providers/:provider,
// authenticated with the secret key. The answer is {data: {...the entry, name, logo_url}};
// data is returned as received. A self-hosted server answers from its own providers.yaml,
// which is why a live dry run asks it rather than a local copy.
func (c *Client) GetProvider(ctx context.Context, provider string) (json.RawMessage, error) {
	req := request{method: http.MethodGet, path: "/providers/" + url.PathEscape(provider),
		what: "provider " + strconv.Quote(provider)}
	var out struct {
		Data json.RawMessage `json:"data"`
	}
	err := c.call(ctx, req, &out)
	if e, ok := IsAPIError(err); ok && e.Status == http.StatusNotFound {
		return nil, errors.Join(ErrProviderNotOnServer, err)
	}
	if err != nil {
		return nil, err
	}
	if len(out.Data) == 0 || out.Data[0] != '{' {
		return nil, c.wrap(&APIError{Method: req.method, Path: req.path, Status: 200, Kind: KindUnavailable,
			Message: "the Nango server sent a provider that is not the expected JSON object"})
	}
	return out.Data, nil
}

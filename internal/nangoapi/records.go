package nangoapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// RecordsBatchSize is how many ids one GET /records asks for: the reference SDK's
// getRecordsByIds splits its ids into batches of this size.
const RecordsBatchSize = 100

// RecordsRequest asks for a connection's stored records of one model (GET /records).
type RecordsRequest struct {
	ConnectionID      string
	ProviderConfigKey string
	// Model is the full model name, `Model` or `Model::variant`.
	Model string
	// IDs filters on record ids (sent as repeated `ids` parameters); empty: no filter.
	IDs []string
	// Cursor continues a listing (the previous page's next_cursor).
	Cursor string
}

// ListRecords sends GET /records/?model=…&ids=…[&cursor=…] with Connection-Id and
// Provider-Config-Key, as a script's nango.getRecordsByIds() does during the reference's
// dry run, and returns the answer whatever its status (the page is
// `{"records": [...], "next_cursor": string|null}`). Use ServerError to tell a refused key
// from the rest.
func (c *Client) ListRecords(ctx context.Context, r RecordsRequest) (*Response, error) {
	q := url.Values{}
	q.Set("model", r.Model)
	for _, id := range r.IDs {
		q.Add("ids", id)
	}
	if r.Cursor != "" {
		q.Set("cursor", r.Cursor)
	}
	h := http.Header{}
	h.Set("Connection-Id", r.ConnectionID)
	h.Set("Provider-Config-Key", r.ProviderConfigKey)
	resp, data, err := c.do(ctx, request{method: http.MethodGet, path: "/records/", query: q, header: h, caller: callerSDK,
		integration: r.ProviderConfigKey})
	if err != nil {
		return nil, err
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// TriggerActionRequest runs a deployed action (POST /action/trigger).
type TriggerActionRequest struct {
	ConnectionID      string
	ProviderConfigKey string
	Action            string
	// Input is the action's input as JSON text (nil: no input key in the body).
	Input []byte
}

// TriggerAction sends POST /action/trigger with Connection-Id and Provider-Config-Key and the
// body {"action_name", "input"}, as a script's nango.triggerAction() does (the deployed
// action runs on the server, not the local file), and returns the answer whatever its
// status: on success the body is the action's output.
func (c *Client) TriggerAction(ctx context.Context, r TriggerActionRequest) (*Response, error) {
	body := []byte(`{"action_name":`)
	name, err := jsonBody(r.Action)
	if err != nil {
		return nil, err
	}
	body = append(body, name...)
	if len(r.Input) > 0 {
		body = append(body, `,"input":`...)
		body = append(body, r.Input...)
	}
	body = append(body, '}')
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Connection-Id", r.ConnectionID)
	h.Set("Provider-Config-Key", r.ProviderConfigKey)
	resp, data, err := c.do(ctx, request{method: http.MethodPost, path: "/action/trigger", header: h, body: body, caller: callerSDK,
		integration: r.ProviderConfigKey})
	if err != nil {
		return nil, err
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// authErrorCodes are the codes with which the server refuses the secret key itself.
var authErrorCodes = map[string]bool{
	"missing_auth_header": true, "malformed_auth_header": true, "invalid_secret_key_format": true,
	"unhandled_unknown_user_account": true, "unknown_account": true,
}

// KeyRefused returns the error for an answer that refuses the secret key (401, unknown
// account), with its exit code and hint, or nil. Other failures of SDK calls such as
// /records and /action/trigger are the script's to handle: the reference's node client
// turns them into axios errors the script can catch.
func (c *Client) KeyRefused(method, path string, r *Response) error {
	if r == nil || r.Status < 400 {
		return nil
	}
	code := ""
	var env serverError
	if json.Unmarshal(r.Body, &env) == nil && len(env.Error) > 0 {
		var body serverErrorBody
		if json.Unmarshal(env.Error, &body) == nil {
			code = body.Code
		}
	}
	if r.Status != http.StatusUnauthorized && !authErrorCodes[code] {
		return nil
	}
	return c.statusError(request{method: method, path: path}, r.Status, r.Body)
}

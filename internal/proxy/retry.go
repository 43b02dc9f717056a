package proxy

import (
	"errors"
	"fmt"
	"math"
	"net"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nango-go/nango/internal/nangoapi"
)

// decision is whether to retry and how long to wait (wait < 0: the backoff).
type decision struct {
	retry  bool
	reason string
	wait   time.Duration
}

// decide follows the reference proxy's retry rules (each one a case in proxy_test.go): network errors;
// the catalog's error_code list, else 5xx/429/401; the script's retryOn; the catalog's
// remaining header at "0"; then the wait from the catalog's at/after headers or in_body.
// reauthed: a 401 after a fresh token is final (reference: `invalid_credentials`).
func (e *Engine) decide(resp *nangoapi.Response, err error, retryOn []int, reauthed bool) decision {
	if err != nil {
		if isNetworkError(err) {
			return decision{retry: true, reason: "network_error", wait: -1}
		}
		return decision{reason: "unknown_error"}
	}
	status := resp.Status
	if status < 400 {
		return decision{reason: "success"}
	}
	if status == 401 && reauthed {
		return decision{reason: "invalid_credentials"}
	}
	var rules retryRules
	if e.Provider != nil {
		r := e.Provider.Proxy.Retry
		rules = retryRules{at: r.At, after: r.After, remaining: r.Remaining, errorCode: r.ErrorCode}
		if r.InBody != nil {
			rules.inBodyPath, rules.inBodyValue, rules.inBodyStrategy = r.InBody.Path, r.InBody.Value, r.InBody.Strategy
		}
	}
	d := decision{wait: -1}
	if len(rules.errorCode) > 0 {
		for _, rule := range rules.errorCode {
			if matchStatus(rule, status) {
				d.retry, d.reason = true, "provider_error_code_"+rule
				break
			}
		}
	} else if status >= 500 || status == 429 || status == 401 {
		d.retry, d.reason = true, fmt.Sprintf("status_code_%d", status)
	}
	for _, s := range retryOn {
		if !d.retry && s == status {
			d.retry, d.reason = true, fmt.Sprintf("retry_on_%d", status)
		}
	}
	if !d.retry && rules.remaining != "" && resp.Header.Get(rules.remaining) == "0" {
		d.retry, d.reason = true, "provider_remaining"
	}
	if !d.retry {
		d.reason = "not_retryable"
		return d
	}
	if w, ok := e.headerWait(resp, rules.at, true); ok {
		d.wait, d.reason = w, "preconfigured_at"
	} else if w, ok := e.headerWait(resp, rules.after, false); ok {
		d.wait, d.reason = w, "preconfigured_after"
	} else if w, ok := e.bodyWait(resp, rules); ok {
		d.wait, d.reason = w, "preconfigured_in_body"
	}
	return d
}

type retryRules struct {
	at, after, errorCode                    []string
	remaining                               string
	inBodyPath, inBodyValue, inBodyStrategy string
}

// matchStatus: exact ("403"), class ("5xx") or range ("500-502").
func matchStatus(rule string, status int) bool {
	rule = strings.TrimSpace(rule)
	if len(rule) == 3 && strings.HasSuffix(rule, "xx") {
		return strconv.Itoa(status)[:1] == rule[:1]
	}
	if lo, hi, ok := strings.Cut(rule, "-"); ok {
		l, err1 := strconv.Atoi(lo)
		h, err2 := strconv.Atoi(hi)
		return err1 == nil && err2 == nil && status >= l && status <= h
	}
	n, err := strconv.Atoi(rule)
	return err == nil && n == status
}

// headerWait reads the longest wait among the named headers.
func (e *Engine) headerWait(resp *nangoapi.Response, names []string, at bool) (time.Duration, bool) {
	best, found := time.Duration(0), false
	for _, name := range names {
		v := resp.Header.Get(name)
		if v == "" {
			continue
		}
		w, ok := e.parseWait(v, at)
		if ok && (!found || w > best) {
			best, found = w, true
		}
	}
	return best, found
}

// parseWait: `after` is seconds; `at` is epoch milliseconds or seconds (the reading that
// gives a year after 1971 as ms wins) or an HTTP date, and must be in the future.
func (e *Engine) parseWait(v string, at bool) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	n, numErr := strconv.ParseFloat(v, 64)
	if !at {
		if numErr != nil || n < 0 || math.IsInf(n, 0) {
			return 0, false
		}
		return time.Duration(n * float64(time.Second)), true
	}
	var when time.Time
	switch {
	case numErr == nil && time.UnixMilli(int64(n)).Year() > 1971:
		when = time.UnixMilli(int64(n))
	case numErr == nil:
		when = time.Unix(int64(n), 0)
	default:
		t, err := time.Parse(time.RFC1123, v)
		if err != nil {
			return 0, false
		}
		when = t
	}
	d := when.Sub(e.now())
	if d <= 0 {
		return 0, false
	}
	return time.Duration(math.Ceil(d.Seconds())) * time.Second, true
}

// bodyWait applies proxy.retry.in_body: a string at path whose regex capture 1 is the wait.
func (e *Engine) bodyWait(resp *nangoapi.Response, r retryRules) (time.Duration, bool) {
	if r.inBodyPath == "" || r.inBodyValue == "" {
		return 0, false
	}
	obj := jsonObject(resp.Body)
	v, ok := lookup(obj, r.inBodyPath)
	s, isStr := v.(string)
	if !ok || !isStr {
		return 0, false
	}
	re, err := regexp.Compile(r.inBodyValue)
	if err != nil {
		return 0, false
	}
	m := re.FindStringSubmatch(s)
	if len(m) < 2 {
		return 0, false
	}
	return e.parseWait(m[1], r.inBodyStrategy == "at")
}

// backoff is min(base·2^attempt, cap): 3 s, 6 s, 12 s … 10 min by default.
func (e *Engine) backoff(attempt int) time.Duration {
	base, limit := e.BaseWait, e.MaxWait
	if base <= 0 {
		base = 3 * time.Second
	}
	if limit <= 0 {
		limit = 10 * time.Minute
	}
	w := base << min(attempt, 30)
	if w <= 0 || w > limit {
		return limit
	}
	return w
}

// isNetworkError: a reset, refused or timed-out connection (the reference's list).
func isNetworkError(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	for _, e := range []error{syscall.ECONNRESET, syscall.ECONNREFUSED, syscall.ECONNABORTED, syscall.EHOSTUNREACH, syscall.ETIMEDOUT} {
		if errors.Is(err, e) {
			return true
		}
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsTemporary
}

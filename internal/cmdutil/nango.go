package cmdutil

import (
	"sync"
	"time"

	"github.com/nango-go/nango/internal/envfile"
	"github.com/nango-go/nango/internal/nangoapi"
)

// NangoClient is the client of the Nango server of one environment, with the secret key it
// sends (callers redact it from what they print and scrub it from recordings).
type NangoClient struct {
	*nangoapi.Client
	SecretKey string
}

// lazy holds what the Factory builds on first use: .env is read once, and the Nango client
// is built once per process (a dry run's nango.triggerSync runs reuse it: no second prompt).
type lazy struct {
	mu     sync.Mutex
	env    *envfile.Env
	client *NangoClient
}

// DotEnv is the project's .env over the process environment (envfile.Load of WorkDir), read
// once. Callers print its Warnings in their own format.
func (f *Factory) DotEnv() (*envfile.Env, error) {
	f.lazy.mu.Lock()
	defer f.lazy.mu.Unlock()
	return f.dotEnvLocked()
}

func (f *Factory) dotEnvLocked() (*envfile.Env, error) {
	if f.lazy.env != nil {
		return f.lazy.env, nil
	}
	dir, err := f.WorkDir()
	if err != nil {
		return nil, err
	}
	env, err := envfile.Load(dir, f.Getenv)
	if err != nil {
		return nil, err
	}
	f.lazy.env = env
	return env, nil
}

// NangoClient returns the client for environment's secret key (from the environment or .env,
// else asked for on a terminal: envfile.ResolveSecretKey) and NANGO_HOSTPORT, whose timeout
// bounds each request. It is built on the first call; later calls return the same client.
func (f *Factory) NangoClient(environment string, timeout time.Duration) (*NangoClient, error) {
	f.lazy.mu.Lock()
	defer f.lazy.mu.Unlock()
	if f.lazy.client != nil {
		return f.lazy.client, nil
	}
	env, err := f.dotEnvLocked()
	if err != nil {
		return nil, err
	}
	key, err := envfile.ResolveSecretKey(env, environment, f.IOStreams)
	if err != nil {
		return nil, err
	}
	_, keyVar := env.SecretKey(environment)
	hc, err := f.HttpClient()
	if err != nil {
		return nil, err
	}
	f.lazy.client = &NangoClient{SecretKey: key, Client: nangoapi.New(nangoapi.Options{Host: env.Host(), SecretKey: key,
		SecretKeyVar: keyVar, AppVersion: f.AppVersion, HTTPClient: hc, Timeout: timeout})}
	return f.lazy.client, nil
}

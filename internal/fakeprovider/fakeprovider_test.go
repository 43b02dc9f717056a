package fakeprovider

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/fakenango"
)

func TestRefusesWhatDoesNotAuthenticate(t *testing.T) {
	s := New()
	defer s.Close()
	s.SetAuth(Auth{Kind: "bearer", Value: "tok"})
	s.SetClient("cid", "sec")
	s.AddRefreshToken("rt")
	s.Routes.Add("GET", "/items", fakenango.JSON(200, []int{1}))
	get := func(tok string) int {
		req, _ := http.NewRequest("GET", s.URL+"/items", nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if get("") != 401 || get("wrong") != 401 || get("tok") != 200 {
		t.Fatal("auth not enforced")
	}
	post := func(form url.Values) int {
		resp, err := http.PostForm(s.URL+TokenPath, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if post(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"rt"}, "client_id": {"cid"}, "client_secret": {"bad"}}) != 401 {
		t.Fatal("bad client accepted")
	}
	if post(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"nope"}, "client_id": {"cid"}, "client_secret": {"sec"}}) != 400 {
		t.Fatal("unknown refresh token accepted")
	}
	if post(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"rt"}, "client_id": {"cid"}, "client_secret": {"sec"}}) != 200 {
		t.Fatal("refresh refused")
	}
	if get("refreshed-token-1") != 200 {
		t.Fatal("issued token refused")
	}
	s.RejectAll(true)
	if get("tok") != 401 {
		t.Fatal("reject-all ignored")
	}
	if !strings.Contains(strings.Join(s.Requests(), "\n"), "GET /items 401") {
		t.Fatal(s.Requests())
	}
}

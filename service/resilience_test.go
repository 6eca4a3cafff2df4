package service_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graph"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/service"
	"github.com/wifivault/wifivault/service/servicetest"
)

// TestGraphDown: with the graph unreachable, commands answer 503 with Retry-After and
// /readyz says unavailable.
func TestGraphDown(t *testing.T) {
	eng, err := graph.Open(graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	url, err := eng.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	env := servicetest.Start(t, func(c *service.Config) { c.GraphURL = url })
	nsp := env.NSP()
	env.Post("/networkoperatorconsole/equipment/listOperatorDetails", nsp, map[string]any{"OperatorID": "NOPE"}).Must(t, http.StatusNotFound)
	eng.Close()
	r := env.Post("/networkoperatorconsole/equipment/listOperatorDetails", nsp, map[string]any{"OperatorID": "NOPE"})
	if r.Status != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503: %s\nlogs:\n%s", r.Status, r.Raw, env.Logs.String())
	}
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("503 without Retry-After")
	}
	resp, err := http.Get(env.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/readyz %d with the graph down", resp.StatusCode)
	}
}

// TestRedisDown: with Redis gone, sign-in answers 503 with Retry-After.
func TestRedisDown(t *testing.T) {
	env := servicetest.Start(t)
	opts, _ := redis.ParseURL(env.Service.Config.RedisURL)
	admin := redis.NewClient(opts)
	defer admin.Close()
	_ = admin.Do(context.Background(), "SHUTDOWN", "NOSAVE").Err()
	r := env.Post("/auth/login", "", map[string]any{"EmailAddress": servicetest.NSPEmail, "Password": servicetest.NSPPassword})
	r.Must(t, http.StatusServiceUnavailable)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("503 without Retry-After")
	}
}

// TestConventions covers the HTTP conventions that hold for every endpoint.
func TestConventions(t *testing.T) {
	env := servicetest.Start(t)
	nsp := env.NSP()
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	env.Service.Registry.Register(
		&gremlinconsole.Command{Name: "Test.panic", Roles: []auth.Role{auth.RoleNetworkSoftwareProvider},
			Run: func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
				panic("secret internal detail")
			}},
		&gremlinconsole.Command{Name: "Test.slow", Roles: []auth.Role{auth.RoleNetworkSoftwareProvider},
			Run: func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
				started <- struct{}{}
				<-release
				return gremlinconsole.Result{"done": true}, nil
			}},
	)
	t.Run("panic is a 500 that leaks nothing", func(t *testing.T) {
		r := env.Post("/gremlinconsole/executeCommand", nsp, map[string]any{"Command": "Test.panic"})
		r.Must(t, http.StatusInternalServerError)
		if strings.Contains(r.Raw, "secret internal detail") {
			t.Fatalf("panic text leaked: %s", r.Raw)
		}
		if !strings.Contains(env.Logs.String(), "secret internal detail") {
			t.Fatal("the panic was not logged")
		}
	})
	t.Run("request id in the response", func(t *testing.T) {
		r := env.Post("/gremlinconsole/listCommands", nsp, nil).Must(t, http.StatusOK)
		if r.Header.Get("X-Request-Id") == "" {
			t.Fatal("no X-Request-Id header")
		}
	})
	t.Run("body size limit", func(t *testing.T) {
		big := `{"OperatorID":"` + strings.Repeat("A", 2<<20) + `"}`
		r := env.PostRaw("/networkoperatorconsole/equipment/listOperatorDetails", nil, []byte(big))
		if r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d for a 2 MiB body", r.Status)
		}
	})
	t.Run("body must be an object", func(t *testing.T) {
		env.PostRaw("/networkoperatorconsole/equipment/listOperatorDetails", nil, []byte(`[1,2]`)).Must(t, http.StatusBadRequest)
	})
	t.Run("metrics", func(t *testing.T) {
		resp, err := http.Get(env.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if !strings.Contains(string(b), "wifivault_http_requests_total") {
			t.Fatal("no request counter in /metrics")
		}
	})
	t.Run("shutdown drains in-flight requests", func(t *testing.T) {
		var wg sync.WaitGroup
		var status int
		wg.Add(1)
		go func() {
			defer wg.Done()
			status = env.Post("/gremlinconsole/executeCommand", nsp, map[string]any{"Command": "Test.slow"}).Status
		}()
		<-started // the request is being served
		done := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			done <- env.Service.Shutdown(ctx)
		}()
		time.Sleep(200 * time.Millisecond)
		close(release)
		wg.Wait()
		if status != http.StatusOK {
			t.Fatalf("in-flight request ended with %d during shutdown", status)
		}
		if err := <-done; err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	})
}

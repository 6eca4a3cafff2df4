package radiusd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/internal/redistest"
	"github.com/wifivault/wifivault/policycache"
)

const testSecret = "testing123"

// firstAttr keys the name of the first reply attribute in radclient's result.
const firstAttr = "#first"

// env is a radiusd on loopback over a real redis-server.
type env struct {
	t     testing.TB
	store *policycache.Store
	srv   *Server
	rdb   *redis.Client
	logs  *bytes.Buffer
	now   time.Time
}

func testRing(t testing.TB) *vaultcrypto.KeyRing {
	ring, err := vaultcrypto.NewKeyRing(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return ring
}

func newEnv(t testing.TB, redisAddr string, mutate func(*Config)) *env {
	t.Helper()
	if redisAddr == "" {
		redisAddr = redistest.Start(t)
	}
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond, PoolSize: 64})
	t.Cleanup(func() { rdb.Close() })
	e := &env{t: t, rdb: rdb, logs: &bytes.Buffer{}, now: time.Now()}
	e.store = policycache.NewStore(rdb, testRing(t), "")
	cfg := Config{
		AuthAddr: "127.0.0.1:0", AcctAddr: "127.0.0.1:0", Store: e.store,
		Logger:     slog.New(slog.NewTextHandler(&lockedWriter{w: e.logs}, nil)),
		CoATimeout: 300 * time.Millisecond,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	return e
}

func (e *env) start() {
	e.t.Helper()
	if err := e.srv.Start(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		e.srv.Shutdown(ctx)
	})
}

// refresh makes the server see venue changes now instead of within a second.
func (e *env) refresh() {
	e.t.Helper()
	if _, err := e.srv.reader.RefreshClients(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

type lockedWriter struct {
	mu chan struct{}
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	if l.mu == nil {
		l.mu = make(chan struct{}, 1)
	}
	l.mu <- struct{}{}
	defer func() { <-l.mu }()
	return l.w.Write(p)
}

// radclient runs Debian's radclient with the attribute lines and returns
// the reply code name ("" when no reply) and the reply attributes as
// name → values (radclient decodes salted attributes with the secret).
func radclient(t testing.TB, addr net.Addr, kind, secret string, lines ...string) (string, map[string][]string) {
	t.Helper()
	if _, err := exec.LookPath("radclient"); err != nil {
		t.Fatal("radclient is not on PATH; run scripts/test-deps.sh (installs freeradius-utils)")
	}
	f := filepath.Join(t.TempDir(), "req.txt")
	if err := os.WriteFile(f, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("radclient", "-x", "-r", "1", "-t", "1", "-f", f, addr.String(), kind, secret).CombinedOutput()
	code := ""
	attrs := map[string][]string{}
	inReply := false
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "Received ") {
			code = strings.Fields(line)[1]
			inReply = true
			continue
		}
		if strings.HasPrefix(line, "Sent ") || strings.HasPrefix(line, "(") {
			inReply = false
			continue
		}
		if inReply && strings.HasPrefix(line, "\t") {
			name, val, ok := strings.Cut(strings.TrimSpace(line), " = ")
			if ok {
				if len(attrs) == 0 {
					attrs[firstAttr] = []string{name}
				}
				attrs[name] = append(attrs[name], strings.Trim(val, `"`))
			}
		}
	}
	return code, attrs
}

func (e *env) auth(lines ...string) (string, map[string][]string) {
	return radclient(e.t, e.srv.AuthAddr(), "auth", testSecret, lines...)
}

func (e *env) acct(lines ...string) (string, map[string][]string) {
	return radclient(e.t, e.srv.AcctAddr(), "acct", testSecret, lines...)
}

// redisProcess is a redis-server the test can stop and restart on the
// same port.
type redisProcess struct {
	t    testing.TB
	port int
	dir  string
	cmd  *exec.Cmd
}

func startRedisProcess(t testing.TB) *redisProcess {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	r := &redisProcess{t: t, port: port, dir: t.TempDir()}
	r.start()
	t.Cleanup(r.stop)
	return r
}

func (r *redisProcess) addr() string { return "127.0.0.1:" + strconv.Itoa(r.port) }

func (r *redisProcess) start() {
	r.t.Helper()
	r.cmd = exec.Command("redis-server", "--bind", "127.0.0.1", "--port", strconv.Itoa(r.port),
		"--save", "", "--appendonly", "no", "--dir", r.dir)
	if err := r.cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if c, err := net.Dial("tcp", r.addr()); err == nil {
			c.Close()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.t.Fatal("redis-server did not start")
}

func (r *redisProcess) stop() {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	r.cmd.Process.Kill()
	r.cmd.Wait()
	r.cmd = nil
}

func mustPut(t testing.TB, s *policycache.Store, k policycache.Key) {
	t.Helper()
	if _, err := s.PutKey(context.Background(), k); err != nil {
		t.Fatal(fmt.Errorf("PutKey %s: %w", k.KeyID, err))
	}
}

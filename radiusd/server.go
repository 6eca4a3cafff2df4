// Package radiusd is wifivault's RADIUS server: per-subscriber PSK
// authentication in bound (MAC authentication) and unbound (EAPOL
// handshake identification) modes, accounting, and RFC 5176
// Disconnect-Requests, answered from the Redis projection (policycache)
// and never from the graph.
//
// Packets are encoded and decoded with layeh.com/radius; the server loop
// is radiusd's own because layeh's PacketServer knows clients only by
// source address, drops retransmissions instead of replaying the reply,
// and neither checks nor adds Message-Authenticator.
package radiusd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/radiusd/vendor"
	"layeh.com/radius"
)

// Config configures a Server. Zero values take the defaults noted.
type Config struct {
	AuthAddr string // UDP address for Access-Requests; default ":1812"
	AcctAddr string // UDP address for Accounting-Requests; default ":1813"
	// DefaultSecret is the shared secret of venues without their own
	// (WIFIVAULT_RADIUS_SECRET). With DefaultVenueID set, a gateway that
	// is in no venue's list is served as a gateway of DefaultVenueID
	// (single-site use); otherwise unknown gateways are dropped.
	DefaultSecret  string
	DefaultVenueID string
	// DefaultProfile is the reply profile of gateways without one
	// (default hostapd).
	DefaultProfile vendor.Profile
	Store          *policycache.Store
	Logger         *slog.Logger // default slog.Default()
	// OutageWindow: during a Redis outage, devices answered within this
	// long are answered from memory (default 10 minutes).
	OutageWindow time.Duration
	// OutageCacheSize bounds that memory (default 200,000 devices).
	OutageCacheSize int
	// DuplicateWindow keeps replies for retransmissions (default 5 s, as
	// FreeRADIUS's cleanup_delay); a reply is kept between one and two windows.
	DuplicateWindow time.Duration
	// CandidateWorkers bounds the parallel MIC search (default GOMAXPROCS).
	CandidateWorkers int
	// SessionStaleAfter: a session without accounting for this long is
	// aged out and its device no longer counts as online (default 15 min).
	SessionStaleAfter time.Duration
	// MaxStaleness bounds how old the projection version a known device is
	// answered from memory against may be (policycache.Reader.SetMaxStaleness):
	// a change made more than this long before a request is always seen.
	// Default 5 ms, which spares busy servers a Redis round trip per request;
	// negative is strict (one coalesced round trip per request).
	MaxStaleness time.Duration
	// RedisTimeout bounds each Redis call on the request path (default 300 ms).
	RedisTimeout time.Duration
	// CoATimeout and CoAAttempts govern Disconnect-Requests (default 1 s, 3).
	CoATimeout  time.Duration
	CoAAttempts int
	// Now returns the current time (tests); default time.Now.
	Now func() time.Time
}

// Stats are the server's counters.
type Stats struct {
	UnknownClient, BadAuthenticator, MissingMessageAuthenticator uint64
	Malformed, Duplicates, Accepts, Rejects, Accounting          uint64
	AnsweredDuringOutage, DisconnectsSent, DisconnectsAcked      uint64
}

type counters struct {
	unknownClient, badAuthenticator, missingMA, malformed, duplicates atomic.Uint64
	accepts, rejects, accounting, outageAnswers, dmSent, dmAcked      atomic.Uint64
}

// Server is a running or runnable RADIUS server. Create it with New, then
// Start; Shutdown stops it.
type Server struct {
	cfg     Config
	log     *slog.Logger
	store   *policycache.Store
	reader  *policycache.Reader
	dups    *replyCache
	tables  clientTables
	recent  *answeredCache
	workers chan struct{}
	c       counters

	mu      sync.Mutex
	conns   []net.PacketConn
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	started bool
	// redisBad is set while the health check fails: requests then go
	// straight to the outage cache instead of waiting for Redis timeouts.
	redisBad   atomic.Bool
	clientsBad atomic.Bool
}

// New checks cfg and returns a Server that is not yet listening.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("radiusd: Config.Store is required")
	}
	if cfg.AuthAddr == "" {
		cfg.AuthAddr = ":1812"
	}
	if cfg.AcctAddr == "" {
		cfg.AcctAddr = ":1813"
	}
	if cfg.DefaultProfile == "" {
		cfg.DefaultProfile = vendor.ProfileHostapd
	}
	if !cfg.DefaultProfile.Valid() {
		return nil, fmt.Errorf("radiusd: unknown default profile %q", cfg.DefaultProfile)
	}
	if cfg.DefaultVenueID != "" && cfg.DefaultSecret == "" {
		return nil, errors.New("radiusd: DefaultVenueID needs DefaultSecret")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.OutageWindow, 10*time.Minute)
	def(&cfg.DuplicateWindow, 5*time.Second)
	def(&cfg.SessionStaleAfter, 15*time.Minute)
	def(&cfg.RedisTimeout, 300*time.Millisecond)
	def(&cfg.CoATimeout, time.Second)
	if cfg.MaxStaleness == 0 {
		cfg.MaxStaleness = 5 * time.Millisecond
	}
	if cfg.OutageCacheSize <= 0 {
		cfg.OutageCacheSize = 200_000
	}
	if cfg.CandidateWorkers <= 0 {
		cfg.CandidateWorkers = runtime.GOMAXPROCS(0)
	}
	if cfg.CoAAttempts <= 0 {
		cfg.CoAAttempts = 3
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	reader := cfg.Store.NewReader()
	reader.SetMaxStaleness(cfg.MaxStaleness)
	reader.SetCallTimeout(cfg.RedisTimeout)
	return &Server{
		cfg:     cfg,
		log:     cfg.Logger,
		store:   cfg.Store,
		reader:  reader,
		dups:    newReplyCache(cfg.DuplicateWindow),
		recent:  newAnsweredCache(cfg.OutageCacheSize, cfg.OutageWindow),
		workers: make(chan struct{}, cfg.CandidateWorkers),
	}, nil
}

// Start binds the auth and accounting sockets and serves them until
// Shutdown. Venue and gateway configuration is loaded now if Redis
// answers, and refreshed every second afterwards.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("radiusd: already started")
	}
	auth, err := net.ListenPacket("udp", s.cfg.AuthAddr)
	if err != nil {
		return fmt.Errorf("radiusd: auth socket: %w", err)
	}
	acct, err := net.ListenPacket("udp", s.cfg.AcctAddr)
	if err != nil {
		auth.Close()
		return fmt.Errorf("radiusd: accounting socket: %w", err)
	}
	if _, err := s.reader.RefreshClients(ctx); err != nil {
		s.log.Warn("radiusd: gateway table not loaded at start; will retry", "err", err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	s.cancel, s.conns, s.started = cancel, []net.PacketConn{auth, acct}, true
	s.wg.Add(5)
	go func() { defer s.wg.Done(); s.reader.Watch(runCtx) }()
	go s.serve(runCtx, auth.(*net.UDPConn), true)
	go s.serve(runCtx, acct.(*net.UDPConn), false)
	go s.every(runCtx, time.Second, s.refreshClients)
	go s.every(runCtx, time.Minute, s.ageOut)
	return nil
}

// AuthAddr and AcctAddr return the bound addresses (after Start).
func (s *Server) AuthAddr() net.Addr { return s.conns[0].LocalAddr() }

// AcctAddr returns the bound accounting address (after Start).
func (s *Server) AcctAddr() net.Addr { return s.conns[1].LocalAddr() }

// Shutdown closes the sockets and waits for requests in progress, or for
// ctx to end.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.started {
		s.mu.Unlock()
		return nil
	}
	s.started = false
	s.cancel()
	for _, c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stats returns a snapshot of the counters.
func (s *Server) Stats() Stats {
	return Stats{
		UnknownClient: s.c.unknownClient.Load(), BadAuthenticator: s.c.badAuthenticator.Load(),
		MissingMessageAuthenticator: s.c.missingMA.Load(), Malformed: s.c.malformed.Load(),
		Duplicates: s.c.duplicates.Load(), Accepts: s.c.accepts.Load(), Rejects: s.c.rejects.Load(),
		Accounting: s.c.accounting.Load(), AnsweredDuringOutage: s.c.outageAnswers.Load(),
		DisconnectsSent: s.c.dmSent.Load(), DisconnectsAcked: s.c.dmAcked.Load(),
	}
}

func (s *Server) every(ctx context.Context, d time.Duration, f func(context.Context)) {
	defer s.wg.Done()
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f(ctx)
		}
	}
}

// refreshClients is the once-a-second health check: it probes Redis
// (requests skip Redis while the probe fails, see decide) and reloads the
// gateway table when it changed.
func (s *Server) refreshClients(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.RedisTimeout)
	defer cancel()
	if _, err := s.store.Version(ctx); err != nil {
		if !s.redisBad.Swap(true) {
			s.log.Error("radiusd: redis unavailable; answering recently answered devices from memory", "err", err)
		}
		return
	}
	if s.redisBad.Swap(false) {
		s.log.Info("radiusd: redis available again")
	}
	if _, err := s.reader.RefreshClients(ctx); err != nil {
		if !s.clientsBad.Swap(true) {
			s.log.Error("radiusd: gateway table not reloaded; the previous one stays in use", "err", err)
		}
		return
	}
	if s.clientsBad.Swap(false) {
		s.log.Info("radiusd: gateway table reloaded")
	}
}

func (s *Server) ageOut(ctx context.Context) {
	now := s.cfg.Now()
	n, err := s.store.AgeOutSessions(ctx, now.Add(-s.cfg.SessionStaleAfter), now)
	if err != nil {
		s.log.Warn("radiusd: ageing sessions", "err", err)
	} else if n > 0 {
		s.log.Info("radiusd: aged out stale sessions", "sessions", n)
	}
}

// serve reads conn on a fixed pool of goroutines, each handling the
// packets it reads, so that a request costs neither a goroutine start nor
// a stack regrowth. Known devices are answered from memory, so the pool is
// a small multiple of the CPU count: enough to overlap the Redis round
// trips of the others, few enough to keep the scheduler's queue short.
func (s *Server) serve(ctx context.Context, conn *net.UDPConn, auth bool) {
	defer s.wg.Done()
	var readers sync.WaitGroup
	for range max(8, 4*runtime.GOMAXPROCS(0)) {
		readers.Add(1)
		go func() {
			defer readers.Done()
			buf := make([]byte, radius.MaxPacketLength)
			for {
				n, from, err := conn.ReadFromUDPAddrPort(buf)
				if err != nil {
					if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
						return
					}
					continue
				}
				// handle keeps nothing of the packet after it returns.
				s.handle(ctx, conn, from, buf[:n], auth)
			}
		}()
	}
	readers.Wait()
}

// resolveClient finds the gateway by source address, then NAS-Identifier.
func (s *Server) resolveClient(from netip.AddrPort, attrs radius.Attributes, raw []byte) *client {
	return s.clientTable().resolve(from.Addr().Unmap(), attrs.Get(attrNASIdentifier), raw)
}

func (s *Server) handle(ctx context.Context, conn *net.UDPConn, from netip.AddrPort, raw []byte, auth bool) {
	pkt, err := radius.Parse(raw, nil)
	if err != nil {
		s.c.malformed.Add(1)
		return
	}
	cl := s.resolveClient(from, pkt.Attributes, raw)
	if cl == nil {
		s.c.unknownClient.Add(1)
		return
	}
	pkt.Secret = cl.secret
	wantCode := radius.CodeAccessRequest
	if !auth {
		wantCode = radius.CodeAccountingRequest
	}
	if pkt.Code != wantCode {
		s.c.malformed.Add(1)
		return
	}
	present, valid, err := cl.mac.check(raw)
	if err != nil || (present && !valid) {
		s.c.badAuthenticator.Add(1)
		s.log.Warn("radiusd: dropped request with an invalid Message-Authenticator", "client", from.String(), "venue", cl.venue.VenueID)
		return
	}
	if auth && !present && cl.venue.RequireMessageAuthenticator() {
		s.c.missingMA.Add(1)
		s.log.Warn("radiusd: dropped Access-Request without Message-Authenticator", "client", from.String(), "venue", cl.venue.VenueID)
		return
	}
	if !auth && !radius.IsAuthenticRequest(raw, cl.secret) {
		s.c.badAuthenticator.Add(1)
		return
	}
	key := dedupKey{src: from, id: pkt.Identifier, auth: pkt.Authenticator}
	now := s.cfg.Now()
	if cached := s.dups.begin(key, now); cached != nil {
		s.c.duplicates.Add(1)
		if len(cached) > 0 {
			conn.WriteToUDPAddrPort(cached, from)
		}
		return
	}
	var reply []byte
	if auth {
		reply = s.authenticate(ctx, cl, from, pkt, now)
	} else {
		reply = s.account(ctx, cl, from, pkt, now)
	}
	s.dups.finish(key, reply)
	if reply != nil {
		conn.WriteToUDPAddrPort(reply, from)
	}
}

package radiusd

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/wifivault/wifivault/policycache"
	"layeh.com/radius"
)

func TestAccounting(t *testing.T) {
	e := newEnv(t, "", nil)
	e.start()
	seed(t, e, policycache.Venue{})
	ctx := context.Background()
	base := []string{`User-Name = "020000000001"`, `Calling-Station-Id = "02-00-00-00-00-01"`, `NAS-Identifier = "ap-hostapd"`, `Acct-Session-Id = "sess-1"`}
	steps := []struct {
		name          string
		lines         []string
		wantIn        uint64
		wantOut       uint64
		wantActive    bool
		wantUsageIn   uint64
		wantKeyOnline bool
	}{
		{"start", []string{`Acct-Status-Type = Start`}, 0, 0, true, 0, true},
		{"interim with gigawords", []string{`Acct-Status-Type = Interim-Update`, `Acct-Input-Octets = 100`, `Acct-Input-Gigawords = 1`, `Acct-Output-Octets = 500`, `Acct-Session-Time = 60`}, 1<<32 + 100, 500, true, 1<<32 + 100, true},
		{"late interim never lowers counters", []string{`Acct-Status-Type = Interim-Update`, `Acct-Input-Octets = 50`, `Acct-Output-Octets = 400`}, 1<<32 + 100, 500, true, 1<<32 + 100, true},
		{"stop", []string{`Acct-Status-Type = Stop`, `Acct-Input-Octets = 200`, `Acct-Input-Gigawords = 1`, `Acct-Output-Octets = 900`, `Acct-Terminate-Cause = User-Request`}, 1<<32 + 200, 900, false, 1<<32 + 200, false},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			code, _ := e.acct(append(append([]string{}, base...), st.lines...)...)
			if code != "Accounting-Response" {
				t.Fatalf("reply %q", code)
			}
			ss, err := e.store.Sessions(ctx, []string{"v1|sess-1"})
			if err != nil || len(ss) != 1 {
				t.Fatalf("sessions %v %v", ss, err)
			}
			s := ss[0]
			if s.InputOctets != st.wantIn || s.OutputOctets != st.wantOut || s.Active != st.wantActive || s.KeyID != "k1" || s.UnitID != "unit-101" {
				t.Fatalf("session %+v", s)
			}
			u, _ := e.store.UnitUsage(ctx, "v1", "unit-101", time.Now())
			if u.InputOctets != st.wantUsageIn || u.Sessions != 1 {
				t.Fatalf("usage %+v", u)
			}
			if on, _ := e.store.DeviceOnline(ctx, "v1", "020000000001"); on != st.wantKeyOnline {
				t.Fatalf("device online %v", on)
			}
		})
	}
	t.Run("accounting-on closes the NAS's sessions", func(t *testing.T) {
		e.acct(`User-Name = "020000000001"`, `Calling-Station-Id = "02-00-00-00-00-01"`, `NAS-Identifier = "ap-hostapd"`, `Acct-Session-Id = "sess-2"`, `Acct-Status-Type = Start`)
		if code, _ := e.acct(`NAS-Identifier = "ap-hostapd"`, `Acct-Status-Type = Accounting-On`); code != "Accounting-Response" {
			t.Fatalf("reply %q", code)
		}
		ss, _ := e.store.Sessions(ctx, []string{"v1|sess-2"})
		if len(ss) != 1 || ss[0].Active {
			t.Fatalf("session after Accounting-On %+v", ss)
		}
	})
	t.Run("stale sessions age out", func(t *testing.T) {
		e.acct(`User-Name = "020000000001"`, `Calling-Station-Id = "02-00-00-00-00-01"`, `NAS-Identifier = "ap-hostapd"`, `Acct-Session-Id = "sess-3"`, `Acct-Status-Type = Start`)
		n, err := e.store.AgeOutSessions(ctx, time.Now().Add(time.Minute), time.Now())
		if err != nil || n != 1 {
			t.Fatalf("aged %d, %v", n, err)
		}
	})
}

func TestRetransmissionGetsIdenticalReply(t *testing.T) {
	e := newEnv(t, "", nil)
	e.start()
	seed(t, e, policycache.Venue{})
	req := radius.New(radius.CodeAccessRequest, []byte(testSecret))
	req.Add(attrUserName, radius.Attribute("020000000001"))
	req.Add(attrCallingStationID, radius.Attribute("02-00-00-00-00-01"))
	req.Add(attrNASIdentifier, radius.Attribute("ap-hostapd"))
	req.Add(typeMessageAuthenticator, make(radius.Attribute, 16))
	// Sign the Message-Authenticator as a NAS would (over the packet as sent).
	signed, err := encodeWithMessageAuthenticator(req)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("udp", e.srv.AuthAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var replies [][]byte
	for i := 0; i < 2; i++ {
		conn.Write(signed)
		conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		buf := make([]byte, 4096)
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		replies = append(replies, buf[:n])
	}
	if !bytes.Equal(replies[0], replies[1]) {
		t.Fatal("retransmission answered with different bytes")
	}
	if radius.Code(replies[0][0]) != radius.CodeAccessAccept || e.srv.Stats().Duplicates != 1 || e.srv.Stats().Accepts != 1 {
		t.Fatalf("code %d, stats %+v", replies[0][0], e.srv.Stats())
	}
}

func TestDisconnectWhenKeyRemoved(t *testing.T) {
	nas, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer nas.Close()
	e := newEnv(t, "", nil)
	e.start()
	ctx := context.Background()
	seed(t, e, policycache.Venue{})
	// Point the hostapd gateway's CoA port at the listening "NAS".
	v := policycache.Venue{VenueID: "v1", Secret: testSecret, Revision: 2, Gateways: []policycache.Gateway{
		{NASIdentifier: "ap-hostapd", Profile: "hostapd", CoAPort: nas.LocalAddr().(*net.UDPAddr).Port}}}
	if _, err := e.store.PutVenue(ctx, v); err != nil {
		t.Fatal(err)
	}
	e.refresh()
	if code, _ := e.acct(`User-Name = "020000000001"`, `Calling-Station-Id = "02-00-00-00-00-01"`, `NAS-Identifier = "ap-hostapd"`, `Acct-Session-Id = "dm-1"`, `Acct-Status-Type = Start`); code != "Accounting-Response" {
		t.Fatalf("accounting reply %q", code)
	}
	got := make(chan *radius.Packet, 4)
	go func() {
		buf := make([]byte, 4096)
		for {
			n, from, err := nas.ReadFrom(buf)
			if err != nil {
				return
			}
			raw := append([]byte(nil), buf[:n]...)
			present, valid, _ := checkMessageAuthenticator(raw, []byte(testSecret))
			if !radius.IsAuthenticRequest(raw, []byte(testSecret)) || !present || !valid {
				continue
			}
			p, err := radius.Parse(raw, []byte(testSecret))
			if err != nil {
				continue
			}
			got <- p
			ack, _ := p.Response(radius.CodeDisconnectACK).Encode()
			nas.WriteTo(ack, from)
		}
	}()
	if ok, err := e.store.DeleteKey(ctx, "k1", 2); !ok || err != nil {
		t.Fatalf("DeleteKey %v %v", ok, err)
	}
	res, err := e.srv.DisconnectKey(ctx, "k1")
	if err != nil || res.Sessions != 1 || res.Acked != 1 {
		t.Fatalf("DisconnectKey %+v %v", res, err)
	}
	p := <-got
	if p.Code != radius.CodeDisconnectRequest || string(p.Get(attrAcctSessionID)) != "dm-1" || string(p.Get(attrCallingStationID)) != "02-00-00-00-00-01" {
		t.Fatalf("Disconnect-Request %v", p.Attributes)
	}
	if code, _ := e.auth(boundRequest("ap-hostapd", "02-00-00-00-00-01")...); code != "Access-Reject" {
		t.Fatalf("removed key still answered: %q", code)
	}
}

func TestRedisOutage(t *testing.T) {
	rp := startRedisProcess(t)
	e := newEnv(t, rp.addr(), func(c *Config) { c.RedisTimeout = 200 * time.Millisecond })
	e.start()
	seed(t, e, policycache.Venue{})
	ctx := context.Background()
	if err := e.store.BindDevice(ctx, "v1", "020000000002", "k1"); err != nil {
		t.Fatal(err)
	}
	if code, _ := e.auth(boundRequest("ap-hostapd", "02-00-00-00-00-01")...); code != "Access-Accept" {
		t.Fatalf("before outage: %q", code)
	}
	rp.stop()
	tests := []struct {
		name, mac, want, reason string
	}{
		{"device answered recently is answered from memory", "02-00-00-00-00-01", "Access-Accept", ""},
		{"device not answered recently is rejected", "02-00-00-00-00-02", "Access-Reject", ReasonStoreDown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, attrs := e.auth(boundRequest("ap-hostapd", tt.mac)...)
			if code != tt.want || !strings.Contains(strings.Join(attrs["Reply-Message"], ""), tt.reason) {
				t.Fatalf("reply %q %v", code, attrs)
			}
			if tt.want == "Access-Accept" && strings.Join(attrs["Tunnel-Password:0"], "") != pskA {
				t.Fatalf("outage answer without the key: %v", attrs)
			}
		})
	}
	if !strings.Contains(e.logs.String(), "policy store unavailable") {
		t.Fatal("no log line for the outage")
	}
	t.Run("health check notices the outage and requests stop trying redis", func(t *testing.T) {
		deadline := time.Now().Add(5 * time.Second)
		for !e.srv.redisBad.Load() {
			if time.Now().After(deadline) {
				t.Fatal("health check did not mark redis down")
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !strings.Contains(e.logs.String(), "redis unavailable") {
			t.Fatal("no log line for the failed health check")
		}
		if code, _ := e.auth(boundRequest("ap-hostapd", "02-00-00-00-00-01")...); code != "Access-Accept" {
			t.Fatalf("recent device during the outage: %q", code)
		}
		if code, _ := e.auth(boundRequest("ap-hostapd", "02-00-00-00-00-02")...); code != "Access-Reject" {
			t.Fatalf("other device during the outage: %q", code)
		}
	})
	t.Run("recovers when redis returns", func(t *testing.T) {
		rp.start()
		seed(t, e, policycache.Venue{}) // the restarted redis is empty; the projector rebuilds it
		if err := e.store.BindDevice(ctx, "v1", "020000000002", "k1"); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			code, _ := e.auth(boundRequest("ap-hostapd", "02-00-00-00-00-02")...)
			if code == "Access-Accept" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("still %q after redis came back", code)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

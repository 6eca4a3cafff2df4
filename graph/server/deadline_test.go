package server

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

type ctxKey struct{}

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestDeadlineContext(t *testing.T) {
	tests := []struct {
		name     string
		timeout  time.Duration
		cancel   bool // cancel the parent
		release  bool
		doneLate bool // call Done only after the event
		wantErr  error
	}{
		{"running", time.Hour, false, false, false, nil},
		{"deadline passed", -time.Second, false, false, false, context.DeadlineExceeded},
		{"deadline passed, Done asked after", -time.Second, false, false, true, context.DeadlineExceeded},
		{"parent canceled", time.Hour, true, false, false, context.Canceled},
		{"parent canceled, Done asked after", time.Hour, true, false, true, context.Canceled},
		{"released", time.Hour, false, true, false, context.Canceled},
		{"released, Done asked after", time.Hour, false, true, true, context.Canceled},
		{"released after its deadline", -time.Second, false, true, false, context.DeadlineExceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parent, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
			defer cancel()
			c := newDeadlineContext(parent, tc.timeout)
			if d, ok := c.Deadline(); !ok || d.IsZero() {
				t.Fatalf("Deadline() = %v, %v", d, ok)
			}
			if c.Value(ctxKey{}) != "v" {
				t.Fatal("Value does not reach the parent's values")
			}
			var done <-chan struct{}
			if !tc.doneLate {
				done = c.Done()
			}
			if tc.cancel {
				cancel()
			}
			if tc.release {
				c.release()
			}
			if err := c.Err(); !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("Err() = %v, want %v", err, tc.wantErr)
			}
			if tc.doneLate {
				done = c.Done()
			}
			if tc.wantErr != nil {
				<-done // must be closed, now or once the deadline's timer fires
				if err := c.Err(); !errors.Is(err, tc.wantErr) {
					t.Fatalf("after Done, Err() = %v, want %v", err, tc.wantErr)
				}
			} else if closed(done) {
				t.Fatal("Done is closed while the request runs")
			}
			c.release()
			if !closed(c.Done()) || c.Err() == nil {
				t.Fatalf("after release: Done closed %v, Err %v", closed(c.Done()), c.Err())
			}
		})
	}
}

// TestDeadlineContextConcurrentUse runs Done, Err and release at once (for the race detector).
func TestDeadlineContextConcurrentUse(t *testing.T) {
	for i := 0; i < 100; i++ {
		c := newDeadlineContext(context.Background(), time.Hour)
		var wg sync.WaitGroup
		for j := 0; j < 3; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-c.Done()
				if c.Err() == nil {
					t.Error("Done closed but Err is nil")
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = c.Err()
			c.release()
		}()
		wg.Wait()
	}
}

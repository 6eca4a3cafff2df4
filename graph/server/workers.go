package server

import "time"

// workerIdle is how long an idle request worker waits for more work before it exits.
const workerIdle = 10 * time.Second

// workers runs request handlers on reused goroutines: a goroutine that served a request has
// grown its stack for the codec and the traversal engine, and a fresh goroutine per request
// would pay that growth (stack copying) every time.
type workers struct {
	work chan func() // unbuffered: a send succeeds only when a worker is idle
}

func newWorkers() *workers { return &workers{work: make(chan func())} }

// run runs task on an idle worker, or on a new one.
func (w *workers) run(task func()) {
	select {
	case w.work <- task:
	default:
		go w.loop(task)
	}
}

func (w *workers) loop(task func()) {
	idle := time.NewTimer(workerIdle)
	defer idle.Stop()
	for {
		task()
		idle.Reset(workerIdle)
		select {
		case task = <-w.work:
		case <-idle.C:
			return
		}
	}
}

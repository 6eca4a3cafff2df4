package graphbinary

import "sync"

// Buffer is a reusable byte slice for building frames. Get one with GetBuffer, reset B to
// B[:0] as needed, and give it back with PutBuffer once the bytes have been written out.
type Buffer struct{ B []byte }

// maxPooledBuffer keeps the pool from pinning the memory of one huge response.
const maxPooledBuffer = 1 << 20

var buffers = sync.Pool{New: func() any { return &Buffer{B: make([]byte, 0, 4096)} }}

// GetBuffer returns an empty buffer from the pool.
func GetBuffer() *Buffer {
	b := buffers.Get().(*Buffer)
	b.B = b.B[:0]
	return b
}

// PutBuffer returns b to the pool; buffers grown beyond 1 MiB are dropped.
func PutBuffer(b *Buffer) {
	if b == nil || cap(b.B) > maxPooledBuffer {
		return
	}
	buffers.Put(b)
}

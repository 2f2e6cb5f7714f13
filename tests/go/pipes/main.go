// pipes: os.Pipe between goroutines, a large transfer, EOF on close, EPIPE
// for a closed reader, read deadlines (poller), raw blocking syscall pipes.
package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"abirun.test/go/internal/t"
)

func main() {
	r, w, err := os.Pipe()
	t.Check("pipe", err)
	go func() {
		w.Write([]byte("hello through a pipe\n"))
		w.Close()
	}()
	data, err := io.ReadAll(r)
	fmt.Printf("read %q %s\n", data, t.E(err))
	r.Close()

	// 8 MiB through a pipe, in odd-sized writes
	r, w, _ = os.Pipe()
	big := make([]byte, 8<<20)
	for i := range big {
		big[i] = byte(i ^ i>>9)
	}
	go func() {
		rest := big
		for len(rest) > 0 {
			n := 12345
			if n > len(rest) {
				n = len(rest)
			}
			if _, err := w.Write(rest[:n]); err != nil {
				panic(err)
			}
			rest = rest[n:]
		}
		w.Close()
	}()
	h := sha256.New()
	n, err := io.Copy(h, r)
	r.Close()
	fmt.Printf("copied %d bytes %s, sha256 equal: %v\n", n, t.E(err), bytes.Equal(h.Sum(nil), sha(big)))

	// writing with no reader: EPIPE (Go ignores SIGPIPE on fds other than 1, 2)
	r, w, _ = os.Pipe()
	r.Close()
	_, err = w.Write([]byte("x"))
	fmt.Println("write to closed pipe:", t.E(err))
	w.Close()

	// read deadline on an empty pipe
	r, w, _ = os.Pipe()
	r.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	buf := make([]byte, 10)
	_, err = r.Read(buf)
	fmt.Println("read with deadline:", t.E(err))
	r.SetReadDeadline(time.Time{})
	go func() { time.Sleep(10 * time.Millisecond); w.Write([]byte("late")) }()
	n2, err := r.Read(buf)
	fmt.Printf("read after clearing deadline: %q %s\n", buf[:n2], t.E(err))
	// closing a pipe while another goroutine blocks reading it
	errc := make(chan error)
	go func() { _, err := r.Read(buf); errc <- err }()
	time.Sleep(10 * time.Millisecond)
	r.Close()
	fmt.Println("read interrupted by close:", t.E(<-errc))
	w.Close()

	// a chain of goroutines connected by pipes
	first, prevW, _ := os.Pipe()
	in := first
	for i := 0; i < 10; i++ {
		nr, nw, _ := os.Pipe()
		go func(r *os.File, w *os.File, i int) {
			data, _ := io.ReadAll(r)
			w.Write(append(data, byte('0'+i)))
			w.Close()
			r.Close()
		}(in, nw, i)
		in = nr
	}
	prevW.Write([]byte("chain:"))
	prevW.Close()
	out, _ := io.ReadAll(in)
	fmt.Printf("%s\n", out)

	// raw blocking pipe fds through package syscall
	var p [2]int
	t.Check("syscall.Pipe", syscall.Pipe(p[:]))
	go func() {
		syscall.Write(p[1], []byte("raw bytes"))
		syscall.Close(p[1])
	}()
	rb := make([]byte, 64)
	total := 0
	for {
		n, err := syscall.Read(p[0], rb[total:])
		if n <= 0 || err != nil {
			fmt.Println("raw read end:", n, t.E(err))
			break
		}
		total += n
	}
	fmt.Printf("raw read: %q\n", rb[:total])
	syscall.Close(p[0])

	// os.NewFile on a pipe fd; Fd() keeps it usable
	r, w, _ = os.Pipe()
	w2 := os.NewFile(w.Fd(), "dup-writer")
	w2.Write([]byte("via NewFile"))
	w.Close()
	n3, _ := r.Read(buf[:])
	fmt.Printf("NewFile write: %q\n", buf[:n3])
	r.Close()
}

func sha(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

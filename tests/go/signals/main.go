// signals: signal.Notify with signals sent to ourselves (kill, os.Process),
// many round trips, Ignore/Stop/Reset, NotifyContext, and blocking system
// calls that signals interrupt (SA_RESTART: the read must restart, not fail).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"abirun.test/go/internal/t"
)

func main() {
	pid := os.Getpid()

	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	t.Check("kill", syscall.Kill(pid, syscall.SIGUSR1))
	fmt.Println("received:", t.Sig(<-c))

	for _, s := range []syscall.Signal{syscall.SIGUSR2, syscall.SIGHUP, syscall.SIGWINCH, syscall.SIGINT, syscall.SIGTERM} {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, s)
		syscall.Kill(pid, s)
		fmt.Println("received:", t.Sig(<-ch))
		signal.Stop(ch)
	}

	// 200 round trips: each signal is waited for before the next is sent
	n := 0
	for i := 0; i < 200; i++ {
		syscall.Kill(pid, syscall.SIGUSR1)
		<-c
		n++
	}
	fmt.Println("round trips:", n)

	// through os.Process
	self, _ := os.FindProcess(pid)
	t.Check("Process.Signal", self.Signal(syscall.SIGUSR1))
	fmt.Println("received via os.Process:", t.Sig(<-c))

	// signals sent from other goroutines while many goroutines run
	var wg sync.WaitGroup
	got := make(chan os.Signal, 100)
	signal.Notify(got, syscall.SIGUSR2)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				syscall.Kill(pid, syscall.SIGUSR2)
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	// at least one arrives (they may coalesce); drain
	fmt.Println("concurrent senders delivered:", t.Sig(<-got))
	signal.Stop(got)

	// ignoring: the process survives a signal whose default is to terminate
	signal.Ignore(syscall.SIGUSR2)
	syscall.Kill(pid, syscall.SIGUSR2)
	time.Sleep(20 * time.Millisecond)
	fmt.Println("survived ignored SIGUSR2, Ignored:", signal.Ignored(syscall.SIGUSR2))
	signal.Reset(syscall.SIGUSR2)

	// a signal that nobody asked for and whose default is ignore
	syscall.Kill(pid, syscall.SIGCHLD)
	syscall.Kill(pid, syscall.SIGURG)
	fmt.Println("survived SIGCHLD and SIGURG")

	// NotifyContext
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGHUP)
	syscall.Kill(pid, syscall.SIGHUP)
	<-ctx.Done()
	fmt.Println("NotifyContext:", ctx.Err())
	stop()

	// a goroutine blocked in read(2) on a blocking pipe while signals arrive:
	// Go installs its handlers with SA_RESTART, so the read must restart
	var p [2]int
	t.Check("pipe", syscall.Pipe(p[:]))
	res := make(chan string)
	go func() {
		b := make([]byte, 100)
		n, err := syscall.Read(p[0], b)
		if n < 0 {
			n = 0
		}
		res <- fmt.Sprintf("%q %s", b[:n], t.E(err))
	}()
	for i := 0; i < 20; i++ {
		time.Sleep(2 * time.Millisecond)
		syscall.Kill(pid, syscall.SIGUSR1)
		<-c
	}
	syscall.Write(p[1], []byte("data after signals"))
	fmt.Println("blocking read across signals:", <-res)

	// and a goroutine blocked in nanosleep / a channel while signals arrive
	done := make(chan bool)
	go func() { time.Sleep(30 * time.Millisecond); done <- true }()
	for i := 0; i < 10; i++ {
		syscall.Kill(pid, syscall.SIGUSR1)
		<-c
	}
	fmt.Println("sleeper finished:", <-done)
	signal.Stop(c)
	fmt.Println("signals done")
}

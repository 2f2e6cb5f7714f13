// preempt: with GOMAXPROCS=2 and two goroutines spinning in loops that have
// no preemption point (no calls, no allocation), timers, tickers and the
// garbage collector still make progress — only Go's asynchronous preemption
// (SIGURG sent to the spinning thread, context rewritten in the handler) can
// take the processor away from them.  If signals or sigreturn don't work,
// this program hangs and the harness's timeout fails it.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var stop int32
var spins uint64

//go:noinline
func spin(wg *sync.WaitGroup) {
	defer wg.Done()
	var x uint64
	for atomic.LoadInt32(&stop) == 0 {
		x++
	}
	atomic.AddUint64(&spins, x)
}

func main() {
	runtime.GOMAXPROCS(2)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go spin(&wg)
	}
	time.Sleep(50 * time.Millisecond)
	fmt.Println("timer fired while two goroutines spin")

	tk := time.NewTicker(5 * time.Millisecond)
	for i := 0; i < 5; i++ {
		<-tk.C
	}
	tk.Stop()
	fmt.Println("ticker ticked 5 times")

	runtime.GC()
	fmt.Println("GC (stop the world) completed")

	// a goroutine that must get a processor to answer
	reply := make(chan int)
	go func() { reply <- 42 }()
	fmt.Println("a new goroutine ran beside the spinners:", <-reply)

	atomic.StoreInt32(&stop, 1)
	wg.Wait()
	fmt.Println("spinners stopped, spun:", atomic.LoadUint64(&spins) > 0)
}

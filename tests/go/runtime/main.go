// runtime: the Go runtime's view of the machine and its memory management —
// NumCPU (cpuset), GOMAXPROCS, GC, heap growth and release, stack growth,
// finalizers, LockOSThread, many OS threads.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

type big struct{ data [1 << 16]byte }

//go:noinline
func recurse(n int) int {
	var pad [64]byte
	pad[n%64] = byte(n)
	if n == 0 {
		return int(pad[0])
	}
	return recurse(n-1) + int(pad[n%64]&1)
}

func main() {
	fmt.Println("NumCPU:", runtime.NumCPU(), "GOMAXPROCS:", runtime.GOMAXPROCS(0), "equal:", runtime.NumCPU() == runtime.GOMAXPROCS(0))
	fmt.Println("GOARCH:", runtime.GOARCH, "Compiler:", runtime.Compiler)

	// allocate a lot, keep some, collect
	var keep []*big
	for i := 0; i < 2000; i++ {
		b := new(big)
		b.data[i%len(b.data)] = byte(i)
		if i%10 == 0 {
			keep = append(keep, b)
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("kept:", len(keep), "GCs happened:", ms.NumGC > 0)
	keep = nil
	runtime.GC()
	debug.FreeOSMemory()
	fmt.Println("freed")

	// a big map
	m := make(map[int]string)
	for i := 0; i < 300000; i++ {
		m[i] = fmt.Sprint(i)
	}
	sum := 0
	for k, v := range m {
		if fmt.Sprint(k) == v {
			sum++
		}
	}
	fmt.Println("map entries consistent:", sum)

	// stack growth: deep recursion on the main goroutine and on others
	fmt.Println("recursion depth 200000:", recurse(200000))
	var wg sync.WaitGroup
	res := make([]int, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) { defer wg.Done(); res[g] = recurse(50000 + g) }(g)
	}
	wg.Wait()
	fmt.Println("goroutine recursion:", res)

	// finalizers run after collection
	done := make(chan string, 1)
	func() {
		x := &big{}
		runtime.SetFinalizer(x, func(*big) { done <- "finalized" })
	}()
	msg := "not finalized"
	for i := 0; i < 100 && msg == "not finalized"; i++ {
		runtime.GC()
		select {
		case msg = <-done:
		case <-time.After(10 * time.Millisecond):
		}
	}
	fmt.Println("finalizer:", msg)

	// goroutines locked to their own OS threads, blocking in syscalls
	var wg2 sync.WaitGroup
	for g := 0; g < 20; g++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			time.Sleep(10 * time.Millisecond)
			os.Stat(".")
		}()
	}
	wg2.Wait()
	fmt.Println("20 locked threads done")

	st := make([]byte, 1<<16)
	st = st[:runtime.Stack(st, false)]
	fmt.Println("stack trace mentions main.main:", strings.Contains(string(st), "main.main"))
	fmt.Println("debug.Stack non-empty:", len(debug.Stack()) > 0)
	old := debug.SetGCPercent(50)
	fmt.Println("old GC percent:", old)
	bi, ok := debug.ReadBuildInfo()
	fmt.Println("build info:", ok, bi.Path)
}

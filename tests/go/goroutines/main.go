// goroutines: goroutines, channels (buffered, unbuffered, select, close),
// sync.WaitGroup, Mutex, RWMutex, Once, Cond, atomics, on several threads.
package main

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"abirun.test/go/internal/t"
)

func main() {
	runtime.GOMAXPROCS(4)

	// fan-out / fan-in over an unbuffered channel
	jobs := make(chan int)
	results := make(chan int, 16)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- j * j
			}
		}()
	}
	go func() {
		for i := 1; i <= 1000; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	go func() { wg.Wait(); close(results) }()
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum of squares 1..1000:", sum)

	// a mutex-protected counter hammered by many goroutines
	var mu sync.Mutex
	counter := 0
	var wg2 sync.WaitGroup
	for g := 0; g < 100; g++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			for i := 0; i < 1000; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg2.Wait()
	fmt.Println("mutex counter:", counter)

	// atomics
	var n int64
	var wg3 sync.WaitGroup
	for g := 0; g < 50; g++ {
		wg3.Add(1)
		go func() {
			defer wg3.Done()
			for i := 0; i < 2000; i++ {
				atomic.AddInt64(&n, 1)
			}
		}()
	}
	wg3.Wait()
	fmt.Println("atomic counter:", n)

	// RWMutex: readers in parallel, one writer
	var rw sync.RWMutex
	m := map[int]int{}
	var wg4 sync.WaitGroup
	for g := 0; g < 10; g++ {
		wg4.Add(1)
		go func(g int) {
			defer wg4.Done()
			for i := 0; i < 100; i++ {
				if i%10 == 0 {
					rw.Lock()
					m[g*100+i] = i
					rw.Unlock()
				} else {
					rw.RLock()
					_ = m[i]
					rw.RUnlock()
				}
			}
		}(g)
	}
	wg4.Wait()
	fmt.Println("rwmutex map entries:", len(m))

	// Once
	var once sync.Once
	calls := int32(0)
	var wg5 sync.WaitGroup
	for g := 0; g < 20; g++ {
		wg5.Add(1)
		go func() { defer wg5.Done(); once.Do(func() { atomic.AddInt32(&calls, 1) }) }()
	}
	wg5.Wait()
	fmt.Println("once calls:", calls)

	// Cond: a barrier released by Broadcast
	var cmu sync.Mutex
	cond := sync.NewCond(&cmu)
	ready := false
	woke := make(chan int, 10)
	for g := 0; g < 10; g++ {
		go func(g int) {
			cmu.Lock()
			for !ready {
				cond.Wait()
			}
			cmu.Unlock()
			woke <- g
		}(g)
	}
	cmu.Lock()
	ready = true
	cond.Broadcast()
	cmu.Unlock()
	var ids []int
	for i := 0; i < 10; i++ {
		ids = append(ids, <-woke)
	}
	sort.Ints(ids)
	fmt.Println("cond woke:", ids)

	// select over several channels, with default and close
	a, b := make(chan string), make(chan string)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 3; i++ {
			a <- fmt.Sprint("a", i)
		}
		for i := 0; i < 3; i++ {
			b <- fmt.Sprint("b", i)
		}
		close(done)
	}()
	var got []string
loop:
	for {
		select {
		case s := <-a:
			got = append(got, s)
		case s := <-b:
			got = append(got, s)
		case <-done:
			break loop
		}
	}
	fmt.Println("select got:", got)
	select {
	case <-a:
		fmt.Println("unexpected receive")
	default:
		fmt.Println("select default taken")
	}

	// a ping-pong between two goroutines: many context switches
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	v := 0
	for i := 0; i < 10000; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	_, ok := <-pong
	fmt.Println("ping-pong:", v, "closed:", !ok)

	// goroutines blocked then released.  (Goroutines of the parts above may
	// still be exiting, so the count is checked against 1000 alone, not
	// against a base taken before: that raced, natively too.)
	release := make(chan struct{})
	var wg6 sync.WaitGroup
	for g := 0; g < 1000; g++ {
		wg6.Add(1)
		go func() { defer wg6.Done(); <-release }()
	}
	t.Assert("1000 goroutines running", runtime.NumGoroutine() >= 1000)
	close(release)
	wg6.Wait()
	fmt.Println("1000 parked goroutines released")
}

// timers: time.Sleep, Timer (Stop, Reset), Ticker, AfterFunc, time.After in
// select, context deadlines, many concurrent timers, the monotonic clock.
// Only lower bounds are checked, never exact durations.
package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"abirun.test/go/internal/t"
)

func main() {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	t.Assert("Sleep(20ms) took at least 20ms", time.Since(start) >= 20*time.Millisecond)
	fmt.Println("slept")

	tm := time.NewTimer(10 * time.Millisecond)
	<-tm.C
	fmt.Println("timer fired; Stop after firing:", tm.Stop())

	tm2 := time.NewTimer(time.Hour)
	fmt.Println("Stop before firing:", tm2.Stop())
	tm2.Reset(5 * time.Millisecond)
	<-tm2.C
	fmt.Println("reset timer fired")

	tk := time.NewTicker(5 * time.Millisecond)
	n := 0
	for range tk.C {
		n++
		if n == 5 {
			break
		}
	}
	tk.Stop()
	fmt.Println("ticks:", n)

	var wg sync.WaitGroup
	wg.Add(1)
	fired := int32(0)
	time.AfterFunc(5*time.Millisecond, func() { atomic.StoreInt32(&fired, 1); wg.Done() })
	wg.Wait()
	fmt.Println("AfterFunc ran:", atomic.LoadInt32(&fired))

	never := make(chan int)
	select {
	case <-never:
		fmt.Println("impossible")
	case <-time.After(10 * time.Millisecond):
		fmt.Println("time.After won the select")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	fmt.Println("context:", ctx.Err())

	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { time.Sleep(5 * time.Millisecond); cancel2() }()
	<-ctx2.Done()
	fmt.Println("context:", ctx2.Err())

	// many goroutines sleeping different amounts: all of them wake
	var wg2 sync.WaitGroup
	woke := int64(0)
	for i := 0; i < 500; i++ {
		wg2.Add(1)
		go func(i int) {
			defer wg2.Done()
			time.Sleep(time.Duration(i%20) * time.Millisecond)
			atomic.AddInt64(&woke, 1)
		}(i)
	}
	wg2.Wait()
	fmt.Println("sleepers woke:", woke)

	// stopping many timers before they fire
	stopped := 0
	for i := 0; i < 1000; i++ {
		if time.NewTimer(time.Hour).Stop() {
			stopped++
		}
	}
	fmt.Println("timers stopped:", stopped)

	// the monotonic clock never goes backwards; wall clock is plausible
	prev := time.Now()
	for i := 0; i < 100000; i++ {
		now := time.Now()
		t.Assert("monotonic clock", !now.Before(prev))
		prev = now
	}
	t.Assert("wall clock after 2020", time.Now().Year() >= 2020)
	t.Assert("UnixNano plausible", time.Now().UnixNano() > 1577836800e9)
	fmt.Println("clock monotonic over 100000 reads")

	// time formatting and zones (from /usr/share/zoneinfo when present)
	d := time.Date(2024, 2, 29, 13, 4, 5, 6e8, time.UTC)
	fmt.Println(d.Format(time.RFC3339Nano), d.Weekday(), d.YearDay())
	if loc, err := time.LoadLocation("Europe/Berlin"); err == nil {
		fmt.Println("Berlin:", d.In(loc).Format("2006-01-02 15:04:05 MST"))
	} else {
		fmt.Println("no zoneinfo")
	}
	fmt.Println("timers done")
}

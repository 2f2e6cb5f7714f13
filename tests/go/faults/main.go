// faults: hardware faults in Go code become Go panics — nil dereference and
// a write to a read-only page (SIGSEGV, with the faulting address), integer
// division by zero (SIGFPE) — and are recovered.
package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"syscall"

	"abirun.test/go/internal/t"
)

type node struct {
	next *node
	val  int
}

//go:noinline
func deref(n *node) int { return n.next.val }

//go:noinline
func div(a, b int) int { return a / b }

func try(name string, f func()) {
	defer func() {
		r := recover()
		err, isRuntime := r.(runtime.Error)
		msg := fmt.Sprint(r)
		if isRuntime {
			msg = err.Error()
		}
		fmt.Printf("%s: recovered runtime.Error=%v: %s\n", name, isRuntime, msg)
		if a, ok := r.(interface{ Addr() uintptr }); ok {
			fmt.Printf("  fault address: %#x\n", a.Addr()&0xfff)
		}
	}()
	f()
}

func main() {
	try("nil deref", func() { deref(&node{}) })
	try("divide by zero", func() { fmt.Println(div(1, 0)) })
	try("index out of range", func() {
		s := []int{1, 2, 3}
		i := 5
		_ = s[i]
	})
	try("nil map write", func() {
		var m map[string]int
		m["x"] = 1
	})
	try("type assertion", func() {
		var x interface{} = "str"
		_ = x.(int)
	})

	page, err := syscall.Mmap(-1, 0, 4096, syscall.PROT_READ, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	t.Check("mmap", err)
	debug.SetPanicOnFault(true)
	try("write to read-only page", func() { page[0x123] = 1 })
	debug.SetPanicOnFault(false)
	fmt.Println("read-only page reads:", page[0x10])
	syscall.Munmap(page)

	// the same faults on another goroutine
	done := make(chan bool)
	go func() {
		try("nil deref on a goroutine", func() { deref(nil) })
		done <- true
	}()
	<-done
	fmt.Println("faults done")
}

// panic: an unrecovered panic prints "panic: ..." and a goroutine trace to
// stderr and exits with status 2; deferred calls run first.
package main

import "fmt"

type myErr struct{ code int }

func (e myErr) Error() string { return fmt.Sprintf("my error %d", e.code) }

func main() {
	defer fmt.Println("deferred call runs during panicking")
	fmt.Println("about to panic")
	func() {
		defer func() {
			r := recover()
			fmt.Println("recovered:", r)
		}()
		panic("first, recovered")
	}()
	panic(myErr{42})
}

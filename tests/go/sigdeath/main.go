// sigdeath: a signal whose default action terminates the process kills it
// (the exit status seen by the shell is 128+SIGTERM = 143), after output.
package main

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

func main() {
	fmt.Println("sending SIGTERM to myself")
	os.Stdout.Sync()
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	time.Sleep(5 * time.Second)
	fmt.Println("still alive: wrong")
}

// exit3: os.Exit(3) exits at once with status 3; deferred calls do not run.
package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("deferred: must not print")
	fmt.Println("exiting with status 3")
	fmt.Fprintln(os.Stderr, "stderr before exit")
	os.Exit(3)
}

// execlinux: the linux builds of sibling test programs run as children.
// Natively that is linux starting linux; for the freebsd build under abirun
// it is a FreeBSD program starting native Linux Go programs (abirun's Linux
// passthrough).  Outputs are compared through their hashes; each child gets
// 20 seconds.
package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"abirun.test/go/internal/t"
)

func main() {
	if os.Getenv("GOTEST_CHILD") == "spawner" {
		// a Linux child that itself starts a child (its own build, as a leaf)
		c := exec.Command(os.Args[0])
		c.Env = append(os.Environ(), "GOTEST_CHILD=leaf")
		out, err := c.Output()
		fmt.Printf("spawner's child said %q %s\n", out, t.E(err))
		return
	}
	if os.Getenv("GOTEST_CHILD") == "leaf" {
		fmt.Println("leaf")
		return
	}
	self := os.Args[0]
	dir := filepath.Join(filepath.Dir(self), "..", "linux")
	for _, name := range []string{"hello", "goroutines", "timers", "signals", "preempt", "faults", "runtime", "execlinux"} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, filepath.Join(dir, name))
		if name == "execlinux" {
			cmd.Env = append(os.Environ(), "GOTEST_CHILD=spawner")
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded)
		cancel()
		if name == "execlinux" {
			fmt.Printf("%s: %q %s timed out: %v\n", name, out, t.E(err), timedOut)
			continue
		}
		lines := strings.Count(string(out), "\n")
		first := strings.SplitN(stderr.String(), "\n", 2)[0]
		fmt.Printf("%-10s exit %s, %d lines, sha256 %.16x, timed out: %v, stderr: %q\n", name, t.E(err), lines, sha256.Sum256(out), timedOut, first)
	}
}

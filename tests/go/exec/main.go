// exec: os/exec of this same program as a child (selected by an environment
// variable), of /bin/sh (a native Linux program from a FreeBSD parent), exit
// statuses, death by signal, stdin/stdout/stderr plumbing, a missing program.
// (execerrors: exec failures; execlinux: Linux Go programs as children.)
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"abirun.test/go/internal/t"
)

func child() {
	switch os.Getenv("GOTEST_CHILD") {
	case "echo":
		fmt.Println("child args:", os.Args[1:])
		fmt.Println("child env GOTEST_X:", os.Getenv("GOTEST_X"))
		fmt.Fprintln(os.Stderr, "child stderr line")
		os.Exit(7)
	case "upper":
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			fmt.Println(strings.ToUpper(sc.Text()))
		}
		os.Exit(0)
	case "kill":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	case "grandchild":
		c := exec.Command(os.Args[0])
		c.Env = append(os.Environ(), "GOTEST_CHILD=leaf")
		out, err := c.Output()
		fmt.Printf("grandchild said %q %v\n", out, err)
		os.Exit(0)
	default:
		fmt.Println("leaf process")
		os.Exit(0)
	}
}

func main() {
	if os.Getenv("GOTEST_CHILD") != "" {
		child()
		return
	}
	self := os.Args[0]

	cmd := exec.Command(self, "one", "two words")
	cmd.Env = append(os.Environ(), "GOTEST_CHILD=echo", "GOTEST_X=xval")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	fmt.Printf("stdout: %q\n", out)
	fmt.Printf("stderr: %q\n", stderr.String())
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		fmt.Println("exit code:", ee.ExitCode())
	} else {
		fmt.Println("unexpected error:", t.E(err))
	}

	cmd = exec.Command(self)
	cmd.Env = append(os.Environ(), "GOTEST_CHILD=upper")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	t.Check("start", cmd.Start())
	go func() {
		fmt.Fprintln(stdin, "first line")
		fmt.Fprintln(stdin, "second line")
		stdin.Close()
	}()
	res, _ := io.ReadAll(stdout)
	fmt.Printf("upper: %q wait: %s\n", res, t.E(cmd.Wait()))

	cmd = exec.Command(self)
	cmd.Env = append(os.Environ(), "GOTEST_CHILD=kill")
	err = cmd.Run()
	if errors.As(err, &ee) {
		ws := ee.Sys().(syscall.WaitStatus)
		fmt.Println("killed child:", ws.Signaled(), ws.Signal() == syscall.SIGKILL, ee.ExitCode())
	} else {
		fmt.Println("kill child: unexpected", t.E(err))
	}

	cmd = exec.Command(self)
	cmd.Env = append(os.Environ(), "GOTEST_CHILD=grandchild")
	out, err = cmd.Output()
	fmt.Printf("three generations: %q %s\n", out, t.E(err))

	sh := exec.Command("/bin/sh", "-c", `echo "sh says $GOTEST_Y"; exit 4`)
	sh.Env = []string{"GOTEST_Y=why", "PATH=/usr/bin:/bin"}
	out, err = sh.Output()
	code := -1
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	}
	fmt.Printf("/bin/sh: %q exit %d\n", out, code)

	p, err := exec.LookPath("sh")
	fmt.Println("LookPath sh:", p != "", t.E(err))
	err = exec.Command("/nonexistent/program").Run()
	fmt.Println("missing program:", t.E(err))
	// many short children in sequence
	okc := 0
	for i := 0; i < 20; i++ {
		c := exec.Command(self)
		c.Env = append(os.Environ(), "GOTEST_CHILD=leaf")
		if o, err := c.Output(); err == nil && string(o) == "leaf process\n" {
			okc++
		}
	}
	fmt.Println("20 children ok:", okc)
}

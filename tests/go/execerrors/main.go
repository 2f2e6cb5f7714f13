// execerrors: execve failures reach the parent as errors of the exec itself
// (fork/exec ...: errno), not as a child that starts and fails: a directory,
// a file without execute permission, a malformed ELF file, an empty file,
// a missing #! interpreter; and a working #! script.
package main

import (
	"fmt"
	"os"
	"os/exec"

	"abirun.test/go/internal/t"
)

func run(what string, name string, args ...string) {
	out, err := exec.Command(name, args...).Output()
	fmt.Printf("%s: %q %s\n", what, out, t.E(err))
}

func main() {
	os.Mkdir("dir", 0755)
	run("exec a directory", "./dir")
	os.WriteFile("not-executable", []byte("#!/bin/sh\necho no\n"), 0644)
	run("exec without x bit", "./not-executable")
	os.WriteFile("garbage", []byte("\x7fELF this is not a program"), 0755)
	run("exec a malformed ELF file", "./garbage")
	os.WriteFile("empty", nil, 0755)
	run("exec an empty file", "./empty")
	os.WriteFile("badinterp", []byte("#!/nonexistent/interpreter\n"), 0755)
	run("exec a script with a missing interpreter", "./badinterp")
	os.WriteFile("script", []byte("#!/bin/sh\necho \"script says $1\"\nexit 0\n"), 0755)
	run("#! script", "./script", "hi")
	os.WriteFile("script5", []byte("#!/bin/sh\nexit 5\n"), 0755)
	err := exec.Command("./script5").Run()
	code := -1
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	fmt.Println("#! script exit status:", code)
}

// env: the environment (the harness runs every program with the same small
// environment), Setenv/Unsetenv/LookupEnv/ExpandEnv, arguments, the
// executable's name, ids, hostname, user database, umask, rlimits.
package main

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	env := os.Environ()
	sort.Strings(env)
	fmt.Println("environment:")
	for _, e := range env {
		fmt.Println("  " + e)
	}
	fmt.Printf("args: %q\n", os.Args[1:])
	fmt.Println("argv[0] base:", filepath.Base(os.Args[0]))
	exe, err := os.Executable()
	fmt.Println("executable base:", filepath.Base(exe), err)
	if err == nil {
		_, err = os.Stat(exe)
		fmt.Println("executable exists:", err == nil)
	}

	v, ok := os.LookupEnv("GOTEST_VAR")
	fmt.Printf("LookupEnv GOTEST_VAR: %q %v\n", v, ok)
	_, ok = os.LookupEnv("GOTEST_UNSET")
	fmt.Println("LookupEnv unset:", ok)
	os.Setenv("GOTEST_NEW", "new value")
	fmt.Println("after Setenv:", os.Getenv("GOTEST_NEW"))
	os.Unsetenv("GOTEST_VAR")
	_, ok = os.LookupEnv("GOTEST_VAR")
	fmt.Println("after Unsetenv:", ok)
	fmt.Println("ExpandEnv:", os.ExpandEnv("[$GOTEST_NEW] [${HOME}] [$NOPE]"))
	os.Setenv("GOTEST_EMPTY", "")
	v, ok = os.LookupEnv("GOTEST_EMPTY")
	fmt.Printf("empty value: %q %v\n", v, ok)
	fmt.Println("syscall.Getenv PATH:", func() string { v, _ := syscall.Getenv("PATH"); return v }())
	n := 0
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, "GOTEST_") {
			n++
		}
	}
	fmt.Println("GOTEST_ variables now:", n)

	fmt.Println("uid/euid/gid/egid:", os.Getuid(), os.Geteuid(), os.Getgid(), os.Getegid())
	groups, err := os.Getgroups()
	sort.Ints(groups)
	fmt.Println("groups:", groups, err)
	fmt.Println("pid > 1:", os.Getpid() > 1, "ppid > 0:", os.Getppid() > 0)
	hn, err := os.Hostname()
	fmt.Println("hostname:", hn, err)
	if u, err := user.Current(); err == nil {
		fmt.Println("user:", u.Username, u.Uid, u.HomeDir)
	} else {
		fmt.Println("user.Current:", err)
	}
	if g, err := user.LookupGroupId("0"); err == nil {
		fmt.Println("group 0:", g.Name)
	}
	home, _ := os.UserHomeDir()
	fmt.Println("UserHomeDir:", home, "TempDir:", os.TempDir())
	old := syscall.Umask(027)
	fmt.Printf("umask was %03o\n", old)
	syscall.Umask(old)
	fmt.Println("pagesize:", os.Getpagesize())
	var rl syscall.Rlimit
	err = syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl)
	fmt.Println("RLIMIT_NOFILE cur==max (raised by package os):", rl.Cur == rl.Max, rl.Cur >= 1024, err)
	wd, _ := os.Getwd()
	fmt.Println("cwd is absolute:", filepath.IsAbs(wd))
	name, off := time.Date(2024, 7, 1, 12, 0, 0, 0, time.Local).Zone()
	fmt.Println("local zone in July 2024:", name, off)
}

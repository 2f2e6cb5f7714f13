// Package t holds the small helpers the tests/go programs share: errno names
// that are the same on every GOOS (the text of an errno differs between the
// linux and freebsd syscall packages, e.g. ETIMEDOUT), and fatal checks.
package t

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

var errnos = []struct {
	name string
	e    syscall.Errno
}{
	{"ENOENT", syscall.ENOENT}, {"EEXIST", syscall.EEXIST}, {"ENOTDIR", syscall.ENOTDIR},
	{"EISDIR", syscall.EISDIR}, {"ENOTEMPTY", syscall.ENOTEMPTY}, {"EINVAL", syscall.EINVAL},
	{"ELOOP", syscall.ELOOP}, {"EACCES", syscall.EACCES}, {"EPERM", syscall.EPERM},
	{"EBADF", syscall.EBADF}, {"EPIPE", syscall.EPIPE}, {"EAGAIN", syscall.EAGAIN},
	{"EINTR", syscall.EINTR}, {"ECONNREFUSED", syscall.ECONNREFUSED},
	{"ECONNRESET", syscall.ECONNRESET}, {"EADDRINUSE", syscall.EADDRINUSE},
	{"ETIMEDOUT", syscall.ETIMEDOUT}, {"ENOTCONN", syscall.ENOTCONN},
	{"ESPIPE", syscall.ESPIPE}, {"EXDEV", syscall.EXDEV}, {"ENAMETOOLONG", syscall.ENAMETOOLONG},
	{"ENOSYS", syscall.ENOSYS}, {"EFAULT", syscall.EFAULT}, {"ECHILD", syscall.ECHILD},
	{"ESRCH", syscall.ESRCH}, {"EMSGSIZE", syscall.EMSGSIZE}, {"ENOEXEC", syscall.ENOEXEC},
	{"E2BIG", syscall.E2BIG}, {"ETXTBSY", syscall.ETXTBSY},
}

// E describes an error in GOOS-neutral terms: sentinel errors by name,
// errnos by their symbolic name, *PathError with its Op and Path.
func E(err error) string {
	if err == nil {
		return "ok"
	}
	var pe *fs.PathError
	prefix := ""
	if errors.As(err, &pe) {
		prefix = pe.Op + " " + pe.Path + ": "
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		prefix = le.Op + " " + le.Old + " " + le.New + ": "
	}
	switch {
	case errors.Is(err, io.EOF):
		return prefix + "EOF"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return prefix + "ErrUnexpectedEOF"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return prefix + "ErrDeadlineExceeded"
	case errors.Is(err, os.ErrClosed):
		return prefix + "ErrClosed"
	}
	var en syscall.Errno
	if errors.As(err, &en) {
		for _, x := range errnos {
			if en == x.e {
				return prefix + x.name
			}
		}
		return prefix + fmt.Sprintf("errno(%q)", en.Error())
	}
	return prefix + fmt.Sprintf("%T", err)
}

// Check stops the program (exit 1) when err is not nil.
func Check(what string, err error) {
	if err != nil {
		fmt.Printf("FATAL %s: %s (%v)\n", what, E(err), err)
		os.Exit(1)
	}
}

// Assert stops the program when cond is false.
func Assert(what string, cond bool) {
	if !cond {
		fmt.Printf("FATAL assertion failed: %s\n", what)
		os.Exit(1)
	}
}

var signames = []struct {
	name string
	s    syscall.Signal
}{
	{"SIGHUP", syscall.SIGHUP}, {"SIGINT", syscall.SIGINT}, {"SIGQUIT", syscall.SIGQUIT},
	{"SIGILL", syscall.SIGILL}, {"SIGTRAP", syscall.SIGTRAP}, {"SIGABRT", syscall.SIGABRT},
	{"SIGBUS", syscall.SIGBUS}, {"SIGFPE", syscall.SIGFPE}, {"SIGKILL", syscall.SIGKILL},
	{"SIGUSR1", syscall.SIGUSR1}, {"SIGSEGV", syscall.SIGSEGV}, {"SIGUSR2", syscall.SIGUSR2},
	{"SIGPIPE", syscall.SIGPIPE}, {"SIGALRM", syscall.SIGALRM}, {"SIGTERM", syscall.SIGTERM},
	{"SIGCHLD", syscall.SIGCHLD}, {"SIGCONT", syscall.SIGCONT}, {"SIGSTOP", syscall.SIGSTOP},
	{"SIGTSTP", syscall.SIGTSTP}, {"SIGTTIN", syscall.SIGTTIN}, {"SIGTTOU", syscall.SIGTTOU},
	{"SIGURG", syscall.SIGURG}, {"SIGXCPU", syscall.SIGXCPU}, {"SIGXFSZ", syscall.SIGXFSZ},
	{"SIGVTALRM", syscall.SIGVTALRM}, {"SIGPROF", syscall.SIGPROF}, {"SIGWINCH", syscall.SIGWINCH},
	{"SIGIO", syscall.SIGIO}, {"SIGSYS", syscall.SIGSYS},
}

// Sig names a signal in GOOS-neutral terms (the text of a signal differs
// between the linux and freebsd syscall packages, e.g. SIGWINCH).
func Sig(s os.Signal) string {
	if ss, ok := s.(syscall.Signal); ok {
		for _, x := range signames {
			if ss == x.s {
				return x.name
			}
		}
		return fmt.Sprintf("signal(%d)", int(ss))
	}
	return s.String()
}

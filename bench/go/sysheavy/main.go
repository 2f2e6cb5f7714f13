// sysheavy: a syscall-heavy Go program for `make bench`.  Sixteen small
// files are rewritten in place, stat'ed and read back in a loop, so almost
// all of its time is cheap system calls (open, pwrite, fstat/stat, read,
// close) rather than file-system work such as allocating blocks.
//
//	sysheavy DIR ITERATIONS
//
// Prints a checksum of what it read, so that the native and the translated
// run can be compared.
package main

import (
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
)

func fail(err error) {
	fmt.Fprintln(os.Stderr, "sysheavy:", err)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sysheavy DIR ITERATIONS")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fail(err)
	}
	work, err := os.MkdirTemp(os.Args[1], "sysheavy-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(work)

	const files = 16
	var names [files]string
	for i := range names {
		names[i] = filepath.Join(work, "f"+strconv.Itoa(i))
		if err := os.WriteFile(names[i], make([]byte, 32), 0o644); err != nil {
			fail(err)
		}
	}
	sum := crc32.NewIEEE()
	buf := make([]byte, 64)
	for i := 0; i < n; i++ {
		name := names[i%files]
		payload := []byte(fmt.Sprintf("%-31d\n", i)) // always 32 bytes
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			fail(err)
		}
		if _, err := f.WriteAt(payload, 0); err != nil {
			fail(err)
		}
		f.Close()
		st, err := os.Stat(name)
		if err != nil || st.Size() != 32 {
			fail(fmt.Errorf("stat %s: %v", name, err))
		}
		f, err = os.Open(name)
		if err != nil {
			fail(err)
		}
		k, err := f.Read(buf)
		if err != nil {
			fail(err)
		}
		f.Close()
		sum.Write(buf[:k])
	}
	fmt.Printf("sysheavy %d %08x\n", n, sum.Sum32())
}

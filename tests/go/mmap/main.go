// mmap: anonymous and file-backed mappings through package syscall, shared
// writes visible through read(2), Mprotect, Munmap.
package main

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
	"unsafe"

	"abirun.test/go/internal/t"
)

func main() {
	anon, err := syscall.Mmap(-1, 0, 1<<20, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	t.Check("mmap anon", err)
	zero := true
	for _, b := range anon {
		if b != 0 {
			zero = false
		}
	}
	for i := range anon {
		anon[i] = byte(i)
	}
	fmt.Println("anonymous mapping zeroed:", zero, "writable:", anon[12345] == byte(12345&0xff))
	t.Check("munmap", syscall.Munmap(anon))

	f, _ := os.Create("mapped")
	f.Write(bytes.Repeat([]byte("abcdefgh"), 1024))
	m, err := syscall.Mmap(int(f.Fd()), 0, 8192, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	t.Check("mmap file", err)
	fmt.Printf("mapped file starts: %q\n", m[:16])
	copy(m[8:], "MAPPED!!")
	t.Check("mprotect", mprotect(m, syscall.PROT_READ))
	t.Check("munmap file", syscall.Munmap(m))
	f.Close()
	data, _ := os.ReadFile("mapped")
	fmt.Printf("file through read: %q\n", data[:24])

	// an offset mapping of the second page, private (copy on write)
	f, _ = os.OpenFile("mapped", os.O_RDWR, 0)
	p, err := syscall.Mmap(int(f.Fd()), 4096, 4096, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
	t.Check("mmap offset", err)
	fmt.Printf("page 2: %q\n", p[:8])
	copy(p, "private")
	syscall.Munmap(p)
	f.Close()
	data, _ = os.ReadFile("mapped")
	fmt.Printf("private write not in file: %q\n", data[4096:4104])

	_, err = syscall.Mmap(-1, 0, 0, syscall.PROT_READ, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	fmt.Println("zero-length mmap:", t.E(err))
}

// mprotect through the raw system call: package syscall has no Mprotect on
// freebsd, but SYS_MPROTECT exists for every GOOS.
func mprotect(b []byte, prot int) error {
	_, _, e := syscall.Syscall(syscall.SYS_MPROTECT, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(prot))
	if e != 0 {
		return e
	}
	return nil
}

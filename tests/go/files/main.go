// files: create, write, read, seek, ReadAt/WriteAt, truncate, append,
// rename, chmod, chtimes, stat, remove, error cases — in the current
// directory (the harness runs each program in a fresh temporary directory).
package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"time"

	"abirun.test/go/internal/t"
)

func main() {
	f, err := os.Create("a.txt")
	t.Check("create", err)
	n, err := f.Write([]byte("hello, world\n"))
	t.Check("write", err)
	fmt.Println("wrote", n)
	off, err := f.Seek(0, io.SeekStart)
	t.Check("seek", err)
	buf := make([]byte, 5)
	_, err = io.ReadFull(f, buf)
	t.Check("read", err)
	fmt.Printf("seek %d read %q\n", off, buf)
	off, _ = f.Seek(-6, io.SeekEnd)
	rest, _ := io.ReadAll(f)
	fmt.Printf("seek end-6 = %d: %q\n", off, rest)
	off, _ = f.Seek(0, io.SeekCurrent)
	fmt.Println("position at end:", off)
	n, err = f.Read(buf)
	fmt.Println("read at EOF:", n, t.E(err))

	_, err = f.WriteAt([]byte("HELLO"), 0)
	t.Check("writeat", err)
	b := make([]byte, 12)
	n, err = f.ReadAt(b, 7)
	fmt.Printf("readat past EOF: %d %q %s\n", n, b[:n], t.E(err))

	t.Check("truncate", f.Truncate(5))
	st, _ := f.Stat()
	fmt.Println("after truncate(5):", st.Size())
	t.Check("truncate grow", f.Truncate(9))
	data, _ := os.ReadFile("a.txt")
	fmt.Printf("after truncate(9): %q\n", data)
	t.Check("sync", f.Sync())
	t.Check("close", f.Close())
	_, err = f.Write([]byte("x"))
	fmt.Println("write after close:", t.E(err))

	// append mode
	af, err := os.OpenFile("a.txt", os.O_WRONLY|os.O_APPEND, 0)
	t.Check("open append", err)
	af.Write([]byte("tail"))
	af.Seek(0, io.SeekStart)
	af.Write([]byte("!"))
	af.Close()
	data, _ = os.ReadFile("a.txt")
	fmt.Printf("after appends: %q\n", data)

	// O_EXCL, O_TRUNC, opening missing files, reading a directory
	_, err = os.OpenFile("a.txt", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0644)
	fmt.Println("O_EXCL on existing:", t.E(err), os.IsExist(err))
	tf, _ := os.OpenFile("a.txt", os.O_RDWR|os.O_TRUNC, 0)
	st, _ = tf.Stat()
	fmt.Println("O_TRUNC size:", st.Size())
	tf.Close()
	_, err = os.Open("missing.txt")
	fmt.Println("open missing:", t.E(err), os.IsNotExist(err))
	_, err = os.ReadFile(".")
	fmt.Println("ReadFile(.):", t.E(err))
	_, err = os.Open("a.txt/x")
	fmt.Println("open a.txt/x:", t.E(err))
	ro, _ := os.Open("a.txt")
	_, err = ro.Write([]byte("x"))
	fmt.Println("write to O_RDONLY:", t.E(err))
	ro.Close()

	// WriteFile / ReadFile, a 4 MiB file checked by hash
	big := make([]byte, 4<<20)
	for i := range big {
		big[i] = byte(i*7 + i>>11)
	}
	t.Check("writefile", os.WriteFile("big.bin", big, 0644))
	back, err := os.ReadFile("big.bin")
	t.Check("readfile", err)
	fmt.Printf("big file: %d bytes, equal %v, sha256 %x\n", len(back), bytes.Equal(big, back), sha256.Sum256(back))

	// copy with io.Copy between files
	src, _ := os.Open("big.bin")
	dst, _ := os.Create("copy.bin")
	cn, err := io.Copy(dst, src)
	t.Check("copy", err)
	src.Close()
	dst.Close()
	cb, _ := os.ReadFile("copy.bin")
	fmt.Println("io.Copy:", cn, bytes.Equal(cb, big))

	// modes, times
	t.Check("chmod", os.Chmod("a.txt", 0600))
	st, _ = os.Stat("a.txt")
	fmt.Println("mode:", st.Mode(), "regular:", st.Mode().IsRegular(), "name:", st.Name())
	mt := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	t.Check("chtimes", os.Chtimes("a.txt", mt, mt))
	st, _ = os.Stat("a.txt")
	fmt.Println("mtime:", st.ModTime().UTC())
	os.WriteFile("mode.txt", nil, 0751)
	st, _ = os.Stat("mode.txt")
	fmt.Println("created with 0751 under umask 022:", st.Mode().Perm())

	// rename, over an existing file, and remove
	t.Check("rename", os.Rename("copy.bin", "moved.bin"))
	_, err = os.Stat("copy.bin")
	fmt.Println("old name after rename:", t.E(err))
	t.Check("rename over", os.Rename("moved.bin", "a.txt"))
	st, _ = os.Stat("a.txt")
	fmt.Println("a.txt size after rename over it:", st.Size())
	err = os.Rename("nothere", "x")
	fmt.Println("rename missing:", t.E(err))
	t.Check("truncate path", os.Truncate("a.txt", 100))
	st, _ = os.Stat("a.txt")
	fmt.Println("os.Truncate(100):", st.Size())
	t.Check("remove", os.Remove("a.txt"))
	fmt.Println("remove twice:", t.E(os.Remove("a.txt")))

	// SameFile, file name and fd reuse
	g1, _ := os.Create("same")
	g2, _ := os.Open("same")
	s1, _ := g1.Stat()
	s2, _ := g2.Stat()
	fmt.Println("SameFile:", os.SameFile(s1, s2), "name:", g2.Name())
	g1.Close()
	g2.Close()

	// many open files at once
	var fs []*os.File
	for i := 0; i < 200; i++ {
		h, err := os.Create(fmt.Sprintf("many-%03d", i))
		t.Check("create many", err)
		fmt.Fprintf(h, "%d", i)
		fs = append(fs, h)
	}
	total := 0
	for i, h := range fs {
		h.Seek(0, io.SeekStart)
		var v int
		fmt.Fscan(h, &v)
		if v == i {
			total++
		}
		h.Close()
	}
	fmt.Println("200 files read back:", total)
}

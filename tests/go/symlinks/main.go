// symlinks: Symlink, Readlink, Lstat vs Stat, dangling links, loops,
// EvalSymlinks, hard links, symlinks to directories.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"abirun.test/go/internal/t"
)

func main() {
	os.WriteFile("target", []byte("contents"), 0644)
	t.Check("symlink", os.Symlink("target", "link"))
	dest, err := os.Readlink("link")
	fmt.Println("readlink:", dest, t.E(err))
	li, _ := os.Lstat("link")
	si, _ := os.Stat("link")
	fmt.Println("lstat:", li.Mode()&os.ModeSymlink != 0, li.Mode().Type(), "size", li.Size())
	fmt.Println("stat:", si.Mode().IsRegular(), "size", si.Size())
	data, _ := os.ReadFile("link")
	fmt.Printf("read through link: %q\n", data)
	fmt.Println("symlink exists:", t.E(os.Symlink("target", "link")))

	_, err = os.Readlink("target")
	fmt.Println("readlink on a file:", t.E(err))
	_, err = os.Readlink("missing")
	fmt.Println("readlink missing:", t.E(err))

	os.Symlink("nowhere", "dangling")
	_, err = os.Stat("dangling")
	fmt.Println("stat dangling:", t.E(err))
	_, err = os.Lstat("dangling")
	fmt.Println("lstat dangling:", t.E(err))

	os.Symlink("loop2", "loop1")
	os.Symlink("loop1", "loop2")
	_, err = os.Stat("loop1")
	fmt.Println("stat loop:", t.E(err))
	_, err = os.Open("loop1")
	fmt.Println("open loop:", t.E(err))

	os.MkdirAll("dir/sub", 0755)
	os.WriteFile("dir/sub/f", []byte("f"), 0644)
	os.Symlink("dir/sub", "dirlink")
	ents, _ := os.ReadDir("dirlink")
	fmt.Println("readdir through dir link:", len(ents), ents[0].Name())
	os.Symlink("../target", "dir/up")
	data, _ = os.ReadFile("dir/up")
	fmt.Printf("relative ../ link: %q\n", data)
	ev, err := filepath.EvalSymlinks("dirlink/f")
	fmt.Println("EvalSymlinks:", ev, t.E(err))
	_, err = filepath.EvalSymlinks("loop1")
	fmt.Println("EvalSymlinks loop:", err != nil)
	abs, _ := filepath.Abs("link")
	t.Assert("Abs is absolute", filepath.IsAbs(abs))

	// hard links
	t.Check("link", os.Link("target", "hard"))
	hi, _ := os.Stat("hard")
	ti, _ := os.Stat("target")
	fmt.Println("hard link same file:", os.SameFile(hi, ti))
	fmt.Println("link exists:", t.E(os.Link("target", "hard")))

	// removing a link leaves the target; removing the target dangles the link
	os.Remove("link")
	_, err = os.Stat("target")
	fmt.Println("target after removing link:", t.E(err))
	os.Symlink("target", "link")
	os.Remove("target")
	_, err = os.ReadFile("link")
	fmt.Println("read link after removing target:", t.E(err))
	data, _ = os.ReadFile("hard")
	fmt.Printf("hard link keeps data: %q\n", data)

	// Lchown to ourselves and a long target
	long := ""
	for i := 0; i < 50; i++ {
		long += "abcdefghij/"
	}
	os.Symlink(long, "longlink")
	got, _ := os.Readlink("longlink")
	fmt.Println("long readlink length:", len(got), got == long)
	fmt.Println("lchown self:", t.E(os.Lchown("longlink", os.Getuid(), os.Getgid())))
}

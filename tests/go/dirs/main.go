// dirs: Mkdir, MkdirAll, ReadDir (sorted), large directories (several
// getdirentries batches), WalkDir, DirFS + Glob, Chdir/Getwd, RemoveAll and
// the errors of each.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"abirun.test/go/internal/t"
)

func main() {
	t.Check("mkdirall", os.MkdirAll("a/b/c/d", 0755))
	t.Check("mkdirall again", os.MkdirAll("a/b/c/d", 0755))
	fmt.Println("mkdir existing:", t.E(os.Mkdir("a", 0755)))
	fmt.Println("mkdir in missing:", t.E(os.Mkdir("nope/x", 0755)))
	os.WriteFile("a/file1", []byte("one"), 0644)
	os.WriteFile("a/b/file2", []byte("two!"), 0600)
	os.Symlink("file1", "a/link1")
	os.Mkdir("a/empty", 0700)
	fmt.Println("mkdir under a file:", t.E(os.MkdirAll("a/file1/x", 0755)))

	ents, err := os.ReadDir("a")
	t.Check("readdir", err)
	for _, e := range ents {
		info, _ := e.Info()
		size := info.Size()
		if e.IsDir() {
			size = -1 // directory sizes differ between filesystems
		}
		fmt.Printf("  %-6s dir=%-5v type=%v size=%d\n", e.Name(), e.IsDir(), e.Type(), size)
	}

	// a big directory: names come back complete and sorted
	os.Mkdir("big", 0755)
	for i := 0; i < 1500; i++ {
		f, err := os.Create(filepath.Join("big", fmt.Sprintf("entry-with-a-longish-name-%05d", i)))
		t.Check("create", err)
		f.Close()
	}
	ents, _ = os.ReadDir("big")
	ok := len(ents) == 1500
	for i, e := range ents {
		if e.Name() != fmt.Sprintf("entry-with-a-longish-name-%05d", i) {
			ok = false
		}
	}
	fmt.Println("big dir entries:", len(ents), "complete and sorted:", ok)
	d, _ := os.Open("big")
	total := 0
	for {
		names, err := d.Readdirnames(100)
		total += len(names)
		if err != nil {
			fmt.Println("Readdirnames(100) batches end with:", t.E(err))
			break
		}
	}
	d.Close()
	fmt.Println("Readdirnames total:", total)

	// WalkDir
	filepath.WalkDir("a", func(path string, de fs.DirEntry, err error) error {
		t.Check("walk", err)
		fmt.Println("  walk:", path, de.IsDir())
		return nil
	})

	// DirFS and Glob
	fsys := os.DirFS("big")
	m, _ := fs.Glob(fsys, "*-0149?")
	fmt.Println("glob:", m)
	data, err := fs.ReadFile(os.DirFS("a/b"), "file2")
	fmt.Printf("fs.ReadFile: %q %s\n", data, t.E(err))

	// Chdir / Getwd
	top, _ := os.Getwd()
	t.Check("chdir", os.Chdir("a/b/c"))
	wd, _ := os.Getwd()
	fmt.Println("getwd after chdir:", strings.TrimPrefix(wd, top))
	os.WriteFile("../../relative", []byte("r"), 0644)
	t.Check("chdir back", os.Chdir(top))
	_, err = os.Stat("a/relative")
	fmt.Println("file written via ../..:", t.E(err))
	fmt.Println("chdir to file:", t.E(os.Chdir("a/file1")))

	// removal
	fmt.Println("remove non-empty:", t.E(os.Remove("a/b")))
	fmt.Println("remove empty dir:", t.E(os.Remove("a/empty")))
	t.Check("removeall", os.RemoveAll("a"))
	t.Check("removeall big", os.RemoveAll("big"))
	t.Check("removeall missing", os.RemoveAll("does-not-exist"))
	_, err = os.Stat("a")
	fmt.Println("stat after RemoveAll:", t.E(err))
	ents, _ = os.ReadDir(".")
	fmt.Println("left in cwd:", len(ents))

	// a deep tree
	p := "deep"
	for i := 0; i < 40; i++ {
		p = filepath.Join(p, "level")
	}
	t.Check("mkdirall deep", os.MkdirAll(p, 0755))
	t.Check("write deep", os.WriteFile(filepath.Join(p, "leaf"), []byte("leaf"), 0644))
	count := 0
	filepath.WalkDir("deep", func(string, fs.DirEntry, error) error { count++; return nil })
	fmt.Println("deep tree entries:", count)
	t.Check("removeall deep", os.RemoveAll("deep"))
	fmt.Println("dirs done")
}

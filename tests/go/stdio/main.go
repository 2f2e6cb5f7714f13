// stdio: standard input (a file the harness supplies), line-by-line
// processing, large standard output, standard error.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	lines, words := 0, 0
	w := bufio.NewWriter(os.Stdout)
	for sc.Scan() {
		lines++
		words += len(strings.Fields(sc.Text()))
		fmt.Fprintln(w, strings.ToUpper(sc.Text()))
	}
	fmt.Fprintf(w, "%d lines, %d words, scan error: %v\n", lines, words, sc.Err())
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(w, "line %05d of a long output that goes on and on\n", i)
	}
	w.Flush()
	fmt.Fprintln(os.Stderr, "a line on standard error")
	st, _ := os.Stdin.Stat()
	fmt.Println("stdin is a regular file:", st.Mode().IsRegular())
	_, err := os.Stdin.Read(make([]byte, 1))
	fmt.Println("stdin at EOF:", err)
}

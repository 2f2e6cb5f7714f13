// hello: the smallest Go program; the runtime starts, prints and exits 0.
package main

import "fmt"

func main() {
	fmt.Println("hello from Go")
}

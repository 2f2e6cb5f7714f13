// mixed: a Go workload mixing CPU, files and goroutines for `make bench`.
// Worker goroutines build records, encode them to JSON, write each batch to
// a file, read it back, decode and fold it into a checksum; results travel
// over channels.
//
//	mixed DIR BATCHES
//
// Prints a checksum, so that the native and the translated run can be
// compared.
package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
)

type Item struct {
	ID    int               `json:"id"`
	Name  string            `json:"name"`
	Tags  []string          `json:"tags"`
	Score float64           `json:"score"`
	Attrs map[string]string `json:"attrs"`
}

func batch(dir string, b int) (uint64, error) {
	items := make([]Item, 200)
	for i := range items {
		id := b*1000 + i
		items[i] = Item{
			ID:    id,
			Name:  "item-" + strconv.Itoa(id),
			Tags:  []string{"a" + strconv.Itoa(id%7), "b" + strconv.Itoa(id%11), "c"},
			Score: float64(id%97) / 7,
			Attrs: map[string]string{"k": strconv.Itoa(id % 13), "batch": strconv.Itoa(b)},
		}
	}
	data, err := json.Marshal(items)
	if err != nil {
		return 0, err
	}
	name := filepath.Join(dir, "batch-"+strconv.Itoa(b)+".json")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return 0, err
	}
	back, err := os.ReadFile(name)
	if err != nil {
		return 0, err
	}
	os.Remove(name)
	var got []Item
	if err := json.Unmarshal(back, &got); err != nil {
		return 0, err
	}
	sort.Slice(got, func(i, j int) bool { return got[i].Score < got[j].Score || (got[i].Score == got[j].Score && got[i].ID < got[j].ID) })
	h := fnv.New64a()
	for _, it := range got {
		fmt.Fprintf(h, "%d %s %v %.3f %s\n", it.ID, it.Name, it.Tags, it.Score, it.Attrs["k"])
	}
	return h.Sum64(), nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: mixed DIR BATCHES")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	dir, err := os.MkdirTemp(os.Args[1], "mixed-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)

	jobs := make(chan int)
	type result struct {
		b   int
		sum uint64
		err error
	}
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				s, err := batch(dir, b)
				results <- result{b, s, err}
			}
		}()
	}
	go func() {
		for b := 0; b < n; b++ {
			jobs <- b
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	sums := make([]uint64, n)
	for r := range results {
		if r.err != nil {
			fmt.Fprintln(os.Stderr, r.err)
			os.Exit(1)
		}
		sums[r.b] = r.sum
	}
	h := fnv.New64a()
	for _, s := range sums {
		fmt.Fprintf(h, "%x\n", s)
	}
	fmt.Printf("mixed %d %016x\n", n, h.Sum64())
}

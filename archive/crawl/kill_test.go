package crawl

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The kill test runs a crawl in a child process (this test binary again,
// with these variables set) and kills it with SIGKILL in the middle.
const (
	childDataEnv = "GAZETTE_CRAWL_CHILD_DATA"
	childSeedEnv = "GAZETTE_CRAWL_CHILD_SEED"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(childDataEnv); dir != "" {
		os.Exit(runChild(dir, os.Getenv(childSeedEnv)))
	}
	os.Exit(m.Run())
}

func runChild(dir, seed string) int {
	env, err := openTestEnv(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer env.close()
	if _, err := Run(context.Background(), env.config(), []string{seed}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestCrawlSurvivesKill kills a crawling process (kill -9) while a request
// is in flight, then resumes in a new process: the final state is the same
// as an uninterrupted crawl's, and nothing that was archived is fetched
// again.
func TestCrawlSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for _, stopAt := range []int{4, 8} {
		t.Run(fmt.Sprint(stopAt), func(t *testing.T) {
			site := newTestSite(t)
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), childDataEnv+"="+dir, childSeedEnv+"="+site.URL+"/")
			killed := make(chan struct{})
			started := make(chan *os.Process, 1)
			site.setHook(func(n int, _ string) {
				if n == stopAt {
					(<-started).Kill()
					close(killed)
					time.Sleep(50 * time.Millisecond) // the child is gone before this response
				}
			})
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			started <- cmd.Process
			err := cmd.Wait()
			select {
			case <-killed:
			default:
				t.Fatalf("the child finished (%v) before it was killed", err)
			}
			first := site.log()
			site.setHook(nil)

			env := newTestEnv(t, dir)
			if _, err := Run(context.Background(), env.config(), []string{site.URL + "/"}); err != nil {
				t.Fatalf("resumed run: %v", err)
			}
			checkFinalState(t, site, env)

			// Only robots.txt and the request in flight at the kill may repeat.
			inFlight := first[len(first)-1]
			count := map[string]int{}
			for _, r := range site.log() {
				count[r]++
				if count[r] > 1 && r != "/robots.txt" && r != inFlight {
					t.Errorf("%s requested %d times; before the kill: %v; all: %v", r, count[r], first, site.log())
				}
				if strings.Contains(r, "private") {
					t.Errorf("requested %s", r)
				}
			}
		})
	}
}

package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gazette-news/gazette/search"
)

// searchLimiter is the Searcher the handlers use: it bounds the cost of
// every search. At most `running` searches run at once (one per core by
// default: a search is CPU work, and more at once only makes each slower);
// up to `queue` more wait for a turn; a search that finds the queue full is
// refused at once (errOverloaded), so requests never pile up. Every search
// is answered by its deadline, its wait included (errSearchTimeout past
// it).
//
// The index stops a search at its deadline where it can: Bleve's collector
// checks the context as it walks the hits. It cannot while it builds the
// searchers for a query (the expansion of fuzzy, prefix and wildcard terms
// happens there), so the answer does not wait for the search: it runs in
// a goroutine of its own that keeps its slot until it returns. The CPU
// such searches take is bounded by the number of slots, and the searches
// behind them time out in the queue instead of adding to the load.
type searchLimiter struct {
	next    Searcher
	timeout time.Duration
	slots   chan struct{} // one token per running search
	admit   chan struct{} // one token per search waiting or being answered
	log     *slog.Logger
}

func newSearchLimiter(next Searcher, l Limits, log *slog.Logger) *searchLimiter {
	return &searchLimiter{
		next:    next,
		log:     log,
		timeout: l.SearchTimeout,
		slots:   make(chan struct{}, l.MaxSearches),
		admit:   make(chan struct{}, l.MaxSearches+l.SearchQueue),
	}
}

// errOverloaded: the search queue is full.
var errOverloaded = errors.New("the server is busy: too many searches are waiting")

// errSearchTimeout: the search did not finish (or start) before its deadline.
var errSearchTimeout = errors.New("the search took too long")

// Search runs r through the limiter.
func (l *searchLimiter) Search(ctx context.Context, r search.Request) (*search.Result, error) {
	var res *search.Result
	err := l.run(ctx, r.Query, func(ctx context.Context) (err error) {
		res, err = l.next.Search(ctx, r)
		return err
	})
	if err != nil {
		return nil, err // res may still be written by a search past its deadline
	}
	return res, nil
}

// Compare runs the timelines of several queries (see comparer) through
// the limiter, as one search.
func (l *searchLimiter) Compare(ctx context.Context, base search.Request, queries []string) (*search.Comparison, error) {
	c, ok := l.next.(comparer)
	if !ok {
		return nil, errNoCompare
	}
	var res *search.Comparison
	err := l.run(ctx, strings.Join(queries, " | "), func(ctx context.Context) (err error) {
		res, err = c.Compare(ctx, base, queries)
		return err
	})
	if err != nil {
		return nil, err // res may still be written by a search past its deadline
	}
	return res, nil
}

// run runs f, a search (query names it in logs), under the limiter's
// slots, queue and deadline. f must write its results only through its own
// closure: after a timeout run returns while f may still be running.
func (l *searchLimiter) run(ctx context.Context, query string, f func(ctx context.Context) error) error {
	select {
	case l.admit <- struct{}{}:
	default:
		return errOverloaded
	}
	defer func() { <-l.admit }()

	ctx, cancel := context.WithTimeoutCause(ctx, l.timeout, errSearchTimeout)
	defer cancel()
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return contextError(ctx)
	}
	done := make(chan error, 1)
	go func() {
		defer func() { <-l.slots }() // the slot is free when the search has really ended
		defer func() {
			// The handler's recoverPanics cannot see this goroutine.
			if v := recover(); v != nil {
				l.log.Error("panic in search", slog.String("query", query), slog.Any("panic", v),
					slog.String("stack", string(debug.Stack())))
				done <- fmt.Errorf("search panicked: %v", v)
			}
		}()
		done <- f(ctx)
	}()
	select {
	case err := <-done:
		if err != nil && ctx.Err() != nil {
			return errors.Join(contextError(ctx), err)
		}
		return err
	case <-ctx.Done():
		return contextError(ctx)
	}
}

// contextError is why ctx ended: errSearchTimeout at the deadline, or the
// client's own cancellation.
func contextError(ctx context.Context) error {
	if cause := context.Cause(ctx); errors.Is(cause, errSearchTimeout) {
		return errSearchTimeout
	}
	return ctx.Err()
}

// Get fetches one article; it is a single lookup, not a search.
func (l *searchLimiter) Get(id string) (search.Doc, error) { return l.next.Get(id) }

// retryAfter is the Retry-After of a 503 from the limiter: the search
// deadline, in whole seconds, by when the queue has turned over.
func (l *searchLimiter) retryAfter() string {
	return strconv.Itoa(int(math.Max(1, math.Ceil(l.timeout.Seconds()))))
}

// setRetryAfter adds Retry-After to a 503 answer.
func (s *server) setRetryAfter(w http.ResponseWriter, status int) {
	if status == http.StatusServiceUnavailable && s.limiter != nil {
		w.Header().Set("Retry-After", s.limiter.retryAfter())
	}
}

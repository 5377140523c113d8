// Copyright the Gazette authors.

package places

import (
	"encoding/xml"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// trNews is the geoparsing dev set that ../shared holds beside the project
// (not in users' clones). GAZETTE_TRNEWS overrides the path.
func trNewsPath() string {
	if p := os.Getenv("GAZETTE_TRNEWS"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "..", "shared", "eval", "geoparsing", "TR-News.xml")
}

type trArticle struct {
	Text     string `xml:"text"`
	Toponyms []struct {
		Phrase string `xml:"phrase"`
		Start  int    `xml:"start"` // in characters
		End    int    `xml:"end"`
		Gaztag struct {
			Name    string  `xml:"name"`
			FCode   string  `xml:"fcode"`
			Lat     float64 `xml:"lat"`
			Lon     float64 `xml:"lon"`
			Country string  `xml:"country"`
		} `xml:"gaztag"`
	} `xml:"toponyms>toponym"`
}

// TestTRNews scores Find on TR-News with the metric its README describes:
// span-overlap precision and recall, and resolution accuracy within 161 km
// (same country or region for gold countries and regions). It skips when
// the dev set is absent; the floors catch regressions.
func TestTRNews(t *testing.T) {
	b, err := os.ReadFile(trNewsPath())
	if err != nil {
		t.Skipf("TR-News dev set not available (%v); set GAZETTE_TRNEWS to score", err)
	}
	var doc struct {
		Articles []trArticle `xml:"article"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parse TR-News: %v", err)
	}
	g := gaz(t)
	var sys, sysMatched, gold, goldMatched, resolved int
	var misses, spurious, wrong []string
	for _, a := range doc.Articles {
		fs := g.Find(a.Text)
		type span struct {
			start, end int // characters
			p          Place
		}
		var spans []span
		for _, f := range fs {
			for _, m := range f.Mentions {
				spans = append(spans, span{utf8.RuneCountInString(a.Text[:m.Start]), utf8.RuneCountInString(a.Text[:m.End]), f.Place})
			}
		}
		sys += len(spans)
		for _, s := range spans {
			hit := false
			for _, tp := range a.Toponyms {
				hit = hit || s.start < tp.End && tp.Start < s.end
			}
			if hit {
				sysMatched++
			} else {
				rs := []rune(a.Text)
				spurious = append(spurious, s.p.Name+": "+string(rs[max(0, s.start-30):min(len(rs), s.end+20)]))
			}
		}
		for _, tp := range a.Toponyms {
			gold++
			var got *span
			for i := range spans {
				if spans[i].start < tp.End && tp.Start < spans[i].end {
					got = &spans[i]
					break
				}
			}
			if got == nil {
				if g.lookup(normName(tp.Phrase)) != nil { // misses the dictionary could have found
					rs := []rune(a.Text)
					misses = append(misses, string(rs[max(0, tp.Start-30):min(len(rs), tp.End+20)]))
				}
				continue
			}
			goldMatched++
			gt := tp.Gaztag
			var ok bool
			switch {
			case gt.FCode == "CONT" || gt.FCode == "RGN":
				ok = got.p.Kind == KindArea && g.hasName(got.p.ID, gt.Name) || km(got.p.Lat, got.p.Lon, gt.Lat, gt.Lon) <= 161
			case strings.HasPrefix(gt.FCode, "PCL"):
				ok = got.p.Kind == KindCountry && g.hasName(got.p.ID, gt.Name)
			case gt.FCode == "ADM1":
				ok = got.p.Kind == KindRegion && (g.hasName(got.p.ID, gt.Name) || km(got.p.Lat, got.p.Lon, gt.Lat, gt.Lon) <= 161)
			default:
				ok = km(got.p.Lat, got.p.Lon, gt.Lat, gt.Lon) <= 161
			}
			if ok {
				resolved++
			} else {
				wrong = append(wrong, tp.Phrase+" → "+got.p.Name+" ("+got.p.ID+"), gold "+gt.Name+" "+gt.FCode+" "+gt.Country)
			}
		}
	}
	p := float64(sysMatched) / float64(max(sys, 1))
	r := float64(goldMatched) / float64(max(gold, 1))
	acc := float64(resolved) / float64(max(gold, 1))
	t.Logf("TR-News: %d articles, %d gold, %d system mentions", len(doc.Articles), gold, sys)
	t.Logf("precision %.3f  recall %.3f  accuracy@161km %.3f (of matched: %.3f)", p, r, acc, float64(resolved)/float64(max(goldMatched, 1)))
	if testing.Verbose() {
		t.Logf("spurious (sample): %q", sample(spurious, 60))
		t.Logf("missed (sample): %q", sample(misses, 80))
		t.Logf("wrongly resolved (sample): %q", sample(wrong, 80))
	}
	if p < 0.88 || r < 0.72 || acc < 0.63 {
		t.Errorf("scores fell below the floors (precision 0.88, recall 0.72, accuracy 0.63)")
	}
}

func (g *Gazetteer) hasName(id, name string) bool {
	n := normName(name)
	return slices.ContainsFunc(g.Names(id), func(s string) bool { return normName(s) == n })
}

func sample(s []string, n int) []string {
	return s[:min(n, len(s))]
}

// km is the great-circle distance between two points.
func km(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

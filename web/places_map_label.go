package web

import (
	"cmp"
	"math"
	"slices"
	"unicode/utf8"
)

// label names the points that have room for it, most important first: the
// chosen places, then those inside them, then towns and cities before the
// centres of regions, each by article count. A name goes right of its
// point, else left, above or below it, where it stays inside the view and
// neither overlaps a name already placed nor hides another point's
// centre. A point without room, or drawn on a point named already (its
// centre inside the other's circle), keeps its name in the tooltip. The
// sizes are estimates for a map mapPixels wide: a narrower map shrinks the
// names with it (style.css hides them on phones).
func (m *placeMap) label() {
	order := make([]int, len(m.Points))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := m.Points[a], m.Points[b]
		return cmp.Or(
			-cmp.Compare(rank(pa), rank(pb)),
			-cmp.Compare(pa.count, pb.count),
			cmp.Compare(pa.name, pb.name),
		)
	})
	fs := m.FontSize
	var taken []mapRect // the names' boxes
	var named []mapPoint
	for _, i := range order {
		if len(m.Labels) == maxLabels {
			break
		}
		p := m.Points[i]
		if p.name == "" || !m.view.contains(p.X, p.Y) || slices.ContainsFunc(named, func(q mapPoint) bool {
			return math.Hypot(q.X-p.X, q.Y-p.Y) < max(min(q.R, p.R), fs/2)
		}) {
			continue // on a point named already: a city and its region's centre
		}
		w := textWidth(p.name) * fs
		gap := p.R + fs*0.3
		// The text's box is fs*1.2 high, its baseline fs*0.35 below the
		// middle of the box.
		for _, at := range []struct {
			anchor   string
			x, left  float64 // where the text is anchored, where its box starts
			baseline float64
		}{
			{"start", p.X + gap, p.X + gap, p.Y + fs*0.35},
			{"end", p.X - gap, p.X - gap - w, p.Y + fs*0.35},
			{"middle", p.X, p.X - w/2, p.Y - p.R - fs*0.3},
			{"middle", p.X, p.X - w/2, p.Y + p.R + fs*0.9},
		} {
			box := mapRect{X: at.left, Y: at.baseline - fs*0.95, W: w, H: fs * 1.2}
			if !m.view.holds(box) || slices.ContainsFunc(taken, box.overlaps) || m.hidesPoint(box, i) {
				continue
			}
			taken = append(taken, box)
			named = append(named, p)
			m.Labels = append(m.Labels, mapLabel{X: round2(at.x), Y: round2(at.baseline), Anchor: at.anchor,
				Text: p.name, URL: p.URL, Active: p.Active})
			break
		}
	}
}

// rank orders points for naming: the chosen places, then the places
// inside them, towns before regions in each group.
func rank(p mapPoint) int {
	r := 0
	if p.Active {
		r += 4
	}
	if p.focused {
		r += 2
	}
	if p.city {
		r++
	}
	return r
}

// textWidth estimates the width of a name in ems: 0.6 em a character is
// on the wide side of a sans-serif font, so names rarely overlap.
func textWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) * 0.6 }

// hidesPoint tells whether box covers the centre of a point other than i.
func (m *placeMap) hidesPoint(box mapRect, i int) bool {
	for j, p := range m.Points {
		if j != i && box.contains(p.X, p.Y) {
			return true
		}
	}
	return false
}

func (r mapRect) contains(x, y float64) bool {
	return x >= r.X && x <= r.X+r.W && y >= r.Y && y <= r.Y+r.H
}

func (r mapRect) holds(o mapRect) bool {
	return o.X >= r.X && o.Y >= r.Y && o.X+o.W <= r.X+r.W && o.Y+o.H <= r.Y+r.H
}

func (r mapRect) overlaps(o mapRect) bool {
	return r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H
}

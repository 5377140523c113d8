package main

import (
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// corpus lists everything mkdemowarc generates.
type corpus struct {
	Legacy []legacyPage
	Crawl  crawl
}

// legacyPage is a UTF-8 source page to be saved in a single-byte charset.
// The source must already declare that charset in a <meta> tag, as the
// original site would have.
type legacyPage struct {
	Source   string // path under legacy/
	Output   string // file name in the demo directory
	Encoding encoding.Encoding
}

// crawl describes one simulated `wget --warc-file` run.
type crawl struct {
	Filename  string    // name of the .warc file written to the demo directory
	Software  string    // value of the warcinfo "software" field
	Arguments []string  // wget's command line, recorded in warcinfo
	Start     time.Time // time of the first record; later records follow at one-second steps
	Captures  []capture
}

// capture is one fetched page: a request record and a response record.
type capture struct {
	URL         string            // WARC-Target-URI
	Source      string            // path under pages/, UTF-8
	ContentType string            // HTTP Content-Type response header
	Encoding    encoding.Encoding // charset of the body on the wire; nil sends the UTF-8 source unchanged
	IP          string            // WARC-IP-Address (documentation range, RFC 5737)
}

// demoCorpus returns the demo archive's generated files. Keep it in step
// with cmd/gazette/demo/expect.json.
func demoCorpus() corpus {
	return corpus{
		Legacy: []legacyPage{
			{
				Source:   "slobozhansky-vestnik_2022-04-02_izum.htm",
				Output:   "slobozhansky-vestnik_2022-04-02_izum.htm",
				Encoding: charmap.Windows1251,
			},
			{
				Source:   "vostochny-obozrevatel_2022-07-03_lisichansk.html",
				Output:   "vostochny-obozrevatel_2022-07-03_lisichansk.html",
				Encoding: charmap.KOI8R,
			},
		},
		Crawl: crawl{
			Filename:  "gazette-demo-crawl.warc",
			Software:  "Wget/1.21.3 (linux-gnu)",
			Arguments: []string{"wget", "--warc-file=gazette-demo-crawl", "--no-warc-compression", "--input-file=urls.txt"},
			Start:     time.Date(2022, time.December, 20, 10, 15, 0, 0, time.UTC),
			Captures: []capture{
				{
					URL:         "https://holos-slobozhanshchyny.example/novyny/kharkivyany-nochuiut-u-metro-17001",
					Source:      "holos-slobozhanshchyny_2022-02-25_metro-shelter.html",
					ContentType: "text/html",
					IP:          "192.0.2.14",
				},
				{
					URL:         "https://kharkiv-courier.example/2022/10/01/lyman-withdrawal.html",
					Source:      "kharkiv-courier_2022-10-01_lyman.html",
					ContentType: "text/html; charset=UTF-8",
					IP:          "192.0.2.31",
				},
				{
					URL:         "https://vostochny-obozrevatel.example/text/2022/liman.html",
					Source:      "vostochny-obozrevatel_2022-10-03_liman.html",
					ContentType: "text/html; charset=windows-1251",
					Encoding:    charmap.Windows1251,
					IP:          "198.51.100.7",
				},
				{
					URL:         "https://baltic-wire.example/ukraine/kyiv-rolling-blackouts-a84410",
					Source:      "baltic-wire_2022-11-16_kyiv-blackouts.html",
					ContentType: "text/html; charset=utf-8",
					IP:          "203.0.113.52",
				},
			},
		},
	}
}

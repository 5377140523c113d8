package clean

import (
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// vendorSelector is the CSS selector isVendorWidget stands for.
const vendorSelector = `[id^="onetrust-"], #onetrust-consent-sdk, [id^="didomi-"], [class*="didomi-"], ` +
	`[class*="qc-cmp2-"], [id^="qc-cmp2"], #buorg, .buorg, #browser-update, .browser-update, ` +
	`#CybotCookiebotDialog, [id^="sp_message_container"], .fc-consent-root, #cmpbox, #cmpwrapper`

var vendorSeeds = []string{
	`<div id="onetrust-banner-sdk"><div id="onetrust-consent-sdk">x</div></div><p id="onetrust">y</p>`,
	`<div class="a didomi-popup"></div><div class="didomi"></div><span id="didomi-host"></span>`,
	`<div class="qc-cmp2-container"></div><div id="qc-cmp2-ui"></div><div id="qc-cmp2"></div><div class="qc-cmp2"></div>`,
	`<div id="buorg"></div><div class="x buorg"></div><div class="buorgx"></div><div class="x\tbuorg\n"></div>`,
	`<div id="browser-update"></div><div class="browser-update y"></div><div id="Browser-Update"></div>`,
	`<div id="CybotCookiebotDialog"></div><div id="cybotcookiebotdialog"></div><div id=" cmpbox"></div>`,
	`<div id="sp_message_container_123"></div><div class="fc-consent-root"></div><div id="cmpbox"></div><div id="cmpwrapper"></div>`,
	`<template><div id="cmpbox"></div></template><svg><g id="buorg"></g></svg><head><style id="onetrust-style"></style></head>`,
	`<div class="fc-consent-root\u00a0"></div><div class="\fbrowser-update"></div><div ID="cmpbox"></div>`,
}

// TestVendorWidgetsMatchSelector checks that vendorWidgets finds what the
// CSS selector finds, in the same order.
func TestVendorWidgetsMatchSelector(t *testing.T) {
	found := 0
	for _, in := range vendorSeeds {
		checkVendorWidgets(t, in)
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(in))
		found += len(vendorWidgets(doc.Nodes))
	}
	if found < 15 {
		t.Errorf("only %d widgets in the seeds: the check proves little", found)
	}
}

func FuzzVendorWidgets(f *testing.F) {
	for _, in := range vendorSeeds {
		f.Add(in)
	}
	f.Fuzz(checkVendorWidgets)
}

func checkVendorWidgets(t *testing.T, in string) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(in))
	if err != nil {
		return
	}
	want := doc.Find(vendorSelector).Nodes
	if got := vendorWidgets(doc.Nodes); !slices.Equal(got, want) {
		t.Errorf("%q: vendorWidgets found %d nodes, the selector %d", in, len(got), len(want))
	}
}

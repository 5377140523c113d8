#!/bin/sh
# Regenerates web/static/world.svg, the outline behind the map view, from
# Natural Earth country borders (public domain) as packaged by world-atlas
# (ISC licence). Needs npm and Go; run from the repository root.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz)
go run ./tools/genmap -in "$work/package/countries-110m.json" -out web/static/world.svg

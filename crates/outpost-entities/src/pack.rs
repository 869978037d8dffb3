//! Theater packs: the countries, organisations, people, places and lexicon of
//! one conflict, read from TOML (format in `data/theaters/README.md`).

use crate::error::{EntityError, Result};
use outpost_core::LocationPrecision;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

const ENGLISH: &str = include_str!("../../../data/theaters/english.toml");
const CAUCASUS: &str = include_str!("../../../data/theaters/caucasus.toml");

/// The `[theater]` header of a pack.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TheaterInfo {
    /// Short name ("caucasus").
    #[serde(default)]
    pub name: String,
    /// What the pack covers.
    #[serde(default)]
    pub description: String,
}

/// A state.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryDef {
    /// ISO 3166-1 alpha-3 code.
    pub code: String,
    /// English name.
    pub name: String,
    /// Other names ("Russian Federation").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Adjectives and nouns for its people ("Armenian", "Azeri").
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Names that stand for its government ("Moscow", "Kremlin").
    #[serde(default)]
    pub metonyms: Vec<String>,
    /// The capital, a metonym that is also a place ("in Moscow").
    pub capital: Option<String>,
    /// Latitude of its centre.
    pub lat: Option<f64>,
    /// Longitude of its centre.
    pub lon: Option<f64>,
}

/// An organisation: armed force, ministry, alliance, agency.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgDef {
    /// Canonical id (`org:…`).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Country it belongs to.
    pub country: Option<String>,
    /// Free-form kind ("military", "ministry", "news_agency").
    #[serde(default)]
    pub kind: String,
    /// Whether force nouns after the country's name resolve to it.
    #[serde(default)]
    pub armed_forces: bool,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Generic nouns joined to the country's names to make aliases
    /// ("defence ministry" → "Armenian defence ministry", "Armenia's defence ministry").
    #[serde(default)]
    pub country_forms: Vec<String>,
}

/// A person.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonDef {
    /// Canonical id (`person:…`).
    pub id: String,
    /// Full canonical name.
    pub name: String,
    /// Spelling variants, surname alone, native scripts.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Office held ("Prime Minister of Armenia").
    pub role: Option<String>,
    /// Titles that may precede the name ("PM").
    #[serde(default)]
    pub titles: Vec<String>,
    /// Country.
    pub country: Option<String>,
    /// Offices held, with dates, so that "the prime minister" or
    /// "Azerbaijan's defence minister" without a name resolve to whoever held
    /// the office on the article's date.
    #[serde(default)]
    pub offices: Vec<OfficeDef>,
}

/// One office a person held: a title (one of the lexicon's `office_titles`,
/// by any of its spellings), a country and dates.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeDef {
    /// The office ("prime minister", "defence minister").
    pub title: String,
    /// The country it is an office of; the person's own when absent.
    pub country: Option<String>,
    /// First day in office, `YYYY-MM-DD`; open-ended when absent.
    pub from: Option<String>,
    /// Day the office ended, `YYYY-MM-DD` (not included); still held when absent.
    pub until: Option<String>,
}

/// A place the gazetteer lacks or names differently.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceDef {
    /// Canonical id (`place:…`); replaced by `place:geonames:N` when `geonames` is known.
    pub id: String,
    /// GeoNames id of the same place, if the gazetteer has it.
    pub geonames: Option<u32>,
    /// Canonical name.
    pub name: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Country.
    pub country: Option<String>,
    /// Province or region.
    pub admin1: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// How precise the coordinates are.
    pub precision: LocationPrecision,
}

/// Language rules as word lists; packs add to each other's lists.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Nouns that, after a country or demonym, name its armed forces.
    #[serde(default)]
    pub force_nouns: Vec<String>,
    /// Words allowed between the demonym and the force noun.
    #[serde(default)]
    pub force_modifiers: Vec<String>,
    /// Verbs of saying that make a metonym an actor.
    #[serde(default)]
    pub speech_verbs: Vec<String>,
    /// Other verbs that make a metonym an actor.
    #[serde(default)]
    pub action_verbs: Vec<String>,
    /// Adverbs and auxiliaries allowed between a metonym and its verb.
    #[serde(default)]
    pub adverbs: Vec<String>,
    /// Words before a name that make it a place.
    #[serde(default)]
    pub locative_prepositions: Vec<String>,
    /// Phrases before a name that make it a place for sure ("village of").
    #[serde(default)]
    pub place_cue_before: Vec<String>,
    /// Words after a name that make it a place for sure ("province").
    #[serde(default)]
    pub place_cue_after: Vec<String>,
    /// Titles before a person's name.
    #[serde(default)]
    pub person_titles: Vec<String>,
    /// Capitalised words never looked up alone in the gazetteer.
    #[serde(default)]
    pub place_stopwords: Vec<String>,
    /// Words never looked up in the gazetteer at the start of a sentence.
    #[serde(default)]
    pub sentence_initial_stopwords: Vec<String>,
    /// Given names: a given name and a capitalised word make a person.
    #[serde(default)]
    pub given_names: Vec<String>,
    /// Interchangeable surname endings (`["yan", "ian"]`).
    #[serde(default)]
    pub name_variant_endings: Vec<[String; 2]>,
    /// Interchangeable whole words (`["Sergei", "Sergey"]`).
    #[serde(default)]
    pub name_variant_words: Vec<[String; 2]>,
    /// Nouns that, capitalised after a place name, make another, smaller
    /// place of it ("Royal Street", "Carnegie Library"): the name alone is
    /// not placed.
    #[serde(default)]
    pub landmark_nouns: Vec<String>,
    /// Offices a person can be named by alone, each with its spellings,
    /// the first being the one `offices` of people use
    /// (`["defence minister", "defense minister", "minister of defence"]`).
    #[serde(default)]
    pub office_titles: Vec<Vec<String>>,
}

impl Lexicon {
    fn extend(&mut self, other: Lexicon) {
        fn add(into: &mut Vec<String>, from: Vec<String>) {
            for word in from {
                if !into.contains(&word) {
                    into.push(word);
                }
            }
        }
        add(&mut self.force_nouns, other.force_nouns);
        add(&mut self.force_modifiers, other.force_modifiers);
        add(&mut self.speech_verbs, other.speech_verbs);
        add(&mut self.action_verbs, other.action_verbs);
        add(&mut self.adverbs, other.adverbs);
        add(&mut self.locative_prepositions, other.locative_prepositions);
        add(&mut self.place_cue_before, other.place_cue_before);
        add(&mut self.place_cue_after, other.place_cue_after);
        add(&mut self.person_titles, other.person_titles);
        add(&mut self.place_stopwords, other.place_stopwords);
        add(
            &mut self.sentence_initial_stopwords,
            other.sentence_initial_stopwords,
        );
        add(&mut self.given_names, other.given_names);
        add(&mut self.landmark_nouns, other.landmark_nouns);
        for pair in other.name_variant_endings {
            if !self.name_variant_endings.contains(&pair) {
                self.name_variant_endings.push(pair);
            }
        }
        for pair in other.name_variant_words {
            if !self.name_variant_words.contains(&pair) {
                self.name_variant_words.push(pair);
            }
        }
        for spellings in other.office_titles {
            let same = self
                .office_titles
                .iter_mut()
                .find(|t| t.first() == spellings.first());
            match same {
                Some(existing) => add(existing, spellings),
                None => self.office_titles.push(spellings),
            }
        }
    }
}

/// Countries, organisations, people, regions and lexicon of one or more
/// theaters, loaded from data.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TheaterPack {
    /// Header of the (first) pack.
    #[serde(default)]
    pub theater: TheaterInfo,
    /// States.
    #[serde(default, rename = "country")]
    pub countries: Vec<CountryDef>,
    /// Organisations.
    #[serde(default, rename = "organisation")]
    pub organisations: Vec<OrgDef>,
    /// People.
    #[serde(default, rename = "person")]
    pub people: Vec<PersonDef>,
    /// Places.
    #[serde(default, rename = "place")]
    pub places: Vec<PlaceDef>,
    /// Word lists.
    #[serde(default)]
    pub lexicon: Lexicon,
}

impl TheaterPack {
    /// The packs compiled into the binary: the English lexicon and the Caucasus theater.
    pub fn embedded() -> Self {
        let mut pack = Self::from_toml_str(ENGLISH, "embedded:english")
            .expect("the embedded English lexicon is valid (checked by tests)");
        pack.merge(
            Self::from_toml_str(CAUCASUS, "embedded:caucasus")
                .expect("the embedded Caucasus pack is valid (checked by tests)"),
        );
        pack
    }

    /// Only the embedded English lexicon, to merge a theater of one's own into.
    pub fn english() -> Self {
        Self::from_toml_str(ENGLISH, "embedded:english")
            .expect("the embedded English lexicon is valid (checked by tests)")
    }

    /// Parses a pack; `origin` names it in errors.
    pub fn from_toml_str(toml_text: &str, origin: &str) -> Result<Self> {
        let pack: TheaterPack = toml::from_str(toml_text).map_err(|e| EntityError::Pack {
            origin: origin.to_string(),
            source: Box::new(e),
        })?;
        pack.validate(origin)?;
        Ok(pack)
    }

    /// Reads a pack from a file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| EntityError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml_str(&text, &path.display().to_string())
    }

    /// Adds `other` to this pack. Entries with the same id (or country code)
    /// are combined: `other`'s fields win, aliases are united.
    pub fn merge(&mut self, other: TheaterPack) {
        if self.theater.name.is_empty() {
            self.theater = other.theater;
        } else if !other.theater.name.is_empty() {
            self.theater.name = format!("{}+{}", self.theater.name, other.theater.name);
        }
        for country in other.countries {
            match self.countries.iter_mut().find(|c| c.code == country.code) {
                Some(existing) => {
                    let mut merged = country.clone();
                    merged.aliases = union(&existing.aliases, &country.aliases);
                    merged.demonyms = union(&existing.demonyms, &country.demonyms);
                    merged.metonyms = union(&existing.metonyms, &country.metonyms);
                    merged.capital = country.capital.or(existing.capital.take());
                    merged.lat = country.lat.or(existing.lat);
                    merged.lon = country.lon.or(existing.lon);
                    *existing = merged;
                }
                None => self.countries.push(country),
            }
        }
        for org in other.organisations {
            match self.organisations.iter_mut().find(|o| o.id == org.id) {
                Some(existing) => {
                    let aliases = union(&existing.aliases, &org.aliases);
                    let forms = union(&existing.country_forms, &org.country_forms);
                    *existing = org;
                    existing.aliases = aliases;
                    existing.country_forms = forms;
                }
                None => self.organisations.push(org),
            }
        }
        for person in other.people {
            match self.people.iter_mut().find(|p| p.id == person.id) {
                Some(existing) => {
                    let aliases = union(&existing.aliases, &person.aliases);
                    let titles = union(&existing.titles, &person.titles);
                    let offices = if person.offices.is_empty() {
                        std::mem::take(&mut existing.offices)
                    } else {
                        person.offices.clone()
                    };
                    *existing = person;
                    existing.aliases = aliases;
                    existing.titles = titles;
                    existing.offices = offices;
                }
                None => self.people.push(person),
            }
        }
        for place in other.places {
            match self.places.iter_mut().find(|p| p.id == place.id) {
                Some(existing) => {
                    let aliases = union(&existing.aliases, &place.aliases);
                    *existing = place;
                    existing.aliases = aliases;
                }
                None => self.places.push(place),
            }
        }
        self.lexicon.extend(other.lexicon);
    }

    fn validate(&self, origin: &str) -> Result<()> {
        let bad = |reason: String| EntityError::PackContent {
            origin: origin.to_string(),
            reason,
        };
        let is_code = |c: &str| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase());
        let mut ids = BTreeSet::new();
        for country in &self.countries {
            if !is_code(&country.code) {
                return Err(bad(format!(
                    "country code {:?} is not ISO 3166-1 alpha-3",
                    country.code
                )));
            }
        }
        let check_country = |who: &str, country: &Option<String>| match country {
            Some(code) if !is_code(code) => Err(bad(format!(
                "{who}: country {code:?} is not ISO 3166-1 alpha-3"
            ))),
            _ => Ok(()),
        };
        for org in &self.organisations {
            check_country(&org.id, &org.country)?;
            if org.armed_forces && org.country.is_none() {
                return Err(bad(format!("{}: armed forces need a country", org.id)));
            }
            if !org.country_forms.is_empty() && org.country.is_none() {
                return Err(bad(format!("{}: country_forms need a country", org.id)));
            }
        }
        let is_date = |d: &str| {
            let b = d.as_bytes();
            b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        };
        for person in &self.people {
            check_country(&person.id, &person.country)?;
            for office in &person.offices {
                check_country(&person.id, &office.country)?;
                if office.country.is_none() && person.country.is_none() {
                    return Err(bad(format!("{}: an office needs a country", person.id)));
                }
                for date in office.from.iter().chain(&office.until) {
                    if !is_date(date) {
                        return Err(bad(format!(
                            "{}: office date {date:?} is not YYYY-MM-DD",
                            person.id
                        )));
                    }
                }
            }
        }
        for place in &self.places {
            check_country(&place.id, &place.country)?;
            if !(-90.0..=90.0).contains(&place.lat) || !(-180.0..=180.0).contains(&place.lon) {
                return Err(bad(format!("{}: coordinates out of range", place.id)));
            }
        }
        let all_ids = self
            .organisations
            .iter()
            .map(|o| &o.id)
            .chain(self.people.iter().map(|p| &p.id))
            .chain(self.places.iter().map(|p| &p.id));
        for id in all_ids {
            if id.trim().is_empty() || !id.contains(':') {
                return Err(bad(format!("id {id:?} must look like kind:name")));
            }
            if !ids.insert(id.clone()) {
                return Err(bad(format!("id {id} is defined twice")));
            }
        }
        Ok(())
    }
}

fn union(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = a.to_vec();
    for item in b {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offices_need_iso_dates_and_a_country() {
        let person = "[[person]]\nid = \"person:x\"\nname = \"X Y\"\n";
        let ok = format!(
            "{person}country = \"ARM\"\noffices = [{{ title = \"president\", from = \"2018-04-09\" }}]\n"
        );
        let pack = TheaterPack::from_toml_str(&ok, "ok").unwrap();
        assert_eq!(
            pack.people[0].offices[0].from.as_deref(),
            Some("2018-04-09")
        );
        let bad_date = format!(
            "{person}country = \"ARM\"\noffices = [{{ title = \"president\", from = \"9 April 2018\" }}]\n"
        );
        let err = TheaterPack::from_toml_str(&bad_date, "bad").unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        let no_country = format!("{person}offices = [{{ title = \"president\" }}]\n");
        assert!(TheaterPack::from_toml_str(&no_country, "bad").is_err());
        // Every office of the embedded packs has a title the lexicon spells.
        let embedded = TheaterPack::embedded();
        for office in embedded.people.iter().flat_map(|p| &p.offices) {
            assert!(
                embedded
                    .lexicon
                    .office_titles
                    .iter()
                    .any(|t| t.first() == Some(&office.title)),
                "{office:?}"
            );
        }
    }

    #[test]
    fn embedded_packs_parse_and_merge() {
        let pack = TheaterPack::embedded();
        assert!(pack.countries.iter().any(|c| c.code == "ARM"));
        assert!(pack.people.iter().any(|p| p.id == "person:nikol_pashinyan"));
        assert!(pack.lexicon.force_nouns.iter().any(|n| n == "soldiers"));
        assert!(pack.lexicon.place_stopwords.iter().any(|n| n == "karabakh"));
    }

    #[test]
    fn merging_unites_aliases_and_keeps_new_entries() {
        let mut pack = TheaterPack::from_toml_str(
            "[[country]]\ncode = \"ARM\"\nname = \"Armenia\"\ndemonyms = [\"Armenian\"]\n",
            "a",
        )
        .unwrap();
        pack.merge(
            TheaterPack::from_toml_str(
                "[[country]]\ncode = \"ARM\"\nname = \"Armenia\"\ndemonyms = [\"Armenians\"]\n\
                 [[country]]\ncode = \"SRB\"\nname = \"Serbia\"\n",
                "b",
            )
            .unwrap(),
        );
        assert_eq!(pack.countries.len(), 2);
        assert_eq!(pack.countries[0].demonyms, ["Armenian", "Armenians"]);
    }

    #[test]
    fn bad_packs_are_errors_naming_their_origin() {
        let err =
            TheaterPack::from_toml_str("[[country]]\ncode = \"AM\"\nname = \"x\"\n", "x.toml")
                .unwrap_err();
        assert!(err.to_string().contains("x.toml"), "{err}");
        let err = TheaterPack::from_toml_str("[[person]]\nname = 3\n", "y.toml").unwrap_err();
        assert!(err.to_string().contains("y.toml"), "{err}");
    }

    #[test]
    fn load_reads_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(
            &path,
            "[[place]]\nid = \"place:x\"\nname = \"X\"\nlat = 1.0\nlon = 2.0\nprecision = \"exact\"\n",
        )
        .unwrap();
        let pack = TheaterPack::load(&path).unwrap();
        assert_eq!(pack.places[0].name, "X");
        assert!(TheaterPack::load(dir.path().join("missing.toml")).is_err());
    }
}

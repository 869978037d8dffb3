//! Finding and resolving entity mentions in one article's text.
//!
//! Four passes over the word tokens, each taking only words the earlier ones
//! left: (1) pack aliases, longest first, looked up by their first folded
//! word; (2) surnames of pack people spelled differently (Jaro-Winkler);
//! (3) unknown people named after a title ("spokesman Alexander Bikantov"),
//! whose surname alone is then theirs too; (4) gazetteer names on
//! capitalised word runs, province abbreviations after a town ("Pa.",
//! "W.Va."), each name of a list ending in "counties", and never a name
//! inside a longer capitalised one ("Cherry Hinton Hall") nor one before a
//! landmark noun ("Royal Street"). Between passes (2) and (3), offices named
//! without a name ("Azerbaijan's defence minister", "the prime minister")
//! resolve through the pack's dated `offices`. Namesakes are chosen first
//! by the countries the article names, the provinces it names, feature class
//! and population, then twice more by the document: a reading in the same
//! country as the article's other toponyms, near them, or a province that
//! holds them, wins ("Athens" beside "Atlanta" is Athens, Georgia; "Georgia"
//! beside both is the US state, not the pack's country). The province or
//! country written after a name and a comma ("Athens, Greece") weighs most,
//! and a town outside that country is not placed at all; a town's own name
//! beats another town's former name; a town in the province where the
//! story's other places are beats its namesakes elsewhere; a name after a
//! street address, in a wire dateline or before "residents" is a town, not
//! a country ("400 Locust St., Lebanon"). A place is kept
//! only when it is in the article's countries, big enough, or named with a
//! cue ("the village of X", "X province"). Countries and capitals then get their role: a
//! capital followed by a speech or action verb is its government (an actor),
//! otherwise a place; a demonym followed by a force noun names the armed
//! forces.

use crate::gazetteer::{Feature, Gazetteer, Place};
use crate::pack::{Lexicon, TheaterPack};
use crate::text::{fold_word, name_key, slug, tokenize, Gap, Token};
use outpost_core::{
    ArticleEntity, Entity, EntityKind, EntityMention, LocationPrecision, MentionRole,
    TextAnnotations,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How a word of an alias must be written in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    /// Any case ("defence ministry").
    Any,
    /// First letter upper case ("Moscow"; "MOSCOW" too).
    Capitalised,
    /// All upper case ("CSTO").
    AllCaps,
}

/// What an alias stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// An organisation, person or pack place, by entity id.
    Entity(String),
    /// A country's name.
    CountryName(String),
    /// A country's demonym.
    Demonym(String),
    /// A name for a country's government; `capital` when it is also a place.
    Metonym { code: String, capital: bool },
}

impl Target {
    fn priority(&self) -> u8 {
        match self {
            Target::Entity(_) => 0,
            Target::CountryName(_) => 1,
            Target::Metonym { .. } => 2,
            Target::Demonym(_) => 3,
        }
    }
}

#[derive(Debug, Clone)]
struct Alias {
    words: Vec<String>,
    cases: Vec<CaseRule>,
    target: Target,
}

/// A recognised span of tokens `[first, last)`.
#[derive(Debug, Clone)]
struct Match {
    first: usize,
    last: usize,
    target: Target,
}

/// Word lists as sets of folded words or phrases.
#[derive(Debug, Default)]
struct Lex {
    force_nouns: Vec<Vec<String>>,
    force_modifiers: HashSet<String>,
    verbs: HashSet<String>,
    adverbs: HashSet<String>,
    locatives: HashSet<String>,
    cue_before: Vec<Vec<String>>,
    cue_after: HashSet<String>,
    titles: HashSet<String>,
    place_stopwords: HashSet<String>,
    initial_stopwords: HashSet<String>,
    given_names: HashSet<String>,
    landmark_nouns: HashSet<String>,
}

fn phrase(text: &str) -> Vec<String> {
    name_key(text).split(' ').map(str::to_string).collect()
}

fn word_set(words: &[String]) -> HashSet<String> {
    words.iter().map(|w| name_key(w)).collect()
}

impl Lex {
    fn new(lexicon: &Lexicon) -> Self {
        let mut force_nouns: Vec<Vec<String>> =
            lexicon.force_nouns.iter().map(|n| phrase(n)).collect();
        force_nouns.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let mut titles = HashSet::new();
        for title in &lexicon.person_titles {
            if let Some(last) = phrase(title).pop() {
                titles.insert(last);
            }
        }
        // Verbs, adverbs and prepositions are never places either ("Is",
        // "Says" in a title-case headline).
        let mut place_stopwords = word_set(&lexicon.place_stopwords);
        for list in [
            &lexicon.speech_verbs,
            &lexicon.action_verbs,
            &lexicon.adverbs,
            &lexicon.locative_prepositions,
            &lexicon.force_nouns,
            &lexicon.person_titles,
        ] {
            place_stopwords.extend(list.iter().map(|w| name_key(w)));
        }
        Lex {
            force_nouns,
            force_modifiers: word_set(&lexicon.force_modifiers),
            verbs: word_set(&lexicon.speech_verbs)
                .into_iter()
                .chain(word_set(&lexicon.action_verbs))
                .collect(),
            adverbs: word_set(&lexicon.adverbs),
            locatives: word_set(&lexicon.locative_prepositions),
            cue_before: lexicon.place_cue_before.iter().map(|c| phrase(c)).collect(),
            cue_after: word_set(&lexicon.place_cue_after),
            titles,
            place_stopwords,
            initial_stopwords: word_set(&lexicon.sentence_initial_stopwords),
            given_names: word_set(&lexicon.given_names),
            landmark_nouns: word_set(&lexicon.landmark_nouns),
        }
    }
}

/// Finds and resolves entity mentions through a theater pack and a gazetteer.
#[derive(Debug, Default)]
pub struct EntityResolver {
    pack: TheaterPack,
    gazetteer: Gazetteer,
    aliases: HashMap<String, Vec<Alias>>,
    entities: HashMap<String, Entity>,
    demonyms: HashMap<String, String>,
    armed_forces: HashMap<String, String>,
    surnames: Vec<(String, String)>,
    /// Office title spellings as folded words, longest first, with the
    /// canonical title each stands for.
    office_spellings: Vec<(Vec<String>, String)>,
    /// (country, canonical title) -> holders.
    offices: HashMap<(String, String), Vec<Holder>>,
    lex: Lex,
}

/// Who held an office, and when (`YYYY-MM-DD`, `until` not included).
#[derive(Debug, Clone)]
struct Holder {
    person: String,
    from: Option<String>,
    until: Option<String>,
}

impl Holder {
    fn holds_on(&self, date: &str) -> bool {
        self.from.as_deref().is_none_or(|from| from <= date)
            && self.until.as_deref().is_none_or(|until| date < until)
    }
}

const GAZETTEER_MAX_WORDS: usize = 4;
/// Lower-case words that stand inside a place name between capitalised ones
/// ("Dar es Salaam", "Rio de Janeiro", "Frankfurt am Main"). Only a name the
/// gazetteer holds whole is read across one; otherwise the capitalised
/// words before it are read alone, as without the particle.
const NAME_PARTICLES: &[&str] = &[
    "es", "de", "da", "do", "dos", "das", "del", "della", "di", "du", "des", "la", "le", "el",
    "al", "ul", "upon", "am", "an", "der", "den", "sur", "en",
];
/// The "s" of a possessive ("Peter's").
fn possessive_s(token: &Token) -> bool {
    token.gap == Gap::Apostrophe && token.folded == "s"
}

/// Abbreviations that open a place name and end in a full stop ("St. Cloud",
/// "Mt. Vernon", "Ft. Worth"): a name is read across their stop, as the
/// gazetteer writes it ("St. Louis"); otherwise "Cloud" alone was Andover,
/// Kansas (a former name) and "Louis" Louisville, Illinois.
const NAME_ABBREVIATIONS: &[&str] = &["st", "ste", "mt", "ft", "pt"];
const FUZZY_SURNAME_THRESHOLD: f64 = 0.93;
/// Population above which a place outside the article's countries may be
/// placed without a cue.
const FAR_PLACE_MIN_POPULATION: u64 = 100_000;
/// ... and with a weak cue ("in X").
const FAR_PLACE_WEAK_CUE_POPULATION: u64 = 10_000;
/// A city that shares its name with a demonym ("Canadian", Texas) is read
/// as a place only when at least this big.
const DEMONYM_PLACE_MIN_POPULATION: u64 = 100_000;
// Weights of the toponym resolver, tuned on the first half of the
// documents of LGL, GeoVirus, TR-News and GeoWebNews (`cargo xtask bench geo`).
/// A place in a country the article names (by a pack name or demonym).
const FOCUS_BONUS: f64 = 2.0;
/// A country over its namesakes ("Jordan", "Georgia") before context.
const COUNTRY_BONUS: f64 = 6.0;
/// A province against a namesake city, without a cue: negative, because a
/// province's population is the sum of its cities' ("New York").
const ADMIN1_BONUS: f64 = -1.0;
/// A second-level division (an English county, a district) against its
/// namesake towns, without a cue ("Suffolk county"): negative, like
/// [`ADMIN1_BONUS`], because its population is the sum of its towns'.
/// Tuning halves were the same with 0 and -2.
const ADMIN2_BONUS: f64 = -1.0;
/// A town under `SMALL_TOWN_POPULATION` that shares its name with a province
/// of `BIG_PROVINCE_POPULATION` or more ("England", Arkansas; "Wales", a
/// village in England) loses this much unless a cue says town. Tuning halves:
/// GeoVirus A@161 0.905 -> 0.907, GeoWebNews 0.928 -> 0.931, the others
/// equal; a penalty of 3 did a little less, towns up to 200,000 cost LGL.
const SMALL_TOWN_PENALTY: f64 = 6.0;
const SMALL_TOWN_POPULATION: u64 = 50_000;
const BIG_PROVINCE_POPULATION: u64 = 1_000_000;
/// A city in a province the article names.
const NAMED_ADMIN1_BONUS: f64 = 3.0;
/// A province over a city inside it that carries the province's name only
/// as an alternate ("New York" the state, over New York City), when nothing
/// in the text says which: the province holds the city, so the coarser
/// reading is right either way, and only a cue (a dateline, a town word)
/// says the city. A city whose own name it is (Donetsk, Aleppo) stays the
/// city: news means the city by it. Tuning halves of `cargo xtask bench
/// geo`: GeoVirus 0.847 -> 0.849, TR-News 0.920 -> 0.922, GeoWebNews 0.899
/// -> 0.900, LGL equal.
const CONTAINING_ADMIN1_BONUS: f64 = 3.0;
/// Per log10 of population. Tuning halves (fifth round, with the other
/// weights as they are): 0.8 -> 1.2 took A@161 LGL 0.878 -> 0.882, TR-News
/// 0.965 -> 0.967, GeoWebNews 0.947 -> 0.949, GeoVirus equal; 1.0 and 1.5
/// did no better, 0.65 worse.
const POPULATION_WEIGHT: f64 = 1.2;
/// Per other toponym of the article placed in the same country (up to 3).
const CONTEXT_COUNTRY_BONUS: f64 = 1.0;
/// Per other toponym of the article placed within `NEAR_KM` (up to 3).
const NEAR_BONUS: f64 = 1.0;
/// Per other name of the document placed in the same province (up to three),
/// for a town or county whose name cannot be read as a country or province:
/// the story's home region ("Dublin" in a story about Columbus suburbs). On
/// the tuning halves A@161 went LGL 0.855 -> 0.864, the other sets equal or
/// up; 0.5, 1 and 1.5 did no better, and without the guard for names that
/// can be a country or province it put "Oregon" in Illinois. Counting only
/// names with a single namesake as the home's voices was worse (LGL 0.859).
const HOME_ADMIN1_BONUS: f64 = 0.75;
/// Taken from a country or province reading of a name written where only a
/// town goes (after a street address, in a wire dateline): enough to undo
/// every bonus a country gets.
const TOWN_CUE_PENALTY: f64 = 20.0;
/// Distinct toponyms that [`NEAR_BONUS`] looks at, at most.
const MAX_CONTEXT_POINTS: usize = 64;
/// What counts as near for [`NEAR_BONUS`].
const NEAR_KM: f64 = 200.0;
/// A city of a million people is the one a bare name means, even in an
/// article about another country ("London", not London, Ohio): tuned on the
/// first half of the geoparsing sets.
const WORLD_CITY_POPULATION: u64 = 1_000_000;
const WORLD_CITY_BONUS: f64 = 1.5;
/// A town or county in the province written after it ("Athens, Ga.").
const QUALIFIED_BONUS: f64 = 6.0;
/// ... in the country written after it ("Toronto, Canada").
const QUALIFIED_COUNTRY_BONUS: f64 = 4.0;
/// A sea or ocean over its namesake towns ("Atlantic", Iowa).
const WATER_BONUS: f64 = 12.0;
/// A famous landmark over its namesake towns ("Heathrow", Florida), unless
/// the story's own places vouch for the town.
const LANDMARK_BONUS: f64 = 8.0;
/// A city matched by an alternate name, not its own ("Liverpool", a former
/// name of Washington, Indiana): negative.
const ALTERNATE_NAME_BONUS: f64 = -4.0;

impl EntityResolver {
    /// A resolver over a pack and a gazetteer.
    pub fn new(pack: TheaterPack, gazetteer: Gazetteer) -> Self {
        let mut resolver = EntityResolver {
            lex: Lex::new(&pack.lexicon),
            pack,
            gazetteer,
            ..Default::default()
        };
        resolver.build();
        resolver
    }

    /// The gazetteer it resolves places with.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The pack it resolves actors with.
    pub fn pack(&self) -> &TheaterPack {
        &self.pack
    }

    fn add_alias(&mut self, text: &str, target: Target) {
        let mut words = Vec::new();
        let mut cases = Vec::new();
        crate::text::for_each_word(text, |word| {
            let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
            let first_upper = word.chars().next().map(char::is_uppercase).unwrap_or(false);
            let all_upper = letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase());
            cases.push(if all_upper {
                CaseRule::AllCaps
            } else if first_upper {
                CaseRule::Capitalised
            } else {
                CaseRule::Any
            });
            words.push(fold_word(word));
        });
        if words.is_empty() {
            return;
        }
        let list = self.aliases.entry(words[0].clone()).or_default();
        if list
            .iter()
            .any(|a| a.words == words && a.cases == cases && a.target == target)
        {
            return;
        }
        list.push(Alias {
            words,
            cases,
            target,
        });
    }

    fn build(&mut self) {
        let pack = self.pack.clone();
        for country in &pack.countries {
            let code = country.code.clone();
            // The pack's centre wins (its author chose it); the gazetteer's
            // stands in where the pack gives none.
            let centre = match (country.lat, country.lon) {
                (Some(lat), Some(lon)) => Some((lat, lon)),
                _ => self.gazetteer.country(&code).map(|p| (p.lat, p.lon)),
            };
            let entity = Entity {
                id: format!("country:{code}"),
                kind: EntityKind::Country,
                name: country.name.clone(),
                country: Some(code.clone()),
                admin1: None,
                lat: centre.map(|c| c.0),
                lon: centre.map(|c| c.1),
                role: None,
                precision: Some(LocationPrecision::Country),
            };
            self.entities.insert(entity.id.clone(), entity);
            let mut name_keys = HashSet::new();
            for name in std::iter::once(&country.name).chain(&country.aliases) {
                name_keys.insert(name_key(name));
                self.add_alias(name, Target::CountryName(code.clone()));
                self.demonyms.insert(name_key(name), code.clone());
            }
            for demonym in &country.demonyms {
                self.demonyms.insert(name_key(demonym), code.clone());
                if !name_keys.contains(&name_key(demonym)) {
                    self.add_alias(demonym, Target::Demonym(code.clone()));
                }
            }
            for metonym in &country.metonyms {
                let capital = country
                    .capital
                    .as_ref()
                    .is_some_and(|c| name_key(c) == name_key(metonym));
                self.add_alias(
                    metonym,
                    Target::Metonym {
                        code: code.clone(),
                        capital,
                    },
                );
            }
        }
        for org in &pack.organisations {
            self.entities.insert(
                org.id.clone(),
                Entity {
                    id: org.id.clone(),
                    kind: EntityKind::Organisation,
                    name: org.name.clone(),
                    country: org.country.clone(),
                    admin1: None,
                    lat: None,
                    lon: None,
                    role: (!org.kind.is_empty()).then(|| org.kind.clone()),
                    precision: None,
                },
            );
            if org.armed_forces {
                if let Some(code) = &org.country {
                    self.armed_forces
                        .entry(code.clone())
                        .or_insert_with(|| org.id.clone());
                }
            }
            for alias in std::iter::once(&org.name).chain(&org.aliases) {
                self.add_alias(alias, Target::Entity(org.id.clone()));
            }
            let country = org
                .country
                .as_ref()
                .and_then(|code| pack.countries.iter().find(|c| &c.code == code));
            if let Some(country) = country {
                for form in &org.country_forms {
                    for name in std::iter::once(&country.name).chain(&country.aliases) {
                        for pattern in [
                            format!("{name} {form}"),
                            format!("{name}'s {form}"),
                            format!("{form} of {name}"),
                            format!("{form} of the {name}"),
                        ] {
                            self.add_alias(&pattern, Target::Entity(org.id.clone()));
                        }
                    }
                    for demonym in &country.demonyms {
                        self.add_alias(
                            &format!("{demonym} {form}"),
                            Target::Entity(org.id.clone()),
                        );
                    }
                }
            }
        }
        let mut surname_owners: HashMap<String, HashSet<String>> = HashMap::new();
        for person in &pack.people {
            self.entities.insert(
                person.id.clone(),
                Entity {
                    id: person.id.clone(),
                    kind: EntityKind::Person,
                    name: person.name.clone(),
                    country: person.country.clone(),
                    admin1: None,
                    lat: None,
                    lon: None,
                    role: person.role.clone(),
                    precision: None,
                },
            );
            let mut names: Vec<String> = std::iter::once(person.name.clone())
                .chain(person.aliases.iter().cloned())
                .collect();
            let variants: Vec<String> = names
                .iter()
                .flat_map(|n| spelling_variants(n, &pack.lexicon))
                .collect();
            names.extend(variants);
            for name in &names {
                let words: Vec<&str> = name.split_whitespace().collect();
                if words.len() >= 2 {
                    let surname = words[words.len() - 1];
                    if surname.chars().count() >= 4 {
                        surname_owners
                            .entry(surname.to_string())
                            .or_default()
                            .insert(person.id.clone());
                    }
                }
                self.add_alias(name, Target::Entity(person.id.clone()));
            }
        }
        for (surname, owners) in surname_owners {
            if owners.len() == 1 {
                let id = owners.into_iter().next().unwrap_or_default();
                self.add_alias(&surname, Target::Entity(id.clone()));
                self.surnames.push((name_key(&surname), id));
            } else {
                // A surname shared by two pack people names neither.
                let key = name_key(&surname);
                if let Some(list) = self.aliases.get_mut(&key) {
                    list.retain(|a| a.words.len() > 1);
                }
            }
        }
        self.surnames.sort();
        for spellings in &pack.lexicon.office_titles {
            let Some(canonical) = spellings.first() else {
                continue;
            };
            for spelling in spellings {
                self.office_spellings
                    .push((phrase(spelling), name_key(canonical)));
            }
        }
        self.office_spellings
            .sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        for person in &pack.people {
            for office in &person.offices {
                let Some(country) = office.country.as_ref().or(person.country.as_ref()) else {
                    continue;
                };
                self.offices
                    .entry((country.clone(), name_key(&office.title)))
                    .or_default()
                    .push(Holder {
                        person: person.id.clone(),
                        from: office.from.clone(),
                        until: office.until.clone(),
                    });
            }
        }
        for place in &pack.places {
            let entity = match place
                .geonames
                .and_then(|id| self.gazetteer.by_geonames_id(id))
            {
                Some(found) => place_entity(found),
                None => Entity {
                    id: place.id.clone(),
                    kind: EntityKind::Place,
                    name: place.name.clone(),
                    country: place.country.clone(),
                    admin1: place.admin1.clone(),
                    lat: Some(place.lat),
                    lon: Some(place.lon),
                    role: None,
                    precision: Some(place.precision),
                },
            };
            for alias in std::iter::once(&place.name).chain(&place.aliases) {
                self.add_alias(alias, Target::Entity(entity.id.clone()));
            }
            self.entities.insert(entity.id.clone(), entity);
        }
        for list in self.aliases.values_mut() {
            list.sort_by(|a, b| {
                b.words
                    .len()
                    .cmp(&a.words.len())
                    .then(a.target.priority().cmp(&b.target.priority()))
            });
        }
    }

    /// An entity by id: pack entries, `country:ISO3`, `military:ISO3`, `place:geonames:N`.
    pub fn entity(&self, id: &str) -> Option<Entity> {
        if let Some(entity) = self.entities.get(id) {
            return Some(entity.clone());
        }
        if let Some(code) = id.strip_prefix("country:") {
            return self.country(code);
        }
        if let Some(code) = id.strip_prefix("military:") {
            let entity = self.armed_forces_of(code);
            return (entity.id == id).then_some(entity);
        }
        if let Some(number) = id.strip_prefix("place:geonames:") {
            let place = self.gazetteer.by_geonames_id(number.parse().ok()?)?;
            return Some(place_entity(place));
        }
        None
    }

    /// The country a demonym or country name stands for ("Azeri" → `AZE`).
    pub fn country_of_demonym(&self, word: &str) -> Option<&str> {
        self.demonyms.get(&name_key(word)).map(String::as_str)
    }

    /// A country by ISO 3166-1 alpha-3 code, from the pack or the gazetteer.
    pub fn country(&self, code: &str) -> Option<Entity> {
        if let Some(entity) = self.entities.get(&format!("country:{code}")) {
            return Some(entity.clone());
        }
        let place = self.gazetteer.country(code)?;
        Some(place_entity(place))
    }

    /// The armed forces of a country: the pack's organisation marked
    /// `armed_forces`, or a synthesised `military:ISO3`.
    pub fn armed_forces_of(&self, country: &str) -> Entity {
        if let Some(entity) = self
            .armed_forces
            .get(country)
            .and_then(|id| self.entities.get(id))
        {
            return entity.clone();
        }
        let pack_country = self.pack.countries.iter().find(|c| c.code == country);
        let name = match pack_country {
            Some(c) => match c.demonyms.first() {
                Some(demonym) => format!("{demonym} armed forces"),
                None => format!("Armed forces of {}", c.name),
            },
            None => match self.gazetteer.country(country) {
                Some(place) => format!("Armed forces of {}", place.name),
                None => format!("Armed forces of {country}"),
            },
        };
        Entity {
            id: format!("military:{country}"),
            kind: EntityKind::Organisation,
            name,
            country: Some(country.to_string()),
            admin1: None,
            lat: None,
            lon: None,
            role: Some("military".to_string()),
            precision: None,
        }
    }

    /// Every entity mentioned in `text`, each with all its mentions, in order
    /// of first mention. Offsets are code points into `text`. Without a
    /// date, an office named alone ("the defence minister") resolves only
    /// when one pack person ever held it; see [`Self::resolve_on`].
    pub fn resolve(&self, text: &str, annotations: &TextAnnotations) -> Vec<ArticleEntity> {
        self.resolve_on(text, annotations, None)
    }

    /// [`Self::resolve`] for an article of a known date (`YYYY-MM-DD`, its
    /// publication day): an office named without a name ("Azerbaijan's
    /// defence minister", "the prime minister") resolves to the pack person
    /// who held it that day.
    pub fn resolve_on(
        &self,
        text: &str,
        annotations: &TextAnnotations,
        date: Option<&str>,
    ) -> Vec<ArticleEntity> {
        let tokens = tokenize(text);
        if tokens.is_empty() {
            return Vec::new();
        }
        let doc = Doc::new(text, &tokens, annotations);
        let mut consumed = vec![false; tokens.len()];
        let mut matches = self.match_pack(&doc, &mut consumed);
        matches.extend(self.match_fuzzy_surnames(&doc, &mut consumed));
        let (roles, modifiers) = self.match_offices(&doc, &mut consumed, &matches, date);
        let unknown_people = self.match_unknown_people(&doc, &mut consumed);

        let mut focus: HashSet<String> = HashSet::new();
        for m in &matches {
            if let Some(code) = self.country_of_target(&m.target) {
                focus.insert(code);
            }
        }
        let mut out = Output::default();
        let read_as_places =
            self.match_gazetteer(&doc, &mut consumed, &mut focus, &matches, &mut out);
        for (k, (m, as_place)) in matches.iter().zip(&read_as_places).enumerate() {
            if *as_place {
                continue;
            }
            // "Azerbaijan's" in "Azerbaijan's defence minister" modifies.
            let modifier = modifiers.contains(&k);
            match (&m.target, self.country_of_target(&m.target)) {
                (Target::CountryName(_) | Target::Demonym(_), Some(code)) if modifier => {
                    if let Some(country) = self.entities.get(&format!("country:{code}")) {
                        out.push(&doc, country.clone(), m.first, m.last, MentionRole::Demonym);
                    }
                }
                _ => self.emit_pack_match(&doc, m, &matches, &mut out),
            }
        }
        for (first, last, id) in roles {
            if let Some(person) = self.entities.get(&id) {
                out.push(&doc, person.clone(), first, last, MentionRole::Actor);
            }
        }
        for (first, last, name) in unknown_people {
            let entity = Entity {
                id: format!("person:{}", slug(&name)),
                kind: EntityKind::Person,
                name,
                country: None,
                admin1: None,
                lat: None,
                lon: None,
                role: None,
                precision: None,
            };
            out.push(&doc, entity, first, last, MentionRole::Actor);
        }
        out.finish()
    }

    /// The office title spelled at token `at` (any case), with its end.
    fn office_at(&self, doc: &Doc, consumed: &[bool], at: usize) -> Option<(usize, &str)> {
        let tokens = doc.tokens;
        self.office_spellings.iter().find_map(|(words, canonical)| {
            let end = at + words.len();
            let fits = end <= tokens.len()
                && words.iter().enumerate().all(|(k, word)| {
                    let token = &tokens[at + k];
                    token.folded == *word
                        && !consumed[at + k]
                        && (k == 0 || matches!(token.gap, Gap::Space | Gap::Hyphen))
                });
            fits.then_some((end, canonical.as_str()))
        })
    }

    /// Whether a name follows token `end` ("Prime Minister Nikol Pashinyan"):
    /// then the office is a title, and the name says who.
    fn name_follows(&self, doc: &Doc, end: usize) -> bool {
        doc.tokens
            .get(end)
            .is_some_and(|t| t.capitalised && matches!(t.gap, Gap::Space | Gap::Comma))
    }

    /// The one pack person who held `title` of `country` on `date`, or, with
    /// no date, the only one who ever held it.
    fn office_holder(&self, country: &str, title: &str, date: Option<&str>) -> Option<&str> {
        let holders = self
            .offices
            .get(&(country.to_string(), title.to_string()))?;
        let mut found = holders
            .iter()
            .filter(|h| date.is_none_or(|d| h.holds_on(d)));
        let first = found.next()?;
        found.next().is_none().then_some(first.person.as_str())
    }

    /// Offices named without a name: "Azerbaijan's defence minister",
    /// "the Armenian prime minister", "the president of Russia", and "the
    /// prime minister" alone after that person was named, or when only one
    /// country of the article has such an office. Returns the person spans
    /// and the indices of the country matches that only modify an office.
    fn match_offices(
        &self,
        doc: &Doc,
        consumed: &mut [bool],
        matches: &[Match],
        date: Option<&str>,
    ) -> (Vec<(usize, usize, String)>, HashSet<usize>) {
        let mut roles = Vec::new();
        let mut modifiers = HashSet::new();
        if self.offices.is_empty() {
            return (roles, modifiers);
        }
        let tokens = doc.tokens;
        let country_at = |at: usize| {
            matches
                .iter()
                .enumerate()
                .find_map(|(k, m)| match &m.target {
                    Target::CountryName(code) | Target::Demonym(code) if m.first == at => {
                        Some((k, m, code.as_str()))
                    }
                    _ => None,
                })
        };
        // "Azerbaijan's defence minister", "the Armenian prime minister".
        for (k, m) in matches.iter().enumerate() {
            let (Target::CountryName(code) | Target::Demonym(code)) = &m.target else {
                continue;
            };
            let mut at = m.last;
            if tokens
                .get(at)
                .is_some_and(|t| t.gap == Gap::Apostrophe && t.folded == "s")
            {
                at += 1;
            }
            if tokens.get(at).is_none_or(|t| t.gap != Gap::Space) {
                continue;
            }
            let Some((end, title)) = self.office_at(doc, consumed, at) else {
                continue;
            };
            if self.name_follows(doc, end) {
                continue;
            }
            if let Some(person) = self.office_holder(code, title, date) {
                consumed[at..end].iter_mut().for_each(|c| *c = true);
                roles.push((m.first, end, person.to_string()));
                modifiers.insert(k);
            }
        }
        // "the president of Russia", and "the prime minister" alone.
        for at in 0..tokens.len() {
            let Some((end, title)) = self.office_at(doc, consumed, at) else {
                continue;
            };
            let after_the =
                at > 0 && tokens[at - 1].folded == "the" && tokens[at].gap == Gap::Space;
            if !after_the || self.name_follows(doc, end) {
                continue;
            }
            let mut of = end;
            let has_of = tokens
                .get(of)
                .is_some_and(|t| t.folded == "of" && t.gap == Gap::Space);
            let named_country = if tokens
                .get(of)
                .is_some_and(|t| t.folded == "of" && t.gap == Gap::Space)
            {
                of += 1;
                if tokens.get(of).is_some_and(|t| t.folded == "the") {
                    of += 1;
                }
                country_at(of)
            } else {
                None
            };
            if has_of && named_country.is_none() {
                continue; // "the president of the European Council"
            }
            let person = match named_country {
                Some((k, m, code)) => self
                    .office_holder(code, title, date)
                    .map(|p| (p.to_string(), m.last, Some(k))),
                None => self
                    .office_in_context(matches, at, title, date)
                    .map(|p| (p, end, None)),
            };
            if let Some((person, last, country)) = person {
                consumed[at..end].iter_mut().for_each(|c| *c = true);
                roles.push((at, last, person));
                if let Some(k) = country {
                    modifiers.insert(k);
                }
            }
        }
        (roles, modifiers)
    }

    /// Who "the <title>" at token `at` is: the last pack person named before
    /// it who held that office on the date, or else the holder in the one
    /// country of the article that has one.
    fn office_in_context(
        &self,
        matches: &[Match],
        at: usize,
        title: &str,
        date: Option<&str>,
    ) -> Option<String> {
        let holds = |person: &str| {
            self.offices.iter().any(|((_, t), holders)| {
                t == title
                    && holders
                        .iter()
                        .any(|h| h.person == person && date.is_none_or(|d| h.holds_on(d)))
            })
        };
        let named = matches
            .iter()
            .filter(|m| m.first < at)
            .filter_map(|m| match &m.target {
                Target::Entity(id) if id.starts_with("person:") => Some(id),
                _ => None,
            })
            .rev()
            .find(|id| holds(id));
        if let Some(id) = named {
            return Some(id.clone());
        }
        let countries: HashSet<String> = matches
            .iter()
            .filter_map(|m| self.country_of_target(&m.target))
            .collect();
        let mut holders = countries
            .iter()
            .filter_map(|code| self.office_holder(code, title, date));
        let first = holders.next()?;
        holders.next().is_none().then(|| first.to_string())
    }

    fn country_of_target(&self, target: &Target) -> Option<String> {
        match target {
            Target::CountryName(code) | Target::Demonym(code) => Some(code.clone()),
            Target::Metonym { code, .. } => Some(code.clone()),
            Target::Entity(id) => self.entities.get(id).and_then(|e| e.country.clone()),
        }
    }

    fn alias_matches(&self, doc: &Doc, at: usize, alias: &Alias) -> bool {
        let tokens = doc.tokens;
        if at + alias.words.len() > tokens.len() {
            return false;
        }
        alias.words.iter().enumerate().all(|(k, word)| {
            let token = &tokens[at + k];
            if &token.folded != word {
                return false;
            }
            if k > 0
                && !matches!(
                    token.gap,
                    Gap::Space | Gap::Hyphen | Gap::Apostrophe | Gap::Period
                )
            {
                return false;
            }
            match alias.cases[k] {
                CaseRule::Any => true,
                CaseRule::Capitalised => token.capitalised,
                CaseRule::AllCaps => token.all_caps,
            }
        })
    }

    fn match_pack(&self, doc: &Doc, consumed: &mut [bool]) -> Vec<Match> {
        let mut matches = Vec::new();
        let mut i = 0;
        while i < doc.tokens.len() {
            let found = self
                .aliases
                .get(&doc.tokens[i].folded)
                .and_then(|list| list.iter().find(|alias| self.alias_matches(doc, i, alias)));
            // "North America" is no America, "Mount Washington" no
            // Washington: a country's name or metonym that ends a longer
            // gazetteer name is left to the gazetteer.
            // So is one after a particle ("Stade de France").
            let found = found.filter(|alias| {
                let tokens = doc.tokens;
                let end = i + alias.words.len();
                let held = |first: usize| {
                    self.gazetteer
                        .lookup_key(&doc.key(first, end))
                        .next()
                        .is_some()
                };
                let after_name = i > 0
                    && tokens[i].gap == Gap::Space
                    && tokens[i - 1].capitalised
                    && !consumed[i - 1]
                    && held(i - 1);
                let after_particle = i > 1
                    && tokens[i].gap == Gap::Space
                    && tokens[i - 1].gap == Gap::Space
                    && NAME_PARTICLES.contains(&tokens[i - 1].folded.as_str())
                    && !tokens[i - 1].capitalised
                    && tokens[i - 2].capitalised
                    && !consumed[i - 2]
                    && held(i - 2);
                // "American Samoa", "French Quarter": a country's name or
                // demonym that opens a longer country, province, sea or
                // landmark name (not a town: "Jordan Valley", Oregon).
                let opens_region =
                    matches!(alias.target, Target::CountryName(_) | Target::Demonym(_))
                        && (1..=2).any(|n| {
                            (end..end + n).all(|k| {
                                tokens.get(k).is_some_and(|t| {
                                    t.capitalised && t.gap == Gap::Space && !consumed[k]
                                })
                            }) && self.gazetteer.lookup_key(&doc.key(i, end + n)).any(|p| {
                                matches!(
                                    p.feature,
                                    Feature::Country
                                        | Feature::Admin1
                                        | Feature::Water
                                        | Feature::Continent
                                        | Feature::Landmark
                                )
                            })
                        });
                !(matches!(
                    alias.target,
                    Target::CountryName(_) | Target::Demonym(_) | Target::Metonym { .. }
                ) && (after_name || after_particle)
                    || opens_region)
            });
            // "Washington Square", "Washington Township", "Washington
            // University": a capital's name before a landmark noun names
            // the landmark, neither the capital nor the country.
            let found = found.filter(|alias| {
                !(matches!(alias.target, Target::Metonym { .. })
                    && self.longer_name_follows(doc, consumed, i + alias.words.len(), false))
            });
            match found {
                Some(alias) => {
                    let last = i + alias.words.len();
                    consumed[i..last].iter_mut().for_each(|c| *c = true);
                    matches.push(Match {
                        first: i,
                        last,
                        target: alias.target.clone(),
                    });
                    i = last;
                }
                None => i += 1,
            }
        }
        matches
    }

    fn match_fuzzy_surnames(&self, doc: &Doc, consumed: &mut [bool]) -> Vec<Match> {
        let mut matches = Vec::new();
        for (i, token) in doc.tokens.iter().enumerate() {
            if consumed[i]
                || !token.capitalised
                || token.folded.chars().count() < 5
                || self.lex.place_stopwords.contains(&token.folded)
            {
                continue;
            }
            // "Mehriban Aliyeva" is someone else than "Aliyev".
            if i > 0
                && token.gap == Gap::Space
                && doc.tokens[i - 1].capitalised
                && !consumed[i - 1]
                && !self.lex.titles.contains(&doc.tokens[i - 1].folded)
                && !self.is_stopword(doc, i - 1)
            {
                continue;
            }
            let first = token.folded.chars().next();
            let best = self
                .surnames
                .iter()
                .filter(|(surname, _)| surname.chars().next() == first)
                .map(|(surname, id)| (strsim::jaro_winkler(surname, &token.folded), id))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((score, id)) = best {
                if score >= FUZZY_SURNAME_THRESHOLD {
                    consumed[i] = true;
                    matches.push(Match {
                        first: i,
                        last: i + 1,
                        target: Target::Entity(id.clone()),
                    });
                }
            }
        }
        matches
    }

    /// Capitalised runs that are people's names: a given name and a surname,
    /// or a title before two or three capitalised words. Returned only when
    /// a title vouches for them; consumed in any case, so that no place is
    /// read into a name.
    fn match_unknown_people(
        &self,
        doc: &Doc,
        consumed: &mut [bool],
    ) -> Vec<(usize, usize, String)> {
        let tokens = doc.tokens;
        let mut people = Vec::new();
        let mut surnames: HashSet<String> = HashSet::new();
        let mut i = 0;
        while i < tokens.len() {
            if consumed[i] || !tokens[i].capitalised || tokens[i].all_caps {
                i += 1;
                continue;
            }
            let mut last = i + 1;
            while last < tokens.len()
                && last - i < 3
                && !consumed[last]
                && tokens[last].capitalised
                && !tokens[last].all_caps
                // "Smith-Jones" is one name; "Mr Trump - Wisconsin" is a
                // dash, or Wisconsin became the surname of "Trump - Wisconsin".
                && (tokens[last].gap == Gap::Space
                    || (tokens[last].gap == Gap::Hyphen
                        && &doc.text[tokens[last - 1].byte_end..tokens[last].byte_start] == "-"))
                && !self.lex.place_stopwords.contains(&tokens[last].folded)
            {
                last += 1;
            }
            // "Carey L. Biron": a name, a middle initial and a name.
            let initialled = last == i + 2
                && tokens[i].end - tokens[i].start > 1
                && tokens[i + 1].end - tokens[i + 1].start == 1
                && tokens.get(i + 2).is_some_and(|t| {
                    t.capitalised
                        && !t.all_caps
                        && !consumed[i + 2]
                        && &doc.text[tokens[i + 1].byte_end..t.byte_start] == ". "
                });
            if initialled {
                last = i + 3;
            }
            if last - i < 2 {
                i += 1;
                continue;
            }
            let titled = i > 0
                && matches!(tokens[i].gap, Gap::Space | Gap::Comma)
                && self.lex.titles.contains(&tokens[i - 1].folded);
            let given = self.lex.given_names.contains(&tokens[i].folded) || initialled;
            if titled || given {
                consumed[i..last].iter_mut().for_each(|c| *c = true);
                surnames.insert(tokens[last - 1].folded.clone());
                if titled && !doc.headline[doc.sentence_of[i]] {
                    let name = doc.text_of(i, last);
                    people.push((i, last, name));
                }
                i = last;
            } else {
                i += 1;
            }
        }
        // "Pamela Anderson ... Anderson said": the surname alone is her too,
        // not Anderson, South Carolina.
        if !surnames.is_empty() {
            for (token, used) in tokens.iter().zip(consumed.iter_mut()) {
                if !*used && token.capitalised && surnames.contains(&token.folded) {
                    *used = true;
                }
            }
        }
        people
    }

    fn emit_pack_match(&self, doc: &Doc, m: &Match, all: &[Match], out: &mut Output) {
        match &m.target {
            Target::Entity(id) => {
                let Some(entity) = self.entities.get(id) else {
                    return;
                };
                let role = match entity.kind {
                    EntityKind::Place => MentionRole::Place,
                    _ => MentionRole::Actor,
                };
                out.push(doc, entity.clone(), m.first, m.last, role);
            }
            Target::CountryName(code) | Target::Demonym(code) => {
                let Some(country) = self.entities.get(&format!("country:{code}")) else {
                    return;
                };
                if let Some(force_end) = self.force_noun_after(doc, m, all) {
                    out.push(doc, country.clone(), m.first, m.last, MentionRole::Demonym);
                    let forces = self.armed_forces_of(code);
                    let end = force_end.max(m.last);
                    out.push(doc, forces, m.first, end, MentionRole::Actor);
                    return;
                }
                let role = if matches!(m.target, Target::Demonym(_)) {
                    MentionRole::Demonym
                } else if self.preceded_by_locative(doc, m.first) {
                    MentionRole::Place
                } else {
                    MentionRole::Actor
                };
                out.push(doc, country.clone(), m.first, m.last, role);
            }
            Target::Metonym { code, capital } => {
                let Some(country) = self.entities.get(&format!("country:{code}")) else {
                    return;
                };
                // "Washington state", "the state of Washington", "Oregon and
                // Washington": the province that shares the capital's name.
                if let Some(province) = self.province_reading(doc, m, code) {
                    out.push(
                        doc,
                        place_entity(province),
                        m.first,
                        m.last,
                        MentionRole::Place,
                    );
                    return;
                }
                // "a ceremony at the White House", "talks in the Kremlin":
                // a locative says the building, which the gazetteer holds
                // as a landmark; acting, it stays the country. A capital
                // after a locative, or not acting, is the city.
                let locative = self.preceded_by_locative(doc, m.first);
                let place = if *capital {
                    (locative || !self.metonym_acts(doc, m.last, all))
                        .then(|| self.capital_place(&doc.text_of(m.first, m.last), code))
                        .flatten()
                } else if locative {
                    self.landmark_place(&doc.text_of(m.first, m.last), code)
                } else {
                    None
                };
                if let Some(place) = place {
                    out.push(
                        doc,
                        place_entity(place),
                        m.first,
                        m.last,
                        MentionRole::Place,
                    );
                    return;
                }
                if *capital && locative {
                    return;
                }
                out.push(doc, country.clone(), m.first, m.last, MentionRole::Actor);
            }
        }
    }

    /// The province of country `code` that a capital metonym names instead
    /// of the capital, when the text says so: "state" after it or "state of"
    /// before it, or a list that joins it with another province of the same
    /// country by "and" / "or" ("Oregon and Washington", "California or
    /// Washington"). Without such a cue the capital stands.
    fn province_reading(&self, doc: &Doc, m: &Match, code: &str) -> Option<&Place> {
        let province = self
            .gazetteer
            .lookup_key(&doc.key(m.first, m.last))
            .find(|p| p.feature == Feature::Admin1 && p.country == code)?;
        let tokens = doc.tokens;
        let word = |i: usize| tokens.get(i).map(|t| t.folded.as_str());
        let spaced = |i: usize| tokens.get(i).is_some_and(|t| t.gap == Gap::Space);
        let state_after = spaced(m.last) && word(m.last) == Some("state");
        let state_of_before = m.first >= 2
            && spaced(m.first)
            && spaced(m.first - 1)
            && word(m.first - 1) == Some("of")
            && word(m.first - 2) == Some("state");
        if state_after || state_of_before {
            return Some(province);
        }
        let is_province = |first: usize, last: usize| {
            first < last
                && last <= tokens.len()
                && tokens[first..last].iter().all(|t| t.capitalised)
                && tokens[first + 1..last].iter().all(|t| t.gap == Gap::Space)
                && self
                    .gazetteer
                    .lookup_key(&doc.key(first, last))
                    .any(|p| p.feature == Feature::Admin1 && p.country == code)
        };
        let joined = |i: usize| spaced(i) && matches!(word(i), Some("and" | "or"));
        // "Oregon and Washington", "New Mexico or Washington".
        if m.first >= 2 && spaced(m.first) && joined(m.first - 1) {
            let end = m.first - 1;
            if (1..=2).any(|n| end >= n && is_province(end - n, end)) {
                return Some(province);
            }
        }
        // "Washington and Oregon".
        if joined(m.last) && spaced(m.last + 1) {
            let start = m.last + 1;
            if (1..=2).any(|n| is_province(start, start + n)) {
                return Some(province);
            }
        }
        None
    }

    fn landmark_place(&self, name: &str, code: &str) -> Option<&Place> {
        self.gazetteer
            .lookup_key(&name_key(name))
            .find(|p| p.country == code && p.feature == Feature::Landmark)
    }

    fn capital_place(&self, name: &str, code: &str) -> Option<&Place> {
        self.gazetteer
            .lookup_key(&name_key(name))
            .filter(|p| p.country == code && p.feature != Feature::Country)
            .max_by_key(|p| (p.feature == Feature::City, p.population))
    }

    fn preceded_by_locative(&self, doc: &Doc, first: usize) -> bool {
        let mut i = first;
        // Skip an article: "in the Kremlin".
        while i > 0 {
            let previous = &doc.tokens[i - 1];
            if doc.tokens[i].gap != Gap::Space {
                return false;
            }
            if previous.folded == "the" {
                i -= 1;
                continue;
            }
            return self.lex.locatives.contains(&previous.folded);
        }
        false
    }

    /// Whether a metonym ending at token `at` is the subject of a verb, or
    /// possessive ("Moscow's position").
    fn metonym_acts(&self, doc: &Doc, at: usize, all: &[Match]) -> bool {
        let tokens = doc.tokens;
        let mut j = at;
        if j < tokens.len() && tokens[j].gap == Gap::Apostrophe && tokens[j].folded == "s" {
            return true;
        }
        let mut skipped = 0;
        while j < tokens.len() && skipped < 3 {
            let token = &tokens[j];
            if !matches!(token.gap, Gap::Space | Gap::Comma) {
                return false;
            }
            if self.lex.verbs.contains(&token.folded) && !token.capitalised {
                return true;
            }
            if self.lex.adverbs.contains(&token.folded) {
                j += 1;
                skipped += 1;
                continue;
            }
            // "Yerevan and Baku said": skip the coordinated actor.
            if token.folded == "and" {
                if let Some(next) = all.iter().find(|m| m.first == j + 1) {
                    j = next.last;
                    skipped += 1;
                    continue;
                }
            }
            return false;
        }
        false
    }

    /// End token of a force noun after a country or demonym match ("Armenian
    /// soldiers", "Armenian and Azerbaijani forces").
    fn force_noun_after(&self, doc: &Doc, m: &Match, all: &[Match]) -> Option<usize> {
        if let Some(end) = self.force_noun_at(doc, m.last) {
            return Some(end);
        }
        let tokens = doc.tokens;
        let j = m.last;
        if j < tokens.len() && tokens[j].folded == "and" && tokens[j].gap == Gap::Space {
            let next = all.iter().find(|n| n.first == j + 1)?;
            if matches!(next.target, Target::Demonym(_) | Target::CountryName(_))
                && self.force_noun_at(doc, next.last).is_some()
            {
                return Some(m.last);
            }
        }
        None
    }

    fn force_noun_at(&self, doc: &Doc, at: usize) -> Option<usize> {
        let tokens = doc.tokens;
        let starts = [at, at + 1];
        for (n, &start) in starts.iter().enumerate() {
            if start >= tokens.len() {
                return None;
            }
            if n == 1
                && (!self.lex.force_modifiers.contains(&tokens[at].folded)
                    || tokens[at].gap != Gap::Space)
            {
                return None;
            }
            for noun in &self.lex.force_nouns {
                let fits = noun.iter().enumerate().all(|(k, word)| {
                    tokens.get(start + k).is_some_and(|t| {
                        &t.folded == word && matches!(t.gap, Gap::Space | Gap::Hyphen)
                    })
                });
                if fits {
                    return Some(start + noun.len());
                }
            }
        }
        None
    }

    fn match_gazetteer(
        &self,
        doc: &Doc,
        consumed: &mut [bool],
        focus: &mut HashSet<String>,
        pack_matches: &[Match],
        out: &mut Output,
    ) -> Vec<bool> {
        // Pack country names read as a province instead ("Georgia" in a
        // story about Atlanta).
        let mut read_as_places = vec![false; pack_matches.len()];
        if self.gazetteer.is_empty() {
            return read_as_places;
        }
        let tokens = doc.tokens;
        // Spans first, decisions after: the admin1 names and countries of
        // the whole article inform every decision.
        let mut spans: Vec<(usize, usize, Vec<&Place>)> = Vec::new();
        // For each span, the pack match it came from, if any.
        let mut from_pack: Vec<Option<usize>> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if !self.gazetteer_candidate_start(doc, consumed, i) {
                i += 1;
                continue;
            }
            if let Some((last, place)) = self.region_abbreviation_at(doc, consumed, i) {
                spans.push((i, last, vec![place]));
                from_pack.push(None);
                i = last;
                continue;
            }
            let mut run = i + 1;
            while run < tokens.len()
                && run - i < GAZETTEER_MAX_WORDS
                && !consumed[run]
                && (matches!(tokens[run].gap, Gap::Space | Gap::Hyphen)
                    || abbreviation_stop(doc, run)
                    // Scholarly romanisations write an aspiration mark
                    // where a space was lost ("Vayoc'Jor" = "Vayocʿ Jor"):
                    // an apostrophe before a capital joins two name words,
                    // unlike the lower-case "Russia's".
                    || tokens[run].gap == Gap::Apostrophe && tokens[run].capitalised
                    || possessive_s(&tokens[run]))
            {
                if tokens[run].capitalised {
                    run += 1;
                } else if possessive_s(&tokens[run])
                    && run + 1 < tokens.len()
                    && run + 1 - i < GAZETTEER_MAX_WORDS
                    && !consumed[run + 1]
                    && tokens[run + 1].capitalised
                    && tokens[run + 1].gap == Gap::Space
                {
                    // "St. Peter's Square": a possessive inside a name the
                    // gazetteer holds whole; a shorter match still wins
                    // where it does not ("Russia's Putin" is Russia).
                    run += 2;
                } else if run + 1 < tokens.len()
                    && run + 1 - i < GAZETTEER_MAX_WORDS
                    && NAME_PARTICLES.contains(&tokens[run].folded.as_str())
                    && !consumed[run + 1]
                    && tokens[run + 1].capitalised
                    && matches!(tokens[run + 1].gap, Gap::Space | Gap::Hyphen)
                {
                    // "Dar es Salaam", "Rio de Janeiro", "Newcastle upon
                    // Tyne": a lower-case particle inside a name.
                    run += 2;
                } else {
                    break;
                }
            }
            // "Barrow, Jackson and Madison counties": each name is a county.
            if let Some(last) = self.county_list_name(doc, consumed, i) {
                let key = format!("{} county", doc.key(i, last));
                let counties: Vec<&Place> = self
                    .gazetteer
                    .lookup_key(&key)
                    .filter(|p| p.feature == Feature::County)
                    .collect();
                if !counties.is_empty() {
                    spans.push((i, last, counties));
                    from_pack.push(None);
                }
                i = last;
                continue;
            }
            // "Cherry Hinton", "Lake Vermont": a name inside a longer one
            // is not the place it names alone.
            if self.inside_longer_name(doc, consumed, i) {
                i = run;
                continue;
            }
            let mut found = None;
            let mut demonym_end = None;
            for last in (i + 1..=run).rev() {
                if last - i == 1 && self.is_stopword(doc, i) {
                    continue;
                }
                let key = doc.key(i, last);
                let places: Vec<&Place> = self.gazetteer.lookup_key(&key).collect();
                // "Canadian" is an adjective, not Canadian, Texas: a country's
                // demonym (or its plural) is no place unless a province or a
                // big city bears the name.
                if let Some(code) = self.demonym_of(&key).map(str::to_owned) {
                    let major = places.iter().any(|p| {
                        !matches!(p.feature, Feature::City)
                            || p.population >= DEMONYM_PLACE_MIN_POPULATION
                    });
                    if !major {
                        // The country it is the adjective of, as a modifier.
                        if let Some(country) = self.country(&code) {
                            out.push(doc, country, i, last, MentionRole::Demonym);
                            consumed[i..last].iter_mut().for_each(|c| *c = true);
                            demonym_end = Some(last);
                            break;
                        }
                        continue;
                    }
                }
                if !places.is_empty() {
                    found = Some((last, places));
                    break;
                }
            }
            if let Some(last) = demonym_end {
                i = last;
                continue;
            }
            match found {
                // "Carnegie Library", "Florida Atlantic University": the
                // start of a longer name is not the place it names alone.
                Some((last, ref places))
                    if self.longer_name_follows(
                        doc,
                        consumed,
                        last,
                        // "Mexico's Club America": a country or province
                        // owns the landmark and is still named.
                        !places.iter().any(|p| {
                            matches!(
                                p.feature,
                                Feature::Country
                                    | Feature::Admin1
                                    | Feature::Continent
                                    | Feature::Water
                            )
                        }),
                    ) =>
                {
                    i = run.max(last + 1);
                }
                Some((last, places)) => {
                    spans.push((i, last, places));
                    from_pack.push(None);
                    i = last;
                }
                None => i += 1,
            }
        }
        // Pack matches per country and name: a country name is the country
        // for sure when the article also names it otherwise.
        let mut pack_names: HashMap<String, HashSet<String>> = HashMap::new();
        for m in pack_matches {
            if let Some(code) = self.country_of_target(&m.target) {
                pack_names
                    .entry(code)
                    .or_default()
                    .insert(doc.key(m.first, m.last));
            }
        }
        for (index, m) in pack_matches.iter().enumerate() {
            let Target::CountryName(code) = &m.target else {
                continue;
            };
            let key = doc.key(m.first, m.last);
            let vouched = pack_names
                .get(code)
                .is_some_and(|names| names.iter().any(|n| *n != key));
            if vouched {
                continue;
            }
            let Some(country) = self.gazetteer.country(code) else {
                continue;
            };
            let mut places: Vec<&Place> = vec![country];
            places.extend(
                self.gazetteer
                    .lookup_key(&key)
                    .filter(|p| p.feature == Feature::Admin1 && p.country != *code),
            );
            if places.len() > 1 {
                spans.push((m.first, m.last, places));
                from_pack.push(Some(index));
            }
        }
        // Provinces the article names, as (country, folded name), with the
        // span that names them: a city in one of them is the likelier namesake.
        let mut admin1_named = NameSpans::default();
        for m in pack_matches {
            if let Target::Entity(id) = &m.target {
                if let Some(entity) = self.entities.get(id) {
                    if entity.precision == Some(LocationPrecision::Admin1) {
                        let country = entity.country.as_deref().unwrap_or("");
                        admin1_named.add(country, name_key(&entity.name), usize::MAX);
                        if let Some(admin1) = &entity.admin1 {
                            admin1_named.add(country, name_key(admin1), usize::MAX);
                        }
                    }
                }
            }
        }
        // The same name written several times is one toponym, for voting.
        let mut span_keys: Vec<usize> = Vec::with_capacity(spans.len());
        let mut key_texts: HashMap<String, usize> = HashMap::new();
        for (first, last, places) in &spans {
            let next = key_texts.len();
            let index = *key_texts.entry(doc.key(*first, *last)).or_insert(next);
            span_keys.push(index);
            for place in places {
                if place.feature == Feature::Admin1 {
                    admin1_named.add(&place.country, name_key(&place.name), index);
                }
            }
        }
        let mut cues: Vec<Cue> = spans
            .iter()
            .map(|(first, last, _)| self.place_cue(doc, *first, *last))
            .collect();
        // A name once written as a town (after a street address, in a
        // dateline) is that town wherever the article repeats it.
        let towns: HashSet<usize> = (0..spans.len())
            .filter(|&s| cues[s].town)
            .map(|s| span_keys[s])
            .collect();
        let town_modified: HashSet<usize> = (0..spans.len())
            .filter(|&s| cues[s].town_modifier)
            .map(|s| span_keys[s])
            .collect();
        for (cue, key) in cues.iter_mut().zip(&span_keys) {
            if towns.contains(key) {
                cue.town = true;
                cue.strong = true;
            }
            if town_modified.contains(key) {
                cue.town_modifier = true;
            }
        }
        // First reading: each name on its own, by the countries the article
        // names, its provinces, feature class and population.
        // Spans that read alike (same name, cue and origin) score alike:
        // score each once, so that a page repeating a name stays linear.
        // The candidates too: "Madison" before "counties" reads differently.
        let mut first_alike: HashMap<(usize, bool, bool, usize, usize), usize> = HashMap::new();
        let alike: Vec<usize> = (0..spans.len())
            .map(|s| {
                let places = &spans[s].2;
                let signature = (
                    span_keys[s],
                    cues[s].admin,
                    from_pack[s].is_some(),
                    places.len(),
                    places.first().map_or(0, |p| *p as *const Place as usize),
                );
                *first_alike.entry(signature).or_insert(s)
            })
            .collect();
        // "Athens, Ga.", "Newton County, Georgia", "Toronto, Canada": the
        // province or country written after a name and a comma, per name.
        let by_first: HashMap<usize, usize> = spans
            .iter()
            .enumerate()
            .map(|(s, (first, _, _))| (*first, s))
            .collect();
        let mut qualified: HashMap<usize, Vec<(&str, String)>> = HashMap::new();
        for (s, (_, last, _)) in spans.iter().enumerate() {
            if tokens.get(*last).is_none_or(|t| t.gap != Gap::Comma) {
                continue;
            }
            let slot = qualified.entry(span_keys[s]).or_default();
            if let Some(&next) = by_first.get(last) {
                for place in &spans[next].2 {
                    match place.feature {
                        Feature::Admin1 => {
                            slot.push((place.country.as_str(), name_key(&place.name)))
                        }
                        Feature::Country => slot.push((place.country.as_str(), String::new())),
                        _ => {}
                    }
                }
            }
            for m in pack_matches.iter().filter(|m| m.first == *last) {
                if let Target::CountryName(code) = &m.target {
                    slot.push((code.as_str(), String::new()));
                }
            }
        }
        let key_text: Vec<String> = spans
            .iter()
            .map(|(first, last, _)| doc.key(*first, *last))
            .collect();
        let base: Vec<Vec<f64>> = spans
            .iter()
            .zip(&span_keys)
            .zip(&cues)
            .zip(&from_pack)
            .enumerate()
            .map(|(s, ((((_, _, places), &key), cue), pack))| {
                if alike[s] != s {
                    return Vec::new();
                }
                let town_candidate = places.iter().any(|p| p.feature == Feature::City);
                let big_province = places.iter().any(|p| {
                    p.feature == Feature::Admin1 && p.population >= BIG_PROVINCE_POPULATION
                });
                places
                    .iter()
                    .map(|place| {
                        let mut score = 0.0;
                        // "in New York" is no cue for the city; "the city of",
                        // a dateline or "New York mayor" is.
                        let city_cue = cue.town || cue.town_modifier || (cue.strong && !cue.admin);
                        if place.feature == Feature::Admin1
                            && !city_cue
                            && places.iter().any(|city| {
                                city.feature == Feature::City
                                    && city.country == place.country
                                    && city.admin1.as_deref().map(name_key)
                                        == Some(name_key(&place.name))
                                    && name_key(&city.name) != key_text[s]
                            })
                        {
                            score += CONTAINING_ADMIN1_BONUS;
                        }
                        // A pack country name is in `focus` by itself alone.
                        let own_name = pack.is_some() && place.feature == Feature::Country;
                        if focus.contains(&place.country) && !own_name {
                            score += FOCUS_BONUS;
                        }
                        match place.feature {
                            // A street address or a dateline names a town.
                            Feature::Country | Feature::Admin1 | Feature::Admin2
                                if cue.town && town_candidate =>
                            {
                                score -= TOWN_CUE_PENALTY
                            }
                            Feature::Country if cue.town_modifier && town_candidate => {
                                score -= TOWN_CUE_PENALTY
                            }
                            Feature::Country => score += COUNTRY_BONUS,
                            Feature::Admin1 if cue.admin => score += 3.0,
                            Feature::Admin1 => score += ADMIN1_BONUS,
                            Feature::Admin2 if cue.admin => score += 3.0,
                            Feature::Admin2 => score += ADMIN2_BONUS,
                            // Only "X County" reaches a county: it is what it says.
                            Feature::County | Feature::Continent => score += COUNTRY_BONUS,
                            Feature::Water => score += WATER_BONUS,
                            Feature::Landmark => score += LANDMARK_BONUS,
                            Feature::City => {}
                        }
                        if matches!(
                            place.feature,
                            Feature::City | Feature::County | Feature::Admin1 | Feature::Admin2
                        ) {
                            if let Some(list) = qualified.get(&key) {
                                let admin1 = place.admin1.as_deref().map(name_key);
                                if list
                                    .iter()
                                    .any(|(c, a)| *c == place.country && Some(a) == admin1.as_ref())
                                {
                                    score += QUALIFIED_BONUS;
                                } else if list
                                    .iter()
                                    .any(|(c, a)| *c == place.country && a.is_empty())
                                {
                                    score += QUALIFIED_COUNTRY_BONUS;
                                }
                            }
                        }
                        // "Liverpool" is Liverpool before it is a former name
                        // of Washington, Indiana.
                        // A world city keeps its short name ("New York").
                        // "Newcastle" for Newcastle upon Tyne is its short
                        // form, not a former name.
                        if place.feature == Feature::City
                            && place.population < WORLD_CITY_POPULATION
                            && name_key(&place.name) != key_text[s]
                            && !short_form_of(&name_key(&place.name), &key_text[s])
                        {
                            score += ALTERNATE_NAME_BONUS;
                        }
                        // "England" is England before England, Arkansas.
                        if place.feature == Feature::City
                            && big_province
                            && place.population < SMALL_TOWN_POPULATION
                            && !cue.town
                            && !cue.strong
                        {
                            score -= SMALL_TOWN_PENALTY;
                        }
                        if place.feature == Feature::City {
                            if let Some(admin1) = &place.admin1 {
                                let admin1 = name_key(admin1);
                                if admin1_named.other_than(&place.country, admin1, key) {
                                    score += NAMED_ADMIN1_BONUS;
                                }
                            }
                        }
                        if place.feature == Feature::City
                            && place.population >= WORLD_CITY_POPULATION
                        {
                            score += WORLD_CITY_BONUS;
                        }
                        score + ((place.population + 1) as f64).log10() * POPULATION_WEIGHT
                    })
                    .collect()
            })
            .collect();
        let pick = |scores: &[Vec<f64>]| -> Vec<usize> {
            scores
                .iter()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .max_by(|a, b| a.1.total_cmp(b.1))
                        .map(|(i, _)| i)
                        .unwrap_or(0)
                })
                .collect()
        };
        let pick_all = |scores: &[Vec<f64>]| -> Vec<usize> {
            let mut chosen = pick(scores);
            for s in 0..chosen.len() {
                chosen[s] = chosen[alike[s]];
            }
            chosen
        };
        let mut chosen = pick_all(&base);
        // Names that can be read as a country, province, continent or sea:
        // the home region does not pull those towards a town.
        let town_only: Vec<bool> = spans
            .iter()
            .map(|(_, _, places)| {
                !places.iter().any(|p| {
                    matches!(
                        p.feature,
                        Feature::Country
                            | Feature::Admin1
                            | Feature::Continent
                            | Feature::Water
                            | Feature::Landmark
                    )
                })
            })
            .collect();
        // Then the document: a reading that puts a name in the same country
        // as the article's other places, or near them, wins. Two rounds let
        // a confident name pull an ambiguous one, then settle.
        let mut votes: Vec<HashMap<&str, HashSet<usize>>> = Vec::new();
        for _ in 0..2 {
            // Per country, the distinct names placed in it.
            let mut by_country: HashMap<&str, HashSet<usize>> = HashMap::new();
            let mut points: Vec<(usize, f64, f64)> = Vec::new();
            // Provinces of the cities placed so far, with the naming span.
            let mut holding = NameSpans::default();
            // Per province, the distinct names placed in it (towns, counties
            // and the province itself): the document's home region.
            let mut by_admin1: HashMap<(&str, String), HashSet<usize>> = HashMap::new();
            for (s, (_, _, places)) in spans.iter().enumerate() {
                if alike[s] != s {
                    continue; // its twin speaks for it
                }
                let place = places[chosen[s]];
                if place.feature == Feature::City {
                    if let Some(admin1) = &place.admin1 {
                        holding.add(&place.country, name_key(admin1), span_keys[s]);
                    }
                }
                if matches!(
                    place.feature,
                    Feature::City | Feature::County | Feature::Admin1 | Feature::Admin2
                ) {
                    if let Some(admin1) = &place.admin1 {
                        by_admin1
                            .entry((place.country.as_str(), name_key(admin1)))
                            .or_default()
                            .insert(span_keys[s]);
                    }
                }
                by_country
                    .entry(place.country.as_str())
                    .or_default()
                    .insert(span_keys[s]);
                if !matches!(
                    place.feature,
                    Feature::Country | Feature::Continent | Feature::Water
                ) {
                    points.push((span_keys[s], place.lat, place.lon));
                }
            }
            points.sort_by_key(|p| p.0);
            points.dedup_by_key(|p| p.0);
            // Bounded, so that a huge page stays linear: the first distinct
            // toponyms are context enough.
            points.truncate(MAX_CONTEXT_POINTS);
            let scores: Vec<Vec<f64>> = spans
                .iter()
                .enumerate()
                .map(|(s, (_, _, places))| {
                    if alike[s] != s {
                        return Vec::new();
                    }
                    let key = span_keys[s];
                    places
                        .iter()
                        .zip(&base[s])
                        .map(|(place, &score)| {
                            let others = by_country
                                .get(place.country.as_str())
                                .map(|names| names.len() - usize::from(names.contains(&key)))
                                .unwrap_or(0);
                            let mut score = score + CONTEXT_COUNTRY_BONUS * (others.min(3) as f64);
                            if !matches!(
                                place.feature,
                                Feature::Country | Feature::Continent | Feature::Water
                            ) {
                                let near = points
                                    .iter()
                                    .filter(|p| p.0 != key)
                                    .filter(|p| {
                                        distance_km(place.lat, place.lon, p.1, p.2) <= NEAR_KM
                                    })
                                    .count();
                                score += NEAR_BONUS * (near.min(3) as f64);
                            }
                            if town_only[s]
                                && matches!(
                                    place.feature,
                                    Feature::City | Feature::County | Feature::Admin2
                                )
                            {
                                if let Some(admin1) = &place.admin1 {
                                    let home = by_admin1
                                        .get(&(place.country.as_str(), name_key(admin1)))
                                        .map(|names| {
                                            names.len() - usize::from(names.contains(&key))
                                        })
                                        .unwrap_or(0);
                                    score += HOME_ADMIN1_BONUS * (home.min(3) as f64);
                                }
                            }
                            if place.feature == Feature::Admin1 {
                                let name = name_key(&place.name);
                                if holding.other_than(&place.country, name, key) {
                                    score += NAMED_ADMIN1_BONUS;
                                }
                            }
                            score
                        })
                        .collect()
                })
                .collect();
            chosen = pick_all(&scores);
            votes.push(by_country);
        }
        let by_country = votes.pop().unwrap_or_default();
        for (s, (first, last, places)) in spans.into_iter().enumerate() {
            let place = places[chosen[s]];
            if let Some(index) = from_pack[s] {
                if place.feature == Feature::Country {
                    continue; // the pack match stands
                }
                read_as_places[index] = true;
            }
            let cue = cues[s];
            // "Laurel County" outside the US counties the gazetteer has: the
            // county is not its namesake town.
            if place.feature == Feature::City
                && doc
                    .tokens
                    .get(last)
                    .is_some_and(|t| matches!(t.folded.as_str(), "county" | "parish"))
            {
                continue;
            }
            // "Suffolk, England" with no Suffolk in England: not Suffolk, Virginia.
            if let Some(list) = qualified.get(&span_keys[s]) {
                if !list.is_empty()
                    && matches!(
                        place.feature,
                        Feature::City | Feature::County | Feature::Admin2
                    )
                    && !list.iter().any(|(c, _)| *c == place.country)
                {
                    continue;
                }
            }
            let headline = doc.headline[doc.sentence_of[first]];
            let others_here = by_country
                .get(place.country.as_str())
                .is_some_and(|names| names.len() > usize::from(names.contains(&span_keys[s])));
            let accepted = if focus.contains(&place.country) || others_here {
                !(headline
                    && place.feature == Feature::City
                    && place.population < 1000
                    && !cue.any())
            } else {
                matches!(
                    place.feature,
                    Feature::Country
                        | Feature::Continent
                        | Feature::County
                        | Feature::Water
                        | Feature::Landmark
                ) || cue.strong
                    || (cue.weak && place.population >= FAR_PLACE_WEAK_CUE_POPULATION)
                    || place.population >= FAR_PLACE_MIN_POPULATION
            };
            if !accepted {
                continue;
            }
            consumed[first..last].iter_mut().for_each(|c| *c = true);
            let role =
                if place.feature == Feature::Country && !self.preceded_by_locative(doc, first) {
                    MentionRole::Actor
                } else {
                    MentionRole::Place
                };
            let entity = match place.feature {
                Feature::Country => self
                    .country(&place.country)
                    .unwrap_or_else(|| place_entity(place)),
                _ => place_entity(place),
            };
            out.push(doc, entity, first, last, role);
        }
        read_as_places
    }

    /// The end of the name starting at token `i` when it is one of a list
    /// that ends in "counties" ("Camden and Charlton counties").
    fn county_list_name(&self, doc: &Doc, consumed: &[bool], i: usize) -> Option<usize> {
        let tokens = doc.tokens;
        let name_end = |start: usize| {
            let mut end = start;
            while end < tokens.len()
                && !consumed[end]
                && tokens[end].capitalised
                && (end == start || matches!(tokens[end].gap, Gap::Space | Gap::Hyphen))
            {
                end += 1;
            }
            end
        };
        let first_end = name_end(i);
        if first_end == i {
            return None;
        }
        let mut j = first_end;
        for _ in 0..12 {
            let token = tokens.get(j)?;
            match token.folded.as_str() {
                "counties" if token.gap == Gap::Space => return Some(first_end),
                "and" | "or" if matches!(token.gap, Gap::Space | Gap::Comma) => {
                    let next = name_end(j + 1);
                    if next == j + 1 || tokens[j + 1].gap != Gap::Space {
                        return None;
                    }
                    j = next;
                }
                _ if token.gap == Gap::Comma && token.capitalised => {
                    let next = name_end(j);
                    j = next;
                }
                _ => return None,
            }
        }
        None
    }

    /// Whether the capitalised word at `i` continues a longer name that
    /// starts with a word no gazetteer entry begins ("Cherry Hinton Hall",
    /// "Lake Vermont"): outside headlines, where every word is capitalised,
    /// and after the first word of a sentence.
    fn inside_longer_name(&self, doc: &Doc, consumed: &[bool], i: usize) -> bool {
        if i == 0 || doc.tokens[i].gap != Gap::Space {
            return false;
        }
        let previous = &doc.tokens[i - 1];
        previous.capitalised
            && !previous.all_caps
            && !consumed[i - 1]
            && !doc.headline[doc.sentence_of[i]]
            && !doc.sentence_initial(i - 1)
            && !previous.after_quote
            && !self.is_stopword(doc, i - 1)
            && !self.lex.titles.contains(&previous.folded)
    }

    /// Whether the name that ends before token `at` goes on into a smaller
    /// place's name ("Royal Street", "Carnegie Library": one of the
    /// lexicon's `landmark_nouns`, capitalised). "Dublin City Council" or
    /// "Lebanon Police" still name the town.
    ///
    /// With `possessive`, a possessive before the noun names an owner, not
    /// a place: "St. Peter's Basilica" is in Rome, not Saint Peter,
    /// Minnesota.
    fn longer_name_follows(
        &self,
        doc: &Doc,
        consumed: &[bool],
        at: usize,
        possessive: bool,
    ) -> bool {
        let tokens = doc.tokens;
        let at = if possessive
            && tokens
                .get(at)
                .is_some_and(|t| t.gap == Gap::Apostrophe && t.folded == "s")
        {
            at + 1
        } else {
            at
        };
        tokens.get(at).is_some_and(|next| {
            next.gap == Gap::Space
                && next.capitalised
                && !consumed[at]
                && self.lex.landmark_nouns.contains(&next.folded)
        })
    }

    /// A province abbreviation starting at token `i` ("Pa." after "Harrisburg,";
    /// "W.Va." or "N.Y." anywhere but after a number, which makes "500 B.C."
    /// a year), with the token after it and the province it names.
    fn region_abbreviation_at(
        &self,
        doc: &Doc,
        consumed: &[bool],
        i: usize,
    ) -> Option<(usize, &Place)> {
        let tokens = doc.tokens;
        let mut run = i + 1;
        while run < tokens.len() && run - i < 4 && tokens[run].gap == Gap::Period && !consumed[run]
        {
            run += 1;
        }
        for last in (i + 1..=run).rev() {
            if !doc.text[tokens[last - 1].byte_end..].starts_with('.') {
                continue;
            }
            let dotted = last - i >= 2;
            if dotted {
                let after_number = i > 0
                    && tokens[i - 1]
                        .folded
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit());
                if after_number {
                    continue;
                }
            } else if tokens[i].gap != Gap::Comma {
                continue;
            }
            let Some((country, admin1)) = self.gazetteer.region_abbreviation(&doc.key(i, last))
            else {
                continue;
            };
            let key = name_key(admin1);
            let place = self.gazetteer.lookup_key(&key).find(|p| {
                p.feature == Feature::Admin1 && p.country == country && name_key(&p.name) == key
            });
            if let Some(place) = place {
                return Some((last, place));
            }
        }
        None
    }

    /// The country whose demonym (or its plural) a folded key is, by the
    /// gazetteer's list for every country (the pack's own demonyms are
    /// matched before the gazetteer is).
    fn demonym_of(&self, key: &str) -> Option<&str> {
        let known = |k: &str| self.gazetteer.demonym_country(k);
        known(key).or_else(|| key.strip_suffix('s').and_then(known))
    }

    fn is_stopword(&self, doc: &Doc, i: usize) -> bool {
        let token = &doc.tokens[i];
        // Two-letter words are abbreviations and function words far more
        // often than villages.
        if self.lex.place_stopwords.contains(&token.folded) {
            return true;
        }
        if token.end - token.start < 3 {
            // ... except a country's capitalised abbreviation ("UK") outside
            // a headline in capitals.
            let text = &doc.text[token.byte_start..token.byte_end];
            let abbreviation = text.len() == 2
                && text.bytes().all(|b| b.is_ascii_uppercase())
                && !doc.headline[doc.sentence_of[i]];
            return !(abbreviation
                && self
                    .gazetteer
                    .lookup_key(&token.folded)
                    .any(|p| p.feature == Feature::Country));
        }
        let initial =
            doc.sentence_initial(i) || token.after_quote || doc.headline[doc.sentence_of[i]];
        initial && self.lex.initial_stopwords.contains(&token.folded)
    }

    fn gazetteer_candidate_start(&self, doc: &Doc, consumed: &[bool], i: usize) -> bool {
        let token = &doc.tokens[i];
        if consumed[i] || !token.capitalised {
            return false;
        }
        // The second half of a hyphenated or possessive word is no name of its own.
        !(matches!(token.gap, Gap::Hyphen | Gap::Apostrophe) && i > 0 && consumed[i - 1])
    }

    fn place_cue(&self, doc: &Doc, first: usize, last: usize) -> Cue {
        let tokens = doc.tokens;
        let mut cue = Cue::default();
        for phrase in &self.lex.cue_before {
            if phrase.len() <= first
                && phrase.iter().enumerate().all(|(k, word)| {
                    let token = &tokens[first - phrase.len() + k];
                    &token.folded == word && (k == 0 || token.gap == Gap::Space)
                })
                && tokens[first].gap == Gap::Space
            {
                cue.strong = true;
            }
        }
        if first > 0 && tokens[first].gap == Gap::Space {
            let previous = &tokens[first - 1].folded;
            if previous == "in" || previous == "near" || previous == "outside" || previous == "at" {
                cue.weak = true;
            }
        }
        if last < tokens.len()
            && tokens[last].gap == Gap::Space
            && (matches!(
                tokens[last].folded.as_str(),
                "resident"
                    | "residents"
                    | "elementary"
                    | "mayor"
                    | "township"
                    | "alderman"
                    | "aldermen"
                    | "councilman"
                    | "councilwoman"
            ) || (last + 1 < tokens.len()
                && tokens[last + 1].gap == Gap::Space
                && matches!(
                    (
                        tokens[last].folded.as_str(),
                        tokens[last + 1].folded.as_str()
                    ),
                    ("high", "school")
                        | ("middle", "school")
                        | ("city", "council")
                        | ("school", "board")
                        | ("school", "district")
                        | ("police", "department")
                        | ("fire", "department")
                )))
        {
            cue.town_modifier = true;
        }
        if street_address_before(doc, first) || wire_dateline(doc, first, last) {
            cue.town = true;
            cue.strong = true;
        }
        if last < tokens.len() {
            let next = &tokens[last];
            if next.gap == Gap::Space && self.lex.cue_after.contains(&next.folded) {
                cue.strong = true;
                cue.admin = is_admin_word(&next.folded);
            } else if next.gap == Gap::Comma && matches!(next.folded.as_str(), "a" | "an" | "the") {
                // "Voskepar, a border village in ..."
                for token in tokens.iter().skip(last + 1).take(3) {
                    if token.gap != Gap::Space {
                        break;
                    }
                    if self.lex.cue_after.contains(&token.folded) {
                        cue.strong = true;
                        cue.admin = is_admin_word(&token.folded);
                        break;
                    }
                }
            }
        }
        cue
    }
}

/// Whether `key` is the start of the canonical name `name` before a
/// lower-case particle ("newcastle" of "newcastle upon tyne", "frankfurt"
/// of "frankfurt am main"): the short form everyone writes.
fn short_form_of(name: &str, key: &str) -> bool {
    name.strip_prefix(key)
        .and_then(|rest| rest.strip_prefix(' '))
        .and_then(|rest| rest.split(' ').next())
        .is_some_and(|word| NAME_PARTICLES.contains(&word))
}

/// Whether the name at token `first` follows a street address and a comma:
/// a house number, then a street word ("400 S. Locust St., Lebanon").
fn street_address_before(doc: &Doc, first: usize) -> bool {
    if first < 2 {
        return false;
    }
    let tokens = doc.tokens;
    let street = &tokens[first - 1];
    let between = &doc.text[street.byte_end..tokens[first].byte_start];
    if !between.contains(',') || between.len() > 4 {
        return false;
    }
    if !matches!(
        street.folded.as_str(),
        "st" | "street"
            | "ave"
            | "avenue"
            | "rd"
            | "road"
            | "dr"
            | "drive"
            | "blvd"
            | "boulevard"
            | "ln"
            | "lane"
            | "pike"
            | "hwy"
            | "highway"
            | "ct"
            | "court"
            | "pl"
            | "pkwy"
            | "parkway"
    ) {
        return false;
    }
    // A house number a few words before the street word.
    tokens[first.saturating_sub(6)..first - 1]
        .iter()
        .any(|t| !t.folded.is_empty() && t.folded.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the name at tokens `first..last` opens a line and is followed by
/// a wire credit ("LEBANON (AP) —"): a dateline names a town, and a country
/// in a dateline follows its town after a comma instead.
fn wire_dateline(doc: &Doc, first: usize, last: usize) -> bool {
    let tokens = doc.tokens;
    if last >= tokens.len() || !matches!(tokens[last].folded.as_str(), "ap" | "reuters" | "afp") {
        return false;
    }
    let after = &doc.text[tokens[last - 1].byte_end..tokens[last].byte_start];
    if after.trim() != "(" {
        return false;
    }
    first == 0
        || doc.text[tokens[first - 1].byte_end..tokens[first].byte_start].contains('\n')
        || doc.first_of_sentence[first]
            && !doc.text[tokens[first - 1].byte_end..tokens[first].byte_start].contains(',')
}

/// Whether token `i` follows a name abbreviation and its full stop ("St.
/// Cloud"): [`NAME_ABBREVIATIONS`].
fn abbreviation_stop(doc: &Doc, i: usize) -> bool {
    let tokens = &doc.tokens;
    i > 0
        && tokens[i - 1].capitalised
        && NAME_ABBREVIATIONS.contains(&tokens[i - 1].folded.as_str())
        && doc.text[tokens[i - 1].byte_end..tokens[i].byte_start]
            .strip_prefix('.')
            .is_some_and(|rest| rest.chars().all(|c| c == ' '))
}

fn is_admin_word(word: &str) -> bool {
    matches!(
        word,
        "province"
            | "region"
            | "marz"
            | "rayon"
            | "oblast"
            | "governorate"
            | "district"
            | "county"
            | "state"
    )
}

#[derive(Debug, Default, Clone, Copy)]
struct Cue {
    strong: bool,
    weak: bool,
    admin: bool,
    /// Written where only a town goes: after a street address ("400 S.
    /// Locust St., Lebanon") or alone before a wire credit ("LEBANON (AP)").
    town: bool,
    /// Followed by a word that only a town takes ("Jordan residents",
    /// "Jordan Elementary", "the Jordan mayor"): not the country.
    town_modifier: bool,
}

impl Cue {
    fn any(&self) -> bool {
        self.strong || self.weak
    }
}

/// Turns spelling rules into variants of one name ("Nikol Pashinyan" →
/// "Nikol Pashinian").
fn spelling_variants(name: &str, lexicon: &Lexicon) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut out = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let mut replacements = Vec::new();
        for [a, b] in &lexicon.name_variant_words {
            if word == a {
                replacements.push(b.clone());
            } else if word == b {
                replacements.push(a.clone());
            }
        }
        if index + 1 == words.len() {
            let lower = word.to_lowercase();
            for [a, b] in &lexicon.name_variant_endings {
                for (from, to) in [(a, b), (b, a)] {
                    if lower.ends_with(from.as_str()) && word.len() > from.len() + 2 {
                        let stem = &word[..word.len() - from.len()];
                        if word.is_char_boundary(word.len() - from.len()) {
                            replacements.push(format!("{stem}{to}"));
                        }
                    }
                }
            }
        }
        for replacement in replacements {
            let mut variant: Vec<&str> = words.clone();
            variant[index] = &replacement;
            let joined = variant.join(" ");
            if joined != name && !out.contains(&joined) {
                out.push(joined);
            }
        }
    }
    out
}

/// Province names (country, folded name) with up to two of the toponyms
/// that name or hold them: enough to ask whether one other than a given
/// toponym does, in constant time.
#[derive(Default)]
struct NameSpans(HashMap<(String, String), [Option<usize>; 2]>);

impl NameSpans {
    fn add(&mut self, country: &str, name: String, span: usize) {
        let slot = self.0.entry((country.to_string(), name)).or_default();
        if slot[0].is_none() {
            slot[0] = Some(span);
        } else if slot[0] != Some(span) && slot[1].is_none() {
            slot[1] = Some(span);
        }
    }

    fn other_than(&self, country: &str, name: String, span: usize) -> bool {
        self.0
            .get(&(country.to_string(), name))
            .is_some_and(|slot| slot.iter().flatten().any(|&s| s != span))
    }
}

/// Great-circle distance in kilometres.
fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

fn place_entity(place: &Place) -> Entity {
    let (id, kind, precision) = match place.feature {
        Feature::City => (
            format!("place:geonames:{}", place.geonames_id),
            EntityKind::Place,
            LocationPrecision::Exact,
        ),
        Feature::Admin1 => (
            format!("place:geonames:{}", place.geonames_id),
            EntityKind::Place,
            LocationPrecision::Admin1,
        ),
        Feature::Country => (
            format!("country:{}", place.country),
            EntityKind::Country,
            LocationPrecision::Country,
        ),
        // A county's centre is as coarse as a province's.
        Feature::County => (
            format!("place:us-county:{:05}", place.geonames_id),
            EntityKind::Place,
            LocationPrecision::Admin1,
        ),
        // So is a second-level division's; it has no GeoNames id here.
        Feature::Admin2 => (
            format!(
                "place:admin2:{}:{}:{}",
                place.country.to_lowercase(),
                slug(place.admin1.as_deref().unwrap_or("")),
                slug(&place.name)
            ),
            EntityKind::Place,
            LocationPrecision::Admin1,
        ),
        // A sea's point is as coarse as a country's.
        Feature::Water => (
            format!("place:water:{}", slug(&place.name)),
            EntityKind::Place,
            LocationPrecision::Country,
        ),
        Feature::Continent => (
            format!("place:geonames:{}", place.geonames_id),
            EntityKind::Place,
            LocationPrecision::Country,
        ),
        Feature::Landmark => (
            format!("place:landmark:{}", slug(&place.name)),
            EntityKind::Place,
            LocationPrecision::Exact,
        ),
    };
    Entity {
        id,
        kind,
        name: place.name.clone(),
        country: (!place.country.is_empty()).then(|| place.country.clone()),
        admin1: place.admin1.clone(),
        lat: Some(place.lat),
        lon: Some(place.lon),
        role: None,
        precision: Some(precision),
    }
}

/// The tokens of one article with their sentences.
struct Doc<'a> {
    text: &'a str,
    tokens: &'a [Token],
    sentence_of: Vec<usize>,
    first_of_sentence: Vec<bool>,
    /// Per sentence: written in title case or capitals (a headline).
    headline: Vec<bool>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, tokens: &'a [Token], annotations: &TextAnnotations) -> Self {
        let sentences = &annotations.sentences;
        let mut sentence_of = Vec::with_capacity(tokens.len());
        let mut first_of_sentence = Vec::with_capacity(tokens.len());
        let mut current = 0usize;
        let mut previous: Option<usize> = None;
        for token in tokens {
            while current + 1 < sentences.len() && sentences[current + 1].start <= token.start {
                current += 1;
            }
            let index = if sentences.is_empty() { 0 } else { current };
            first_of_sentence.push(previous != Some(index));
            previous = Some(index);
            sentence_of.push(index);
        }
        let count = sentences.len().max(1);
        let mut capitalised = vec![0usize; count];
        let mut long_words = vec![0usize; count];
        for (token, &s) in tokens.iter().zip(&sentence_of) {
            if token.end - token.start >= 4 && token.folded.chars().any(char::is_alphabetic) {
                long_words[s] += 1;
                if token.capitalised {
                    capitalised[s] += 1;
                }
            }
        }
        let headline = (0..count)
            .map(|s| long_words[s] >= 3 && capitalised[s] * 4 >= long_words[s] * 3)
            .collect();
        Doc {
            text,
            tokens,
            sentence_of,
            first_of_sentence,
            headline,
        }
    }

    fn sentence_initial(&self, i: usize) -> bool {
        self.first_of_sentence[i]
            || matches!(self.tokens[i].gap, Gap::Start | Gap::Other) && i > 0 && {
                // A paragraph or bullet start without sentence annotations.
                let between = &self.text[self.tokens[i - 1].byte_end..self.tokens[i].byte_start];
                between.contains('\n') || between.contains('.')
            }
    }

    fn key(&self, first: usize, last: usize) -> String {
        let mut key = String::new();
        for token in &self.tokens[first..last] {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&token.folded);
        }
        key
    }

    fn text_of(&self, first: usize, last: usize) -> String {
        self.text[self.tokens[first].byte_start..self.tokens[last - 1].byte_end].to_string()
    }
}

/// Entities and their mentions as they are found.
#[derive(Default)]
struct Output {
    entities: BTreeMap<String, ArticleEntity>,
}

impl Output {
    fn push(&mut self, doc: &Doc, entity: Entity, first: usize, last: usize, role: MentionRole) {
        let mention = EntityMention {
            start: doc.tokens[first].start,
            end: doc.tokens[last - 1].end,
            text: doc.text_of(first, last),
            sentence: doc.sentence_of[first],
            role,
        };
        let slot = self
            .entities
            .entry(entity.id.clone())
            .or_insert_with(|| ArticleEntity {
                entity,
                mentions: Vec::new(),
            });
        if !slot
            .mentions
            .iter()
            .any(|m| m.start == mention.start && m.end == mention.end && m.role == mention.role)
        {
            slot.mentions.push(mention);
        }
    }

    fn finish(self) -> Vec<ArticleEntity> {
        let mut entities: Vec<ArticleEntity> = self
            .entities
            .into_values()
            .map(|mut e| {
                e.mentions.sort_by_key(|m| (m.start, m.end));
                e
            })
            .collect();
        entities.sort_by_key(|e| e.mentions.first().map(|m| m.start).unwrap_or(usize::MAX));
        entities
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outpost_core::Sentence;

    const FIXTURE: &str = "\
1\tKirants\tARM\tTavush\tcity\t800\t41.05\t45.12\tКиранц\n\
2\tTavush\tARM\tTavush\tadmin1\t115000\t40.94\t45.12\tTavush Province\n\
3\tKirants\tUSA\tTexas\tcity\t2000\t31.0\t-97.0\t\n\
4\tMoscow\tRUS\tMoscow\tcity\t10381222\t55.75\t37.62\tMoskva|Москва\n\
5\tMoscow\tUSA\tIdaho\tcity\t25060\t46.73\t-117.0\t\n\
6\tSpringfield\tUSA\tIllinois\tcity\t60000\t39.8\t-89.6\t\n\
7\tGyumri\tARM\tShirak\tcity\t114667\t40.79\t43.85\tГюмри|Leninakan\n\
8\tArmenia\tARM\t\tcountry\t3000000\t40.2\t44.6\tHayastan\n\
9\tBorder\tARM\tTavush\tcity\t600\t41.0\t45.0\t\n\
10\tNorthwood\tGBR\tEngland\tcity\t22000\t51.6\t-0.42\t\n\
11\tShirak\tARM\tShirak\tadmin1\t250000\t40.9\t43.9\tShirak Province\n\
12\tCanadian\tUSA\tTexas\tcity\t2600\t35.9\t-100.38\t\n\
13\tCanada\tCAN\t\tcountry\t37000000\t60.1\t-113.6\t\n\
0\tCanadian\tCAN\t\tdemonym\t0\t0\t0\t\n\
27041\tDouglas County\tUSA\tMinnesota\tcounty\t0\t45.93\t-95.45\t\n\
6255148\tEurope\t\t\tcontinent\t741000000\t48.69\t9.14\t\n\
14\tUnited Kingdom\tGBR\t\tcountry\t66000000\t54.75\t-2.69\tUK\n\
15\tVayots Dzor\tARM\tVayots Dzor\tadmin1\t46000\t39.74\t45.38\tVayoć Jor\n\
0\tWhite House\tUSA\tDistrict of Columbia\tlandmark\t0\t38.898\t-77.037\t\n\
16\tSaint Peter\tUSA\tMinnesota\tcity\t11000\t44.32\t-93.96\tSt. Peter\n\
0\tSt. Peter's Basilica\tVAT\t\tlandmark\t0\t41.902\t12.454\t\n\
0\tStade de France\tFRA\tÎle-de-France\tlandmark\t0\t48.924\t2.36\t\n\
0\tFrench Quarter\tUSA\tLouisiana\tlandmark\t0\t29.958\t-90.065\t\n\
17\tMount Washington\tUSA\tKentucky\tcity\t12000\t38.05\t-85.75\t\n";

    fn resolver() -> EntityResolver {
        let gazetteer = Gazetteer::from_tsv_reader(FIXTURE.as_bytes()).unwrap();
        EntityResolver::new(TheaterPack::embedded(), gazetteer)
    }

    /// Sentences split at ". " — enough for fixtures.
    fn annotate(text: &str) -> TextAnnotations {
        let chars: Vec<char> = text.chars().collect();
        let mut sentences = Vec::new();
        let mut start = 0;
        for i in 0..chars.len() {
            let end_of_sentence = matches!(chars[i], '.' | '!' | '?')
                && (i + 1 == chars.len() || chars[i + 1] == ' ' || chars[i + 1] == '\n');
            if end_of_sentence {
                sentences.push(Sentence {
                    start,
                    end: i + 1,
                    paragraph: 0,
                });
                start = i + 2;
            }
        }
        if start < chars.len() {
            sentences.push(Sentence {
                start,
                end: chars.len(),
                paragraph: 0,
            });
        }
        TextAnnotations {
            sentences,
            ..Default::default()
        }
    }

    fn run(text: &str) -> Vec<ArticleEntity> {
        resolver().resolve(text, &annotate(text))
    }

    fn find<'a>(entities: &'a [ArticleEntity], id: &str) -> Option<&'a ArticleEntity> {
        entities.iter().find(|e| e.entity.id == id)
    }

    fn roles(entities: &[ArticleEntity], id: &str) -> Vec<MentionRole> {
        find(entities, id)
            .map(|e| e.mentions.iter().map(|m| m.role).collect())
            .unwrap_or_default()
    }

    #[test]
    fn pashinian_and_pashinyan_are_the_same_person() {
        let text = "Prime Minister Nikol Pashinian spoke in Gyumri. Later PM Pashinyan's office \
                    confirmed it, and Pashinyan left.";
        let entities = run(text);
        let person = find(&entities, "person:nikol_pashinyan").expect("person found");
        let surfaces: Vec<&str> = person.mentions.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(surfaces, ["Nikol Pashinian", "Pashinyan", "Pashinyan"]);
        assert_eq!(person.mentions[1].sentence, 1);
        assert_eq!(person.entity.country.as_deref(), Some("ARM"));
    }

    #[test]
    fn spelling_rules_and_fuzzy_surnames_reach_pack_people() {
        let entities = run("Foreign Minister Sergey Lavrov met Ilham Aliev. Later Lavrow spoke.");
        let lavrov = find(&entities, "person:sergei_lavrov").expect("Sergey = Sergei");
        assert_eq!(lavrov.mentions.len(), 2, "{:?}", lavrov.mentions);
        assert!(find(&entities, "person:ilham_aliyev").is_some());
        // A different person with a near-identical surname is not Aliyev.
        let entities = run("Mehriban Aliyeva visited the region.");
        assert!(find(&entities, "person:ilham_aliyev").is_none());
    }

    #[test]
    fn the_kremlin_said_is_russia_as_actor() {
        let entities = run("The Kremlin said it would not intervene.");
        assert_eq!(roles(&entities, "country:RUS"), [MentionRole::Actor]);
    }

    #[test]
    fn capital_is_actor_before_a_verb_and_place_after_in() {
        let entities = run("Talks were held in Moscow on Friday. Moscow reportedly wants calm.");
        let place = find(&entities, "place:geonames:4").expect("Moscow, Russia as a place");
        assert_eq!(place.mentions.len(), 1);
        assert_eq!(place.mentions[0].role, MentionRole::Place);
        assert_eq!(place.entity.country.as_deref(), Some("RUS"));
        assert_eq!(roles(&entities, "country:RUS"), [MentionRole::Actor]);
        let entities = run("Baku and Yerevan agreed to talk. Baku's position hardened.");
        assert_eq!(
            roles(&entities, "country:AZE"),
            [MentionRole::Actor, MentionRole::Actor]
        );
        assert_eq!(roles(&entities, "country:ARM"), [MentionRole::Actor]);
    }

    #[test]
    fn demonym_and_force_noun_name_the_armed_forces() {
        let entities = run("Two Armenian soldiers were wounded by Azerbaijan troops.");
        let armenian = find(&entities, "org:ARM.military").expect("Armenian armed forces");
        assert_eq!(armenian.mentions[0].text, "Armenian soldiers");
        assert_eq!(armenian.mentions[0].role, MentionRole::Actor);
        assert_eq!(roles(&entities, "country:ARM"), [MentionRole::Demonym]);
        assert!(find(&entities, "org:AZE.military").is_some());
        let entities =
            run("Armenian and Azerbaijani forces exchanged fire. Georgian troops watched.");
        assert!(find(&entities, "org:ARM.military").is_some());
        assert!(find(&entities, "org:AZE.military").is_some());
        let georgian = find(&entities, "military:GEO").expect("synthesised armed forces");
        assert_eq!(georgian.entity.name, "Georgian armed forces");
        // The pack's own organisations win over the generic rule.
        let entities = run("Russian border guards arrived. The Armenian Defense Ministry said so.");
        assert!(find(&entities, "org:RUS.fsb_border_service").is_some());
        assert!(find(&entities, "org:RUS.military").is_none());
        assert!(find(&entities, "org:ARM.mod").is_some());
        let entities = run("Azerbaijan's defence ministry denied it.");
        assert!(find(&entities, "org:AZE.mod").is_some());
    }

    #[test]
    fn village_named_with_its_province_gets_the_province() {
        let text = "Shells hit Kirants, a border village in Armenia's northern Tavush province.";
        let entities = run(text);
        let village =
            find(&entities, "place:geonames:1").unwrap_or_else(|| panic!("{entities:#?}"));
        assert_eq!(village.entity.admin1.as_deref(), Some("Tavush"));
        assert_eq!(village.entity.precision, Some(LocationPrecision::Exact));
        assert!(find(&entities, "place:geonames:3").is_none());
        // The pack's Tavush links to a GeoNames id this fixture lacks.
        let province = find(&entities, "place:tavush").expect("Tavush");
        assert_eq!(province.entity.precision, Some(LocationPrecision::Admin1));
    }

    #[test]
    fn far_away_namesakes_are_not_placed() {
        let entities =
            run("Armenian officials said Springfield donors sent aid. Northwood replied.");
        assert!(find(&entities, "place:geonames:6").is_none());
        assert!(find(&entities, "place:geonames:10").is_none());
        // ... unless a cue says it is a place.
        let entities = run("Armenian officials met in the town of Springfield.");
        assert!(find(&entities, "place:geonames:6").is_some());
    }

    #[test]
    fn a_demonym_is_its_country_as_modifier_not_a_town() {
        let entities = run("Canadian officials visited Springfield.");
        assert!(find(&entities, "place:geonames:12").is_none());
        assert_eq!(roles(&entities, "country:CAN"), vec![MentionRole::Demonym]);
        // The plural too.
        let entities = run("Two Canadians were hurt.");
        assert!(find(&entities, "place:geonames:12").is_none());
        assert!(find(&entities, "country:CAN").is_some());
    }

    #[test]
    fn counties_continents_and_country_abbreviations_resolve() {
        let entities = run("Deputies from Douglas County flew to Europe. The UK said no.");
        let county = find(&entities, "place:us-county:27041").expect("county");
        assert_eq!(county.entity.admin1.as_deref(), Some("Minnesota"));
        assert_eq!(county.entity.precision, Some(LocationPrecision::Admin1));
        let europe = find(&entities, "place:geonames:6255148").expect("continent");
        assert_eq!(europe.entity.country, None);
        assert!(find(&entities, "country:GBR").is_some());
        // Two capitals in a headline in capitals are no abbreviation.
        let entities = run("PLEASE TELL UK NOTHING MORE TODAY");
        assert!(find(&entities, "country:GBR").is_none());
    }

    #[test]
    fn all_caps_headline_still_resolves_actors_but_no_stray_places() {
        let text = "PASHINYAN URGES RUSSIA TO GUARD ARMENIA BORDER";
        let entities = run(text);
        assert!(find(&entities, "person:nikol_pashinyan").is_some());
        assert!(find(&entities, "country:RUS").is_some());
        assert!(find(&entities, "country:ARM").is_some());
        assert!(
            find(&entities, "place:geonames:9").is_none(),
            "{entities:#?}"
        );
        let title_case = "Armenia Urges Russian Deployment On Azerbaijan Border";
        assert!(find(&run(title_case), "place:geonames:9").is_none());
    }

    #[test]
    fn cyrillic_names_resolve_through_alternate_names() {
        let entities = run("Учения прошли в Гюмри и Киранц.");
        let gyumri = find(&entities, "place:geonames:7").expect("Gyumri by its Cyrillic name");
        assert_eq!(gyumri.mentions[0].text, "Гюмри");
        assert_eq!(gyumri.mentions[0].start, 16);
        // Nothing in this text says Armenia: a village of 800 is not placed.
        assert!(find(&entities, "place:geonames:1").is_none());
    }

    #[test]
    fn unknown_person_after_a_title_gets_a_slug_id() {
        let entities = run("A Russian Foreign Ministry spokesman, Alexander Bikantov, said the border is unmarked.");
        let person = find(&entities, "person:alexander_bikantov").expect("titled person");
        assert_eq!(person.mentions[0].text, "Alexander Bikantov");
        assert!(find(&entities, "org:RUS.mfa").is_some());
        assert!(entities.iter().all(|e| e.entity.kind != EntityKind::Place));
    }

    #[test]
    fn pack_regions_and_place_aliases_resolve() {
        let entities = run(
            "Fighting in Nagorno-Karabakh spread to the Kelbajar district and the Lachin corridor.",
        );
        let karabakh = find(&entities, "place:nagorno_karabakh").expect("Karabakh from the pack");
        assert_eq!(karabakh.entity.lat, Some(39.82));
        assert!(find(&entities, "place:kalbajar_district").is_some());
        assert!(find(&entities, "place:lachin_corridor").is_some());
        // The town alone is the town, in any of its spellings.
        let entities = run("Azerbaijani units entered Karvajar.");
        assert!(find(&entities, "place:kalbajar").is_some());
    }

    #[test]
    fn offsets_count_code_points() {
        let text = "Ողջույն։ Ilham Aliyev spoke.";
        let entities = resolver().resolve(text, &TextAnnotations::default());
        let mention = &find(&entities, "person:ilham_aliyev").unwrap().mentions[0];
        let chars: String = text
            .chars()
            .skip(mention.start)
            .take(mention.end - mention.start)
            .collect();
        assert_eq!(chars, "Ilham Aliyev");
    }

    #[test]
    fn lookups_for_the_events_stage() {
        let r = resolver();
        assert_eq!(r.country_of_demonym("Azeri"), Some("AZE"));
        assert_eq!(r.country_of_demonym("armenian"), Some("ARM"));
        assert_eq!(r.armed_forces_of("ARM").id, "org:ARM.military");
        assert_eq!(r.armed_forces_of("GBR").id, "military:GBR");
        assert_eq!(r.country("RUS").unwrap().name, "Russia");
        assert_eq!(r.entity("place:geonames:7").unwrap().name, "Gyumri");
        assert_eq!(
            r.entity("military:FRA").unwrap().name,
            "French armed forces"
        );
        assert!(r.entity("person:nobody").is_none());
    }

    #[test]
    fn the_articles_other_places_choose_among_namesakes() {
        let fixture = "\
20\tAthens\tGRC\tAttica\tcity\t664046\t37.98\t23.72\t\n\
21\tAthens\tUSA\tGeorgia\tcity\t115452\t33.96\t-83.38\t\n\
22\tAtlanta\tUSA\tGeorgia\tcity\t463878\t33.75\t-84.39\t\n\
23\tGeorgia\tUSA\tGeorgia\tadmin1\t9000000\t32.7\t-83.4\t\n\
24\tGeorgia\tGEO\t\tcountry\t3700000\t42.0\t43.5\t\n\
25\tTbilisi\tGEO\tTbilisi\tcity\t1049498\t41.69\t44.83\t\n\
26\tLaurel\tUSA\tMississippi\tcity\t18000\t31.69\t-89.13\t\n";
        let gazetteer = Gazetteer::from_tsv_reader(fixture.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        let text = "Storms hit Atlanta and Athens, and Georgia declared an emergency.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:21").is_some(),
            "{entities:#?}"
        );
        assert!(find(&entities, "place:geonames:20").is_none());
        let state = find(&entities, "place:geonames:23").expect("the US state");
        assert_eq!(state.entity.precision, Some(LocationPrecision::Admin1));
        assert!(find(&entities, "country:GEO").is_none());
        // Beside Tbilisi, Georgia is the country, and Athens the Greek city.
        let text = "Talks in Tbilisi and Athens: Georgia said it would take part.";
        let entities = r.resolve(text, &annotate(text));
        assert!(find(&entities, "country:GEO").is_some(), "{entities:#?}");
        assert!(find(&entities, "place:geonames:20").is_some());
        // A county is not its namesake town, and the gazetteer has no counties.
        let text = "Deputies in Laurel County and Atlanta searched the woods.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:26").is_none(),
            "{entities:#?}"
        );
    }

    #[test]
    fn the_storys_home_province_chooses_a_small_namesake() {
        // Odessa, Texas is over 200 km from El Paso and Amarillo, so only the
        // province they share, not nearness, speaks for it.
        let fixture = "\
40\tOdessa\tUKR\tOdessa\tcity\t1015826\t46.48\t30.73\t\n\
41\tOdessa\tUSA\tTexas\tcity\t118918\t31.85\t-102.37\t\n\
42\tEl Paso\tUSA\tTexas\tcity\t649121\t31.76\t-106.49\t\n\
43\tAmarillo\tUSA\tTexas\tcity\t190695\t35.22\t-101.83\t\n\
44\tKyiv\tUKR\tKyiv City\tcity\t2797553\t50.45\t30.52\t\n";
        let gazetteer = Gazetteer::from_tsv_reader(fixture.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        let text = "Drivers from El Paso and Amarillo met in Odessa on Sunday.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:41").is_some(),
            "{entities:#?}"
        );
        assert!(find(&entities, "place:geonames:40").is_none());
        // Beside Kyiv, Odessa is the Ukrainian port.
        let text = "Drivers from Kyiv met in Odessa on Sunday.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:40").is_some(),
            "{entities:#?}"
        );
    }

    #[test]
    fn a_province_and_its_namesake_city_read_as_the_province_without_a_cue() {
        let fixture = "\
60\tNew York City\tUSA\tNew York\tcity\t8175133\t40.71\t-74.01\tNew York\n\
61\tNew York\tUSA\tNew York\tadmin1\t19000000\t41.9\t-75.0\t\n\
62\tBuffalo\tUSA\tNew York\tcity\t260000\t42.89\t-78.88\t\n";
        let gazetteer = Gazetteer::from_tsv_reader(fixture.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        let text = "The flu has killed 12 people in New York since April.";
        let entities = r.resolve(text, &annotate(text));
        let state = find(&entities, "place:geonames:61").expect("the state");
        assert_eq!(state.entity.precision, Some(LocationPrecision::Admin1));
        assert!(find(&entities, "place:geonames:60").is_none());
        // A dateline names the city.
        let text = "NEW YORK (AP) \u{2014} Police said on Monday that two men were held.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:60").is_some(),
            "{entities:#?}"
        );
        // A city whose own name is the province's stays the city.
        let fixture = "\
63\tDonetsk\tUKR\tDonetsk\tcity\t1024700\t48.02\t37.8\t\n\
64\tDonetsk\tUKR\tDonetsk\tadmin1\t4100000\t48.0\t37.5\tDonetsk Oblast\n";
        let gazetteer = Gazetteer::from_tsv_reader(fixture.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        let text = "Ukraine said shelling hit Donetsk on Monday.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:63").is_some(),
            "{entities:#?}"
        );
    }

    #[test]
    fn washington_state_and_a_list_of_states_name_the_province() {
        let fixture = "\
70\tWashington\tUSA\tDistrict of Columbia\tcity\t601723\t38.9\t-77.04\t\n\
71\tWashington\tUSA\tWashington\tadmin1\t7000000\t47.5\t-120.5\t\n\
72\tOregon\tUSA\tOregon\tadmin1\t4000000\t44.0\t-120.5\t\n";
        let gazetteer = Gazetteer::from_tsv_reader(fixture.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        for text in [
            "The cow came from a Washington state farm, officials said.",
            "The cow was found in the state of Washington last year.",
            "She backs the Oregon and Washington laws on the matter.",
        ] {
            let entities = r.resolve(text, &annotate(text));
            assert!(
                find(&entities, "place:geonames:71").is_some(),
                "{text}: {entities:#?}"
            );
            assert!(find(&entities, "place:geonames:70").is_none(), "{text}");
        }
        // Alone, it is the capital (or the country acting).
        let text = "Officials met in Washington on Monday.";
        let entities = r.resolve(text, &annotate(text));
        assert!(find(&entities, "place:geonames:70").is_some());
        assert!(find(&entities, "place:geonames:71").is_none());
        // Before a landmark noun it is neither.
        let text = "They met at Washington Square on Monday.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:70").is_none(),
            "{entities:#?}"
        );
        assert!(find(&entities, "country:USA").is_none(), "{entities:#?}");
    }

    #[test]
    fn a_lower_case_particle_inside_a_name_is_read_across() {
        let fixture = "\
90\tDar\tKHM\tTboung Khmum\tcity\t3000\t11.9\t105.6\t\n\
91\tDar es Salaam\tTZA\tDar es Salaam\tcity\t2698652\t-6.82\t39.27\t\n\
92\tParis\tFRA\tÎle-de-France\tcity\t2138551\t48.85\t2.35\t\n";
        let gazetteer = Gazetteer::from_tsv_reader(fixture.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        let text = "Cholera spread in Dar es Salaam this week.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:91").is_some(),
            "{entities:#?}"
        );
        assert!(find(&entities, "place:geonames:90").is_none());
        // Where the whole is no name, the name before the particle stands.
        let text = "Talks moved to Paris de facto on Monday.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:92").is_some(),
            "{entities:#?}"
        );
    }

    #[test]
    fn a_short_form_before_a_particle_is_no_former_name() {
        let fixture = "\
93\tNewcastle upon Tyne\tGBR\tEngland\tcity\t192382\t54.97\t-1.61\tNewcastle\n\
94\tNewcastle\tZAF\tKwaZulu-Natal\tcity\t150000\t-27.76\t29.93\t\n";
        let gazetteer = Gazetteer::from_tsv_reader(fixture.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        let text = "The method was developed by doctors in Newcastle last year.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:93").is_some(),
            "{entities:#?}"
        );
        assert!(short_form_of("frankfurt am main", "frankfurt"));
        assert!(!short_form_of("washington", "liverpool"));
        assert!(!short_form_of("new york city", "new york"));
    }

    #[test]
    fn a_famous_landmark_beats_its_namesake_town() {
        let fixture = "\
80\tHeathrow\tUSA\tFlorida\tcity\t5896\t28.76\t-81.37\t\n\
0\tHeathrow Airport\tGBR\tEngland\tlandmark\t0\t51.47\t-0.454\tHeathrow\n";
        let gazetteer = Gazetteer::from_tsv_reader(fixture.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        let text = "Flights were delayed at Heathrow on Friday.";
        let entities = r.resolve(text, &annotate(text));
        let airport = find(&entities, "place:landmark:heathrow_airport").expect("the airport");
        assert_eq!(airport.entity.country.as_deref(), Some("GBR"));
        assert_eq!(airport.entity.precision, Some(LocationPrecision::Exact));
        assert!(find(&entities, "place:geonames:80").is_none());
    }

    #[test]
    fn addresses_datelines_and_town_words_name_a_town_not_a_country() {
        let fixture = "\
50\tLebanon\tLBN\t\tcountry\t6800000\t33.9\t35.9\t\n\
51\tLebanon\tUSA\tPennsylvania\tcity\t25000\t40.34\t-76.41\t\n\
52\tBeirut\tLBN\tBeyrouth\tcity\t1900000\t33.89\t35.5\t\n\
53\tJordan\tJOR\t\tcountry\t10000000\t31.0\t36.0\t\n\
54\tJordan\tUSA\tMinnesota\tcity\t6000\t44.67\t-93.63\t\n\
55\tMinnesota\tUSA\tMinnesota\tadmin1\t5300000\t46.0\t-94.0\t\n";
        let gazetteer = Gazetteer::from_tsv_reader(fixture.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        for text in [
            "Friends may call at the church, 400 S. Locust St., Lebanon.",
            "LEBANON (AP) \u{2014} A forensic pathologist testified on Monday.",
            "She moved to Lebanon in 1990. Services at 508 Cumberland St., Lebanon.",
        ] {
            let entities = r.resolve(text, &annotate(text));
            assert!(
                find(&entities, "place:geonames:51").is_some(),
                "{text}: {entities:#?}"
            );
            assert!(find(&entities, "country:LBN").is_none(), "{text}");
        }
        // "Jordan residents", "Jordan Elementary": only a town takes those
        // (placed only where the story's other places allow, as any town).
        let text = "Jordan residents filled the gym. Minnesota officials came.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:54").is_some(),
            "{entities:#?}"
        );
        assert!(find(&entities, "country:JOR").is_none());
        let text = "Jordan said it would close the border.";
        let entities = r.resolve(text, &annotate(text));
        assert!(find(&entities, "country:JOR").is_some(), "{entities:#?}");
        let text = "Talks in Beirut: Lebanon said it would take part.";
        let entities = r.resolve(text, &annotate(text));
        assert!(find(&entities, "country:LBN").is_some(), "{entities:#?}");
        assert!(find(&entities, "place:geonames:51").is_none());
    }

    #[test]
    fn abbreviations_seas_county_lists_and_qualifiers_place_names() {
        let fixture = "\
30\tCharleston\tUSA\tWest Virginia\tcity\t51000\t38.35\t-81.63\t\n\
31\tCharleston\tUSA\tSouth Carolina\tcity\t150000\t32.78\t-79.93\t\n\
32\tWest Virginia\tUSA\tWest Virginia\tadmin1\t1800000\t38.5\t-80.5\t\n\
33\tSouth Carolina\tUSA\tSouth Carolina\tadmin1\t5000000\t33.9\t-80.9\t\n\
0\tW.Va.\tUSA\tWest Virginia\tabbrev\t0\t0\t0\t\n\
34\tAtlantic\tUSA\tIowa\tcity\t7000\t41.4\t-95.0\t\n\
0\tAtlantic Ocean\t\t\twater\t0\t10.0\t-30.0\tAtlantic\n\
13001\tCamden County\tUSA\tGeorgia\tcounty\t0\t30.9\t-81.6\t\n\
13002\tCharlton County\tUSA\tGeorgia\tcounty\t0\t30.8\t-82.1\t\n\
35\tCamden\tUSA\tNew Jersey\tcity\t77000\t39.9\t-75.1\t\n\
36\tHinton\tGBR\tEngland\tcity\t5000\t52.0\t-1.0\t\n\
37\tAthens\tGRC\tAttica\tcity\t664046\t37.98\t23.72\t\n\
38\tAthens\tUSA\tGeorgia\tcity\t115452\t33.96\t-83.38\t\n\
39\tGreece\tGRC\t\tcountry\t10000000\t39.0\t22.0\t\n\
40\tAnderson\tUSA\tSouth Carolina\tcity\t27000\t34.5\t-82.65\t\n\
41\tSuffolk\tUSA\tVirginia\tcity\t90000\t36.7\t-76.6\t\n\
42\tEngland\tGBR\tEngland\tadmin1\t53000000\t52.16\t-0.7\t\n\
43\tLiverpool\tGBR\tEngland\tcity\t460000\t53.41\t-2.98\t\n\
44\tWashington\tUSA\tIndiana\tcity\t12000\t38.66\t-87.17\tLiverpool\n";
        let gazetteer = Gazetteer::from_tsv_reader(fixture.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        let resolve = |text: &str| r.resolve(text, &annotate(text));
        // A dotted abbreviation names its state and settles the namesake.
        let entities = resolve("Officials in Charleston, W.Va., said the Atlantic was calm.");
        assert!(
            find(&entities, "place:geonames:30").is_some(),
            "{entities:#?}"
        );
        assert!(find(&entities, "place:geonames:31").is_none());
        assert_eq!(
            find(&entities, "place:geonames:32").unwrap().mentions[0].text,
            "W.Va"
        );
        // A sea is the sea, not a town in Iowa.
        let sea = find(&entities, "place:water:atlantic_ocean").expect("the ocean");
        assert_eq!(sea.entity.precision, Some(LocationPrecision::Country));
        assert!(find(&entities, "place:geonames:34").is_none());
        // A dotted abbreviation after a number is no state ("500 B.C." is a year).
        assert!(resolve("Built in 500 W.Va. style.")
            .iter()
            .all(|e| e.entity.id != "place:geonames:32"));
        // Each name of a list that ends in "counties" is a county.
        let entities = resolve("Volunteers from Camden and Charlton counties searched the river.");
        assert!(
            find(&entities, "place:us-county:13001").is_some(),
            "{entities:#?}"
        );
        assert!(find(&entities, "place:us-county:13002").is_some());
        assert!(find(&entities, "place:geonames:35").is_none());
        // A name inside a longer one is not the place it names alone.
        let entities = resolve("Visitors toured Cherry Hinton Hall yesterday.");
        assert!(
            find(&entities, "place:geonames:36").is_none(),
            "{entities:#?}"
        );
        // ... nor the start of a street's name.
        let entities = resolve("Crowds filled Charleston Street and Hinton Road.");
        assert!(
            entities.iter().all(|e| e.entity.kind != EntityKind::Place),
            "{entities:#?}"
        );
        // The country after a comma chooses the namesake; a person's
        // surname alone is the person, not a town.
        let entities = resolve("John Anderson arrived in Athens, Greece. Anderson spoke.");
        assert!(
            find(&entities, "place:geonames:37").is_some(),
            "{entities:#?}"
        );
        assert!(find(&entities, "place:geonames:38").is_none());
        assert!(find(&entities, "place:geonames:40").is_none());
        // No Suffolk in England here: the one in Virginia is not placed.
        let entities = resolve("Birds died on a farm in Suffolk, England.");
        assert!(
            find(&entities, "place:geonames:41").is_none(),
            "{entities:#?}"
        );
        // A town's own name wins over another town's former name.
        let entities = resolve("Fans gathered in Liverpool and Washington.");
        assert_eq!(
            find(&entities, "place:geonames:43").map(|e| e.mentions.len()),
            Some(1),
            "{entities:#?}"
        );
    }

    #[test]
    fn offices_named_alone_resolve_to_who_held_them_that_day() {
        let r = resolver();
        let on = |text: &str, date: Option<&str>| r.resolve_on(text, &annotate(text), date);
        let entities = on(
            "Azerbaijan's defence minister said the border was calm.",
            Some("2021-01-01"),
        );
        let hasanov = find(&entities, "person:zakir_hasanov").expect("Hasanov");
        assert_eq!(hasanov.mentions[0].text, "Azerbaijan's defence minister");
        assert_eq!(hasanov.mentions[0].role, MentionRole::Actor);
        // The country only modifies the office.
        assert_eq!(roles(&entities, "country:AZE"), [MentionRole::Demonym]);
        // Armenia had four defence ministers: the date chooses.
        let text = "The Armenian defense minister resigned.";
        assert!(find(&on(text, Some("2019-06-01")), "person:davit_tonoyan").is_some());
        assert!(find(&on(text, Some("2022-01-01")), "person:suren_papikyan").is_some());
        let undated = on(text, None);
        assert!(
            undated.iter().all(|e| e.entity.kind != EntityKind::Person),
            "no date, no guess: {undated:#?}"
        );
        // "the prime minister" after the prime minister was named.
        let entities = on(
            "Prime Minister Nikol Pashinyan met Putin. The prime minister said talks went well.",
            Some("2021-07-29"),
        );
        let pashinyan = find(&entities, "person:nikol_pashinyan").expect("Pashinyan");
        assert_eq!(pashinyan.mentions.len(), 2, "{:?}", pashinyan.mentions);
        assert_eq!(pashinyan.mentions[1].text, "prime minister");
        // "the president of Russia": one holder ever in the pack.
        let entities = on("He wrote to the president of Russia.", None);
        assert!(find(&entities, "person:vladimir_putin").is_some());
        // A title before a name is the name's, and an unknown body is nobody.
        let entities = on(
            "The president of the European Council arrived.",
            Some("2021-07-29"),
        );
        assert!(entities.iter().all(|e| e.entity.kind != EntityKind::Person));
    }

    #[test]
    fn second_level_divisions_abbreviated_saints_and_dashes() {
        let tsv = "\
1\tSuffolk\tUSA\tVirginia\tcity\t90000\t36.73\t-76.58\t\n\
0\tSuffolk\tGBR\tEngland\tadmin2\t580000\t52.19\t1.0\t\n\
2\tIpswich\tGBR\tEngland\tcity\t178000\t52.06\t1.16\t\n\
3\tSaint Cloud\tUSA\tMinnesota\tcity\t65842\t45.56\t-94.16\tSt. Cloud\n\
4\tAndover\tUSA\tKansas\tcity\t12745\t37.71\t-97.14\tCloud\n\
5\tWisconsin\tUSA\tWisconsin\tadmin1\t5800000\t44.5\t-89.5\t\n\
6\tUnited Kingdom\tGBR\t\tcountry\t66000000\t54.75\t-2.69\tUK\n\
7\tCarey\tUSA\tOhio\tcity\t150000\t40.95\t-83.38\t\n";
        let gazetteer = Gazetteer::from_tsv_reader(tsv.as_bytes()).unwrap();
        let r = EntityResolver::new(TheaterPack::embedded(), gazetteer);
        // A county named beside its town and country is the county, with a
        // precision as coarse as a province's and an id of its own.
        let text = "Police in Ipswich said flooding hit Suffolk, England on Monday.";
        let entities = r.resolve(text, &annotate(text));
        let county = find(&entities, "place:admin2:gbr:england:suffolk").expect("county");
        assert_eq!(county.entity.precision, Some(LocationPrecision::Admin1));
        assert_eq!(county.entity.admin1.as_deref(), Some("England"));
        assert!(find(&entities, "place:geonames:1").is_none());
        // "St. Cloud" is read across its stop, not as "Cloud" (Andover).
        let text = "He was taken to a hospital in St. Cloud on Friday.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:3").is_some(),
            "{entities:#?}"
        );
        assert!(find(&entities, "place:geonames:4").is_none());
        // A spaced dash ends a person's name: Wisconsin stays a place.
        let text = "Two states were narrowly won by Mr Trump - Wisconsin and others. \
                    Officials in Wisconsin said so.";
        let entities = r.resolve(text, &annotate(text));
        let state = find(&entities, "place:geonames:5").expect("state");
        assert_eq!(state.mentions.len(), 2, "{entities:#?}");
        // "Carey L. Biron": a name with a middle initial is a person.
        let text = "A report by Carey L. Biron in Wisconsin. Biron wrote it.";
        let entities = r.resolve(text, &annotate(text));
        assert!(
            find(&entities, "place:geonames:7").is_none(),
            "{entities:#?}"
        );
        assert!(find(&entities, "place:geonames:5").is_some());
    }

    #[test]
    fn an_apostrophe_before_a_capital_joins_romanised_name_words() {
        let entities = run("Shelling was reported in Vayoc'Jor, Armenia, on Monday.");
        let province = find(&entities, "place:geonames:15").expect("Vayoc'Jor = Vayoć Jor");
        assert_eq!(province.mentions[0].text, "Vayoc'Jor");
        // A possessive stays outside the name.
        let entities = run("Shirak's governor visited Gyumri.");
        let shirak = find(&entities, "place:geonames:11").expect("Shirak found");
        assert_eq!(shirak.mentions[0].text, "Shirak");
    }

    #[test]
    fn a_seat_of_government_after_a_locative_is_the_building() {
        let text = "A turkey was pardoned at the White House on Tuesday. \
                    The White House said it was a tradition.";
        let entities = run(text);
        let house = find(&entities, "place:landmark:white_house").expect("the building");
        assert_eq!(house.mentions.len(), 1, "{entities:#?}");
        assert_eq!(house.mentions[0].role, MentionRole::Place);
        assert_eq!(house.entity.precision, Some(LocationPrecision::Exact));
        // Acting, it is the country, not a place.
        let usa = find(&entities, "country:USA").expect("the government acts");
        assert!(usa.mentions.iter().all(|m| m.role == MentionRole::Actor));
    }

    #[test]
    fn a_possessive_landmark_is_no_namesake_town() {
        let entities = run("Pilgrims prayed in St. Peter's Basilica on Sunday.");
        assert!(
            find(&entities, "place:geonames:16").is_none(),
            "{entities:#?}"
        );
        let basilica = find(&entities, "place:landmark:st_peter_s_basilica").expect("the basilica");
        assert_eq!(basilica.mentions[0].text, "St. Peter's Basilica");
        // The town itself is still read.
        let entities = run("A storm hit houses in St. Peter on Sunday.");
        assert!(
            find(&entities, "place:geonames:16").is_some(),
            "{entities:#?}"
        );
    }

    #[test]
    fn a_country_inside_a_longer_name_is_left_to_the_gazetteer() {
        for (text, id) in [
            (
                "Attacks struck at the Stade de France.",
                "place:landmark:stade_de_france",
            ),
            (
                "The French Quarter was flooded.",
                "place:landmark:french_quarter",
            ),
        ] {
            let entities = run(text);
            assert!(find(&entities, id).is_some(), "{text}: {entities:#?}");
            assert!(
                find(&entities, "country:FRA").is_none(),
                "{text}: {entities:#?}"
            );
        }
        let entities = run("They live in Mount Washington.");
        assert!(
            find(&entities, "place:geonames:17").is_some(),
            "{entities:#?}"
        );
        assert!(find(&entities, "country:USA").is_none(), "{entities:#?}");
    }

    #[test]
    fn works_without_a_gazetteer() {
        let r = EntityResolver::new(TheaterPack::embedded(), Gazetteer::default());
        let text = "Putin met Pashinyan in Moscow.";
        let entities = r.resolve(text, &annotate(text));
        assert!(find(&entities, "person:vladimir_putin").is_some());
        assert!(
            find(&entities, "country:RUS").is_none(),
            "a place we cannot place is dropped"
        );
    }
}

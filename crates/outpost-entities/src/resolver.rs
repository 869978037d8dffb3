//! Finding and resolving entity mentions in one article's text.
//!
//! Four passes over the word tokens, each taking only words the earlier ones
//! left: (1) pack aliases, longest first, looked up by their first folded
//! word; (2) surnames of pack people spelled differently (Jaro-Winkler);
//! (3) unknown people named after a title ("spokesman Alexander Bikantov");
//! (4) gazetteer names on capitalised word runs. Namesakes are chosen first
//! by the countries the article names, the provinces it names, feature class
//! and population, then twice more by the document: a reading in the same
//! country as the article's other toponyms, near them, or a province that
//! holds them, wins ("Athens" beside "Atlanta" is Athens, Georgia; "Georgia"
//! beside both is the US state, not the pack's country). A place is kept
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
    lex: Lex,
}

const GAZETTEER_MAX_WORDS: usize = 4;
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
const FOCUS_BONUS: f64 = 4.0;
/// A country over its namesakes ("Jordan", "Georgia") before context.
const COUNTRY_BONUS: f64 = 5.0;
/// A province against a namesake city, without a cue: negative, because a
/// province's population is the sum of its cities' ("New York").
const ADMIN1_BONUS: f64 = -1.0;
/// A city in a province the article names.
const NAMED_ADMIN1_BONUS: f64 = 3.0;
/// Per log10 of population.
const POPULATION_WEIGHT: f64 = 0.8;
/// Per other toponym of the article placed in the same country (up to 3).
const CONTEXT_COUNTRY_BONUS: f64 = 1.0;
/// Per other toponym of the article placed within `NEAR_KM` (up to 3).
const NEAR_BONUS: f64 = 1.0;
/// Distinct toponyms that [`NEAR_BONUS`] looks at, at most.
const MAX_CONTEXT_POINTS: usize = 64;
/// What counts as near for [`NEAR_BONUS`].
const NEAR_KM: f64 = 200.0;
/// A city of a million people is the one a bare name means, even in an
/// article about another country ("London", not London, Ohio): tuned on the
/// first half of the geoparsing sets.
const WORLD_CITY_POPULATION: u64 = 1_000_000;
const WORLD_CITY_BONUS: f64 = 1.5;

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
    /// of first mention. Offsets are code points into `text`.
    pub fn resolve(&self, text: &str, annotations: &TextAnnotations) -> Vec<ArticleEntity> {
        let tokens = tokenize(text);
        if tokens.is_empty() {
            return Vec::new();
        }
        let doc = Doc::new(text, &tokens, annotations);
        let mut consumed = vec![false; tokens.len()];
        let mut matches = self.match_pack(&doc, &mut consumed);
        matches.extend(self.match_fuzzy_surnames(&doc, &mut consumed));
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
        for (m, as_place) in matches.iter().zip(&read_as_places) {
            if !as_place {
                self.emit_pack_match(&doc, m, &matches, &mut out);
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
                && matches!(tokens[last].gap, Gap::Space | Gap::Hyphen)
                && !self.lex.place_stopwords.contains(&tokens[last].folded)
            {
                last += 1;
            }
            if last - i < 2 {
                i += 1;
                continue;
            }
            let titled = i > 0
                && matches!(tokens[i].gap, Gap::Space | Gap::Comma)
                && self.lex.titles.contains(&tokens[i - 1].folded);
            let given = self.lex.given_names.contains(&tokens[i].folded);
            if titled || given {
                consumed[i..last].iter_mut().for_each(|c| *c = true);
                if titled && !doc.headline[doc.sentence_of[i]] {
                    let name = doc.text_of(i, last);
                    people.push((i, last, name));
                }
                i = last;
            } else {
                i += 1;
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
                let as_place = *capital
                    && (self.preceded_by_locative(doc, m.first)
                        || !self.metonym_acts(doc, m.last, all));
                if as_place {
                    let name = doc.text_of(m.first, m.last);
                    if let Some(place) = self.capital_place(&name, code) {
                        out.push(
                            doc,
                            place_entity(place),
                            m.first,
                            m.last,
                            MentionRole::Place,
                        );
                        return;
                    }
                    if self.preceded_by_locative(doc, m.first) {
                        return;
                    }
                }
                out.push(doc, country.clone(), m.first, m.last, MentionRole::Actor);
            }
        }
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
            let mut run = i + 1;
            while run < tokens.len()
                && run - i < GAZETTEER_MAX_WORDS
                && !consumed[run]
                && tokens[run].capitalised
                && matches!(tokens[run].gap, Gap::Space | Gap::Hyphen)
            {
                run += 1;
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
        let cues: Vec<Cue> = spans
            .iter()
            .map(|(first, last, _)| self.place_cue(doc, *first, *last))
            .collect();
        // First reading: each name on its own, by the countries the article
        // names, its provinces, feature class and population.
        // Spans that read alike (same name, cue and origin) score alike:
        // score each once, so that a page repeating a name stays linear.
        let mut first_alike: HashMap<(usize, bool, bool), usize> = HashMap::new();
        let alike: Vec<usize> = (0..spans.len())
            .map(|s| {
                let signature = (span_keys[s], cues[s].admin, from_pack[s].is_some());
                *first_alike.entry(signature).or_insert(s)
            })
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
                places
                    .iter()
                    .map(|place| {
                        let mut score = 0.0;
                        // A pack country name is in `focus` by itself alone.
                        let own_name = pack.is_some() && place.feature == Feature::Country;
                        if focus.contains(&place.country) && !own_name {
                            score += FOCUS_BONUS;
                        }
                        match place.feature {
                            Feature::Country => score += COUNTRY_BONUS,
                            Feature::Admin1 if cue.admin => score += 3.0,
                            Feature::Admin1 => score += ADMIN1_BONUS,
                            // Only "X County" reaches a county: it is what it says.
                            Feature::County | Feature::Continent => score += COUNTRY_BONUS,
                            Feature::City => {}
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
                by_country
                    .entry(place.country.as_str())
                    .or_default()
                    .insert(span_keys[s]);
                if !matches!(place.feature, Feature::Country | Feature::Continent) {
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
                            if !matches!(place.feature, Feature::Country | Feature::Continent) {
                                let near = points
                                    .iter()
                                    .filter(|p| p.0 != key)
                                    .filter(|p| {
                                        distance_km(place.lat, place.lon, p.1, p.2) <= NEAR_KM
                                    })
                                    .count();
                                score += NEAR_BONUS * (near.min(3) as f64);
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
                    Feature::Country | Feature::Continent | Feature::County
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

fn is_admin_word(word: &str) -> bool {
    matches!(
        word,
        "province" | "region" | "marz" | "rayon" | "oblast" | "governorate" | "district" | "county"
    )
}

#[derive(Debug, Default, Clone, Copy)]
struct Cue {
    strong: bool,
    weak: bool,
    admin: bool,
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
        Feature::Continent => (
            format!("place:geonames:{}", place.geonames_id),
            EntityKind::Place,
            LocationPrecision::Country,
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
14\tUnited Kingdom\tGBR\t\tcountry\t66000000\t54.75\t-2.69\tUK\n";

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

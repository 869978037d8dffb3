//! Checks against the real gazetteer built at set-up; each test skips, with
//! a message, when set-up was not run and the embedded gazetteer is empty.

use outpost_core::{ArticleEntity, LocationPrecision, MentionRole, Sentence, TextAnnotations};
use outpost_entities::{EntityResolver, Gazetteer, TheaterPack};
use std::sync::OnceLock;

fn resolver() -> Option<&'static EntityResolver> {
    static RESOLVER: OnceLock<Option<EntityResolver>> = OnceLock::new();
    RESOLVER
        .get_or_init(|| {
            let gazetteer = Gazetteer::embedded();
            if gazetteer.is_empty() {
                eprintln!("skipped: no embedded gazetteer (run xtask/gazetteer.py first)");
                return None;
            }
            Some(EntityResolver::new(TheaterPack::embedded(), gazetteer))
        })
        .as_ref()
}

fn one_sentence(text: &str) -> TextAnnotations {
    TextAnnotations {
        sentences: vec![Sentence {
            start: 0,
            end: text.chars().count(),
            paragraph: 0,
        }],
        ..Default::default()
    }
}

fn place_named<'a>(entities: &'a [ArticleEntity], surface: &str) -> &'a ArticleEntity {
    entities
        .iter()
        .find(|e| {
            e.mentions
                .iter()
                .any(|m| m.text.starts_with(surface) && m.role == MentionRole::Place)
        })
        .unwrap_or_else(|| panic!("{surface} not placed: {entities:#?}"))
}

#[test]
fn border_village_resolves_to_its_province() {
    let Some(resolver) = resolver() else { return };
    let text =
        "Guards moved into Voskepar, a border village in Armenia's northern Tavush province.";
    let entities = resolver.resolve(text, &one_sentence(text));
    let village = place_named(&entities, "Voskepar");
    assert_eq!(village.entity.admin1.as_deref(), Some("Tavush"));
    assert_eq!(village.entity.country.as_deref(), Some("ARM"));
    assert_eq!(village.entity.precision, Some(LocationPrecision::Exact));
    assert!((village.entity.lat.unwrap() - 41.06).abs() < 0.05);
    assert!((village.entity.lon.unwrap() - 45.06).abs() < 0.05);
    let province = place_named(&entities, "Tavush");
    assert_eq!(province.entity.precision, Some(LocationPrecision::Admin1));
}

#[test]
fn theater_places_resolve_in_the_real_gazetteer() {
    let Some(resolver) = resolver() else { return };
    let text = "Russia keeps a base in Gyumri, while Azerbaijani units took Kelbajar; \
                residents of Syunik and Gegharkunik fear Kalbajar shelling.";
    let entities = resolver.resolve(text, &one_sentence(text));
    let gyumri = place_named(&entities, "Gyumri");
    assert_eq!(gyumri.entity.admin1.as_deref(), Some("Shirak"));
    let kelbajar = place_named(&entities, "Kelbajar");
    let kalbajar = place_named(&entities, "Kalbajar");
    assert_eq!(
        kelbajar.entity.id, kalbajar.entity.id,
        "Kelbajar = Kalbajar"
    );
    assert_eq!(kelbajar.entity.country.as_deref(), Some("AZE"));
    for province in ["Syunik", "Gegharkunik"] {
        let place = place_named(&entities, province);
        assert_eq!(place.entity.precision, Some(LocationPrecision::Admin1));
        assert_eq!(place.entity.country.as_deref(), Some("ARM"));
    }
}

#[test]
fn moscow_as_place_is_the_russian_capital() {
    let Some(resolver) = resolver() else { return };
    let text = "The envoy told a briefing in Moscow that the Kremlin wants calm.";
    let entities = resolver.resolve(text, &one_sentence(text));
    let moscow = place_named(&entities, "Moscow");
    assert_eq!(moscow.entity.country.as_deref(), Some("RUS"));
    assert_eq!(moscow.entity.precision, Some(LocationPrecision::Exact));
}

#[test]
fn common_words_are_not_places() {
    let Some(resolver) = resolver() else { return };
    let text = "Read more: Each side accused the other. Nearly 300 villages changed hands, \
                Armenian officials said on Wednesday in Yerevan. Support Our Story.";
    let entities = resolver.resolve(text, &one_sentence(text));
    let places: Vec<String> = entities
        .iter()
        .filter(|e| e.mentions.iter().any(|m| m.role == MentionRole::Place))
        .map(|e| e.entity.name.clone())
        .collect();
    assert_eq!(places, ["Yerevan"], "{entities:#?}");
}

/// Every row of `../shared/bench/geo/caucasus_places.tsv` (third-party
/// check-list, read in place): its name, said as a place in its country,
/// resolves to the row's GeoNames id or within 10 km of its point (25 km for
/// a province or region, whose point is a label point, not GeoNames').
#[test]
fn every_caucasus_check_list_row_resolves() {
    let Some(resolver) = resolver() else { return };
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/bench/geo/caucasus_places.tsv"
    );
    let Ok(tsv) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} is not here");
        return;
    };
    let mut checked = 0;
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 9, "short row {line:?}");
        let (kind, id, name, country) = (cols[0], cols[1], cols[2], cols[3]);
        let lat: f64 = cols[5].parse().unwrap();
        let lon: f64 = cols[6].parse().unwrap();
        let country = match country {
            "AM" => "Armenia",
            "AZ" => "Azerbaijan",
            other => other,
        };
        let text = format!("Shelling was reported in {name}, {country}, on Monday.");
        let entities = resolver.resolve(&text, &one_sentence(&text));
        let place = place_named(&entities, name);
        let limit = if kind == "city" { 10.0 } else { 25.0 };
        let km = distance_km(
            lat,
            lon,
            place.entity.lat.unwrap(),
            place.entity.lon.unwrap(),
        );
        assert!(
            place.entity.id == format!("place:geonames:{id}") || km <= limit,
            "{name}: {} at {km:.0} km",
            place.entity.id
        );
        let expected = if kind == "city" {
            LocationPrecision::Exact
        } else {
            LocationPrecision::Admin1
        };
        assert_eq!(place.entity.precision, Some(expected), "{name}");
        checked += 1;
    }
    assert_eq!(checked, 13);
}

fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

//! CSV and GeoJSON exports of canonical events, byte for byte what
//! `outpost events --csv` and `--geojson` print (copied from the binary's
//! `render.rs`; both should move to one shared place).

use outpost_core::CanonicalEvent;
use std::io::Write;

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// ACLED-like CSV: one row per canonical event.
pub fn events_csv(out: &mut impl Write, events: &[CanonicalEvent]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "event_id",
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "fatalities",
        "sources",
        "notes",
    ])?;
    for e in events {
        let loc = e.location.as_ref();
        let sources: Vec<String> = {
            let mut s: Vec<String> = e.mentions.iter().filter_map(|m| m.outlet.clone()).collect();
            s.sort();
            s.dedup();
            s
        };
        w.write_record([
            e.id.clone(),
            e.date.clone().unwrap_or_default(),
            e.acled_event_type
                .clone()
                .unwrap_or_else(|| e.event_type.clone()),
            e.acled_sub_event_type
                .clone()
                .unwrap_or_else(|| e.mode.clone().unwrap_or_default()),
            e.actor1
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            e.actor2
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            loc.and_then(|l| l.country.clone()).unwrap_or_default(),
            loc.and_then(|l| l.admin1.clone()).unwrap_or_default(),
            loc.map(|l| l.name.clone()).unwrap_or_default(),
            loc.and_then(|l| l.lat)
                .map(|v| v.to_string())
                .unwrap_or_default(),
            loc.and_then(|l| l.lon)
                .map(|v| v.to_string())
                .unwrap_or_default(),
            e.fatalities.map(|f| number(f.low)).unwrap_or_default(),
            sources.join("; "),
            e.mentions
                .first()
                .map(|m| m.sentence.clone())
                .unwrap_or_default(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// GeoJSON FeatureCollection of located events.
pub fn events_geojson(events: &[CanonicalEvent]) -> serde_json::Value {
    let features: Vec<serde_json::Value> = events
        .iter()
        .filter_map(|e| {
            let loc = e.location.as_ref()?;
            let (lat, lon) = (loc.lat?, loc.lon?);
            Some(serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": serde_json::to_value(e).unwrap_or(serde_json::Value::Null),
            }))
        })
        .collect();
    serde_json::json!({"type": "FeatureCollection", "features": features})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> CanonicalEvent {
        serde_json::from_value(serde_json::json!({
            "id": "ev1", "type": "ASSAULT", "status": "occurred", "date": "2021-07-28",
            "date_precision": "day", "outlets": 1,
            "mentions": [{"article_id": "a1", "outlet": "Wire, \"quoted\"", "sentence": "Shots, at dawn.", "start": 0, "end": 5}],
            "location": {"id": "geo:1", "name": "Voskepar", "country": "ARM", "lat": 41.05, "lon": 45.06, "precision": "exact"}
        }))
        .expect("a canonical event")
    }

    #[test]
    fn csv_quotes_commas_and_quotes_in_sources_and_notes() {
        let mut out = Vec::new();
        events_csv(&mut out, &[event()]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let row = text.lines().nth(1).unwrap();
        assert!(row.starts_with("ev1,2021-07-28,ASSAULT,"), "{row}");
        assert!(row.contains("\"Wire, \"\"quoted\"\"\""), "{row}");
        assert!(row.ends_with("\"Shots, at dawn.\""), "{row}");
    }

    #[test]
    fn geojson_puts_longitude_first_and_drops_unlocated_events() {
        let mut unlocated = event();
        unlocated.location = None;
        let g = events_geojson(&[event(), unlocated]);
        assert_eq!(g["features"].as_array().unwrap().len(), 1);
        assert_eq!(g["features"][0]["geometry"]["coordinates"][0], 45.06);
        assert_eq!(g["features"][0]["properties"]["id"], "ev1");
    }
}

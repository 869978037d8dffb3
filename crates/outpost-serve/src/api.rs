//! The JSON API: the CLI's read commands as `GET /api/...`, and the
//! authenticated `POST /api/ingest`.

use crate::security::bearer_matches;
use crate::{export, AppState, IngestSummary, ServeError, SkippedRecord};
use axum::extract::{Path, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use outpost_core::{RawDocument, Verdict};
use outpost_store::{EventFilter, Store, StoryLookup};
use serde::Deserialize;
use std::sync::Arc;

/// The largest `POST /api/ingest` body: the readers' per-document cap.
const MAX_INGEST_BYTES: usize = outpost_source::MAX_DOCUMENT_BYTES as usize;
/// Search hits when `limit` is not given, and the most one request may ask.
const SEARCH_DEFAULT: usize = 20;
const SEARCH_MAX: usize = 200;

type Shared = State<Arc<AppState>>;
type ApiResult<T> = Result<T, ServeError>;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/articles", get(articles))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/events", get(events))
        .route("/api/claims", get(claims))
        .route("/api/entities", get(entities))
        .route("/api/search", get(search))
        .route("/api/ingest", post(ingest))
}

async fn articles(State(state): Shared) -> ApiResult<Response> {
    let v = state.read(|s| Ok(s.summaries()?)).await?;
    Ok(Json(v).into_response())
}

async fn stories(State(state): Shared) -> ApiResult<Response> {
    let v = state.read(|s| Ok(s.stories()?)).await?;
    Ok(Json(v).into_response())
}

/// What `outpost story ID --json` prints; an id prefix works as on the CLI.
async fn story(State(state): Shared, Path(id): Path<String>) -> ApiResult<Response> {
    let v = state
        .read(move |s| match s.story_view(&id)? {
            StoryLookup::Found(view) => {
                serde_json::to_value(&*view).map_err(|e| ServeError::Internal(e.to_string()))
            }
            StoryLookup::NotFound => Err(ServeError::NotFound(format!("no story {id}"))),
            StoryLookup::Ambiguous(n) => Err(ServeError::BadRequest(format!(
                "{n} stories start with {id}; give more of the id"
            ))),
        })
        .await?;
    Ok(Json(v).into_response())
}

/// `outpost events`'s filters and output formats as query parameters.
#[derive(Debug, Default, Deserialize)]
struct EventsQuery {
    since: Option<String>,
    until: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
    actor: Option<String>,
    place: Option<String>,
    format: Option<String>,
}

fn date(name: &str, value: Option<String>) -> ApiResult<Option<NaiveDate>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ServeError::BadRequest(format!("{name} must be YYYY-MM-DD, not {v:?}"))),
    }
}

fn text(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

async fn events(State(state): Shared, Query(q): Query<EventsQuery>) -> ApiResult<Response> {
    let filter = EventFilter {
        since: date("since", q.since)?,
        until: date("until", q.until)?,
        event_type: text(q.event_type),
        actor: text(q.actor),
        place: text(q.place),
    };
    let format = q.format.unwrap_or_else(|| "json".into());
    if !matches!(format.as_str(), "json" | "csv" | "geojson") {
        return Err(ServeError::BadRequest(format!(
            "format must be json, csv or geojson, not {format:?}"
        )));
    }
    let events = state.read(move |s| Ok(s.events(&filter)?)).await?;
    Ok(match format.as_str() {
        "csv" => {
            let mut out = Vec::new();
            export::events_csv(&mut out, &events)
                .map_err(|e| ServeError::Internal(e.to_string()))?;
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"events.csv\"",
                    ),
                ],
                out,
            )
                .into_response()
        }
        "geojson" => {
            let body = serde_json::to_vec(&export::events_geojson(&events))
                .map_err(|e| ServeError::Internal(e.to_string()))?;
            (
                [
                    (header::CONTENT_TYPE, "application/geo+json"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"events.geojson\"",
                    ),
                ],
                body,
            )
                .into_response()
        }
        _ => Json(events).into_response(),
    })
}

#[derive(Debug, Default, Deserialize)]
struct ClaimsQuery {
    contradictions: Option<String>,
}

async fn claims(State(state): Shared, Query(q): Query<ClaimsQuery>) -> ApiResult<Response> {
    let only = match q.contradictions.as_deref() {
        None | Some("false") | Some("0") | Some("") => false,
        Some("true") | Some("1") => true,
        Some(other) => {
            return Err(ServeError::BadRequest(format!(
                "contradictions must be true or false, not {other:?}"
            )))
        }
    };
    let v = state.read(move |s| Ok(s.claims(only)?)).await?;
    debug_assert!(!only || v.iter().all(|c| c.verdict == Verdict::Contradicted));
    Ok(Json(v).into_response())
}

async fn entities(State(state): Shared) -> ApiResult<Response> {
    let v = state.read(|s| Ok(s.entities()?)).await?;
    Ok(Json(v).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct SearchQuery {
    q: Option<String>,
    limit: Option<usize>,
}

async fn search(State(state): Shared, Query(q): Query<SearchQuery>) -> ApiResult<Response> {
    let query = q.q.unwrap_or_default();
    if query.trim().is_empty() {
        return Err(ServeError::BadRequest("q is required".into()));
    }
    let limit = q.limit.unwrap_or(SEARCH_DEFAULT).clamp(1, SEARCH_MAX);
    let v = state.read(move |s| Ok(s.search(&query, limit)?)).await?;
    Ok(Json(v).into_response())
}

/// Checks the token before reading the body, so an unauthenticated client
/// cannot make the server buffer anything.
async fn ingest(State(state): Shared, request: Request) -> ApiResult<Response> {
    let (Some(token), Some(ingest)) = (&state.token, &state.ingest) else {
        return Err(ServeError::WritesDisabled);
    };
    if !bearer_matches(request.headers(), token) {
        return Err(ServeError::Unauthorized);
    }
    let body = axum::body::to_bytes(request.into_body(), MAX_INGEST_BYTES)
        .await
        .map_err(|e| ServeError::BadRequest(format!("reading the body: {e}")))?;
    let (documents, skipped, received) = parse_records(&body)?;
    let ingest = Arc::clone(ingest);
    let _one_writer = state.write.lock().await;
    let mut summary = tokio::task::spawn_blocking(move || ingest(documents))
        .await
        .map_err(|e| ServeError::Internal(e.to_string()))?
        .map_err(|e| ServeError::Internal(format!("ingest failed: {e:#}")))?;
    summary.received = received;
    let mut all = skipped;
    all.append(&mut summary.skipped);
    all.sort_by_key(|s| s.record);
    summary.skipped = all;
    Ok(Json::<IngestSummary>(summary).into_response())
}

/// A body is a JSON array of records, one record object, or JSON Lines; each
/// record is read exactly as a `.jsonl` line is. Returns the documents (their
/// provenance `api#N`), the unreadable records, and how many there were.
fn parse_records(body: &[u8]) -> ApiResult<(Vec<RawDocument>, Vec<SkippedRecord>, usize)> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ServeError::BadRequest("the body is not UTF-8".into()))?;
    let trimmed = text.trim_start();
    let lines: String = if trimmed.starts_with('[') {
        let records: Vec<serde_json::Value> = serde_json::from_str(trimmed)
            .map_err(|e| ServeError::BadRequest(format!("the body is not a JSON array: {e}")))?;
        records.iter().map(|r| format!("{r}\n")).collect()
    } else if let Ok(one @ serde_json::Value::Object(_)) = serde_json::from_str(trimmed) {
        // One (possibly pretty-printed) object.
        format!("{one}\n")
    } else {
        text.to_string()
    };
    if lines.trim().is_empty() {
        return Err(ServeError::BadRequest("the body has no records".into()));
    }
    let mut documents = Vec::new();
    let mut skipped = Vec::new();
    let mut received = 0;
    for item in outpost_source::Records::new(std::io::Cursor::new(lines), "api", false) {
        received += 1;
        match item {
            Ok(doc) => documents.push(doc),
            Err(err) => skipped.push(SkippedRecord {
                record: err.provenance.record.unwrap_or(received as u64),
                reason: err.reason.to_string(),
            }),
        }
    }
    Ok((documents, skipped, received))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_array_an_object_and_json_lines_are_all_records() {
        let (docs, skipped, n) =
            parse_records(br#"[{"text":"One."},{"title":"T","html":"<p>Two.</p>"}]"#).unwrap();
        assert_eq!((docs.len(), skipped.len(), n), (2, 0, 2));
        assert_eq!(docs[1].provenance.to_string(), "api#2");
        assert_eq!(docs[1].hints.title.as_deref(), Some("T"));

        let (docs, _, _) = parse_records(b"{\n  \"text\": \"Pretty.\"\n}").unwrap();
        assert_eq!(docs.len(), 1);

        let (docs, skipped, n) =
            parse_records(b"{\"text\":\"a\"}\nnot json\n{\"outlet\":\"X\"}\n").unwrap();
        assert_eq!((docs.len(), n), (1, 3));
        assert_eq!(skipped.iter().map(|s| s.record).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn an_empty_or_broken_body_is_a_bad_request() {
        assert!(matches!(
            parse_records(b"  "),
            Err(ServeError::BadRequest(_))
        ));
        assert!(matches!(
            parse_records(b"[1,"),
            Err(ServeError::BadRequest(_))
        ));
        assert!(matches!(
            parse_records(&[0xff, 0xfe]),
            Err(ServeError::BadRequest(_))
        ));
    }

    #[test]
    fn dates_must_be_days() {
        assert_eq!(
            date("since", Some("2021-07-28".into())).unwrap(),
            NaiveDate::from_ymd_opt(2021, 7, 28)
        );
        assert_eq!(date("since", Some(" ".into())).unwrap(), None);
        assert!(date("until", Some("July".into())).is_err());
    }
}

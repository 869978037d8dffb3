//! [`SqliteStore`]: the [`Store`] in one SQLite file (or in memory).
//!
//! Each write is one `IMMEDIATE` transaction: it takes the write lock up
//! front, so two writers queue on the busy timeout instead of failing on a
//! lock upgrade, and a crash or error mid-batch leaves the previous state
//! (the WAL journal makes the commit atomic). Everything is serialised to
//! JSON before the transaction opens, so a value that cannot be encoded
//! fails before anything is written.

use crate::error::{Result, SqliteContext, StoreError};
use crate::filter::{event_period, EventFilter};
use crate::schema;
use crate::search::{self, SearchIndex};
use crate::{CollectionResults, Store};
use outpost_core::{
    Article, ArticleSummary, CanonicalEvent, Claim, CollectionEntity, SearchHit, Story, Verdict,
};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// A [`Store`] backed by SQLite.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    /// Behind a mutex because a search (`&self`) may have to rebuild it.
    search: Mutex<SearchIndex>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    ///
    /// Fails with [`StoreError::SchemaTooNew`] if a newer outpost wrote it.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path).context_with(|| format!("opening {}", path.display()))?;
        Self::from_connection(conn, path.to_path_buf(), false)
    }

    /// A fresh database that lives only as long as the value (for tests and
    /// one-shot runs).
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory().context("opening an in-memory database")?;
        Self::from_connection(conn, PathBuf::from(":memory:"), true)
    }

    /// The file this store lives in (`:memory:` for an in-memory one).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The search index folder (`<db path>.search`) of a file database.
    pub fn search_index_path(&self) -> Option<PathBuf> {
        (self.path != Path::new(":memory:")).then(|| search::folder_for(&self.path))
    }

    fn from_connection(mut conn: Connection, path: PathBuf, in_memory: bool) -> Result<Self> {
        schema::configure(&conn)?;
        schema::migrate_to(&mut conn, &path, schema::latest_version())?;
        // The index is only a cache: if its folder cannot be opened at all
        // (read-only disk), this process searches an index in RAM instead.
        // Whether it agrees with the articles is checked before each search.
        let index = if in_memory {
            SearchIndex::in_ram()?
        } else {
            SearchIndex::open_folder(&search::folder_for(&path))
                .or_else(|_| SearchIndex::in_ram())?
        };
        Ok(SqliteStore {
            conn,
            path,
            search: Mutex::new(index),
        })
    }

    fn search_index(&self) -> MutexGuard<'_, SearchIndex> {
        // A panic mid-update leaves at worst a stale index, which the count
        // check before every search catches.
        self.search
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `sql` (selecting one JSON column) and decodes every row as `T`.
    fn json_rows<T: DeserializeOwned>(
        &self,
        what: &str,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<T>> {
        let context = || format!("reading {what}");
        let mut statement = self.conn.prepare_cached(sql).context_with(context)?;
        let rows = statement
            .query_map(params, |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .context_with(context)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row.context_with(context)?;
            out.push(decode(what, &id, &json)?);
        }
        Ok(out)
    }

    /// The one object with `id` from `table`, if any.
    fn json_by_id<T: DeserializeOwned>(
        &self,
        what: &str,
        table: &str,
        id: &str,
    ) -> Result<Option<T>> {
        let sql = format!("SELECT json FROM {table} WHERE id = ?1");
        let json: Option<String> = self
            .conn
            .query_row(&sql, [id], |row| row.get(0))
            .optional()
            .context_with(|| format!("reading {what} {id}"))?;
        json.map(|json| decode(what, id, &json)).transpose()
    }
}

fn decode<T: DeserializeOwned>(what: &str, id: &str, json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|source| StoreError::Json {
        record: format!("{what} {id}"),
        source,
    })
}

fn encode<T: Serialize>(what: &str, id: &str, value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|source| StoreError::Json {
        record: format!("{what} {id}"),
        source,
    })
}

fn date_text(date: Option<chrono::NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

fn verdict_text(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Corroborated => "corroborated",
        Verdict::Contradicted => "contradicted",
        Verdict::Single => "single",
    }
}

impl Store for SqliteStore {
    fn has_input(&self, input_hash: &str) -> Result<bool> {
        self.conn
            .query_row("SELECT 1 FROM inputs WHERE hash = ?1", [input_hash], |_| {
                Ok(())
            })
            .optional()
            .map(|found| found.is_some())
            .context_with(|| format!("looking up input {input_hash}"))
    }

    fn put_articles(&mut self, articles: &[Article], inputs: &[(String, String)]) -> Result<usize> {
        let encoded = articles
            .iter()
            .map(|article| encode("article", &article.id, article))
            .collect::<Result<Vec<_>>>()?;
        let ingested_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("starting to store articles")?;
        let mut new = 0;
        let mut added: Vec<&Article> = Vec::new();
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO articles (id, source, title, published, outlet, json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .context("preparing to store articles")?;
            let mut index = tx
                .prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)")
                .context("preparing the search index")?;
            for (article, json) in articles.iter().zip(&encoded) {
                let context = || format!("storing article {} ({})", article.id, article.source);
                let extracted = &article.extracted;
                let inserted = insert
                    .execute(params![
                        article.id,
                        article.source,
                        extracted.title,
                        date_text(extracted.published),
                        extracted.outlet,
                        json
                    ])
                    .context_with(context)?;
                if inserted == 1 {
                    index
                        .execute(params![
                            tx.last_insert_rowid(),
                            extracted.title,
                            extracted.text
                        ])
                        .context_with(context)?;
                    added.push(article);
                    new += 1;
                }
            }
            let mut record = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO inputs (hash, source, ingested_at) VALUES (?1, ?2, ?3)",
                )
                .context("preparing to record inputs")?;
            for (hash, source) in inputs {
                record
                    .execute(params![hash, source, ingested_at])
                    .context_with(|| format!("recording input {source} ({hash})"))?;
            }
        }
        tx.commit().context("committing articles")?;
        // The articles are stored; the index only follows. If it cannot
        // (another process holds its lock, disk full), it is behind, and the
        // next search sees its count differ and rebuilds it, so the write
        // still succeeded and is reported as such.
        let index = self.search.get_mut().unwrap_or_else(|p| p.into_inner());
        let _ = index.add(&added);
        Ok(new)
    }

    fn article_count(&self) -> Result<usize> {
        self.conn
            .query_row("SELECT count(*) FROM articles", [], |row| {
                row.get::<_, i64>(0)
            })
            .map(|n| n as usize)
            .context("counting articles")
    }

    fn articles(&self) -> Result<Vec<Article>> {
        self.json_rows("article", "SELECT id, json FROM articles ORDER BY seq", [])
    }

    fn for_each_article(&self, visit: &mut dyn FnMut(Article)) -> Result<()> {
        let context = || "reading articles".to_string();
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, json FROM articles ORDER BY seq")
            .context_with(context)?;
        let mut rows = statement.query([]).context_with(context)?;
        while let Some(row) = rows.next().context_with(context)? {
            let id: String = row.get(0).context_with(context)?;
            let json: String = row.get(1).context_with(context)?;
            visit(decode("article", &id, &json)?);
        }
        Ok(())
    }

    fn article(&self, id: &str) -> Result<Option<Article>> {
        self.json_by_id("article", "articles", id)
    }

    fn replace_collection(&mut self, c: &CollectionResults) -> Result<()> {
        let summaries = c
            .summaries
            .iter()
            .map(|s| encode("summary", &s.id, s))
            .collect::<Result<Vec<_>>>()?;
        let stories = c
            .stories
            .iter()
            .map(|s| encode("story", &s.id, s))
            .collect::<Result<Vec<_>>>()?;
        let events = c
            .events
            .iter()
            .map(|e| encode("event", &e.id, e))
            .collect::<Result<Vec<_>>>()?;
        let claims = c
            .claims
            .iter()
            .map(|cl| encode("claim", &cl.id, cl))
            .collect::<Result<Vec<_>>>()?;
        let entities = c
            .entities
            .iter()
            .map(|e| encode("entity", &e.id, e))
            .collect::<Result<Vec<_>>>()?;

        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("starting to replace collection results")?;
        tx.execute_batch(
            "DELETE FROM summaries; DELETE FROM stories; DELETE FROM events; DELETE FROM claims; DELETE FROM entities;",
        )
        .context("clearing collection results")?;
        {
            // Ids are unique per table; should a stage emit one twice, the first wins.
            let mut insert = tx
                .prepare(
                    "INSERT OR IGNORE INTO summaries (id, source, published, story_id, duplicate_of, json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .context("preparing to store summaries")?;
            for (s, json) in c.summaries.iter().zip(&summaries) {
                insert
                    .execute(params![
                        s.id,
                        s.source,
                        date_text(s.published),
                        s.story_id,
                        s.duplicate_of,
                        json
                    ])
                    .context_with(|| format!("storing summary {}", s.id))?;
            }

            let mut insert = tx
                .prepare(
                    "INSERT OR IGNORE INTO stories (id, title, first_date, last_date, json)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .context("preparing to store stories")?;
            for (s, json) in c.stories.iter().zip(&stories) {
                insert
                    .execute(params![
                        s.id,
                        s.title,
                        date_text(s.first_date),
                        date_text(s.last_date),
                        json
                    ])
                    .context_with(|| format!("storing story {}", s.id))?;
            }

            let mut insert = tx
                .prepare(
                    "INSERT OR IGNORE INTO events (id, type, acled_event_type, acled_sub_event_type, date,
                                                   period_start, period_end, story_id, json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .context("preparing to store events")?;
            for (e, json) in c.events.iter().zip(&events) {
                let period = event_period(e);
                insert
                    .execute(params![
                        e.id,
                        e.event_type,
                        e.acled_event_type,
                        e.acled_sub_event_type,
                        e.date,
                        date_text(period.map(|p| p.date)),
                        date_text(period.map(|p| p.last_day())),
                        e.story_id,
                        json
                    ])
                    .context_with(|| format!("storing event {}", e.id))?;
            }

            let mut insert = tx
                .prepare(
                    "INSERT OR IGNORE INTO claims (id, subject_key, attribute, verdict, json)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .context("preparing to store claims")?;
            for (cl, json) in c.claims.iter().zip(&claims) {
                insert
                    .execute(params![
                        cl.id,
                        cl.subject_key,
                        cl.attribute,
                        verdict_text(cl.verdict),
                        json
                    ])
                    .context_with(|| format!("storing claim {}", cl.id))?;
            }

            let mut insert = tx
                .prepare(
                    "INSERT OR IGNORE INTO entities (id, kind, name, country, json)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .context("preparing to store entities")?;
            for (e, json) in c.entities.iter().zip(&entities) {
                let kind = format!("{:?}", e.kind).to_lowercase();
                insert
                    .execute(params![e.id, kind, e.name, e.country, json])
                    .context_with(|| format!("storing entity {}", e.id))?;
            }
        }
        tx.commit().context("committing collection results")
    }

    fn summaries(&self) -> Result<Vec<ArticleSummary>> {
        // Articles the collection stages have not summarised yet are still
        // listed, from their own columns, so `outpost articles` never hides one.
        let sql = "SELECT id, json, title, outlet, published, source, sort_published, sort_source FROM (
                       SELECT id, json, NULL AS title, NULL AS outlet, NULL AS published, NULL AS source,
                              published AS sort_published, source AS sort_source, seq AS sort_seq, 0 AS part
                       FROM summaries
                       UNION ALL
                       SELECT a.id, NULL, a.title, a.outlet, a.published, a.source,
                              a.published, a.source, a.seq, 1
                       FROM articles a WHERE NOT EXISTS (SELECT 1 FROM summaries s WHERE s.id = a.id)
                   )
                   ORDER BY sort_published IS NULL, sort_published, sort_source, part, sort_seq";
        let context = || "reading article summaries".to_string();
        let mut statement = self.conn.prepare_cached(sql).context_with(context)?;
        let mut rows = statement.query([]).context_with(context)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().context_with(context)? {
            let id: String = row.get(0).context_with(context)?;
            if let Some(json) = row.get::<_, Option<String>>(1).context_with(context)? {
                out.push(decode("summary", &id, &json)?);
                continue;
            }
            let published: Option<String> = row.get(4).context_with(context)?;
            out.push(ArticleSummary {
                title: row.get(2).context_with(context)?,
                outlet: row.get(3).context_with(context)?,
                published: published
                    .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                published_inferred: false,
                source: row.get(5).context_with(context)?,
                story_id: None,
                duplicate_of: None,
                update_of: None,
                id,
            });
        }
        Ok(out)
    }

    fn stories(&self) -> Result<Vec<Story>> {
        self.json_rows(
            "story",
            "SELECT id, json FROM stories
             ORDER BY last_date IS NULL, last_date DESC, first_date DESC, seq",
            [],
        )
    }

    fn story(&self, id: &str) -> Result<Option<Story>> {
        self.json_by_id("story", "stories", id)
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<CanonicalEvent>> {
        // The date bounds run in SQL on the stored period; the text filters
        // need Unicode case folding, so they run here.
        let since = date_text(filter.since);
        let until = date_text(filter.until);
        let events: Vec<CanonicalEvent> = self.json_rows(
            "event",
            "SELECT id, json FROM events
             WHERE (?1 IS NULL OR period_end >= ?1) AND (?2 IS NULL OR period_start <= ?2)
             ORDER BY period_start IS NULL, period_start, period_end, seq",
            params![since, until],
        )?;
        Ok(events
            .into_iter()
            .filter(|event| filter.matches(event))
            .collect())
    }

    fn claims(&self, contradictions_only: bool) -> Result<Vec<Claim>> {
        self.json_rows(
            "claim",
            "SELECT id, json FROM claims WHERE ?1 IS NULL OR verdict = ?1 ORDER BY seq",
            [contradictions_only.then(|| verdict_text(Verdict::Contradicted))],
        )
    }

    fn entities(&self) -> Result<Vec<CollectionEntity>> {
        self.json_rows("entity", "SELECT id, json FROM entities ORDER BY seq", [])
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let stored = self.article_count()? as u64;
        let mut index = self.search_index();
        let fresh = matches!(index.doc_count(), Ok(n) if n == stored);
        if !fresh && index.rebuild(|visit| self.for_each_article(visit)).is_err() {
            // The folder cannot be rewritten (locked by a writer in another
            // process, read-only): search an exact copy in RAM instead.
            let mut in_ram = SearchIndex::in_ram()?;
            in_ram.rebuild(|visit| self.for_each_article(visit))?;
            *index = in_ram;
        }
        index.search(query, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use outpost_core::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn article(id: &str, title: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            source: format!("feed.jsonl#{id}"),
            extracted: Extracted {
                title: Some(title.into()),
                text: text.into(),
                published: Some(day(2022, 3, 14)),
                outlet: Some("Valley Courier".into()),
                ..Default::default()
            },
            annotations: Default::default(),
            entities: vec![],
            events: vec![],
            claims: vec![],
        }
    }

    /// An article with every field and annotation set, to check nothing is
    /// lost in the JSON round trip.
    fn full_article() -> Article {
        let text = "Militia fighters shelled Östra Vale on Tuesday, killing some 12 people, the governor said.";
        let actor = ActorRef {
            id: "org:ridge_militia".into(),
            name: "Ridge Militia".into(),
            country: Some("KLM".into()),
        };
        let place = Location {
            id: "place:ostra_vale".into(),
            name: "Östra Vale".into(),
            admin1: Some("Northmark".into()),
            country: Some("KLM".into()),
            lat: Some(61.25),
            lon: Some(-3.5),
            precision: LocationPrecision::Exact,
        };
        let tuesday = FuzzyDate::day(day(2022, 3, 8));
        Article {
            id: "a0f1e2d3c4b5a697".into(),
            source: "dispatches.jsonl#4".into(),
            extracted: Extracted {
                url: Some("https://courier.example/ostra".into()),
                title: Some("Shelling hits Östra Vale".into()),
                published: Some(day(2022, 3, 10)),
                outlet: Some("Valley Courier".into()),
                wire: Some("NWA".into()),
                authors: vec!["Ines Marlow".into()],
                language: Some("en".into()),
                text: text.into(),
                captions: vec!["Smoke over the valley. Photo: staff".into()],
                boilerplate_removed: vec!["Subscribe now".into()],
            },
            annotations: TextAnnotations {
                sentences: vec![Sentence {
                    start: 0,
                    end: 91,
                    paragraph: 0,
                }],
                quantities: vec![Quantity {
                    span: Span::new(62, 69),
                    sentence: 0,
                    text: "some 12".into(),
                    value: 12.0,
                    range: ValueRange {
                        low: 10.0,
                        high: Some(14.0),
                    },
                    hedge: Some("some".into()),
                    unit: Some("people".into()),
                    unit_span: Some(Span::new(70, 76)),
                }],
                times: vec![TimeExpression {
                    span: Span::new(39, 46),
                    sentence: 0,
                    text: "Tuesday".into(),
                    spec: TemporalSpec::Weekday {
                        weekday: 1,
                        weeks: 0,
                    },
                    resolved: Some(tuesday),
                }],
                attributions: vec![Attribution {
                    sentence: 0,
                    speaker: "the governor".into(),
                    speaker_span: Span::new(78, 90),
                    cue: "said".into(),
                    quote: None,
                }],
            },
            entities: vec![ArticleEntity {
                entity: Entity {
                    id: place.id.clone(),
                    kind: EntityKind::Place,
                    name: place.name.clone(),
                    country: Some("KLM".into()),
                    admin1: Some("Northmark".into()),
                    lat: Some(61.25),
                    lon: Some(-3.5),
                    role: None,
                    precision: Some(LocationPrecision::Exact),
                },
                mentions: vec![EntityMention {
                    start: 25,
                    end: 35,
                    text: "Östra Vale".into(),
                    sentence: 0,
                    role: MentionRole::Place,
                }],
            }],
            events: vec![EventMention {
                event_type: "ASSAULT".into(),
                mode: Some("aerial".into()),
                acled_event_type: Some("Explosions/Remote violence".into()),
                acled_sub_event_type: Some("Shelling/artillery/missile attack".into()),
                status: EventStatus::Occurred,
                date: Some(tuesday),
                time_expression: Some(0),
                actor1: Some(actor),
                actor2: None,
                location: Some(place),
                fatalities: Some(ValueRange {
                    low: 10.0,
                    high: Some(14.0),
                }),
                injured: None,
                casualties_by_side: Vec::new(),
                sentence: 0,
                start: 0,
                end: 91,
                text: text.into(),
                trigger: "shelled".into(),
                speaker: Some("the governor".into()),
                outlet: Some("Valley Courier".into()),
                salience: 0.87,
            }],
            claims: vec![ClaimStatement {
                subject: "event:e1".into(),
                subject_label: "shelling of Östra Vale".into(),
                attribute: "killed".into(),
                range: ValueRange {
                    low: 10.0,
                    high: Some(14.0),
                },
                unit: "people".into(),
                sentence: 0,
                text: text.into(),
                quantity_text: "some 12".into(),
            }],
        }
    }

    fn event(
        id: &str,
        event_type: &str,
        date: Option<&str>,
        precision: Option<DatePrecision>,
    ) -> CanonicalEvent {
        CanonicalEvent {
            id: id.into(),
            event_type: event_type.into(),
            mode: None,
            acled_event_type: None,
            acled_sub_event_type: None,
            status: EventStatus::Occurred,
            date: date.map(String::from),
            date_precision: precision,
            actor1: None,
            actor2: None,
            location: None,
            fatalities: None,
            injured: None,
            mentions: vec![],
            outlets: 1,
            story_id: None,
        }
    }

    fn story(id: &str, last: Option<NaiveDate>) -> Story {
        Story {
            id: id.into(),
            title: format!("story {id}"),
            first_date: last,
            last_date: last,
            article_ids: vec![],
            outlets: vec![],
            event_ids: vec![],
        }
    }

    fn claim(id: &str, verdict: Verdict) -> Claim {
        Claim {
            id: id.into(),
            subject: "the spring offensive".into(),
            subject_key: "conflict:spring".into(),
            attribute: "deaths".into(),
            values: vec![],
            verdict,
        }
    }

    fn summary(id: &str, published: Option<NaiveDate>, source: &str) -> ArticleSummary {
        ArticleSummary {
            id: id.into(),
            source: source.into(),
            title: None,
            published,
            published_inferred: false,
            outlet: None,
            story_id: Some("s1".into()),
            duplicate_of: None,
            update_of: None,
        }
    }

    fn integrity(store: &SqliteStore) -> String {
        store
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn an_article_with_every_field_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let original = full_article();
        {
            let mut store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
            assert_eq!(
                store
                    .put_articles(std::slice::from_ref(&original), &[])
                    .unwrap(),
                1
            );
        }
        let store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
        assert_eq!(store.article(&original.id).unwrap(), Some(original.clone()));
        assert_eq!(store.articles().unwrap(), vec![original]);
        assert_eq!(store.article("missing").unwrap(), None);
    }

    #[test]
    fn putting_the_same_batch_twice_stores_it_once() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let batch = vec![
            article("a1", "One", "first text"),
            article("a2", "Two", "second text"),
        ];
        let inputs = vec![("h1".to_string(), "feed.jsonl".to_string())];
        assert_eq!(store.put_articles(&batch, &inputs).unwrap(), 2);
        assert_eq!(store.put_articles(&batch, &inputs).unwrap(), 0);
        assert_eq!(store.article_count().unwrap(), 2);
        // A changed article under a stored id is left as first stored.
        let mut changed = batch[0].clone();
        changed.extracted.title = Some("Rewritten".into());
        assert_eq!(store.put_articles(&[changed], &[]).unwrap(), 0);
        assert_eq!(
            store
                .article("a1")
                .unwrap()
                .unwrap()
                .extracted
                .title
                .as_deref(),
            Some("One")
        );
        // The search index was not fed twice either.
        assert_eq!(store.search("first", 10).unwrap().len(), 1);
    }

    #[test]
    fn duplicates_within_one_batch_count_once() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let a = article("a1", "One", "text");
        assert_eq!(store.put_articles(&[a.clone(), a], &[]).unwrap(), 1);
    }

    #[test]
    fn has_input_knows_recorded_hashes_only() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        assert!(!store.has_input("h1").unwrap());
        store
            .put_articles(&[], &[("h1".into(), "a.txt".into())])
            .unwrap();
        assert!(store.has_input("h1").unwrap());
        assert!(!store.has_input("h2").unwrap());
    }

    #[test]
    fn replace_collection_replaces_rather_than_appends() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let first = CollectionResults {
            summaries: vec![summary("a1", None, "x")],
            stories: vec![story("s1", None), story("s2", None)],
            events: vec![event("e1", "ASSAULT", None, None)],
            claims: vec![claim("c1", Verdict::Single)],
            entities: vec![],
        };
        store.replace_collection(&first).unwrap();
        let second = CollectionResults {
            stories: vec![story("s3", None)],
            ..Default::default()
        };
        store.replace_collection(&second).unwrap();
        let ids: Vec<String> = store.stories().unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(ids, ["s3"]);
        assert!(store.story("s1").unwrap().is_none());
        assert!(store.events(&EventFilter::default()).unwrap().is_empty());
        assert!(store.claims(false).unwrap().is_empty());
        assert!(store.summaries().unwrap().is_empty());
    }

    #[test]
    fn collection_results_round_trip_in_their_orders() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let entity = CollectionEntity {
            id: "country:KLM".into(),
            kind: EntityKind::Country,
            name: "Kelmoria".into(),
            aliases: vec!["Kelmorian".into()],
            country: Some("KLM".into()),
            lat: None,
            lon: None,
            admin1: None,
            article_ids: vec!["a1".into()],
        };
        let results = CollectionResults {
            summaries: vec![
                summary("late", Some(day(2022, 3, 9)), "b"),
                summary("undated", None, "a"),
                summary("early_b", Some(day(2022, 3, 1)), "b"),
                summary("early_a", Some(day(2022, 3, 1)), "a"),
            ],
            stories: vec![
                story("old", Some(day(2021, 1, 1))),
                story("none", None),
                story("new", Some(day(2022, 1, 1))),
            ],
            events: vec![],
            claims: vec![
                claim("c1", Verdict::Corroborated),
                claim("c2", Verdict::Contradicted),
                claim("c3", Verdict::Single),
            ],
            entities: vec![entity.clone()],
        };
        store.replace_collection(&results).unwrap();
        let summaries: Vec<String> = store
            .summaries()
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(summaries, ["early_a", "early_b", "late", "undated"]);
        let stories: Vec<String> = store.stories().unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(stories, ["new", "old", "none"]);
        assert_eq!(
            store.story("old").unwrap(),
            Some(results.stories[0].clone())
        );
        assert_eq!(store.claims(false).unwrap().len(), 3);
        let contradicted: Vec<String> = store
            .claims(true)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(contradicted, ["c2"]);
        assert_eq!(store.entities().unwrap(), vec![entity]);
    }

    #[test]
    fn articles_without_a_summary_are_still_listed() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store
            .put_articles(&[article("a1", "One", "x"), article("a2", "Two", "y")], &[])
            .unwrap();
        let mut summarised = summary("a2", Some(day(2022, 3, 1)), "feed.jsonl#a2");
        summarised.story_id = Some("s9".into());
        store
            .replace_collection(&CollectionResults {
                summaries: vec![summarised.clone()],
                ..Default::default()
            })
            .unwrap();
        let listed = store.summaries().unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0], summarised);
        assert_eq!(listed[1].id, "a1");
        assert_eq!(listed[1].title.as_deref(), Some("One"));
        assert_eq!(listed[1].published, Some(day(2022, 3, 14)));
        assert_eq!(listed[1].story_id, None);
    }

    #[test]
    fn event_filters_select_by_period_type_actor_and_place() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut clash = event(
            "clash",
            "ASSAULT",
            Some("2022-03-08"),
            Some(DatePrecision::Day),
        );
        clash.acled_event_type = Some("Battles".into());
        clash.actor1 = Some(ActorRef {
            id: "org:ridge_militia".into(),
            name: "Ridge Militia".into(),
            country: Some("KLM".into()),
        });
        clash.location = Some(Location {
            id: "place:ostra_vale".into(),
            name: "Östra Vale".into(),
            admin1: Some("Northmark".into()),
            country: Some("KLM".into()),
            lat: None,
            lon: None,
            precision: LocationPrecision::Exact,
        });
        let february = event(
            "talks",
            "CONSULT",
            Some("2022-02"),
            Some(DatePrecision::Month),
        );
        let last_year = event("pledge", "AID", Some("2021"), Some(DatePrecision::Year));
        let undated = event("undated", "ASSAULT", None, None);
        let results = CollectionResults {
            events: vec![undated, clash, february, last_year],
            ..Default::default()
        };
        store.replace_collection(&results).unwrap();
        let ids = |filter: EventFilter| -> Vec<String> {
            store
                .events(&filter)
                .unwrap()
                .into_iter()
                .map(|e| e.id)
                .collect()
        };
        assert_eq!(
            ids(EventFilter::default()),
            ["pledge", "talks", "clash", "undated"]
        );
        // February overlaps a range starting on its last day; the year 2021 does not.
        assert_eq!(
            ids(EventFilter {
                since: Some(day(2022, 2, 28)),
                ..Default::default()
            }),
            ["talks", "clash"]
        );
        assert_eq!(
            ids(EventFilter {
                until: Some(day(2022, 2, 1)),
                ..Default::default()
            }),
            ["pledge", "talks"]
        );
        assert_eq!(
            ids(EventFilter {
                since: Some(day(2022, 3, 1)),
                until: Some(day(2022, 3, 31)),
                ..Default::default()
            }),
            ["clash"]
        );
        assert_eq!(
            ids(EventFilter {
                event_type: Some("assault".into()),
                ..Default::default()
            }),
            ["clash", "undated"]
        );
        assert_eq!(
            ids(EventFilter {
                event_type: Some("battles".into()),
                ..Default::default()
            }),
            ["clash"]
        );
        assert_eq!(
            ids(EventFilter {
                actor: Some("ridge".into()),
                ..Default::default()
            }),
            ["clash"]
        );
        assert_eq!(
            ids(EventFilter {
                actor: Some("klm".into()),
                ..Default::default()
            }),
            ["clash"]
        );
        assert_eq!(
            ids(EventFilter {
                place: Some("östra".into()),
                ..Default::default()
            }),
            ["clash"]
        );
        assert_eq!(
            ids(EventFilter {
                place: Some("northmark".into()),
                ..Default::default()
            }),
            ["clash"]
        );
        assert!(ids(EventFilter {
            place: Some("southmark".into()),
            ..Default::default()
        })
        .is_empty());
    }

    #[test]
    fn search_finds_a_word_in_the_text_with_a_marked_snippet() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store
            .put_articles(
                &[
                    article(
                        "a1",
                        "Harvest festival opens",
                        "Farmers brought apples and pears to the square.",
                    ),
                    article(
                        "a2",
                        "Convoy reaches the pass",
                        "A relief convoy crossed the mountain pass after the drones withdrew.",
                    ),
                    article(
                        "a3",
                        "Drones over the ridge",
                        "Drones were seen again near the ridge on Monday.",
                    ),
                ],
                &[],
            )
            .unwrap();
        let hits = store.search("convoy", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].article_id, "a2");
        assert_eq!(hits[0].outlet.as_deref(), Some("Valley Courier"));
        assert!(
            hits[0].snippet.contains("[convoy]") || hits[0].snippet.contains("[Convoy]"),
            "{}",
            hits[0].snippet
        );
        // A word in the title ranks that article first.
        let drones: Vec<String> = store
            .search("drones", 10)
            .unwrap()
            .into_iter()
            .map(|h| h.article_id)
            .collect();
        assert_eq!(drones, ["a3", "a2"]);
        assert_eq!(store.search("drones", 1).unwrap().len(), 1);
        // Every word must occur; phrases and prefixes work.
        assert_eq!(
            store.search("drones mountain", 10).unwrap()[0].article_id,
            "a2"
        );
        assert_eq!(store.search("\"mountain pass\"", 10).unwrap().len(), 1);
        assert_eq!(store.search("harv*", 10).unwrap()[0].article_id, "a1");
        assert_eq!(store.search("apples OR convoy", 10).unwrap().len(), 2);
        assert!(store.search("submarine", 10).unwrap().is_empty());
    }

    #[test]
    fn search_never_fails_on_query_syntax() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store
            .put_articles(
                &[article("a1", "Title", "Some text about the bridge.")],
                &[],
            )
            .unwrap();
        for query in [
            "",
            "   ",
            "\"",
            "AND",
            "OR bridge OR",
            "bridge)",
            "NEAR(",
            "-bridge",
            "col:bridge",
            "*",
        ] {
            store
                .search(query, 10)
                .unwrap_or_else(|e| panic!("{query:?}: {e}"));
        }
        assert_eq!(store.search("bridge)", 10).unwrap().len(), 1);
        assert_eq!(store.search("OR bridge OR", 10).unwrap().len(), 1);
    }

    #[test]
    fn search_ignores_case_and_diacritics() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store
            .put_articles(
                &[article("a1", "Title", "Troops entered Östra Vale at noon.")],
                &[],
            )
            .unwrap();
        assert_eq!(store.search("ostra", 10).unwrap().len(), 1);
        assert_eq!(store.search("ÖSTRA", 10).unwrap().len(), 1);
    }

    #[test]
    fn reopening_migrates_an_older_database_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            // A database as the first schema version left it.
            let mut conn = Connection::open(&path).unwrap();
            schema::migrate_to(&mut conn, &path, 1).unwrap();
            // It had no search index folder.
            let mut old = SqliteStore {
                conn,
                path: path.clone(),
                search: Mutex::new(SearchIndex::in_ram().unwrap()),
            };
            old.put_articles(
                &[article("a1", "Kept", "Still here after the upgrade.")],
                &[("h1".into(), "old.txt".into())],
            )
            .unwrap();
        }
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(
            schema::version(&store.conn).unwrap(),
            schema::latest_version()
        );
        assert_eq!(store.article_count().unwrap(), 1);
        assert!(store.has_input("h1").unwrap());
        assert_eq!(store.search("upgrade", 5).unwrap().len(), 1);
        store
            .replace_collection(&CollectionResults {
                stories: vec![story("s1", None)],
                ..Default::default()
            })
            .unwrap();
        drop(store);
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.stories().unwrap().len(), 1);
        assert_eq!(store.article_count().unwrap(), 1);
    }

    #[test]
    fn a_database_from_a_newer_outpost_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.db");
        drop(SqliteStore::open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        match SqliteStore::open(&path) {
            Err(StoreError::SchemaTooNew { found: 99, .. }) => {}
            other => panic!("expected SchemaTooNew, got {other:?}"),
        }
    }

    #[test]
    fn the_file_uses_wal_and_stays_consistent_after_writes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(&dir.path().join("w.db")).unwrap();
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let pragma = |name: &str| -> i64 {
            store
                .conn
                .query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
                .unwrap()
        };
        assert_eq!(pragma("foreign_keys"), 1);
        assert_eq!(pragma("synchronous"), 1, "NORMAL");
        assert!(pragma("busy_timeout") > 0);
        let batch: Vec<Article> = (0..50)
            .map(|i| {
                article(
                    &format!("a{i}"),
                    "Bulletin",
                    &format!("Report number {i} from the front."),
                )
            })
            .collect();
        store
            .put_articles(&batch, &[("h".into(), "bulk.jsonl".into())])
            .unwrap();
        store
            .replace_collection(&CollectionResults {
                stories: vec![story("s1", None)],
                ..Default::default()
            })
            .unwrap();
        store
            .replace_collection(&CollectionResults {
                stories: vec![story("s2", None)],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(integrity(&store), "ok");
        // FTS5's own check: the index agrees with its stored text.
        store
            .conn
            .execute(
                "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
                [],
            )
            .unwrap();
    }

    #[test]
    fn a_batch_failing_midway_leaves_nothing_behind() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store
            .put_articles(
                &[article("before", "Earlier", "stored earlier")],
                &[("h0".into(), "old.txt".into())],
            )
            .unwrap();
        // Force the third insert of the next batch to fail.
        store
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER fail_on_bad BEFORE INSERT ON articles WHEN NEW.id = 'bad'
                 BEGIN SELECT RAISE(ABORT, 'forced failure'); END;",
            )
            .unwrap();
        let batch = vec![
            article("ok1", "Fine", "alpha"),
            article("ok2", "Fine", "beta"),
            article("bad", "Bad", "gamma"),
        ];
        let err = store
            .put_articles(&batch, &[("h1".into(), "new.jsonl".into())])
            .unwrap_err();
        assert!(err.to_string().contains("bad"), "{err}");
        assert_eq!(store.article_count().unwrap(), 1);
        assert!(store.article("ok1").unwrap().is_none());
        assert!(
            !store.has_input("h1").unwrap(),
            "a failed batch must not mark its input done"
        );
        assert!(
            store.search("alpha", 10).unwrap().is_empty(),
            "no orphan search entries"
        );
        assert_eq!(integrity(&store), "ok");
        // The store is usable afterwards.
        store
            .conn
            .execute_batch("DROP TRIGGER fail_on_bad")
            .unwrap();
        assert_eq!(
            store
                .put_articles(&batch, &[("h1".into(), "new.jsonl".into())])
                .unwrap(),
            3
        );
    }

    #[test]
    fn a_collection_replacement_failing_midway_keeps_the_previous_results() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let previous = CollectionResults {
            stories: vec![story("s1", None)],
            claims: vec![claim("c1", Verdict::Single)],
            ..Default::default()
        };
        store.replace_collection(&previous).unwrap();
        store
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER fail_on_claim BEFORE INSERT ON claims WHEN NEW.id = 'boom'
                 BEGIN SELECT RAISE(ABORT, 'forced failure'); END;",
            )
            .unwrap();
        let next = CollectionResults {
            stories: vec![story("s2", None)],
            claims: vec![claim("boom", Verdict::Contradicted)],
            ..Default::default()
        };
        assert!(store.replace_collection(&next).is_err());
        let stories: Vec<String> = store.stories().unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(stories, ["s1"]);
        assert_eq!(store.claims(false).unwrap().len(), 1);
    }

    #[test]
    fn every_article_is_visited_in_insertion_order() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let full = full_article();
        let plain = article("b1", "Second", "Another report.");
        store
            .put_articles(&[full.clone(), plain.clone()], &[])
            .unwrap();
        let mut seen = Vec::new();
        store.for_each_article(&mut |a| seen.push(a)).unwrap();
        assert_eq!(seen, [full, plain]);
    }

    #[test]
    fn the_search_index_is_a_cache_rebuilt_when_missing_broken_or_behind() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("outpost.db");
        {
            let mut store = SqliteStore::open(&db).unwrap();
            store
                .put_articles(
                    &[article("a1", "Bridge shelled", "The bridge was hit.")],
                    &[],
                )
                .unwrap();
            assert_eq!(store.search("bridge", 10).unwrap().len(), 1);
        }
        let folder = dir.path().join("outpost.db.search");
        assert!(
            folder.join("meta.json").is_file(),
            "index kept beside the db"
        );

        // Missing: rebuilt from the stored articles.
        std::fs::remove_dir_all(&folder).unwrap();
        let store = SqliteStore::open(&db).unwrap();
        assert_eq!(store.search("bridge", 10).unwrap()[0].article_id, "a1");
        drop(store);

        // Unreadable: replaced.
        std::fs::write(folder.join("meta.json"), "not json").unwrap();
        let store = SqliteStore::open(&db).unwrap();
        assert_eq!(store.search("shelled", 10).unwrap().len(), 1);
        drop(store);

        // Another store on the same file keeps it up to date.
        let mut other = SqliteStore::open(&db).unwrap();
        other
            .put_articles(
                &[article("a2", "Ferry sunk", "A ferry sank off the bridge.")],
                &[],
            )
            .unwrap();
        drop(other);
        let store = SqliteStore::open(&db).unwrap();
        assert_eq!(store.search("bridge", 10).unwrap().len(), 2);
        drop(store);
        // Behind (an article written without it, as if its update had
        // failed): the count differs, so it is rebuilt before searching.
        let conn = Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO articles (id, source, title, json) SELECT 'a3', source, title, \
             replace(replace(json, '\"a2\"', '\"a3\"'), 'ferry', 'barge') FROM articles WHERE id = 'a2'",
            [],
        )
        .unwrap();
        drop(conn);
        let store = SqliteStore::open(&db).unwrap();
        let ids: Vec<String> = store
            .search("barge", 10)
            .unwrap()
            .into_iter()
            .map(|h| h.article_id)
            .collect();
        assert_eq!(ids, ["a3"]);
    }

    #[test]
    fn a_store_that_cannot_write_its_index_folder_still_searches_correctly() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("outpost.db");
        // A plain file where the folder should be: the index cannot live there.
        std::fs::write(dir.path().join("outpost.db.search"), "in the way").unwrap();
        let mut store = SqliteStore::open(&db).unwrap();
        store
            .put_articles(
                &[article("a1", "Dam breached", "Water flooded the valley.")],
                &[],
            )
            .unwrap();
        assert_eq!(store.search("flooded", 10).unwrap()[0].article_id, "a1");
    }

    #[test]
    fn long_texts_get_a_cut_snippet_around_the_match() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let filler = "Nothing of note happened in the town that week. ".repeat(10);
        let text = format!("{filler}Then a checkpoint was shelled at night. {filler}");
        store
            .put_articles(&[article("a1", "Quiet week", &text)], &[])
            .unwrap();
        let snippet = &store.search("checkpoint", 1).unwrap()[0].snippet;
        assert!(snippet.contains("[checkpoint]"), "{snippet}");
        assert!(snippet.len() < text.len() / 2, "{snippet}");
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
    }
}

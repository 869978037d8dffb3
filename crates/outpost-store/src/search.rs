//! The article search index: a tantivy index kept as a derived cache of the
//! stored articles (in `<db path>.search/`, or in RAM for an in-memory
//! store).
//!
//! SQLite stays the source of truth. The index is only ever trusted when
//! its document count equals the stored article count; otherwise (missing,
//! unreadable, behind after a failed update, written by another process) it
//! is rebuilt from the stored articles before a search. If the folder cannot
//! be rebuilt (another process holds its write lock, the disk is read-only),
//! the search runs on an in-RAM index built from the stored articles, so the
//! index can make a search slower but never wrong.

use crate::error::{Result, StoreError};
use outpost_core::{Article, SearchHit};
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// The analyzer name registered on every index: split on non-alphanumerics,
/// lower-case, fold diacritics to ASCII ("Östra" is found by "ostra").
const ANALYZER: &str = "outpost";
/// Heap for one indexing thread; tantivy's minimum is 15 MB.
const WRITER_HEAP: usize = 50_000_000;
/// A word in the title weighs this much more than one in the text: a word in
/// the headline is what the article is about.
const TITLE_BOOST: f32 = 2.0;

fn index_error(context: impl Into<String>) -> impl FnOnce(tantivy::TantivyError) -> StoreError {
    let context = context.into();
    move |source| StoreError::Search { context, source }
}

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    text: Field,
    source: Field,
    outlet: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text_options = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        title: builder.add_text_field("title", text_options.clone()),
        text: builder.add_text_field("text", text_options),
        source: builder.add_text_field("source", STORED),
        outlet: builder.add_text_field("outlet", STORED),
    };
    (builder.build(), fields)
}

fn analyzer() -> TextAnalyzer {
    // Longer tokens are dropped rather than indexed: tantivy refuses terms
    // over 64 KiB, and no one searches for a 256-character word.
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(256))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The search index of one store.
pub(crate) struct SearchIndex {
    /// `None` for an index in RAM.
    folder: Option<PathBuf>,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("folder", &self.folder)
            .finish_non_exhaustive()
    }
}

/// The index folder of the database at `db_path`: `outpost.db.search/`.
pub(crate) fn folder_for(db_path: &Path) -> PathBuf {
    let mut name = db_path.as_os_str().to_os_string();
    name.push(".search");
    PathBuf::from(name)
}

impl SearchIndex {
    /// An empty index in RAM.
    pub(crate) fn in_ram() -> Result<Self> {
        let (schema, fields) = schema();
        Self::with_index(None, Index::create_in_ram(schema), fields)
    }

    /// The index in `folder`, created if missing. An unreadable one (corrupt,
    /// another schema) is deleted and created afresh: it is only a cache.
    pub(crate) fn open_folder(folder: &Path) -> Result<Self> {
        match Self::try_open_folder(folder) {
            Ok(index) => Ok(index),
            Err(_) => {
                // Removing may fail too (permissions); creating then reports why.
                let _ = std::fs::remove_dir_all(folder);
                Self::try_open_folder(folder)
            }
        }
    }

    fn try_open_folder(folder: &Path) -> Result<Self> {
        let context = || format!("opening the search index {}", folder.display());
        std::fs::create_dir_all(folder).map_err(|e| StoreError::Search {
            context: context(),
            source: e.into(),
        })?;
        let directory = MmapDirectory::open(folder).map_err(|e| StoreError::Search {
            context: context(),
            source: e.into(),
        })?;
        let (schema, fields) = schema();
        let index = Index::open_or_create(directory, schema).map_err(index_error(context()))?;
        Self::with_index(Some(folder.to_path_buf()), index, fields)
    }

    fn with_index(folder: Option<PathBuf>, index: Index, fields: Fields) -> Result<Self> {
        index.tokenizers().register(ANALYZER, analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error("opening a search index reader"))?;
        Ok(SearchIndex {
            folder,
            index,
            reader,
            fields,
        })
    }

    fn writer(&self) -> Result<IndexWriter> {
        self.index
            .writer_with_num_threads(1, WRITER_HEAP)
            .map_err(index_error("locking the search index for writing"))
    }

    fn document(&self, article: &Article) -> TantivyDocument {
        let f = self.fields;
        let extracted = &article.extracted;
        let mut document = doc!(
            f.id => article.id.as_str(),
            f.text => extracted.text.as_str(),
            f.source => article.source.as_str(),
        );
        if let Some(title) = &extracted.title {
            document.add_text(f.title, title);
        }
        if let Some(outlet) = &extracted.outlet {
            document.add_text(f.outlet, outlet);
        }
        document
    }

    /// Adds articles (already committed to SQLite) and commits.
    pub(crate) fn add(&mut self, articles: &[&Article]) -> Result<()> {
        if articles.is_empty() {
            return Ok(());
        }
        let mut writer = self.writer()?;
        for article in articles {
            writer
                .add_document(self.document(article))
                .map_err(index_error(format!("indexing article {}", article.id)))?;
        }
        writer
            .commit()
            .map_err(index_error("committing the search index"))?;
        // A commit starts merging segments in the background, and a merge
        // holds the segments' terms and documents in memory: left running,
        // merges pile up behind a long ingest and go on into whatever comes
        // next. Waiting keeps them one at a time, in this call.
        writer
            .wait_merging_threads()
            .map_err(index_error("merging search index segments"))?;
        self.reader
            .reload()
            .map_err(index_error("reloading the search index"))
    }

    /// How many documents the index holds, after picking up any commit made
    /// since (by this or another process).
    pub(crate) fn doc_count(&self) -> Result<u64> {
        self.reader
            .reload()
            .map_err(index_error("reloading the search index"))?;
        Ok(self.reader.searcher().num_docs())
    }

    /// Replaces the whole content by the articles `each` yields.
    pub(crate) fn rebuild(
        &mut self,
        each: impl FnOnce(&mut dyn FnMut(Article)) -> Result<()>,
    ) -> Result<()> {
        let mut writer = self.writer()?;
        writer
            .delete_all_documents()
            .map_err(index_error("clearing the search index"))?;
        let mut failed = None;
        each(&mut |article| {
            if failed.is_none() {
                if let Err(e) = writer.add_document(self.document(&article)) {
                    failed = Some(index_error(format!("indexing article {}", article.id))(e));
                }
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        writer
            .commit()
            .map_err(index_error("committing the search index"))?;
        self.reader
            .reload()
            .map_err(index_error("reloading the search index"))
    }

    /// Best matches first, at most `limit`; see [`crate::Store::search`].
    pub(crate) fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(query) = self.build_query(&parse(query)) else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let context = "searching the index";
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())
            .map_err(index_error(context))?;
        let text_snippets = SnippetGenerator::create(&searcher, &query, self.fields.text)
            .map_err(index_error(context))?;
        let title_snippets = SnippetGenerator::create(&searcher, &query, self.fields.title)
            .map_err(index_error(context))?;
        let mut hits = Vec::with_capacity(top.len());
        for (_, address) in top {
            let document: TantivyDocument = searcher.doc(address).map_err(index_error(context))?;
            let get = |field: Field| {
                document
                    .get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let title = get(self.fields.title);
            let text = get(self.fields.text).unwrap_or_default();
            let mut snippet = marked(&text, &text_snippets);
            if !snippet.contains('[') {
                if let Some(title) = &title {
                    let in_title = marked(title, &title_snippets);
                    if in_title.contains('[') {
                        snippet = in_title;
                    }
                }
            }
            hits.push(SearchHit {
                article_id: get(self.fields.id).unwrap_or_default(),
                title,
                source: get(self.fields.source).unwrap_or_default(),
                outlet: get(self.fields.outlet),
                snippet,
            });
        }
        Ok(hits)
    }

    /// The words of `word` as the index stores them.
    fn terms(&self, word: &str) -> Vec<String> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(word);
        let mut terms = Vec::new();
        while let Some(token) = stream.next() {
            terms.push(token.text.clone());
        }
        terms
    }

    /// One clause over title (boosted) and text.
    fn clause(&self, clause: &Clause) -> Box<dyn Query> {
        let over = |field: Field| -> Box<dyn Query> {
            match clause {
                Clause::Word { word, prefix } => {
                    let terms = self.terms(word);
                    match terms.as_slice() {
                        [] => Box::new(EmptyQuery),
                        [term] if *prefix => {
                            // The term is alphanumeric, so it needs no regex escaping.
                            match RegexQuery::from_pattern(&format!("{term}.*"), field) {
                                Ok(q) => Box::new(q),
                                Err(_) => Box::new(EmptyQuery),
                            }
                        }
                        [term] => Box::new(TermQuery::new(
                            Term::from_field_text(field, term),
                            IndexRecordOption::WithFreqs,
                        )),
                        many => phrase(field, many),
                    }
                }
                Clause::Phrase(words) => {
                    let terms: Vec<String> = words.iter().flat_map(|w| self.terms(w)).collect();
                    match terms.as_slice() {
                        [] => Box::new(EmptyQuery),
                        [term] => Box::new(TermQuery::new(
                            Term::from_field_text(field, term),
                            IndexRecordOption::WithFreqs,
                        )),
                        many => phrase(field, many),
                    }
                }
            }
        };
        Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(over(self.fields.title), TITLE_BOOST)),
            ),
            (Occur::Should, over(self.fields.text)),
        ]))
    }

    /// All groups must match; within a group (`a OR b`) any may.
    fn build_query(&self, groups: &[Vec<Clause>]) -> Option<BooleanQuery> {
        if groups.is_empty() {
            return None;
        }
        let must = groups
            .iter()
            .map(|group| {
                let any: Vec<(Occur, Box<dyn Query>)> = group
                    .iter()
                    .map(|clause| (Occur::Should, self.clause(clause)))
                    .collect();
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(any)) as Box<dyn Query>,
                )
            })
            .collect();
        Some(BooleanQuery::new(must))
    }
}

fn phrase(field: Field, terms: &[String]) -> Box<dyn Query> {
    Box::new(PhraseQuery::new(
        terms
            .iter()
            .map(|t| Term::from_field_text(field, t))
            .collect(),
    ))
}

/// The best fragment of `text` with matched terms marked `[term]`, and `…`
/// where the text goes on.
fn marked(text: &str, generator: &SnippetGenerator) -> String {
    let snippet = generator.snippet(text);
    let fragment = snippet.fragment();
    if fragment.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(fragment.len() + 8);
    let range = snippet.fragment_range();
    // The fragment runs from its first token to its last: punctuation
    // before or after is put back, and `…` marks text left out.
    let (before, after) = (&text[..range.start], &text[range.end..]);
    if before.chars().any(char::is_alphanumeric) {
        out.push('…');
    } else {
        out.push_str(before.trim_start());
    }
    let mut at = 0;
    for highlight in snippet.highlighted() {
        out.push_str(&fragment[at..highlight.start]);
        out.push('[');
        out.push_str(&fragment[highlight.clone()]);
        out.push(']');
        at = highlight.end;
    }
    out.push_str(&fragment[at..]);
    if after.chars().any(char::is_alphanumeric) {
        out.push('…');
    } else {
        out.push_str(after.trim_end());
    }
    out
}

/// One search term: a word (`prefix*` if `prefix`) or a quoted phrase.
#[derive(Debug, Clone, PartialEq)]
enum Clause {
    Word { word: String, prefix: bool },
    Phrase(Vec<String>),
}

/// Reads what a user types into groups of alternatives (`a OR b`) that must
/// all match. It cannot fail: every word is taken literally, `"…"` is a
/// phrase (an unclosed quote runs to the end), a trailing `*` makes a prefix
/// search, a bare `OR` between terms joins them; any other punctuation
/// separates words and is otherwise ignored.
fn parse(input: &str) -> Vec<Vec<Clause>> {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut groups: Vec<Vec<Clause>> = Vec::new();
    let mut join_next = false;
    let push = |groups: &mut Vec<Vec<Clause>>, join: &mut bool, clause: Clause| {
        match groups.last_mut() {
            Some(last) if *join => last.push(clause),
            _ => groups.push(vec![clause]),
        }
        *join = false;
    };
    let mut rest = input;
    while !rest.is_empty() {
        rest = rest.trim_start();
        if let Some(after_quote) = rest.strip_prefix('"') {
            let (phrase, tail) = after_quote.split_once('"').unwrap_or((after_quote, ""));
            let phrase_words = words(phrase);
            if !phrase_words.is_empty() {
                push(&mut groups, &mut join_next, Clause::Phrase(phrase_words));
            }
            rest = tail;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let (token, tail) = rest.split_at(end);
        rest = tail;
        if token == "OR" {
            join_next = !groups.is_empty();
            continue;
        }
        let prefix = token.ends_with('*');
        let token_words = words(token);
        let count = token_words.len();
        for (i, word) in token_words.into_iter().enumerate() {
            let clause = Clause::Word {
                word,
                prefix: prefix && i + 1 == count,
            };
            push(&mut groups, &mut join_next, clause);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> Clause {
        Clause::Word {
            word: w.into(),
            prefix: false,
        }
    }

    #[test]
    fn queries_parse_into_and_of_or_groups() {
        assert_eq!(
            parse("shelling near Östra"),
            vec![
                vec![word("shelling")],
                vec![word("near")],
                vec![word("Östra")]
            ]
        );
        assert_eq!(
            parse("\"mountain pass\" convoy*"),
            vec![
                vec![Clause::Phrase(vec!["mountain".into(), "pass".into()])],
                vec![Clause::Word {
                    word: "convoy".into(),
                    prefix: true
                }]
            ]
        );
        assert_eq!(parse("OR a OR OR b OR"), vec![vec![word("a"), word("b")]]);
        assert_eq!(
            parse("x a OR b"),
            vec![vec![word("x")], vec![word("a"), word("b")]]
        );
        assert_eq!(parse("NEAR( -x"), vec![vec![word("NEAR")], vec![word("x")]]);
        assert!(parse("  ").is_empty());
        assert!(parse("\"").is_empty());
    }

    #[test]
    fn the_folder_sits_next_to_the_database() {
        assert_eq!(
            folder_for(Path::new("/data/outpost.db")),
            PathBuf::from("/data/outpost.db.search")
        );
    }
}

//! Small hand-built articles for tests and examples of this and later stages.
//!
//! Real articles get their annotations from the text and entities stages;
//! these builders let a test state exactly the annotations a rule needs,
//! so that the rule is tested alone.

use chrono::NaiveDate;
use outpost_core::{
    Article, ArticleEntity, Attribution, Entity, EntityKind, EntityMention, FuzzyDate,
    LocationPrecision, MentionRole, Quantity, Sentence, Span, TemporalSpec, TimeExpression,
    ValueRange,
};

/// An article with sentences split at ". " and no other annotations.
pub fn article(text: &str) -> Article {
    ArticleBuilder::new(text).build()
}

/// Builds an [`Article`] with chosen annotations; surfaces are located by
/// their first occurrence in the text.
#[derive(Debug, Clone)]
pub struct ArticleBuilder {
    article: Article,
}

impl ArticleBuilder {
    /// Starts from a text; sentences are split after `.`, `!` or `?` followed by a space.
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut sentences = Vec::new();
        let mut start = 0;
        for i in 0..chars.len() {
            let end_of_sentence = matches!(chars[i], '.' | '!' | '?')
                && (i + 1 == chars.len() || chars[i + 1] == ' ');
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
        let mut article = Article::from_text(text, "test.txt");
        article.annotations.sentences = sentences;
        ArticleBuilder { article }
    }

    /// Sets the title.
    pub fn title(mut self, title: &str) -> Self {
        self.article.extracted.title = Some(title.to_string());
        self
    }

    /// Sets the publication date.
    pub fn published(mut self, date: NaiveDate) -> Self {
        self.article.extracted.published = Some(date);
        self
    }

    /// Sets the outlet.
    pub fn outlet(mut self, outlet: &str) -> Self {
        self.article.extracted.outlet = Some(outlet.to_string());
        self
    }

    fn span_of(&self, surface: &str) -> Span {
        let text = &self.article.extracted.text;
        let byte = text
            .find(surface)
            .unwrap_or_else(|| panic!("{surface:?} is not in the test text"));
        let start = text[..byte].chars().count();
        Span::new(start, start + surface.chars().count())
    }

    fn sentence_of(&self, span: Span) -> usize {
        self.article
            .annotations
            .sentences
            .iter()
            .position(|s| s.start <= span.start && span.end <= s.end)
            .unwrap_or(0)
    }

    /// Adds an entity mention (the entity is created on first use of its id).
    pub fn entity(
        mut self,
        id: &str,
        kind: EntityKind,
        name: &str,
        country: Option<&str>,
        surface: &str,
        role: MentionRole,
    ) -> Self {
        let span = self.span_of(surface);
        let sentence = self.sentence_of(span);
        let mention = EntityMention {
            start: span.start,
            end: span.end,
            text: surface.to_string(),
            sentence,
            role,
        };
        match self.article.entities.iter_mut().find(|e| e.entity.id == id) {
            Some(e) => e.mentions.push(mention),
            None => self.article.entities.push(ArticleEntity {
                entity: Entity {
                    id: id.to_string(),
                    kind,
                    name: name.to_string(),
                    country: country.map(str::to_string),
                    admin1: None,
                    lat: None,
                    lon: None,
                    role: None,
                    precision: if kind == EntityKind::Place {
                        Some(LocationPrecision::Exact)
                    } else {
                        None
                    },
                },
                mentions: vec![mention],
            }),
        }
        self
    }

    /// Adds a place with coordinates and admin1.
    // One argument per field of the place reads better in a fixture than a struct literal.
    #[allow(clippy::too_many_arguments)]
    pub fn place(
        mut self,
        id: &str,
        name: &str,
        country: &str,
        admin1: &str,
        lat: f64,
        lon: f64,
        surface: &str,
    ) -> Self {
        self = self.entity(
            id,
            EntityKind::Place,
            name,
            Some(country),
            surface,
            MentionRole::Place,
        );
        if let Some(e) = self.article.entities.iter_mut().find(|e| e.entity.id == id) {
            e.entity.admin1 = Some(admin1.to_string());
            e.entity.lat = Some(lat);
            e.entity.lon = Some(lon);
        }
        self
    }

    /// Adds a quantity.
    pub fn quantity(
        mut self,
        surface: &str,
        value: f64,
        range: ValueRange,
        unit: Option<&str>,
    ) -> Self {
        let span = self.span_of(surface);
        let sentence = self.sentence_of(span);
        self.article.annotations.quantities.push(Quantity {
            span,
            sentence,
            text: surface.to_string(),
            value,
            range,
            hedge: None,
            unit: unit.map(str::to_string),
            unit_span: None,
        });
        self
    }

    /// Adds a time expression with its resolution.
    pub fn time(mut self, surface: &str, spec: TemporalSpec, resolved: Option<FuzzyDate>) -> Self {
        let span = self.span_of(surface);
        let sentence = self.sentence_of(span);
        self.article.annotations.times.push(TimeExpression {
            span,
            sentence,
            text: surface.to_string(),
            spec,
            resolved,
        });
        self
    }

    /// Attributes a sentence (the one holding `surface`) to a speaker.
    pub fn said_by(mut self, surface: &str, speaker: &str) -> Self {
        let span = self.span_of(surface);
        let sentence = self.sentence_of(span);
        self.article.annotations.attributions.push(Attribution {
            sentence,
            speaker: speaker.to_string(),
            speaker_span: span,
            cue: "said".into(),
            quote: None,
        });
        self
    }

    /// The article.
    pub fn build(self) -> Article {
        self.article
    }
}

//! Line rules: what a single line of an article is — body, boilerplate,
//! a caption or credit, or a metadata line (byline, dateline, date) — and
//! what metadata it yields. Rules are general patterns about how news pages
//! are laid out, never about particular articles.

use crate::dates::{date_only_line, find_date};
use crate::outlets::{host_of, OutletTable};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Article prose: kept.
    Body,
    /// Page furniture: removed.
    Boilerplate,
    /// A metadata line (byline, dateline, date): removed; feeds metadata.
    Metadata,
    /// A photo caption or credit: kept apart.
    Caption,
}

/// Metadata gathered from lines, in document order (first found wins).
#[derive(Debug, Clone, Default)]
pub struct Signals {
    /// A date from a "Published:" line.
    pub published_labelled: Option<NaiveDate>,
    /// A date from a line that is only a date, near the top.
    pub published_standalone: Option<NaiveDate>,
    /// Bylines.
    pub authors: Vec<String>,
    /// The wire agency credited.
    pub wire: Option<String>,
    /// A URL given in the text ("Original url:").
    pub url: Option<String>,
    /// The outlet named by a copyright notice (its domain or holder).
    pub copyright_outlet: Option<String>,
    /// The outlet named by a "Support X" or "X Web Team" line.
    pub credited_outlet: Option<String>,
}

impl Signals {
    fn set_wire(&mut self, wire: String) {
        self.wire.get_or_insert(wire);
    }
    fn add_author(&mut self, name: &str) {
        let name = name.trim().trim_end_matches(['.', ',']).to_string();
        if !name.is_empty() && !self.authors.iter().any(|a| a.eq_ignore_ascii_case(&name)) {
            self.authors.push(name);
        }
    }
}

/// Compiles a built-in pattern with ASCII word boundaries: a Unicode `\b`
/// sends the regex engine from its DFA to the slow PikeVM on any non-ASCII
/// line, and every word these patterns bound is ASCII.
fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("built-in pattern")
}

static COMMENT_PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:leave a (?:reply|comment)|be the first to comment|(?:post|add|write|submit) (?:a |your )?comment|\d+\s+comments?|comments?(?:\s*\(\d+\))?|(?:show|view|load) comments|join the (?:discussion|conversation)|you must be logged in to post a comment.*|your email address will not be published.*|required fields are marked.*|cancel reply|notify me of (?:new|follow-up) .*|save my name, email.*)\W*$",
    )
});
static SPAM_NOTICE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)this site uses akismet|learn how your comment data is processed"));
static CALL_TO_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:support|donate(?: to)?|subscribe(?: to| now| for)?|follow(?: us)?(?: on)?|sign up(?: for| to)?|join us(?: on)?|like us on|become a (?:patron|member|subscriber))\b\s*(.*)$",
    )
});
static SOCIAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:newsletter|telegram|twitter|facebook|instagram|youtube|patreon|our channel|us on)\b",
    )
});
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)©|^\s*copyright\b|\ball rights reserved\b|\bunauthori[sz]ed (?:use|reproduction|copying|duplication)\b.*\bprohibited\b|\bwithout (?:the )?(?:express )?(?:and )?(?:prior )?written permission\b",
    )
});
static APP_PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:(?:read|open|continue|view) in (?:the )?app|download (?:our|the) app\b.*)\W*$")
});
static HIGHLIGHTS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:story highlights|highlights|key points|in brief)\s*:?$"));
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:related(?: articles?| stor(?:y|ies)| coverage| news| content| reading| posts?)?|read more|read also|also read|see also|more on this(?: story| topic)?|recommended(?: for you)?|you may also like|more from .{1,30}|latest news|trending(?: now)?|most read|most popular|more stories|watch|listen)\s*(?::|\||-|–|—|»|>).*|(?:related|read more|also read|see also|recommended|more stories|you may also like|trending(?: now)?|latest news|most read|most popular)\s*:?)$",
    )
});
static ORIGINAL_URL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:original (?:url|article|source|link)|source (?:url|link)|originally published (?:at|on|by))\s*:?\s*(\S+)?$",
    )
});
/// A URL alone on its line; a short second token is the tail of a URL that
/// a stray space broke.
static BARE_URL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:https?://|www\.)\S+(?:\s[\w-]{1,12})?$"));
static AGENCY_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\(?\s*(?:with (?:inputs?|agency inputs?) from|with agency inputs|inputs? from|(?:with )?(?:additional )?reporting by|writing by|editing by|edited by|compiled by)\b[^()]*\)?\.?$",
    )
});
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:advertisement|advertising|sponsored(?: content)?|skip to (?:main )?content|loading\.*|listen to (?:this )?article|print(?: this)?(?: article| page)?|\d+\s*min(?:ute)?s?\s+read|reading time:.*|back to top|tags?:.*|topics?:.*|filed under:.*|click here to .*|(?:click|tap) to (?:enlarge|expand|share).*|follow .{1,40} on (?:twitter|telegram|facebook|google news)\.?)$",
    )
});
const SHARE_WORDS: &[&str] = &[
    "share",
    "this",
    "article",
    "story",
    "on",
    "tweet",
    "email",
    "e-mail",
    "print",
    "whatsapp",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "telegram",
    "reddit",
    "vk",
    "copy",
    "link",
    "pinterest",
    "messenger",
    "mail",
];
// Unicode word boundaries here: the labels include Cyrillic words.
static PUBLISHED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    // Labels in more languages come from `data/date_labels.txt`; a
    // full-width colon is how Chinese and Japanese pages write one.
    let more = &*crate::dates::MORE_DATE_LABELS;
    Regex::new(&format!(
        r"(?i)\b(?:published|updated|posted|last updated|first published|date|veröffentlicht|publié|publicado|pubblicato|gepubliceerd|erstellt|datum|fecha|опубликовано|aktualisiert|erschienen|mis à jour|actualizado|aggiornato|{more})\s*(?:on|at|am|le|el|em|il|op|في)?\s*[:：]|^(?:published|updated|posted|last updated|first published|veröffentlicht|publié|publicado|pubblicato|gepubliceerd|опубликовано|aktualisiert|erschienen|{more})\b",
    ))
    .expect("built-in pattern")
});
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:By|BY|Written by|Words by|Reported by)\s+(\S.*)$"));
static TEAM_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(\p{Lu}[\p{L}\p{N}&.'-]*(?:\s+\p{Lu}[\p{L}\p{N}&.'-]*){0,3})\s+((?i:web team|web desk|news desk|digital desk|online desk|newsdesk|news service|staff|staff reporter|bureau|editorial (?:team|board|staff)|desk))$",
    )
});
static BYLINE_SEPARATORS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\s*(?:,|\||/|·|•|–|—|\s-\s|\band\b|&)\s*"));
static PHOTO_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:photograph|photo|image|picture|pic|credit|photo credit|file photo)s?\s*:\s*\(?|^\(?(?:file )?(?:photo|image|picture|pictured|above|top|main|inset)\s*[:(]",
    )
});
static SCREEN_GRAB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:screen ?grab|screenshot|screen capture|video (?:grab|still)|still (?:image )?(?:from|of)|a (?:still|frame) from)\b",
    )
});
static PHOTO_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:getty images|afp photo|ap photo|reuters photo|epa-efe|epa/\w+|shutterstock|alamy|via reuters|via getty)\b",
    )
});
static DOMAIN_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")
});
static COPYRIGHT_HOLDER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?:by\s+)?([^.,©|;]+)")
});

/// The line rules, with the wire names they recognise.
#[derive(Debug)]
pub struct LineRules {
    outlets: OutletTable,
    wire_only: Regex,
    wire_dateline: Regex,
}

/// Per-document state the rules carry from line to line.
#[derive(Debug, Default)]
pub struct LineState {
    /// The previous line announced a URL ("Original url:").
    expecting_url: bool,
    /// Index of the block being read (for "near the top").
    pub block: usize,
}

/// How many blocks from the top a bare date counts as the publication date.
const TOP_BLOCKS: usize = 6;

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', '!', '?'])
}

fn capitalised(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

impl LineRules {
    /// Rules recognising the wire names of `outlets`.
    pub fn new(outlets: OutletTable) -> Self {
        let names: Vec<String> = outlets
            .wire_names()
            .iter()
            .map(|n| regex::escape(n))
            .collect();
        let alternation = names.join("|");
        let wire_only = re(&format!(r"(?i)^[(\[—–-]*\s*(?:{alternation})\s*[)\]]*\.?$"));
        let wire_dateline = re(&format!(
            r"^(?:\p{{Lu}}[\p{{L}}.,' /-]{{0,60}}?\s*)?\(((?i:{alternation}))\)\s*(?:-|–|—)+\s*"
        ));
        LineRules {
            outlets,
            wire_only,
            wire_dateline,
        }
    }

    /// The outlet table in use.
    pub fn outlets(&self) -> &OutletTable {
        &self.outlets
    }

    /// Classifies one normalised, non-empty line, recording its metadata.
    pub fn classify(&self, line: &str, state: &mut LineState, signals: &mut Signals) -> Verdict {
        let expecting_url = std::mem::take(&mut state.expecting_url);
        if BARE_URL.is_match(line) {
            if expecting_url && signals.url.is_none() {
                signals.url = Some(line.split_whitespace().collect());
            }
            return Verdict::Boilerplate;
        }
        if let Some(c) = ORIGINAL_URL.captures(line) {
            match c.get(1) {
                Some(url) => {
                    signals.url.get_or_insert_with(|| url.as_str().to_string());
                }
                None => state.expecting_url = true,
            }
            return Verdict::Boilerplate;
        }
        if COMMENT_PROMPT.is_match(line)
            || SPAM_NOTICE.is_match(line)
            || APP_PROMPT.is_match(line)
            || HIGHLIGHTS.is_match(line)
            || RELATED.is_match(line)
            || FURNITURE.is_match(line)
            || is_share_line(line)
        {
            return Verdict::Boilerplate;
        }
        if COPYRIGHT.is_match(line) {
            self.copyright_outlet(line, signals);
            return Verdict::Boilerplate;
        }
        if self.call_to_action(line, signals) {
            return Verdict::Boilerplate;
        }
        if AGENCY_CREDIT.is_match(line) {
            if let Some(wire) = self.wire_in(line) {
                signals.set_wire(wire);
            }
            return Verdict::Boilerplate;
        }
        if self.wire_only.is_match(line) {
            if let Some(wire) = self.wire_in(line) {
                signals.set_wire(wire);
            }
            return Verdict::Metadata;
        }
        if let Some(verdict) = self.metadata_line(line, state, signals) {
            return verdict;
        }
        if is_caption_line(line) {
            return Verdict::Caption;
        }
        Verdict::Body
    }

    /// A wire agency named anywhere in `text`.
    pub fn wire_in(&self, text: &str) -> Option<String> {
        // ASCII lower-casing keeps byte offsets aligned with `text`.
        let lower = text.to_ascii_lowercase();
        for name in self.outlets.wire_names() {
            let mut from = 0;
            while let Some(i) = lower[from..].find(&name) {
                let start = from + i;
                let end = start + name.len();
                let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
                if boundary(lower[..start].chars().next_back())
                    && boundary(lower[end..].chars().next())
                {
                    // Short all-capital credits ("AP") must be capitals in the text.
                    let original = &text[start..end];
                    if name.len() > 3 || original.chars().all(|c| !c.is_lowercase()) {
                        return self.outlets.wire(&name);
                    }
                }
                from = end;
            }
        }
        None
    }

    /// Strips an agency dateline ("KYIV (Reuters) - ") from the start of a
    /// paragraph, returning the prefix removed.
    pub fn strip_wire_dateline(
        &self,
        paragraph: &mut String,
        signals: &mut Signals,
    ) -> Option<String> {
        let c = self.wire_dateline.captures(paragraph)?;
        let prefix = c.get(0)?.as_str().to_string();
        if let Some(wire) = self.outlets.wire(&c[1]) {
            signals.set_wire(wire);
        }
        paragraph.replace_range(..prefix.len(), "");
        Some(prefix.trim().to_string())
    }

    fn copyright_outlet(&self, line: &str, signals: &mut Signals) {
        if signals.copyright_outlet.is_some() {
            return;
        }
        let domain = DOMAIN_IN_TEXT
            .find_iter(line)
            .filter(|m| {
                m.as_str().contains("www.")
                    || m.as_str().contains("://")
                    || host_of(m.as_str()).is_some()
            })
            .find_map(|m| {
                let host = host_of(m.as_str())?;
                // "Inc." or "Ltd." followed by a word is not a domain.
                let tld = host.rsplit('.').next()?;
                (tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_lowercase())).then_some(host)
            });
        signals.copyright_outlet = match domain {
            Some(host) => self.outlets.outlet_for(&host),
            None => COPYRIGHT_HOLDER.captures(line).and_then(|c| {
                let holder = c[1].trim();
                let holder = holder.trim_end_matches(|ch: char| !ch.is_alphanumeric());
                let useful = !holder.is_empty()
                    && word_count(holder) <= 6
                    && !holder.to_lowercase().contains("all rights reserved")
                    && capitalised(holder);
                useful.then(|| holder.to_string())
            }),
        };
    }

    /// "Support X", "Subscribe to our newsletter": short calls to action.
    fn call_to_action(&self, line: &str, signals: &mut Signals) -> bool {
        let Some(c) = CALL_TO_ACTION.captures(line) else {
            return false;
        };
        if word_count(line) > 8 || (ends_sentence(line) && !SOCIAL.is_match(line)) {
            return false;
        }
        let rest = c[1].trim();
        let starts_support = line.to_lowercase().starts_with("support");
        if starts_support
            && !rest.is_empty()
            && word_count(rest) <= 3
            && rest.split_whitespace().all(capitalised)
        {
            signals
                .credited_outlet
                .get_or_insert_with(|| rest.to_string());
            return true;
        }
        // A bare "Support the ceasefire" is prose; keep only obvious furniture.
        !starts_support
            || SOCIAL.is_match(line)
            || rest.is_empty()
            || rest.to_lowercase().starts_with("us")
    }

    /// Bylines, team credits, datelines and date lines.
    fn metadata_line(
        &self,
        line: &str,
        state: &LineState,
        signals: &mut Signals,
    ) -> Option<Verdict> {
        if let Some(c) = TEAM_CREDIT.captures(line) {
            let name = c[1].to_string();
            let role = c[2].to_lowercase();
            match self.outlets.wire(&name) {
                Some(wire) => {
                    signals.set_wire(wire);
                    return Some(Verdict::Metadata);
                }
                // "Farm Bureau" or "Senate Staff" starting a wrapped line is
                // prose: only newsroom words credit a non-wire outlet.
                None if !matches!(role.as_str(), "staff" | "bureau" | "desk") => {
                    signals.credited_outlet.get_or_insert(name);
                    return Some(Verdict::Metadata);
                }
                None => {}
            }
        }
        if let Some(c) = BYLINE.captures(line) {
            if self.byline(&c[1], signals) {
                return Some(Verdict::Metadata);
            }
        }
        if word_count(line) <= 20
            && PUBLISHED_LABEL.is_match(line)
            && !ends_sentence_with_verb(line)
        {
            let label = PUBLISHED_LABEL.find(line)?;
            if let Some((date, _)) = find_date(&line[label.start()..]) {
                signals.published_labelled.get_or_insert(date);
                return Some(Verdict::Metadata);
            }
        }
        if let Some(date) = date_only_line(line) {
            if state.block < TOP_BLOCKS {
                signals.published_standalone.get_or_insert(date);
            }
            return Some(Verdict::Metadata);
        }
        None
    }

    /// Parses the part of a byline after "By": names, agencies and dates
    /// separated by commas, "and", bars or slashes. Returns false (not a
    /// byline) if any part is something else.
    fn byline(&self, rest: &str, signals: &mut Signals) -> bool {
        if word_count(rest) > 14 || !rest.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        let mut authors = Vec::new();
        let mut wire = None;
        let mut date = None;
        for part in BYLINE_SEPARATORS
            .split(rest)
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            if let Some(w) = self.outlets.wire(part) {
                wire.get_or_insert(w);
            } else if let Some(d) = date_only_line(part) {
                date.get_or_insert(d);
            } else if looks_like_name(part) {
                authors.push(part.to_string());
            } else {
                return false;
            }
        }
        if authors.is_empty() && wire.is_none() {
            return false;
        }
        for a in authors {
            signals.add_author(&a);
        }
        if let Some(w) = wire {
            signals.set_wire(w);
        }
        if let Some(d) = date {
            signals.published_labelled.get_or_insert(d);
        }
        true
    }
}

/// A dateline that is really a sentence ("It was updated: ...") ends with
/// a full stop after many words; datelines do not.
fn ends_sentence_with_verb(line: &str) -> bool {
    ends_sentence(line) && word_count(line) > 12
}

/// A personal name: one to five words, each capitalised (particles allowed).
fn looks_like_name(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    const PARTICLES: &[&str] = &[
        "de", "van", "von", "der", "den", "da", "di", "la", "le", "bin", "ibn", "al", "el",
    ];
    (1..=5).contains(&words.len())
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| c == '.' || c == ',');
            capitalised(w) || PARTICLES.contains(&w) || w.starts_with("al-")
        })
        && words.iter().any(|w| w.chars().any(char::is_alphabetic))
        && !part.chars().any(|c| c.is_ascii_digit())
}

/// "Share: Facebook Twitter Email" and the like: nothing but share words.
fn is_share_line(line: &str) -> bool {
    // It runs on every line: stop at the first word that is not a share
    // word, without allocating.
    if ends_sentence(line) {
        return false;
    }
    let (mut count, mut telling) = (0, false);
    for word in line
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
    {
        count += 1;
        let Some(known) = SHARE_WORDS.iter().find(|s| s.eq_ignore_ascii_case(word)) else {
            return false;
        };
        if count > 10 {
            return false;
        }
        telling |= !matches!(*known, "this" | "on" | "x" | "article" | "story");
    }
    count > 0 && telling
}

/// Photo credits and caption-style lines that are recognisable alone.
fn is_caption_line(line: &str) -> bool {
    let words = word_count(line);
    if words <= 30 && PHOTO_LABEL.is_match(line) {
        return true;
    }
    if words <= 20 && SCREEN_GRAB.is_match(line) {
        return true;
    }
    if words <= 12 && PHOTO_AGENCY.is_match(line) {
        return true;
    }
    is_slash_credit(line)
}

/// "Jane Roe / Photo Agency / Wire": short capitalised parts between slashes.
fn is_slash_credit(line: &str) -> bool {
    if ends_sentence(line) || word_count(line) > 10 || line.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let parts: Vec<&str> = line.split(" / ").map(str::trim).collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            let n = word_count(p);
            (1..=4).contains(&n) && p.split_whitespace().all(capitalised)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(line: &str) -> (Verdict, Signals) {
        let rules = LineRules::new(OutletTable::embedded());
        let mut signals = Signals::default();
        let verdict = rules.classify(line, &mut LineState::default(), &mut signals);
        (verdict, signals)
    }

    #[test]
    fn furniture_lines_are_boilerplate() {
        for line in [
            "Leave a Reply",
            "Be the first to comment",
            "Your email address will not be published. Required fields are marked *",
            "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
            "Subscribe to our newsletter",
            "Read in App",
            "Story highlights",
            "Related article: How the delta dams were built",
            "Read more: Floods hit the valley",
            "Also read",
            "Share this article",
            "Facebook Twitter Email",
            "Copyright 2020 Harbour Media. All rights reserved.",
            "(With inputs from Agencies)",
            "Advertisement",
        ] {
            assert_eq!(classify(line).0, Verdict::Boilerplate, "{line}");
        }
    }

    #[test]
    fn prose_that_starts_like_furniture_is_kept() {
        for line in [
            "Support for the truce has grown in both capitals, officials said.",
            "By the end of the week, the convoy had reached the port.",
            "The report, published on March 3, 2020, said nothing about casualties in the northern villages near the river.",
            "Follow-up talks are planned for next month in Geneva.",
        ] {
            assert_eq!(classify(line).0, Verdict::Body, "{line}");
        }
    }

    #[test]
    fn bylines_and_credits_feed_metadata() {
        let (v, s) = classify("By Jane Roe and Tomas Varga");
        assert_eq!(v, Verdict::Metadata);
        assert_eq!(s.authors, ["Jane Roe", "Tomas Varga"]);
        let (_, s) = classify("By AFP");
        assert_eq!(s.wire.as_deref(), Some("AFP"));
        let (_, s) = classify("Harbour Times Web Team");
        assert_eq!(s.credited_outlet.as_deref(), Some("Harbour Times"));
        let (v, s) = classify("Support Harbour Watch");
        assert_eq!(v, Verdict::Boilerplate);
        assert_eq!(s.credited_outlet.as_deref(), Some("Harbour Watch"));
        let (_, s) = classify("Veröffentlicht am 16.08.2019");
        assert_eq!(s.published_labelled, NaiveDate::from_ymd_opt(2019, 8, 16));
        let (_, s) = classify("Aktualisiert: 30.12.2016");
        assert_eq!(s.published_labelled, NaiveDate::from_ymd_opt(2016, 12, 30));
        let (v, s) = classify("Odesa, Ukraine Published: Mar 02, 2019, 11:40 AM(EET)");
        assert_eq!(v, Verdict::Metadata);
        assert_eq!(s.published_labelled, NaiveDate::from_ymd_opt(2019, 3, 2));
    }

    #[test]
    fn copyright_prefers_a_domain_over_the_holder_name() {
        let (_, s) =
            classify("© 2019, HWM. © HWM and www.harbourwatch-media.net. All rights reserved.");
        assert_eq!(
            s.copyright_outlet.as_deref(),
            Some("harbourwatch-media.net")
        );
        let (_, s) = classify("© 2019 Harbour Media Group");
        assert_eq!(s.copyright_outlet.as_deref(), Some("Harbour Media Group"));
    }

    #[test]
    fn credits_are_captions() {
        for line in [
            "Flooded streets in the old town Photograph:( AP )",
            "Photo: Jane Roe",
            "Ana Lima / Lusa Images / EFE",
            "Screen grab from a local television video.",
            "(Getty Images)",
        ] {
            assert_eq!(classify(line).0, Verdict::Caption, "{line}");
        }
    }

    #[test]
    fn wire_dateline_is_stripped_from_a_paragraph() {
        let rules = LineRules::new(OutletTable::embedded());
        let mut signals = Signals::default();
        let mut p = "LISBON (Reuters) - Rain fell.".to_string();
        let prefix = rules.strip_wire_dateline(&mut p, &mut signals);
        assert_eq!(p, "Rain fell.");
        assert_eq!(prefix.as_deref(), Some("LISBON (Reuters) -"));
        assert_eq!(signals.wire.as_deref(), Some("Reuters"));
    }
}

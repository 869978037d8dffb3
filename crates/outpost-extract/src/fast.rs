//! The main-text extractor: a readability-style scorer on `tl`'s
//! zero-copy tokens, without html5ever's tree. `dom_smoothie` on the
//! html5ever tree is the fallback for a page this finds no text in.
//!
//! `tl` keeps nodes in source order but builds its tree naively (an end
//! tag that does not close the innermost open element is dropped, `<p>`
//! and `<li>` are never closed implicitly, script text is parsed as
//! markup), so its tree is not used: the nodes are re-nested here with
//! the few HTML tree-building rules that matter for text (implied ends of
//! `p`, `li`, `dd`/`dt`, table rows and cells, end tags that close the
//! nearest open element of their name, raw-text elements skipped to their
//! end tag). End tags are read from the source between one node and the
//! next. Nodes land in a vector in document order, each with its parent
//! and the end of its subtree, so every later pass is a linear walk.
//!
//! `tl` also runs past the empty comments `<!---->` and `<!--->` (to the
//! next `-->`, or to the end of the page): those are blanked out before
//! parsing, and any other comment that `tl` ends later than HTML does
//! makes the rest of the page parse again from the comment's real end (at
//! most `MAX_RESTARTS` times).
//!
//! Then, per attempt (strict first, then without dropping unlikely
//! candidates, without class weights, without conditional cleaning, while
//! the text is shorter than 500 characters): statistics bottom-up
//! (characters, commas, link characters, counts of paragraphs, images,
//! list items, inputs and embeds), paragraph scores (1 + commas +
//! min(chars / 100, 3)) added to five ancestors (the parent in full, the
//! grandparent half, then a third of the level), candidates scaled by
//! their link density, the top one moved up where its ancestors gather the
//! other strong candidates or score higher, siblings joined, low-quality
//! descendants dropped, and the text written with blank lines between
//! blocks and entities decoded.

use crate::clean::{clean, TitleSource};
use crate::Extractor;
use regex::Regex;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// Element kinds that the scorer tells apart; everything else is
/// [`Tag::Other`] (inline) or [`Tag::Block`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Text,
    Root,
    Other,
    Block,
    A,
    Br,
    Div,
    P,
    Pre,
    Td,
    Th,
    Tr,
    Table,
    Li,
    Ul,
    Ol,
    Dl,
    Dt,
    Dd,
    H1,
    H,
    Blockquote,
    Img,
    Section,
    Article,
    Body,
    Form,
    Fieldset,
    Input,
    Embed,
    Figure,
    Address,
    Button,
    /// Not shown or never main text: the subtree is hidden.
    Hidden,
    /// Its text is read raw up to the end tag and skipped.
    RawText,
    Title,
    Meta,
}

/// The number of [`Tag`]s.
const TAGS: usize = Tag::Meta as usize + 1;

impl Tag {
    fn of(name: &[u8]) -> Tag {
        let mut buf = [0u8; 10];
        if name.len() > buf.len() {
            return Tag::Other;
        }
        for (b, c) in buf.iter_mut().zip(name) {
            *b = c.to_ascii_lowercase();
        }
        match &buf[..name.len()] {
            b"a" => Tag::A,
            b"br" => Tag::Br,
            b"div" => Tag::Div,
            b"p" => Tag::P,
            b"pre" => Tag::Pre,
            b"td" => Tag::Td,
            b"th" => Tag::Th,
            b"tr" => Tag::Tr,
            b"table" => Tag::Table,
            b"li" => Tag::Li,
            b"ul" | b"menu" => Tag::Ul,
            b"ol" => Tag::Ol,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"dd" => Tag::Dd,
            b"h1" => Tag::H1,
            b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => Tag::H,
            b"blockquote" => Tag::Blockquote,
            b"img" | b"picture" => Tag::Img,
            b"section" => Tag::Section,
            b"article" | b"main" => Tag::Article,
            b"body" => Tag::Body,
            b"form" => Tag::Form,
            b"fieldset" => Tag::Fieldset,
            b"input" | b"textarea" => Tag::Input,
            b"embed" | b"object" | b"video" | b"audio" => Tag::Embed,
            b"figure" => Tag::Figure,
            b"address" => Tag::Address,
            b"button" => Tag::Button,
            b"nav" | b"aside" | b"footer" | b"select" | b"svg" | b"math" | b"canvas"
            | b"template" | b"head" | b"map" | b"dialog" | b"label" | b"option" | b"figcaption" => {
                Tag::Hidden
            }
            b"script" | b"style" | b"noscript" | b"iframe" | b"xmp" | b"noembed" | b"noframes"
            | b"plaintext" => Tag::RawText,
            b"title" => Tag::Title,
            b"meta" => Tag::Meta,
            b"header" | b"hgroup" | b"caption" | b"center" | b"details" | b"summary" | b"tbody"
            | b"thead" | b"tfoot" | b"hr" => Tag::Block,
            _ => Tag::Other,
        }
    }

    /// Elements with no end tag.
    fn is_void(self, name: &[u8]) -> bool {
        matches!(self, Tag::Br | Tag::Img | Tag::Meta | Tag::Input)
            && !name.eq_ignore_ascii_case(b"picture")
            && !name.eq_ignore_ascii_case(b"textarea")
            || (self == Tag::Block && name.eq_ignore_ascii_case(b"hr"))
            || (self == Tag::Embed && name.eq_ignore_ascii_case(b"embed"))
            || (self == Tag::Other
                && [
                    &b"area"[..],
                    b"base",
                    b"col",
                    b"keygen",
                    b"link",
                    b"param",
                    b"source",
                    b"track",
                    b"wbr",
                ]
                .iter()
                .any(|v| name.eq_ignore_ascii_case(v)))
    }

    /// Elements laid out as blocks: a line break before and after their text.
    fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Text | Tag::Other | Tag::A | Tag::Br | Tag::Img | Tag::Input | Tag::Embed
        )
    }

    /// Elements that keep a `<div>` from counting as a paragraph.
    fn breaks_paragraph(self) -> bool {
        matches!(
            self,
            Tag::Blockquote
                | Tag::Dl
                | Tag::Div
                | Tag::Img
                | Tag::Ol
                | Tag::P
                | Tag::Pre
                | Tag::Table
                | Tag::Ul
                | Tag::Section
                | Tag::Article
                | Tag::H1
                | Tag::H
                | Tag::Form
                | Tag::Figure
                | Tag::Block
        )
    }

    /// Starting one of these closes an open `<p>`.
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::Div
                | Tag::P
                | Tag::Pre
                | Tag::Table
                | Tag::Li
                | Tag::Ul
                | Tag::Ol
                | Tag::Dl
                | Tag::Dt
                | Tag::Dd
                | Tag::H1
                | Tag::H
                | Tag::Blockquote
                | Tag::Section
                | Tag::Article
                | Tag::Form
                | Tag::Fieldset
                | Tag::Figure
                | Tag::Address
                | Tag::Hidden
                | Tag::Block
        )
    }

    /// The starting score of a candidate by its tag.
    fn weight(self) -> f32 {
        match self {
            Tag::Div => 5.0,
            Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
            Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li => -3.0,
            Tag::Form => -3.0,
            Tag::H1 | Tag::H | Tag::Th => -5.0,
            _ => 0.0,
        }
    }
}

/// What a class or id keyword says: unlikely to hold the article, yet
/// maybe it does, negative, positive, an embedded post.
const UNLIKELY_WORD: u8 = 1;
const MAYBE_WORD: u8 = 2;
const NEGATIVE_WORD: u8 = 4;
const POSITIVE_WORD: u8 = 8;
const EMBED_WORD: u8 = 16;

/// Every keyword in one alternation (longer spellings first), so that a
/// class is read in one search; [`keyword_bits`] says what each means.
static KEYWORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)-ad-|\bads?\b|\bhid\b|banner|breadcrumb|combx|comment|communit|com-|disqus|extra|footer|gdpr|header|legend|menu|related|remark|repl(?:y|ies)|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplement|pagination|pager|page|popup|promo|sharing|share|newsletter|subscribe|cookie|modal|signup|widget|teaser|trending|most-?read|read-?more|recommend|dateline|byline|timestamp|hidden|contact|masthead|media|meta|outbrain|scroll|shopping|tags|author|caption|credit|and|article|body|column|content|main|shadow|h-?entry|entry|post|story|text|blog|embed|tweet",
    )
    .expect("class keywords")
});

/// The meaning of one keyword matched by [`KEYWORDS`].
fn keyword_bits(word: &str) -> u8 {
    let mut buf = [0u8; 16];
    let len = word.len().min(buf.len());
    for (b, c) in buf.iter_mut().zip(word.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    const U: u8 = UNLIKELY_WORD;
    const M: u8 = MAYBE_WORD;
    const N: u8 = NEGATIVE_WORD;
    const P: u8 = POSITIVE_WORD;
    match &buf[..len] {
        b"-ad-" | b"banner" | b"combx" | b"comment" | b"footer" | b"gdpr" | b"related"
        | b"shoutbox" | b"sidebar" | b"skyscraper" | b"sponsor" | b"promo" | b"share"
        | b"newsletter" | b"subscribe" | b"widget" | b"byline" => U | N,
        b"ad" | b"ads" | b"breadcrumb" | b"communit" | b"disqus" | b"extra" | b"header"
        | b"legend" | b"menu" | b"remark" | b"reply" | b"replies" | b"rss" | b"social"
        | b"supplement" | b"pager" | b"popup" | b"sharing" | b"cookie" | b"modal" | b"signup"
        | b"teaser" | b"trending" | b"mostread" | b"most-read" | b"readmore" | b"read-more"
        | b"recommend" | b"dateline" | b"timestamp" => U,
        b"pagination" => U | P,
        b"hid" | b"hidden" | b"com-" | b"contact" | b"masthead" | b"media" | b"meta"
        | b"outbrain" | b"scroll" | b"shopping" | b"tags" | b"author" | b"caption" | b"credit" => N,
        b"and" | b"column" | b"shadow" => M,
        b"article" | b"body" | b"content" | b"main" | b"entry" | b"hentry" | b"h-entry"
        | b"post" | b"story" | b"text" => M | P,
        b"page" | b"blog" => P,
        b"embed" | b"tweet" => M | EMBED_WORD,
        _ => 0,
    }
}

/// What the class and id of an element say.
#[derive(Debug, Clone, Copy, Default)]
struct ClassInfo {
    /// The [`keyword_bits`] of its keywords, together.
    bits: u8,
}

impl ClassInfo {
    fn of(s: &str) -> ClassInfo {
        let bits = KEYWORDS
            .find_iter(s)
            .fold(0, |bits, m| bits | keyword_bits(m.as_str()));
        ClassInfo { bits }
    }

    fn unlikely(self) -> bool {
        self.bits & UNLIKELY_WORD != 0 && self.bits & MAYBE_WORD == 0
    }

    fn embed(self) -> bool {
        self.bits & EMBED_WORD != 0
    }

    /// The class weight: -25 for a negative keyword (but not on embedded
    /// posts, which are part of the story), +25 for a positive one.
    fn weight(self) -> i16 {
        let mut weight = 0;
        if self.bits & NEGATIVE_WORD != 0 && !self.embed() {
            weight -= 25;
        }
        if self.bits & POSITIVE_WORD != 0 {
            weight += 25;
        }
        weight
    }
}

const NONE: u32 = u32::MAX;

const HIDDEN: u8 = 1;
const UNLIKELY: u8 = 2;
const IN_FIGURE: u8 = 4;
const IN_LINK: u8 = 8;
/// An embedded post (a tweet): kept whole.
const EMBEDDED: u8 = 16;

/// One node of the re-nested tree, in document order.
#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    pub(crate) tag: Tag,
    flags: u8,
    weight: i16,
    pub(crate) parent: u32,
    /// One past the last node of the subtree.
    pub(crate) end: u32,
    /// Text of a text node, class of an element.
    pub(crate) raw: &'a str,
    /// Where the node starts in the page (an element's `<`).
    pub(crate) start: u32,
    /// Characters (whitespace runs counted once) and commas of a text node.
    chars: u32,
    commas: u32,
}

/// Bottom-up statistics of one attempt.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    chars: u32,
    links: u32,
    commas: u32,
    /// Characters and commas in direct text and inline children.
    inline_chars: u32,
    inline_commas: u32,
    p: u16,
    img: u16,
    li: u16,
    input: u16,
    embed: u16,
    elements: u16,
    has_block: bool,
    has_th: bool,
}

/// The re-nested page.
pub(crate) struct Tree<'a> {
    pub(crate) nodes: Vec<Node<'a>>,
    title: Option<String>,
    /// The elements left out of `nodes` (`<meta>`, `<title>` and raw-text
    /// elements such as `<script>`), in document order, for the metadata.
    pub(crate) extras: Vec<Extra>,
}

/// An element that is not in the tree's nodes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Extra {
    /// Where its `<` is.
    pub(crate) start: u32,
    /// Where the next node of the page starts: its start tag ends before.
    pub(crate) bound: u32,
    /// Its content (empty for `<meta>`).
    pub(crate) inner: (u32, u32),
    /// The open element it sits in.
    pub(crate) parent: u32,
}

/// How many ancestors of a paragraph share its score.
const ANCESTOR_LEVELS: usize = 5;

/// How deep an end tag or implied end looks for its element.
const SEARCH_LIMIT: usize = 256;

fn offset(html: &str, bytes: &[u8]) -> usize {
    (bytes.as_ptr() as usize).saturating_sub(html.as_ptr() as usize)
}

/// Characters and commas of a text run, whitespace runs counted once and
/// trimmed. Written as independent per-byte (and per-pair) tests that the
/// compiler turns into vector code: it runs over every text node.
fn measure(text: &str) -> (u32, u32) {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return (0, 0);
    };
    #[inline(always)]
    fn ws(b: u8) -> bool {
        (b == b' ') | (b == b'\n') | (b == b'\t') | (b == b'\r') | (b == 0x0c)
    }
    // Character starts, commas and whitespace bytes that follow whitespace,
    // counted in `u8` lanes over chunks a lane cannot overflow.
    let (mut starts, mut commas, mut doubled) = (0u32, 0u32, 0u32);
    let mut prev_ws = false;
    for chunk in bytes.chunks(255) {
        let (mut s, mut c, mut d) = (0u8, 0u8, 0u8);
        for &b in chunk {
            s += u8::from((b as i8) >= -64);
            c += u8::from(b == b',');
        }
        for pair in chunk.windows(2) {
            d += u8::from(ws(pair[0]) & ws(pair[1]));
        }
        d += u8::from(prev_ws & ws(chunk[0]));
        prev_ws = ws(chunk[chunk.len() - 1]);
        starts += u32::from(s);
        commas += u32::from(c);
        doubled += u32::from(d);
    }
    let chars = starts
        .saturating_sub(doubled)
        .saturating_sub(u32::from(ws(first)))
        .saturating_sub(u32::from(ws(last) && bytes.len() > 1));
    // '，' (EF BC 8C) and '،' (D8 8C), rare enough to look for apart.
    if memchr::memchr2(0xef, 0xd8, bytes).is_some() {
        commas += (memchr::memmem::find_iter(bytes, "，").count()
            + memchr::memmem::find_iter(bytes, "،").count()) as u32;
    }
    (chars, commas)
}

/// Positions of `</` in `bytes`.
fn end_tag_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'<', bytes).filter(|&i| bytes.get(i + 1) == Some(&b'/'))
}

struct Builder<'a> {
    html: &'a str,
    nodes: Vec<Node<'a>>,
    stack: Vec<u32>,
    /// How many elements of each tag are open.
    open: [u32; TAGS],
    class_cache: HashMap<&'a str, ClassInfo, BuildHasherDefault<FxHasher>>,
}

/// A multiply-rotate hasher (the Firefox one) for the class cache: the
/// keys are short attribute values of one page, not attacker-chosen
/// beyond the cost of a slow lookup.
#[derive(Debug, Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl<'a> Builder<'a> {
    /// The source text behind `bytes` (empty if it is not a slice of it).
    fn slice(&self, bytes: &tl::Bytes) -> &'a str {
        let b = bytes.as_bytes();
        let start = offset(self.html, b);
        self.html.get(start..start + b.len()).unwrap_or("")
    }

    fn top(&self) -> u32 {
        *self.stack.last().unwrap_or(&0)
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            let n = self.stack.pop().unwrap_or(0) as usize;
            self.nodes[n].end = self.nodes.len() as u32;
            let t = self.nodes[n].tag as usize;
            self.open[t] = self.open[t].saturating_sub(1);
        }
    }

    /// Pops up to and including the nearest open `tag`, looking no further
    /// than an element of `stop`; `false` when there is none.
    fn close(&mut self, tag: Tag, stop: &dyn Fn(Tag) -> bool) -> bool {
        if self.open[tag as usize] == 0 {
            return false;
        }
        let depth = self
            .stack
            .iter()
            .rev()
            .take(SEARCH_LIMIT)
            .take_while(|&&n| n != 0)
            .position(|&n| {
                let t = self.nodes[n as usize].tag;
                t == tag || (stop(t) && t != tag)
            });
        match depth {
            Some(d) if self.nodes[self.stack[self.stack.len() - 1 - d] as usize].tag == tag => {
                for _ in 0..=d {
                    self.pop();
                }
                true
            }
            _ => false,
        }
    }

    /// Applies the end tags written in `gap`.
    fn end_tags(&mut self, gap: &str) {
        let bytes = gap.as_bytes();
        for i in end_tag_starts(bytes) {
            let start = i + 2;
            let len = bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(bytes.len() - start);
            let name = &bytes[start..start + len];
            if name.is_empty() {
                continue;
            }
            let tag = Tag::of(name);
            // `</body>` and `</html>` are ignored, as browsers do: text
            // after them still belongs to the body.
            if matches!(tag, Tag::Body | Tag::Br) || name.eq_ignore_ascii_case(b"html") {
                continue;
            }
            if tag != Tag::Other && self.open[tag as usize] == 0 {
                continue;
            }
            if let Some(depth) = self.find_open(tag) {
                for _ in 0..=depth {
                    self.pop();
                }
            }
        }
    }

    /// How far from the top of the stack the nearest open `tag` is. Inline
    /// elements are not told apart by name (closing the nearest one is
    /// close enough for text) and are not looked for past a block.
    fn find_open(&self, tag: Tag) -> Option<usize> {
        let inline = matches!(tag, Tag::Other | Tag::A);
        for (depth, &n) in self.stack.iter().rev().take(SEARCH_LIMIT).enumerate() {
            if n == 0 {
                return None;
            }
            let open = self.nodes[n as usize].tag;
            if open == tag {
                return Some(depth);
            }
            if inline && open.is_block() {
                return None;
            }
        }
        None
    }

    /// What a class or id says, cached per page (classes repeat).
    fn class_info(&mut self, s: &'a str) -> ClassInfo {
        if s.is_empty() {
            return ClassInfo::default();
        }
        *self
            .class_cache
            .entry(s)
            .or_insert_with(|| ClassInfo::of(s))
    }

    fn push_element(&mut self, tag: Tag, element: &tl::HTMLTag<'a>, void: bool) {
        let parent = self.top();
        let pflags = self.nodes[parent as usize].flags;
        let mut flags = pflags & (HIDDEN | UNLIKELY | IN_FIGURE | IN_LINK);
        let attrs = element.attributes();
        let class = attrs.class().map_or("", |c| self.slice(c));
        let id = attrs.id().map_or("", |c| self.slice(c));
        let class_info = self.class_info(class);
        let id_info = self.class_info(id);
        // Unlikely only if neither says it may be the article.
        let info = ClassInfo {
            bits: class_info.bits | id_info.bits,
        };
        let weight = class_info.weight() + id_info.weight();
        if info.unlikely() && !matches!(tag, Tag::Body | Tag::A | Tag::Article) {
            flags |= UNLIKELY;
        }
        if tag == Tag::Hidden || tag == Tag::Button {
            flags |= HIDDEN;
        }
        // Other attributes (a hash map in `tl` past two of them) are read
        // only on containers.
        let container = matches!(
            tag,
            Tag::Div | Tag::Section | Tag::Block | Tag::Ul | Tag::Article
        );
        if container && attrs.unstable_raw().len() > 0 {
            let raw = attrs.unstable_raw();
            let value = |name: &'static str| {
                raw.get(&tl::Bytes::from(name.as_bytes()))
                    .and_then(|v| v.as_ref())
                    .map(|v| v.as_bytes())
            };
            if raw.contains_key(&tl::Bytes::from(&b"hidden"[..]))
                || value("aria-hidden") == Some(b"true")
            {
                flags |= HIDDEN;
            }
            if matches!(
                value("role"),
                Some(
                    b"menu"
                        | b"menubar"
                        | b"complementary"
                        | b"navigation"
                        | b"alert"
                        | b"alertdialog"
                        | b"dialog"
                )
            ) {
                flags |= UNLIKELY;
            }
        }
        if info.embed() {
            flags |= EMBEDDED;
        }
        if tag == Tag::Figure {
            flags |= IN_FIGURE;
        }
        if tag == Tag::A {
            flags |= IN_LINK;
        }
        let index = self.nodes.len() as u32;
        self.nodes.push(Node {
            tag,
            flags,
            weight,
            parent,
            end: index + 1,
            raw: class,
            start: offset(self.html, element.raw().as_bytes()) as u32,
            chars: 0,
            commas: 0,
        });
        if !void {
            self.stack.push(index);
            self.open[tag as usize] += 1;
        }
    }
}

/// Finds `</name` (ASCII case-insensitive) in `hay`.
fn find_end_tag(hay: &[u8], name: &[u8]) -> Option<usize> {
    end_tag_starts(hay).find(|&i| {
        hay.get(i + 2..i + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// How many times a page is parsed again after a comment that `tl` did
/// not end where HTML does.
const MAX_RESTARTS: usize = 16;

/// Where the comment starting at `start` ends (`<!---->` and `<!--->`
/// included, which `tl` runs past).
fn comment_end(html: &str, start: usize) -> usize {
    let from = (start + 2).min(html.len());
    memchr::memmem::find(&html.as_bytes()[from..], b"-->")
        .map(|i| from + i + 3)
        .unwrap_or(html.len())
}

/// `html` with the empty comments `<!---->` and `<!--->` (frequent in
/// pages rendered by script frameworks) blanked out, since `tl` runs past
/// them; borrowed when there are none.
/// `tl` ends an unquoted attribute value at a `/` and loses the whole tag
/// (`<a href=/x/y>`, `<script type=application/ld+json>` become text), so
/// such values are put in quotes first, as HTML reads them: up to white
/// space or `>`. The content of raw-text elements is left as it is. Pages
/// that quote every value (a quick look at each `=` tells) are returned
/// as they are.
pub(crate) fn quote_unquoted_values(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let unquoted = memchr::memchr_iter(b'=', bytes).any(|p| {
        bytes
            .get(p + 1)
            .is_some_and(|&b| !is_space(b) && !matches!(b, b'"' | b'\'' | b'='))
    });
    if !unquoted {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &bytes[i..]) {
        let lt = i + p;
        let mut j = lt + 1;
        if !bytes.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
            j += 1;
        }
        let name_end = j;
        // From `=` to `=` (names and spaces between need no look): a quoted
        // value is skipped whole, an unquoted one read to white space or `>`.
        loop {
            let Some(p) = memchr::memchr2(b'=', b'>', &bytes[j..]) else {
                j = bytes.len();
                break;
            };
            j += p;
            if bytes[j] == b'>' {
                break;
            }
            j += 1;
            while j < bytes.len() && is_space(bytes[j]) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    j = memchr::memchr(q, &bytes[j + 1..]).map_or(bytes.len(), |p| j + 1 + p + 1);
                }
                Some(b'>') | None => {}
                Some(_) => {
                    let from = j;
                    while j < bytes.len() && !is_space(bytes[j]) && bytes[j] != b'>' {
                        j += 1;
                    }
                    if memchr::memchr(b'/', &bytes[from..j]).is_some() {
                        let o = out.get_or_insert_with(|| String::with_capacity(html.len() + 256));
                        o.push_str(&html[copied..from]);
                        o.push('"');
                        o.push_str(&html[from..j].replace('"', "&quot;"));
                        o.push('"');
                        copied = j;
                    }
                }
            }
            if j >= bytes.len() {
                break;
            }
        }
        let name = &bytes[lt + 1..name_end];
        let raw_text = ["script", "style", "textarea", "title"]
            .iter()
            .any(|r| r.as_bytes().eq_ignore_ascii_case(name));
        i = (j + 1).min(bytes.len());
        if raw_text {
            // To the end tag, in any case.
            let mut k = i;
            i = bytes.len();
            while let Some(p) = memchr::memmem::find(&bytes[k..], b"</") {
                let at = k + p + 2;
                if bytes.len() >= at + name.len()
                    && bytes[at..at + name.len()].eq_ignore_ascii_case(name)
                {
                    i = at;
                    break;
                }
                k = at;
            }
        }
        if i >= bytes.len() {
            break;
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&html[copied..]);
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// The page as `tl` should see it: unquoted values with a `/` quoted
/// ([`quote_unquoted_values`]) and the empty comments `tl` runs past
/// blanked out ([`blank_empty_comments`]).
pub(crate) fn prepare(html: &str) -> std::borrow::Cow<'_, str> {
    match quote_unquoted_values(html) {
        std::borrow::Cow::Borrowed(html) => blank_empty_comments(html),
        std::borrow::Cow::Owned(quoted) => {
            std::borrow::Cow::Owned(blank_empty_comments(&quoted).into_owned())
        }
    }
}

pub(crate) fn blank_empty_comments(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut hits = memchr::memmem::find_iter(bytes, b"<!---").peekable();
    if hits.peek().is_none() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = html.to_string();
    for i in hits {
        let len = if bytes[i..].starts_with(b"<!---->") {
            7
        } else if bytes[i..].starts_with(b"<!--->") {
            6
        } else {
            continue;
        };
        out.replace_range(i..i + len, &"       "[..len]);
    }
    std::borrow::Cow::Owned(out)
}

pub(crate) fn build(html: &str) -> Option<Tree<'_>> {
    // Offsets are kept in `u32`.
    if html.len() >= u32::MAX as usize {
        return None;
    }
    let mut extras: Vec<Extra> = Vec::new();
    // The extras whose bound is the next node's start.
    let mut unbounded = 0usize;
    let mut b = Builder {
        html,
        nodes: Vec::with_capacity(html.len() / 40 + 1),
        stack: vec![0],
        open: [0; TAGS],
        class_cache: HashMap::default(),
    };
    b.nodes.push(Node {
        tag: Tag::Root,
        flags: 0,
        weight: 0,
        parent: NONE,
        end: 1,
        raw: "",
        start: 0,
        chars: 0,
        commas: 0,
    });
    let (mut og_title, mut title) = (None, None);
    let mut pos = 0usize;
    let mut skip_until = 0usize;
    let (mut chunk, mut restarts) = (0usize, 0usize);
    'chunks: loop {
        let dom = tl::parse(html.get(chunk..)?, tl::ParserOptions::default()).ok()?;
        for node in dom.nodes() {
            let (start, own_end) = match node {
                tl::Node::Tag(t) => {
                    let s = offset(html, t.raw().as_bytes());
                    (s, s + 1)
                }
                tl::Node::Raw(r) => {
                    let s = offset(html, r.as_bytes());
                    (s, s + r.as_bytes().len())
                }
                tl::Node::Comment(r) => {
                    // `tl` may run a comment past its end (or to the end of
                    // the page, leaving it empty): parse again from its end.
                    let s = if r.as_bytes().is_empty() {
                        match memchr::memmem::find(&html.as_bytes()[pos.min(html.len())..], b"<!--")
                        {
                            Some(i) => pos + i,
                            None => break 'chunks,
                        }
                    } else {
                        offset(html, r.as_bytes())
                    };
                    let tl_end = if r.as_bytes().is_empty() {
                        html.len()
                    } else {
                        s + r.as_bytes().len()
                    };
                    let end = if s < skip_until {
                        skip_until
                    } else {
                        comment_end(html, s)
                    };
                    if tl_end > end && restarts < MAX_RESTARTS && html.is_char_boundary(end) {
                        restarts += 1;
                        if s >= skip_until && s > pos {
                            if let Some(gap) = html.get(pos..s) {
                                b.end_tags(gap);
                            }
                        }
                        pos = end;
                        chunk = end;
                        continue 'chunks;
                    }
                    (s, tl_end)
                }
            };
            if start < skip_until || start >= html.len() {
                continue;
            }
            for e in &mut extras[unbounded..] {
                e.bound = start as u32;
            }
            unbounded = extras.len();
            if start > pos {
                if let Some(gap) = html.get(pos..start) {
                    b.end_tags(gap);
                }
            }
            pos = own_end.max(pos);
            match node {
                tl::Node::Comment(_) => {}
                tl::Node::Raw(r) => {
                    let text = b.slice(r);
                    let parent = b.top();
                    let (chars, commas) = measure(text);
                    let flags = b.nodes[parent as usize].flags;
                    let index = b.nodes.len() as u32;
                    b.nodes.push(Node {
                        tag: Tag::Text,
                        flags,
                        weight: 0,
                        parent,
                        end: index + 1,
                        raw: text,
                        start: offset(html, text.as_bytes()) as u32,
                        chars,
                        commas,
                    });
                }
                tl::Node::Tag(t) => {
                    let name = t.name().as_bytes();
                    let tag = Tag::of(name);
                    match tag {
                        Tag::RawText | Tag::Title => {
                            let after = start + 1;
                            let end = find_end_tag(&html.as_bytes()[after..], name)
                                .map(|i| after + i)
                                .unwrap_or(html.len());
                            extras.push(Extra {
                                start: start as u32,
                                bound: html.len() as u32,
                                inner: (after as u32, end as u32),
                                parent: b.top(),
                            });
                            if tag == Tag::Title && title.is_none() {
                                let inner = html
                                    .get(after..end)
                                    .and_then(|s| s.find('>').map(|i| &s[i + 1..]));
                                title = inner.map(decode);
                            }
                            // Past the end tag.
                            let close = html.as_bytes()[end..]
                                .iter()
                                .position(|&c| c == b'>')
                                .map(|i| end + i + 1)
                                .unwrap_or(html.len());
                            skip_until = close;
                            pos = close;
                            continue;
                        }
                        Tag::Meta => {
                            extras.push(Extra {
                                start: start as u32,
                                bound: html.len() as u32,
                                inner: (start as u32, start as u32),
                                parent: b.top(),
                            });
                            if og_title.is_none() {
                                let a = t.attributes();
                                let is_og = a
                                    .get("property")
                                    .flatten()
                                    .is_some_and(|p| p.as_bytes() == b"og:title");
                                if is_og {
                                    og_title = a
                                        .get("content")
                                        .flatten()
                                        .and_then(|c| c.try_as_utf8_str())
                                        .map(decode);
                                }
                            }
                            continue;
                        }
                        _ => {}
                    }
                    // Implied ends.
                    if tag.closes_p() && b.open[Tag::P as usize] > 0 {
                        b.close(Tag::P, &|t| {
                            matches!(t, Tag::Td | Tag::Th | Tag::Table | Tag::Button)
                        });
                    }
                    match tag {
                        Tag::Li => {
                            b.close(Tag::Li, &|t| {
                                matches!(t, Tag::Ul | Tag::Ol | Tag::Td | Tag::Th | Tag::Table)
                            });
                        }
                        Tag::Dt | Tag::Dd => {
                            let stop = |t| matches!(t, Tag::Dl | Tag::Td | Tag::Table);
                            if !b.close(Tag::Dd, &stop) {
                                b.close(Tag::Dt, &stop);
                            }
                        }
                        Tag::Tr => {
                            b.close(Tag::Tr, &|t| t == Tag::Table);
                        }
                        Tag::Td | Tag::Th => {
                            let stop = |t| matches!(t, Tag::Tr | Tag::Table);
                            if !b.close(Tag::Td, &stop) {
                                b.close(Tag::Th, &stop);
                            }
                        }
                        Tag::H1 | Tag::H => {
                            let top = b.top() as usize;
                            if matches!(b.nodes[top].tag, Tag::H1 | Tag::H) {
                                b.pop();
                            }
                        }
                        Tag::A => {
                            b.close(Tag::A, &|t| t.is_block());
                        }
                        _ => {}
                    }
                    let raw = t.raw().as_bytes();
                    let void =
                        tag.is_void(name) || (raw.ends_with(b"/>") && !raw.ends_with(b"</>"));
                    b.push_element(tag, t, void);
                }
            }
        }
        break;
    }
    if let Some(gap) = html.get(pos..) {
        b.end_tags(gap);
    }
    while b.stack.len() > 1 {
        b.pop();
    }
    let end = b.nodes.len() as u32;
    b.nodes[0].end = end;
    Some(Tree {
        nodes: b.nodes,
        title: og_title.or(title).filter(|t| !t.trim().is_empty()),
        extras,
    })
}

/// The three knobs readability loosens when its first attempt finds too
/// little text.
#[derive(Debug, Clone, Copy)]
struct Attempt {
    strip_unlikely: bool,
    weight_classes: bool,
    clean_conditionally: bool,
}

impl Tree<'_> {
    fn excluded(&self, i: usize, a: Attempt) -> bool {
        let f = self.nodes[i].flags;
        f & HIDDEN != 0 || (a.strip_unlikely && f & UNLIKELY != 0)
    }

    fn stats(&self, a: Attempt) -> Vec<Stats> {
        let mut stats = vec![Stats::default(); self.nodes.len()];
        for i in (1..self.nodes.len()).rev() {
            if self.excluded(i, a) {
                continue;
            }
            let node = &self.nodes[i];
            let mut s = stats[i];
            if node.tag == Tag::Text {
                s.chars = node.chars;
                s.commas = node.commas;
                s.inline_chars = node.chars;
                s.inline_commas = node.commas;
            }
            if node.tag == Tag::A {
                s.links = s.chars;
            }
            stats[i] = s;
            let p = node.parent as usize;
            let parent = &mut stats[p];
            parent.chars += s.chars;
            parent.links += s.links;
            parent.commas += s.commas;
            parent.p = parent.p.saturating_add(s.p);
            parent.img = parent.img.saturating_add(s.img);
            parent.li = parent.li.saturating_add(s.li);
            parent.input = parent.input.saturating_add(s.input);
            parent.embed = parent.embed.saturating_add(s.embed);
            parent.has_th |= s.has_th;
            let count = match node.tag {
                Tag::P => Some(&mut parent.p),
                Tag::Img => Some(&mut parent.img),
                Tag::Li => Some(&mut parent.li),
                Tag::Input => Some(&mut parent.input),
                Tag::Embed => Some(&mut parent.embed),
                _ => None,
            };
            if let Some(count) = count {
                *count = count.saturating_add(1);
            }
            if node.tag != Tag::Text {
                parent.elements = parent.elements.saturating_add(1);
            }
            if node.tag == Tag::Th {
                parent.has_th = true;
            }
            let block = node.tag.breaks_paragraph() || s.has_block;
            parent.has_block |= block;
            if !block {
                parent.inline_chars += s.chars;
                parent.inline_commas += s.commas;
            }
        }
        stats
    }

    fn link_density(s: &Stats) -> f32 {
        if s.chars == 0 {
            0.0
        } else {
            s.links as f32 / s.chars as f32
        }
    }

    /// Runs one attempt; the text written.
    fn attempt(&self, a: Attempt) -> String {
        let stats = self.stats(a);
        let n = self.nodes.len();
        let mut score = vec![f32::NAN; n];
        let init = |score: &mut Vec<f32>, i: usize| {
            if score[i].is_nan() {
                let node = &self.nodes[i];
                let w = if a.weight_classes {
                    node.weight as f32
                } else {
                    0.0
                };
                score[i] = node.tag.weight() + w;
            }
        };
        for (i, (node, s)) in self.nodes.iter().zip(&stats).enumerate().skip(1) {
            if node.tag == Tag::Text || self.excluded(i, a) {
                continue;
            }
            let (chars, commas, target) = match node.tag {
                Tag::P | Tag::Pre | Tag::Td => (s.chars, s.commas, i),
                // A div of inline content only counts as a paragraph.
                Tag::Div | Tag::Section | Tag::Block | Tag::Article if !s.has_block => {
                    (s.chars, s.commas, i)
                }
                Tag::Div | Tag::Section | Tag::Block | Tag::Article => {
                    // Loose text beside blocks: a paragraph of its own,
                    // scored into this element.
                    if s.inline_chars < 25 {
                        continue;
                    }
                    let content = 1.0
                        + s.inline_commas as f32
                        + (s.inline_chars as f32 / 100.0).floor().min(3.0);
                    self.propagate(i, content, &mut score, &init);
                    continue;
                }
                _ => continue,
            };
            if chars < 25 {
                continue;
            }
            let content = 1.0 + commas as f32 + (chars as f32 / 100.0).floor().min(3.0);
            self.propagate(
                self.nodes[target].parent as usize,
                content,
                &mut score,
                &init,
            );
        }
        // Scale by link density and pick the top candidates.
        let mut top: Vec<(f32, usize)> = Vec::with_capacity(6);
        for (i, (score, stats)) in score.iter_mut().zip(&stats).enumerate().skip(1) {
            if score.is_nan() {
                continue;
            }
            *score *= 1.0 - Self::link_density(stats);
            let s = *score;
            if top.len() < 5 || s > top[top.len() - 1].0 {
                let at = top.iter().position(|t| s > t.0).unwrap_or(top.len());
                top.insert(at, (s, i));
                top.truncate(5);
            }
        }
        let Some(&(best_score, mut best)) = top.first() else {
            return self.write(&[body_or_root(&self.nodes)], &stats, &score, a, usize::MAX);
        };
        let is_top_level = |i: usize| matches!(self.nodes[i].tag, Tag::Body | Tag::Root);
        // Three strong candidates under one ancestor: that ancestor.
        let alternatives: Vec<usize> = top[1..]
            .iter()
            .filter(|t| t.0 >= best_score * 0.75)
            .map(|t| t.1)
            .collect();
        if alternatives.len() >= 3 {
            let mut anc = self.nodes[best].parent as usize;
            while anc != NONE as usize && !is_top_level(anc) {
                let end = self.nodes[anc].end as usize;
                let inside = alternatives.iter().filter(|&&c| c > anc && c < end).count();
                if inside >= 3 {
                    best = anc;
                    init(&mut score, best);
                    break;
                }
                anc = self.nodes[anc].parent as usize;
            }
        }
        // Climb while the parent scores higher.
        let mut last = score[best];
        let threshold = last / 3.0;
        let mut p = self.nodes[best].parent as usize;
        while p != NONE as usize && !is_top_level(p) {
            if score[p].is_nan() {
                p = self.nodes[p].parent as usize;
                continue;
            }
            if score[p] < threshold {
                break;
            }
            if score[p] > last {
                best = p;
                break;
            }
            last = score[p];
            p = self.nodes[p].parent as usize;
        }
        // An only child stands for its parent.
        loop {
            let p = self.nodes[best].parent as usize;
            if p == NONE as usize || is_top_level(p) || stats[p].elements != 1 {
                break;
            }
            best = p;
        }
        init(&mut score, best);
        // Siblings.
        let best_score = score[best];
        let threshold = (best_score * 0.2).max(10.0);
        let parent = self.nodes[best].parent as usize;
        let mut roots = Vec::new();
        if parent == NONE as usize {
            roots.push(best);
        } else {
            let mut c = parent + 1;
            let end = self.nodes[parent].end as usize;
            let best_class = self.nodes[best].raw;
            while c < end {
                let next = self.nodes[c].end as usize;
                if c == best {
                    roots.push(c);
                } else if self.nodes[c].tag != Tag::Text && !self.excluded(c, a) {
                    let mut bonus = 0.0;
                    if !best_class.is_empty() && self.nodes[c].raw == best_class {
                        bonus = best_score * 0.2;
                    }
                    let s = if score[c].is_nan() { 0.0 } else { score[c] };
                    let keep = if s + bonus >= threshold {
                        true
                    } else if self.nodes[c].tag == Tag::P
                        || (matches!(self.nodes[c].tag, Tag::Div | Tag::Section | Tag::Block)
                            && !stats[c].has_block)
                    {
                        let ld = Self::link_density(&stats[c]);
                        let len = stats[c].chars;
                        (len > 80 && ld < 0.25)
                            || (len <= 80 && len > 0 && ld == 0.0 && self.ends_sentence(c))
                    } else {
                        false
                    };
                    if keep {
                        roots.push(c);
                    }
                }
                c = next.max(c + 1);
            }
        }
        self.write(&roots, &stats, &score, a, best)
    }

    /// Adds a paragraph's `content` score to its parent `first` (in full),
    /// the grandparent (half) and further ancestors (less and less).
    fn propagate(
        &self,
        first: usize,
        content: f32,
        score: &mut Vec<f32>,
        init: &dyn Fn(&mut Vec<f32>, usize),
    ) {
        let mut at = first;
        for level in 0..ANCESTOR_LEVELS {
            if at == 0 || at == NONE as usize {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            init(score, at);
            score[at] += content / divider;
            at = self.nodes[at].parent as usize;
        }
    }

    fn ends_sentence(&self, i: usize) -> bool {
        let end = self.nodes[i].end as usize;
        (i..end).any(|j| {
            let node = &self.nodes[j];
            node.tag == Tag::Text && {
                let t = node.raw.trim_end();
                t.ends_with('.') || t.contains(". ")
            }
        })
    }

    /// Whether cleaning drops element `i` of the article.
    fn drop_element(&self, i: usize, stats: &[Stats], score: &[f32], a: Attempt) -> bool {
        let node = &self.nodes[i];
        let s = &stats[i];
        match node.tag {
            Tag::H1 => return true,
            // Forms go, unless the page is wrapped in one.
            Tag::Form if s.p < 3 => return true,
            Tag::Fieldset | Tag::Input | Tag::Embed => return true,
            Tag::H if a.weight_classes && node.weight < 0 => return true,
            Tag::P if s.chars == 0 && s.img == 0 => return true,
            // A paragraph that is one link: a teaser for another story.
            Tag::P if s.links * 10 >= s.chars * 9 && s.chars > 0 => return true,
            _ => {}
        }
        if !a.clean_conditionally
            || !matches!(
                node.tag,
                Tag::Table | Tag::Ul | Tag::Ol | Tag::Div | Tag::Section | Tag::Form | Tag::Dl
            )
        {
            return false;
        }
        if (node.tag == Tag::Table && s.has_th) || node.flags & EMBEDDED != 0 {
            return false;
        }
        let weight = if a.weight_classes {
            node.weight as f32
        } else {
            0.0
        };
        let content = if score[i].is_nan() { 0.0 } else { score[i] };
        if weight + content < 0.0 {
            return true;
        }
        if s.commas >= 10 {
            return false;
        }
        let is_list = matches!(node.tag, Tag::Ul | Tag::Ol | Tag::Dl);
        let p = s.p as f32;
        let img = s.img as f32;
        let li = s.li as f32 - 100.0;
        let input = s.input as f32;
        let ld = Self::link_density(s);
        let in_figure = node.flags & IN_FIGURE != 0;
        (img > 1.0 && p / img < 0.5 && !in_figure)
            || (!is_list && li > p)
            || (input > (p / 3.0).floor())
            || (!is_list && s.chars < 25 && (img == 0.0 || img > 2.0) && !in_figure)
            || (!is_list && weight < 25.0 && ld > 0.2)
            || (weight >= 25.0 && ld > 0.5)
            || (s.embed == 1 && s.chars < 75)
            || s.embed > 1
            || (is_list && ld > 0.5)
    }

    /// Writes the text under `roots`, blank lines between blocks.
    fn write(
        &self,
        roots: &[usize],
        stats: &[Stats],
        score: &[f32],
        a: Attempt,
        best: usize,
    ) -> String {
        let mut out = Text::default();
        for &r in roots {
            let end = self.nodes[r].end as usize;
            let mut blocks: Vec<u32> = Vec::new();
            let mut i = r;
            while i < end {
                while blocks.last().is_some_and(|&e| e as usize <= i) {
                    blocks.pop();
                    out.brk(Break::Para);
                }
                let node = &self.nodes[i];
                if self.excluded(i, a) {
                    i = node.end as usize;
                    continue;
                }
                match node.tag {
                    Tag::Text => out.text(node.raw),
                    // `<br><br>` separates paragraphs.
                    Tag::Br if out.pending >= Break::Line => out.brk(Break::Para),
                    Tag::Br => out.brk(Break::Line),
                    tag => {
                        if i != r && i != best && self.drop_element(i, stats, score, a) {
                            i = node.end as usize;
                            continue;
                        }
                        if tag.is_block() {
                            let b = if matches!(tag, Tag::Li | Tag::Tr | Tag::Dt | Tag::Dd) {
                                Break::Line
                            } else if matches!(tag, Tag::Td | Tag::Th) {
                                Break::Space
                            } else {
                                Break::Para
                            };
                            out.brk(b);
                            if node.end as usize > i + 1 {
                                blocks.push(node.end);
                            }
                        }
                    }
                }
                i += 1;
            }
            out.brk(Break::Para);
        }
        out.s
    }
}

fn body_or_root(nodes: &[Node]) -> usize {
    nodes.iter().position(|n| n.tag == Tag::Body).unwrap_or(0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
enum Break {
    #[default]
    None,
    Space,
    Line,
    Para,
}

/// The text being written: whitespace collapsed, breaks pending until the
/// next word.
#[derive(Debug, Default)]
struct Text {
    s: String,
    pending: Break,
}

impl Text {
    fn brk(&mut self, b: Break) {
        self.pending = self.pending.max(b);
    }

    fn push_char(&mut self, c: char) {
        if c.is_whitespace() {
            self.brk(Break::Space);
            return;
        }
        if !self.s.is_empty() {
            match self.pending {
                Break::None => {}
                Break::Space => self.s.push(' '),
                Break::Line => self.s.push('\n'),
                Break::Para => self.s.push_str("\n\n"),
            }
        }
        self.pending = Break::None;
        self.s.push(c);
    }

    fn text(&mut self, raw: &str) {
        let mut rest = raw;
        while let Some(i) = rest.find(|c: char| c == '&' || c.is_whitespace()) {
            if i > 0 {
                self.push_char_run(&rest[..i]);
            }
            let c = rest[i..].chars().next().unwrap_or(' ');
            if c == '&' {
                match entity(&rest[i..]) {
                    Some((Decoded::Char(c), len)) => {
                        self.push_char(c);
                        rest = &rest[i + len..];
                    }
                    Some((Decoded::Str(s), len)) => {
                        for c in s.chars() {
                            self.push_char(c);
                        }
                        rest = &rest[i + len..];
                    }
                    None => {
                        self.push_char('&');
                        rest = &rest[i + 1..];
                    }
                }
            } else {
                self.brk(Break::Space);
                rest = &rest[i + c.len_utf8()..];
            }
        }
        if !rest.is_empty() {
            self.push_char_run(rest);
        }
    }

    /// A run without whitespace or `&`.
    fn push_char_run(&mut self, run: &str) {
        let mut chars = run.chars();
        if let Some(c) = chars.next() {
            self.push_char(c);
            self.s.push_str(chars.as_str());
        }
    }
}

/// Decodes entities in a short string (a title), whitespace collapsed.
pub(crate) fn decode(s: &str) -> String {
    let mut t = Text::default();
    t.text(s);
    t.s
}

/// The character(s) an entity at the start of `s` (which begins with `&`)
/// stands for, and the entity's length.
fn entity(s: &str) -> Option<(Decoded, usize)> {
    let bytes = s.as_bytes();
    let semi = bytes.iter().take(34).position(|&b| b == b';');
    if bytes.get(1) == Some(&b'#') {
        let (digits, radix, skip) = if matches!(bytes.get(2), Some(b'x' | b'X')) {
            (&s[3..], 16, 3)
        } else {
            (&s[2..], 10, 2)
        };
        let len = digits
            .bytes()
            .take_while(|b| (radix == 16 && b.is_ascii_hexdigit()) || b.is_ascii_digit())
            .count();
        if len == 0 || len > 8 {
            return None;
        }
        let code = u32::from_str_radix(&digits[..len], radix).ok()?;
        let total = skip + len + usize::from(bytes.get(skip + len) == Some(&b';'));
        return Some((numeric(code), total));
    }
    let semi = semi?;
    let name = &s[1..semi];
    named(name).map(|c| (c, semi + 1))
}

/// What an entity stands for.
#[derive(Debug, Clone, Copy)]
enum Decoded {
    Char(char),
    Str(&'static str),
}

/// A numeric reference (C1 codes read as windows-1252, as browsers do).
fn numeric(code: u32) -> Decoded {
    const CP1252: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    if (0x80..0xa0).contains(&code) {
        return Decoded::Char(CP1252[(code - 0x80) as usize]);
    }
    match char::from_u32(code) {
        Some('\0') | None => Decoded::Char('\u{fffd}'),
        Some(c) => Decoded::Char(c),
    }
}

fn named(name: &str) -> Option<Decoded> {
    // Latin-1 names in code point order, from U+00A0.
    const LATIN1: [&str; 96] = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
        "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
        "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
        "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave",
        "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
        "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc",
        "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring",
        "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc",
        "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash",
        "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ];
    let s = match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" | "mldr" => "…",
        "lsquo" => "‘",
        "rsquo" | "rsquor" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "bull" => "•",
        "euro" => "€",
        "trade" => "™",
        "dagger" => "†",
        "Dagger" => "‡",
        "permil" => "‰",
        "prime" => "′",
        "Prime" => "″",
        "thinsp" | "ensp" | "emsp" | "hairsp" => " ",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        "lrm" | "rlm" => "",
        "OElig" => "Œ",
        "oelig" => "œ",
        "Scaron" => "Š",
        "scaron" => "š",
        "Yuml" => "Ÿ",
        "fnof" => "ƒ",
        "circ" => "ˆ",
        "tilde" => "˜",
        "minus" => "−",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "hearts" => "♥",
        "star" => "☆",
        "check" => "✓",
        "num" => "#",
        "colon" => ":",
        "comma" => ",",
        "period" => ".",
        "excl" => "!",
        "quest" => "?",
        "lpar" => "(",
        "rpar" => ")",
        "sol" => "/",
        "bsol" => "\\",
        "ast" => "*",
        "commat" => "@",
        "dollar" => "$",
        "percnt" => "%",
        "equals" => "=",
        "plus" => "+",
        "lowbar" => "_",
        "verbar" | "vert" => "|",
        "lsqb" | "lbrack" => "[",
        "rsqb" | "rbrack" => "]",
        "lcub" | "lbrace" => "{",
        "rcub" | "rbrace" => "}",
        "NewLine" => "\n",
        "Tab" => "\t",
        _ => {
            let i = LATIN1.iter().position(|n| *n == name)?;
            return Some(Decoded::Char(char::from_u32(0xa0 + i as u32)?));
        }
    };
    Some(Decoded::Str(s))
}

/// Readability's text threshold: a shorter result tries again, looser.
const CHAR_THRESHOLD: usize = 500;

/// The main text and title of a page.
fn main_text_and_title(html: &str) -> Option<(String, Option<String>)> {
    let html = prepare(html);
    let tree = build(&html)?;
    let text = tree.main_text()?;
    Some((text, tree.title))
}

impl Tree<'_> {
    /// The main text: the first attempt that reaches the threshold, else
    /// the longest; `None` when every attempt comes out blank.
    pub(crate) fn main_text(&self) -> Option<String> {
        let tree = self;
        let attempts = [
            Attempt {
                strip_unlikely: true,
                weight_classes: true,
                clean_conditionally: true,
            },
            Attempt {
                strip_unlikely: false,
                weight_classes: true,
                clean_conditionally: true,
            },
            Attempt {
                strip_unlikely: false,
                weight_classes: false,
                clean_conditionally: true,
            },
            Attempt {
                strip_unlikely: false,
                weight_classes: false,
                clean_conditionally: false,
            },
        ];
        let mut longest = String::new();
        for a in attempts {
            let text = tree.attempt(a);
            if text.chars().count() >= CHAR_THRESHOLD {
                return Some(text);
            }
            if text.len() > longest.len() {
                longest = text;
            }
        }
        (!longest.trim().is_empty()).then_some(longest)
    }
}

/// The main text of an HTML page by a readability-style scorer on `tl`'s
/// tokens: paragraphs separated by blank lines, headings and list items on
/// their own lines, entities decoded; `None` when the page has no text.
/// [`Extractor::extract`] takes its main text from here.
pub fn fast_main_text(html: &str) -> Option<String> {
    main_text_and_title(html).map(|(text, _)| text)
}

impl Extractor {
    /// [`fast_main_text`] put through the text cleaning of
    /// [`Extractor::extract`] (line rules, captions, the title line): the
    /// cleaned body text, paragraphs separated by blank lines, or an empty
    /// string. Metadata is not read, and no html5ever tree is built: the
    /// cost of the main text alone.
    pub fn fast_text(&self, html: &str) -> String {
        let Some((text, title)) = main_text_and_title(html) else {
            return String::new();
        };
        clean(&text, TitleSource::Known(title.as_deref()), &self.rules)
            .paragraphs
            .join("\n\n")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn unquoted_values_with_a_slash_are_quoted_outside_raw_text() {
        let page = "<p>a=b/c</p><a href=/x/y class=k>t</a><script type=text/x>var u=a/b;</script>\
                    <img src=http://e.org/i.png/>";
        assert_eq!(
            quote_unquoted_values(page),
            "<p>a=b/c</p><a href=\"/x/y\" class=k>t</a><script type=\"text/x\">var u=a/b;</script>\
             <img src=\"http://e.org/i.png/\">"
        );
        let quoted = "<a href=\"/x/y\">t</a>";
        assert!(matches!(
            quote_unquoted_values(quoted),
            std::borrow::Cow::Borrowed(_)
        ));
        // The link's text, not its URL, reaches the main text.
        let html = format!(
            "<html><body><article><p>{}<a href=/story/2020/03/30/x>the report</a>.</p></article></body></html>",
            "Rivers rose overnight in the delta, and villages were cut off. ".repeat(12)
        );
        let text = fast_main_text(&html).unwrap();
        assert!(
            text.contains("the report") && !text.contains("2020/03/30"),
            "{text}"
        );
    }
    use super::*;

    const BODY: &str = "The river rose two metres overnight, flooding the lower town, \
        and the mayor ordered the evacuation of three districts before dawn. ";

    fn page(article: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><title>Floods</title>\
             <script>var x = '<div class=\"content\">not text</div>';</script>\
             <style>p {{ color: red }}</style></head><body>\
             <nav class=\"menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/w\">World</a></li></ul></nav>\
             <div class=\"sidebar\"><p>Sidebar text that talks about something else entirely, at length, with commas, many of them.</p></div>\
             {article}\
             <div id=\"comments\" class=\"comments\"><p>Great article, thanks, really, I mean it, wow.</p></div>\
             <footer><p>Copyright 2020 Example News, all rights reserved.</p></footer>\
             </body></html>"
        )
    }

    #[test]
    fn article_body_wins_over_navigation_sidebar_and_comments() {
        let html = page(&format!(
            "<div class=\"article-body\"><h1>Floods</h1><p>{BODY}</p><p>{BODY}</p><p>{BODY}</p><p>{BODY}</p><p>Rescue teams reached the last villages by noon.</p></div>"
        ));
        let text = fast_main_text(&html).expect("text");
        assert!(text.starts_with("The river rose"), "{text}");
        assert!(text.contains("\n\nRescue teams reached"), "{text}");
        for absent in [
            "Home",
            "Sidebar",
            "Great article",
            "Copyright",
            "not text",
            "color",
        ] {
            assert!(!text.contains(absent), "{absent} in {text}");
        }
    }

    #[test]
    fn link_heavy_lists_are_dropped_and_entities_decoded() {
        let html = page(&format!(
            "<article><p>{BODY}</p><p>Officials said &ldquo;the worst is over&rdquo; &amp; roads reopen &#8212; maybe&nbsp;soon&#x2026;</p>\
             <ul class=\"links\"><li><a href=\"/a\">Another story about floods</a></li><li><a href=\"/b\">Yet another story</a></li><li><a href=\"/c\">And one more</a></li></ul>\
             <p>{BODY}</p></article>"
        ));
        let text = fast_main_text(&html).expect("text");
        assert!(
            text.contains("Officials said “the worst is over” & roads reopen — maybe soon…"),
            "{text}"
        );
        assert!(!text.contains("Another story"), "{text}");
        assert!(!text.contains("&amp;"), "{text}");
    }

    #[test]
    fn unclosed_paragraphs_and_list_items_are_closed() {
        let html = format!(
            "<html><body><div class=\"post\"><p>{BODY}<p>{BODY}<P>Last one, with a comma.</div>\
             <div class=\"related\"><ul><li><a href=\"/x\">Related one</a><li><a href=\"/y\">Related two</a></ul></div></body></html>"
        );
        let text = fast_main_text(&html).expect("text");
        assert_eq!(text.matches("The river rose").count(), 2, "{text}");
        assert!(text.contains("Last one, with a comma."), "{text}");
        assert!(!text.contains("Related"), "{text}");
        // Blocks are separated by blank lines.
        assert!(text.contains("dawn.\n\nThe river"), "{text}");
    }

    #[test]
    fn empty_garbage_and_deep_input_do_not_panic() {
        for html in [
            "",
            "<",
            "</",
            "&",
            "&#",
            "&#x;",
            "&#99999999999;",
            "<<<>>>",
            "<p",
            "<script>",
            "<title>",
            "</div></p></li>",
            "<a href='x'>x</a></a></a>",
            "<meta property=og:title content='&amp;'>",
            "\u{0}\u{fffd}<p>é</p>",
        ] {
            let _ = fast_main_text(html);
        }
        let deep = format!(
            "{}{}{}",
            "<div>".repeat(100_000),
            BODY,
            "</span>".repeat(10_000)
        );
        let text = fast_main_text(&deep).unwrap_or_default();
        assert!(text.contains("The river rose"));
        let deep = format!("{}{}", "<p><span>".repeat(50_000), "</p>".repeat(50_000));
        let _ = fast_main_text(&deep);
    }

    #[test]
    fn fast_text_goes_through_the_line_rules() {
        let html = page(&format!(
            "<article><h2>Floods</h2><p>By Ana Lima</p><p>{BODY}</p><p>{BODY}</p><p>{BODY}</p><p>{BODY}</p><p>Leave a Reply</p></article>"
        ));
        let raw = fast_main_text(&html).expect("text");
        assert!(raw.contains("Leave a Reply"), "{raw}");
        let text = Extractor::new().fast_text(&html);
        assert!(text.starts_with("The river rose"), "{text}");
        assert!(!text.contains("Leave a Reply"), "{text}");
        assert!(!text.contains("Ana Lima"), "{text}");
        assert_eq!(Extractor::new().fast_text(""), "");
    }

    #[test]
    fn tag_soup_does_not_panic() {
        const PIECES: &[&str] = &[
            "<div class=\"content\">",
            "</div>",
            "<p>",
            "</p",
            "<",
            ">",
            "&",
            "&#x",
            "&amp;",
            "&#12",
            ";",
            "<!--",
            "-->",
            "<!---->",
            "<!--->",
            "<script>",
            "</script>",
            "<style>",
            "é",
            "日本語",
            "<a href='x'>",
            "</a>",
            "<br/>",
            "word ",
            ", ",
            "<li>",
            "<table><tr><td>",
            "</td>",
            "\"",
            "'",
            "=",
            "<title>",
            "</title>",
            "<meta property=og:title content=",
            "\u{0}",
            "</",
            "<nav>",
            "<P>",
            "</P>",
            "<svg><title>x</title></svg>",
            "<h2>",
            "<form>",
            "<span>",
            "</span>",
            "\n",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..3000 {
            let mut html = String::new();
            for _ in 0..(round % 97) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                html.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            let _ = fast_main_text(&html);
        }
        // Every prefix of a page, cut anywhere.
        let page = page(&format!(
            "<article><p>{BODY}</p><!----><p>é, ü &amp; {BODY}</p></article>"
        ));
        for (cut, _) in page.char_indices() {
            let _ = fast_main_text(&page[..cut]);
        }
    }
}

//! Numbers in digits and words, their hedges, and the nouns they count.
//!
//! # Hedge table
//!
//! Claims from different outlets are later compared by interval overlap,
//! so the widths below are chosen to keep "some 6,500" and "some 6,000"
//! apart while letting "nearly 2,000" and "2,000" agree. For integer
//! counts the low end is rounded down and the high end up.
//!
//! | written | interval |
//! |---|---|
//! | N | [N, N] |
//! | about, some, around, approximately, roughly, an estimated, almost exactly N | [0.97 N, 1.03 N] |
//! | nearly, almost, close to, just under N | [0.9 N, N] |
//! | fewer than, less than, under, below N | [0, N − 1] (integers; [0, N] otherwise) |
//! | up to, at most, no more than N | [0, N] |
//! | as many as N | [0.9 N, N] |
//! | at least, no fewer than, a minimum of N | [N, ∞) |
//! | more than, over, upwards of, in excess of N | [N + 1, ∞) (integers; [N, ∞) otherwise) |
//! | between N and M, N to M, N-M, N or M | [N, M] |
//! | a few | [2, 5] | several | [3, 9] | a handful | [3, 6] | a dozen | [12, 12] |
//! | dozens | [24, 99] | scores (of) | [40, 99] | hundreds | [200, 999] | thousands | [2000, 9999] |
//! | tens of thousands | [20000, 99999] | hundreds of thousands | [200000, 999999] |
//! | several / a few hundred (thousand, dozen) | [3 M, 9 M] / [2 M, 5 M] |
//!
//! A hedge before a vague word applies to its interval ("more than a
//! dozen" → [13, ∞)).
//!
//! Not counted: years (1900–2100 unhedged, alone or in dates), days inside
//! dates (the temporal expressions are passed in), clock times, ordinals
//! ("102nd", "second"), and digits inside URLs or identifiers.

use crate::lexicon::{
    contains, HedgeKind, ELLIPSIS_WORDS, HEDGES, IRREGULAR_PLURALS, MULTIPLIERS, NOUN_STOPS,
    SMALL_NUMBERS, TENS, VAGUE,
};
use crate::tokens::{Kind, Tok};

/// A quantity found in one sentence, as byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoundQuantity {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub low: f64,
    pub high: Option<f64>,
    pub hedge: Option<String>,
    pub unit: Option<String>,
    pub unit_span: Option<(usize, usize)>,
}

/// A number before its hedge is applied: tokens `[first, next)`.
struct BareNumber {
    first: usize,
    next: usize,
    value: f64,
    low: f64,
    high: f64,
    integer: bool,
    vague: Option<String>,
}

fn small_value(word: &str) -> Option<f64> {
    if let Some(i) = SMALL_NUMBERS.iter().position(|w| *w == word) {
        return Some(i as f64);
    }
    TENS.iter()
        .position(|w| *w == word)
        .map(|i| (i as f64 + 2.0) * 10.0)
}

fn multiplier(word: &str) -> Option<f64> {
    MULTIPLIERS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, m)| *m)
}

fn word_at(toks: &[Tok], i: usize) -> Option<&str> {
    toks.get(i)
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.lower.as_str())
}

fn glued(toks: &[Tok], i: usize) -> bool {
    toks.get(i).is_some_and(|t| !t.space_before)
}

fn digits_value(tok: &Tok) -> Option<(f64, bool)> {
    let clean: String = tok.lower.chars().filter(|c| *c != ',').collect();
    let value: f64 = clean.parse().ok()?;
    Some((value, !clean.contains('.')))
}

/// A number spelled in words from token `i`: "forty-four", "two hundred
/// and fifty", "a dozen", "a thousand".
fn word_number(toks: &[Tok], i: usize) -> Option<(f64, usize)> {
    let mut total = 0.0;
    let mut current = 0.0;
    let mut seen = false;
    let mut j = i;
    if matches!(word_at(toks, j), Some("a" | "an")) {
        let next = word_at(toks, j + 1)?;
        if next != "dozen" && multiplier(next).is_none() {
            return None;
        }
        current = 1.0;
        j += 1;
    }
    while let Some(word) = word_at(toks, j) {
        if let Some(v) = small_value(word) {
            if seen && current % 100.0 != 0.0 {
                break;
            }
            current += v;
            if TENS.contains(&word)
                && toks.get(j + 1).is_some_and(|t| t.lower == "-")
                && glued(toks, j + 1)
                && glued(toks, j + 2)
            {
                if let Some(unit) = word_at(toks, j + 2)
                    .and_then(small_value)
                    .filter(|u| (1.0..10.0).contains(u))
                {
                    current += unit;
                    j += 2;
                }
            }
        } else if word == "dozen" {
            current = current.max(1.0) * 12.0;
        } else if word == "hundred" {
            current = current.max(1.0) * 100.0;
        } else if let Some(m) = multiplier(word) {
            total += current.max(1.0) * m;
            current = 0.0;
        } else if word == "and" && seen && (current >= 100.0 || total > 0.0) {
            match word_at(toks, j + 1).and_then(small_value) {
                Some(_) => {}
                None => break,
            }
        } else {
            break;
        }
        seen = true;
        j += 1;
    }
    if !seen && current == 0.0 {
        return None;
    }
    Some((total + current, j))
}

fn matches_words(toks: &[Tok], i: usize, words: &[&str]) -> bool {
    words
        .iter()
        .enumerate()
        .all(|(k, w)| word_at(toks, i + k) == Some(*w))
}

/// A vague quantity word at `i` ("hundreds", "several hundred").
fn vague_number(toks: &[Tok], i: usize) -> Option<BareNumber> {
    for (words, value, low, high) in VAGUE {
        if !matches_words(toks, i, words) {
            continue;
        }
        let next = i + words.len();
        let word = words.join(" ");
        if matches!(word.as_str(), "several" | "a few") {
            let scale = word_at(toks, next).and_then(|w| match w {
                "dozen" => Some(12.0),
                "hundred" => Some(100.0),
                other => multiplier(other),
            });
            if let Some(scale) = scale {
                return Some(BareNumber {
                    first: i,
                    next: next + 1,
                    value: scale,
                    low: low * scale,
                    high: high * scale,
                    integer: true,
                    vague: Some(format!("{word} {}", toks[next].lower)),
                });
            }
        }
        if word == "scores" && word_at(toks, next) != Some("of") {
            return None;
        }
        return Some(BareNumber {
            first: i,
            next,
            value: *value,
            low: *low,
            high: *high,
            integer: true,
            vague: Some(word),
        });
    }
    None
}

/// Whether the digits at `i` belong to a clock time, identifier or URL.
fn is_identifier_or_time(toks: &[Tok], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|p| &toks[p]);
    let next = toks.get(i + 1);
    let glued_prev = prev
        .filter(|_| !toks[i].space_before)
        .map(|t| t.lower.as_str());
    let glued_next = next.filter(|t| !t.space_before).map(|t| t.lower.as_str());
    if matches!(
        glued_prev,
        Some("/" | "#" | "@" | "_" | ":" | "." | "\\" | "=" | "&" | "+")
    ) {
        return true;
    }
    if matches!(glued_next, Some("/" | "_" | "@" | ":" | "\\" | "=")) {
        return true;
    }
    if glued_next == Some(".")
        && toks
            .get(i + 2)
            .is_some_and(|t| !t.space_before && t.kind != Kind::Punct)
    {
        return true;
    }
    // "No. 10", "Art. 5": a numbering, not a count.
    let numbered = i >= 2
        && toks[i - 1].lower == "."
        && matches!(
            toks[i - 2].lower.as_str(),
            "no" | "nos" | "art" | "vol" | "p" | "pp" | "ch" | "sec"
        );
    if numbered {
        return true;
    }
    match next.map(|t| t.lower.as_str()) {
        Some("am" | "pm" | "gmt" | "utc" | "hrs" | "o'clock") => true,
        Some("a" | "p") => toks
            .get(i + 2)
            .is_some_and(|t| t.lower == "." && !t.space_before),
        _ => false,
    }
}

/// Whether the token looks like a plural count noun.
fn looks_plural(word: &str) -> bool {
    contains(IRREGULAR_PLURALS, word)
        || (word.len() > 3 && word.ends_with('s') && !word.ends_with("ss"))
}

fn is_verb_like(word: &str) -> bool {
    word.ends_with("ed") || word.ends_with("ing")
}

/// The counted noun after tokens ending at `from`: a run of modifier words
/// whose last word is the head ("Armenian border guards" → guards).
/// Returns the head's token index.
fn head_noun(toks: &[Tok], from: usize) -> Option<usize> {
    let mut head = None;
    let mut j = from;
    let mut words = 0;
    while let Some(tok) = toks.get(j) {
        match tok.kind {
            Kind::Word if tok.lower == "'s" => return head,
            Kind::Word => {
                let word = tok.lower.as_str();
                if contains(NOUN_STOPS, word) {
                    break;
                }
                if let Some(h) = head {
                    // "people fled", "sides met": after a plural head, a
                    // lower-case word that is not plural is a verb.
                    let after_plural = !tok.capitalized && looks_plural(&toks[h].lower);
                    if after_plural && (is_verb_like(word) || !looks_plural(word)) {
                        break;
                    }
                }
                head = Some(j);
                words += 1;
                if words >= 5 {
                    break;
                }
            }
            Kind::Punct
                if tok.lower == "-"
                    && !tok.space_before
                    && glued(toks, j + 1)
                    && head.is_some() => {}
            // A name's acronym in brackets inside the noun phrase: "219
            // suspected Oromo Liberation Army (OLA) rebels" counts rebels.
            Kind::Punct if tok.lower == "(" && head.is_some() => match acronym_end(toks, j) {
                Some(close) => j = close,
                None => break,
            },
            _ => break,
        }
        j += 1;
    }
    head
}

/// The closing bracket of an acronym in brackets opening at `open`: one to
/// three capitalised words, as in "(OLA)" or "(Boko Haram)".
fn acronym_end(toks: &[Tok], open: usize) -> Option<usize> {
    let mut j = open + 1;
    while let Some(tok) = toks.get(j) {
        if tok.lower == ")" {
            return (j > open + 1).then_some(j);
        }
        if tok.kind != Kind::Word || !tok.capitalized || j - open > 3 {
            return None;
        }
        j += 1;
    }
    None
}

/// The noun counted by the number ending at token `next`, and whether it is
/// elided (to be inherited from an earlier count in the sentence).
fn counted_noun(toks: &[Tok], next: usize) -> (Option<usize>, bool) {
    let Some(tok) = toks.get(next) else {
        return (None, false);
    };
    // "44-day", "six-week", "3,000-troops-strong".
    if tok.lower == "-" && !tok.space_before && glued(toks, next + 1) {
        if let Some(word) = word_at(toks, next + 1) {
            if matches!(word, "strong" | "odd" | "plus") {
                return (head_noun(toks, next + 2), false);
            }
            return (Some(next + 1), false);
        }
        return (None, false);
    }
    let mut j = next;
    if word_at(toks, j) == Some("of") {
        j += 1;
        match word_at(toks, j) {
            Some("them" | "us" | "whom" | "which" | "those") => return (None, false),
            Some("the" | "its" | "their" | "his" | "her" | "our" | "these" | "your" | "my") => {
                j += 1
            }
            _ => {}
        }
        // "one of several enclaves", "two of the three": count the noun.
        if let Some(word) = word_at(toks, j) {
            if small_value(word).is_some() || matches!(word, "several" | "many" | "few") {
                j += 1;
            }
        }
        return (head_noun(toks, j), false);
    }
    match word_at(toks, j) {
        Some("more" | "other" | "additional" | "further" | "fellow") => {
            let head = head_noun(toks, j + 1);
            if head.is_none() || head.is_some_and(|h| is_verb_like(&toks[h].lower)) {
                return (None, true);
            }
            return (head, false);
        }
        Some(word) if contains(ELLIPSIS_WORDS, word) => return (None, true),
        _ => {}
    }
    (head_noun(toks, j), false)
}

fn apply_hedge(kind: HedgeKind, low: f64, high: f64, integer: bool) -> (f64, Option<f64>) {
    let step = if integer { 1.0 } else { 0.0 };
    match kind {
        HedgeKind::Approximate => (low * 0.97, Some(high * 1.03)),
        HedgeKind::Nearly => (low * 0.9, Some(high)),
        HedgeKind::Below => (0.0, Some((low - step).max(0.0))),
        HedgeKind::UpTo => (0.0, Some(high)),
        HedgeKind::AsManyAs => (high * 0.9, Some(high)),
        HedgeKind::AtLeast => (low, None),
        HedgeKind::Above => (high + step, None),
    }
}

/// Rounds an integer count's interval outwards, clearing float noise first.
fn round_outwards(low: f64, high: Option<f64>, integer: bool) -> (f64, Option<f64>) {
    let clean = |v: f64| (v * 1e6).round() / 1e6;
    if integer {
        (clean(low).floor(), high.map(|h| clean(h).ceil()))
    } else {
        (clean(low), high.map(clean))
    }
}

/// The number starting at token `i`, if any (ranges included).
fn bare_number(toks: &[Tok], i: usize) -> Option<BareNumber> {
    let tok = &toks[i];
    let allow_and = i >= 1 && word_at(toks, i - 1) == Some("between");
    if tok.kind == Kind::Number {
        let (mut value, mut integer) = digits_value(tok)?;
        let mut next = i + 1;
        if let Some(m) = word_at(toks, next).and_then(multiplier) {
            value *= m;
            integer = value.fract() == 0.0;
            next += 1;
        }
        let had_multiplier = next > i + 1;
        if let Some((second, after, second_scale)) = range_end(toks, next, allow_and) {
            // "1 to 2 million": the second end's multiplier applies to both.
            let low = if !had_multiplier && second_scale > 1.0 && value * second_scale <= second {
                value * second_scale
            } else {
                value
            };
            if second > low {
                return Some(BareNumber {
                    first: i,
                    next: after,
                    value: low,
                    low,
                    high: second,
                    integer,
                    vague: None,
                });
            }
        }
        return Some(BareNumber {
            first: i,
            next,
            value,
            low: value,
            high: value,
            integer,
            vague: None,
        });
    }
    if tok.kind != Kind::Word {
        return None;
    }
    if let Some(vague) = vague_number(toks, i) {
        return Some(vague);
    }
    let (value, next) = word_number(toks, i)?;
    if let Some((second, after, _)) = range_end(toks, next, allow_and) {
        if second > value {
            return Some(BareNumber {
                first: i,
                next: after,
                value,
                low: value,
                high: second,
                integer: true,
                vague: None,
            });
        }
    }
    Some(BareNumber {
        first: i,
        next,
        value,
        low: value,
        high: value,
        integer: true,
        vague: None,
    })
}

/// "- M", "to M", "or M" (and "and M" after "between") after a number:
/// the range's upper end, the token after it, and its multiplier.
fn range_end(toks: &[Tok], next: usize, allow_and: bool) -> Option<(f64, usize, f64)> {
    let joiner = toks.get(next)?;
    let dash =
        matches!(joiner.lower.as_str(), "-" | "–") && !joiner.space_before && glued(toks, next + 1);
    let word = matches!(joiner.lower.as_str(), "to" | "or") || (allow_and && joiner.lower == "and");
    if !(dash || word) {
        return None;
    }
    let k = next + 1;
    let second = toks.get(k)?;
    match second.kind {
        Kind::Number => {
            let (mut value, _) = digits_value(second)?;
            let mut after = k + 1;
            let mut scale = 1.0;
            if let Some(m) = word_at(toks, after).and_then(multiplier) {
                value *= m;
                scale = m;
                after += 1;
            }
            Some((value, after, scale))
        }
        Kind::Word => word_number(toks, k).map(|(v, after)| (v, after, 1.0)),
        _ => None,
    }
}

/// The hedge ending right before token `first`: (kind, words, first token).
fn hedge_before(toks: &[Tok], first: usize) -> Option<(HedgeKind, String, usize)> {
    for (words, kind) in HEDGES {
        let n = words.len();
        if first < n {
            continue;
        }
        let start = first - n;
        if matches_words(toks, start, words) {
            return Some((*kind, words.join(" "), start));
        }
    }
    None
}

fn is_year(tok: &Tok, value: f64) -> bool {
    tok.kind == Kind::Number
        && tok.lower.len() == 4
        && !tok.lower.contains([',', '.'])
        && (1900.0..=2100.0).contains(&value)
}

/// Every quantity in the sentence whose tokens are `toks`, skipping tokens
/// inside `excluded` byte ranges (dates and URLs).
pub(crate) fn find(text: &str, toks: &[Tok], excluded: &[(usize, usize)]) -> Vec<FoundQuantity> {
    let inside = |t: &Tok| excluded.iter().any(|(s, e)| t.start >= *s && t.end <= *e);
    let mut out: Vec<FoundQuantity> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let tok = &toks[i];
        let candidate = matches!(tok.kind, Kind::Number | Kind::Word) && !inside(tok);
        let Some(mut number) = candidate.then(|| bare_number(toks, i)).flatten() else {
            i += 1;
            continue;
        };
        if tok.kind == Kind::Number && is_identifier_or_time(toks, i) {
            i = number.next.max(i + 1);
            continue;
        }
        if toks[number.first..number.next].iter().any(inside) {
            i += 1;
            continue;
        }
        if matches!(tok.lower.as_str(), "one") && skip_pronoun_one(toks, i) {
            i += 1;
            continue;
        }
        let mut hedge = hedge_before(toks, number.first);
        let mut first = number.first;
        if number.high > number.low && i >= 1 && word_at(toks, i - 1) == Some("between") {
            first = i - 1;
            hedge = None;
            number.vague = Some("between".into());
        }
        if hedge.is_none() && number.first == number.next - 1 && is_year(tok, number.value) {
            i += 1;
            continue;
        }
        let (low, high) = match &hedge {
            Some((kind, _, _)) => apply_hedge(*kind, number.low, number.high, number.integer),
            None => (number.low, Some(number.high)),
        };
        let (low, high) = round_outwards(low, high, number.integer);
        let hedge_text = match (&hedge, &number.vague) {
            (Some((_, words, _)), Some(vague)) => Some(format!("{words} {vague}")),
            (Some((_, words, _)), None) => Some(words.clone()),
            (None, vague) => vague
                .clone()
                .filter(|v| v != "between" || number.high > number.low),
        };
        if let Some((_, _, hedge_start)) = hedge {
            first = hedge_start;
        }
        let (unit, unit_span) = unit_of(text, toks, number.first, number.next, &out);
        out.push(FoundQuantity {
            start: toks[first].start,
            end: toks[number.next - 1].end,
            value: number.value,
            low,
            high,
            hedge: hedge_text,
            unit,
            unit_span,
        });
        i = number.next.max(i + 1);
    }
    out
}

/// "no one", "one another", "the one who": not a count.
fn skip_pronoun_one(toks: &[Tok], i: usize) -> bool {
    let prev = i.checked_sub(1).and_then(|p| word_at(toks, p));
    let next = word_at(toks, i + 1);
    matches!(
        prev,
        Some("no" | "the" | "any" | "every" | "each" | "this" | "that" | "which" | "some")
    ) || matches!(next, Some("another" | "way" | "side" | "hand"))
}

/// A currency sign glued before the number at `first` ("$5 million").
fn currency_before(toks: &[Tok], first: usize) -> Option<&Tok> {
    let sign = toks.get(first.checked_sub(1)?)?;
    let glued = !toks[first].space_before;
    (glued && matches!(sign.lower.as_str(), "$" | "€" | "£" | "¥")).then_some(sign)
}

fn unit_of(
    text: &str,
    toks: &[Tok],
    first: usize,
    next: usize,
    earlier: &[FoundQuantity],
) -> (Option<String>, Option<(usize, usize)>) {
    if let Some(tok) = toks.get(next) {
        if tok.lower == "%" {
            return (Some("%".into()), Some((tok.start, tok.end)));
        }
        if matches!(tok.lower.as_str(), "percent" | "pct") {
            return (Some("%".into()), Some((tok.start, tok.end)));
        }
        if tok.lower == "per" && word_at(toks, next + 1) == Some("cent") {
            return (Some("%".into()), Some((tok.start, toks[next + 1].end)));
        }
    }
    let (head, elided) = counted_noun(toks, next);
    if let Some(currency) = currency_before(toks, first) {
        return (
            Some(currency.lower.clone()),
            Some((currency.start, currency.end)),
        );
    }
    if let Some(h) = head {
        let t = &toks[h];
        return (
            Some(text[t.start..t.end].to_lowercase()),
            Some((t.start, t.end)),
        );
    }
    if elided {
        if let Some(q) = earlier
            .iter()
            .rev()
            .find(|q| q.unit.as_deref().is_some_and(|u| u != "%"))
        {
            return (q.unit.clone(), q.unit_span);
        }
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    /// (text, value, low, high, hedge, unit) of one quantity.
    type Row = (
        String,
        f64,
        f64,
        Option<f64>,
        Option<String>,
        Option<String>,
    );

    fn quantities(text: &str) -> Vec<Row> {
        let toks = tokenize(text);
        find(text, &toks, &[])
            .into_iter()
            .map(|q| {
                (
                    text[q.start..q.end].to_string(),
                    q.value,
                    q.low,
                    q.high,
                    q.hedge,
                    q.unit,
                )
            })
            .collect()
    }

    fn one(text: &str) -> Row {
        let mut all = quantities(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.remove(0)
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn approximate_hedges_keep_neighbouring_figures_apart() {
        let a = one("The quake killed some 6,500 villagers.");
        assert_eq!(
            a,
            (
                "some 6,500".into(),
                6500.0,
                6305.0,
                Some(6695.0),
                s("some"),
                s("villagers")
            )
        );
        let b = one("The quake killed about 6,000 villagers.");
        assert_eq!((b.2, b.3), (5820.0, Some(6180.0)));
        assert!(a.3.unwrap() > a.2 && b.3.unwrap() < a.2);
    }

    #[test]
    fn nearly_below_and_above_hedges() {
        assert_eq!(
            one("nearly 1,500 troops"),
            (
                "nearly 1,500".into(),
                1500.0,
                1350.0,
                Some(1500.0),
                s("nearly"),
                s("troops")
            )
        );
        assert_eq!(one("fewer than 40 rebels").3, Some(39.0));
        assert_eq!(
            one("at least 30,000 people").2..one("at least 30,000 people").2,
            30000.0..30000.0
        );
        assert_eq!(one("at least 30,000 people").3, None);
        assert_eq!(one("more than 200 homes").2, 201.0);
        assert_eq!(one("as many as 50 boats").2, 45.0);
        assert_eq!(one("up to 12 drones").2, 0.0);
    }

    #[test]
    fn words_and_multipliers() {
        assert_eq!(one("forty-four medics").1, 44.0);
        assert_eq!(one("two hundred and fifty protesters").1, 250.0);
        assert_eq!(one("1.2 million refugees").1, 1_200_000.0);
        let dozen = one("a dozen trucks");
        assert_eq!(
            (dozen.1, dozen.2, dozen.3, dozen.5),
            (12.0, 12.0, Some(12.0), s("trucks"))
        );
    }

    #[test]
    fn vague_words_become_ranges() {
        assert_eq!(
            one("hundreds of Malian special forces personnel"),
            (
                "hundreds".into(),
                100.0,
                200.0,
                Some(999.0),
                s("hundreds"),
                s("personnel")
            )
        );
        assert_eq!(one("tens of thousands of refugees").2, 20000.0);
        assert_eq!(one("several villages").3, Some(9.0));
        assert_eq!(one("a few journalists").2, 2.0);
        let several_hundred = one("several hundred fighters");
        assert_eq!((several_hundred.2, several_hundred.3), (300.0, Some(900.0)));
        assert_eq!(one("more than a dozen tanks").2, 13.0);
    }

    #[test]
    fn ranges() {
        assert_eq!(
            one("between 20 and 30 soldiers").2..=one("between 20 and 30 soldiers").3.unwrap(),
            20.0..=30.0
        );
        assert_eq!(one("20-30 soldiers").3, Some(30.0));
        assert_eq!(one("two or three soldiers").3, Some(3.0));
    }

    #[test]
    fn counted_nouns_skip_modifiers_and_follow_hyphens() {
        assert_eq!(one("three Bolivian miners were trapped").5, s("miners"));
        assert_eq!(
            one("two of its police officers were injured").5,
            s("officers")
        );
        assert_eq!(one("a seven-week offensive").5, s("week"));
        assert_eq!(one("a 44-day siege").5, s("day"));
        assert_eq!(one("a 5,000-troops-strong garrison").5, s("troops"));
        assert_eq!(one("six weeks of fighting").5, s("weeks"));
        assert_eq!(one("some 4,200 people had fled").5, s("people"));
        assert_eq!(one("nearly 300 hamlets and farms").5, s("hamlets"));
        assert_eq!(one("12 % of voters").5, s("%"));
        assert_eq!(one("the two sides met").5, s("sides"));
        assert_eq!(one("$5 million in aid").5, s("$"));
        assert_eq!(
            one("killed 219 suspected Oromo Liberation Army (OLA) rebels").5,
            s("rebels")
        );
        // A bracket that is no acronym still ends the phrase.
        assert_eq!(
            quantities("three soldiers (two of them officers)")[0].5,
            s("soldiers")
        );
    }

    #[test]
    fn elided_nouns_are_inherited() {
        let q = quantities("five civilians were killed and three others wounded");
        assert_eq!(q[1].5, s("civilians"));
        let q = quantities("two guards were killed and four injured");
        assert_eq!(q[1].5, s("guards"));
    }

    #[test]
    fn years_times_ordinals_and_identifiers_are_not_counts() {
        assert!(quantities("In 2019 the 3rd brigade left at 10:30 for World War I sites, see www.x.org/a/12 or #45.").is_empty());
        assert!(quantities("At 5 p.m. no one moved, one another said.").is_empty());
        assert!(quantities("Decree No. 10 passed.").is_empty());
        assert_eq!(one("some 2000 troops").1, 2000.0);
    }
}

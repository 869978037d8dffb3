//! The text stage on arbitrary UTF-8, with and without an anchor date.
//!
//! Beyond "no panic" it checks the offsets the JSON contract promises: every
//! span lies within the text's code points, starts before it ends, and the
//! sentences come in order without overlapping.
#![no_main]
use chrono::{Days, NaiveDate};
use libfuzzer_sys::fuzz_target;
use outpost_core::{Span, TextAnnotations};
use outpost_text::TextAnalyzer;

fn check_span(what: &str, span: &Span, chars: usize) {
    assert!(
        span.start <= span.end && span.end <= chars,
        "{what} span {}..{} outside 0..{chars}",
        span.start,
        span.end
    );
}

fn check(notes: &TextAnnotations, text: &str) {
    let chars = text.chars().count();
    let mut last_end = 0;
    for s in &notes.sentences {
        assert!(
            s.start <= s.end && s.end <= chars,
            "sentence {}..{} outside 0..{chars}",
            s.start,
            s.end
        );
        assert!(
            s.start >= last_end,
            "sentence at {} overlaps the one ending at {last_end}",
            s.start
        );
        last_end = s.end;
    }
    let sentence_ok = |i: usize| i < notes.sentences.len().max(1);
    for q in &notes.quantities {
        check_span("quantity", &q.span, chars);
        if let Some(u) = &q.unit_span {
            check_span("unit", u, chars);
        }
        assert!(
            sentence_ok(q.sentence),
            "quantity sentence {} out of range",
            q.sentence
        );
        assert!(
            q.range
                .high
                .map_or(!q.range.low.is_nan(), |h| q.range.low <= h),
            "quantity range {:?} inverted",
            q.range
        );
    }
    for t in &notes.times {
        check_span("time", &t.span, chars);
        assert!(
            sentence_ok(t.sentence),
            "time sentence {} out of range",
            t.sentence
        );
    }
    for a in &notes.attributions {
        check_span("speaker", &a.speaker_span, chars);
        if let Some(q) = &a.quote {
            check_span("quote", q, chars);
        }
        assert!(
            sentence_ok(a.sentence),
            "attribution sentence {} out of range",
            a.sentence
        );
    }
}

fuzz_target!(|data: &[u8]| {
    // The first two bytes pick an anchor day within ~180 years of 1900, so
    // relative dates are resolved against many different calendars.
    if data.len() < 2 {
        return;
    }
    let days = u64::from(u16::from_le_bytes([data[0], data[1]]));
    let Ok(text) = std::str::from_utf8(&data[2..]) else {
        return;
    };
    let analyzer = TextAnalyzer::new();
    check(&analyzer.analyze(text, None), text);
    let anchor = NaiveDate::from_ymd_opt(1900, 1, 1)
        .and_then(|d| d.checked_add_days(Days::new(days)))
        .expect("anchor within chrono's range");
    let mut notes = analyzer.analyze(text, Some(anchor));
    check(&notes, text);
    outpost_text::reanchor(&mut notes, anchor);
});

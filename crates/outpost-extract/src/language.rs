//! A cheap language guess: script for non-Latin alphabets, then counts of
//! very common function words for Latin-script languages. Good enough to
//! route an article; not a classifier.

/// Function words per language; each list avoids words shared with another
/// list so that a hit is evidence for one language only.
const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "is", "that", "was", "with", "for", "on", "by", "said",
            "has", "from", "which", "were", "have", "this",
        ],
    ),
    (
        "fr",
        &[
            "le", "les", "des", "et", "est", "une", "dans", "pour", "qui", "sur", "au", "aux",
            "du", "pas", "sont", "avec", "ce",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "sich", "auf", "dem",
            "auch", "eine", "wurde", "ein",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "que", "por", "con", "para", "una", "del", "como", "pero", "fue",
            "sus", "este", "más",
        ],
    ),
    (
        "it",
        &[
            "il", "che", "della", "di", "non", "per", "sono", "gli", "nel", "alla", "anche", "è",
            "delle", "questo",
        ],
    ),
    (
        "pt",
        &[
            "os", "não", "uma", "com", "para", "mais", "ao", "foi", "pelo", "pela", "são",
            "também", "seu", "às",
        ],
    ),
    (
        "nl",
        &[
            "het", "een", "van", "en", "niet", "zijn", "voor", "ook", "maar", "werd", "naar",
            "bij", "wordt",
        ],
    ),
    (
        "tr",
        &[
            "ve", "bir", "bu", "için", "ile", "da", "olarak", "ama", "daha", "çok", "gibi", "olan",
        ],
    ),
];

/// An ISO 639-1 code for `text`, or `None` when there is too little evidence.
pub fn guess_language(text: &str) -> Option<String> {
    if let Some(code) = by_script(text) {
        return Some(code.to_string());
    }
    let mut counts = vec![0usize; STOPWORDS.len()];
    for word in text.split(|c: char| !c.is_alphabetic()).take(2000) {
        if word.is_empty() {
            continue;
        }
        let word = word.to_lowercase();
        for (i, (_, words)) in STOPWORDS.iter().enumerate() {
            if words.contains(&word.as_str()) {
                counts[i] += 1;
            }
        }
    }
    let mut ranked: Vec<(usize, &str)> = counts
        .iter()
        .zip(STOPWORDS)
        .map(|(&n, (code, _))| (n, *code))
        .collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    let (best, code) = ranked[0];
    let second = ranked[1].0;
    (best >= 3 && best >= 2 * second).then(|| code.to_string())
}

/// A language from the dominant non-Latin script, if any.
fn by_script(text: &str) -> Option<&'static str> {
    let (
        mut letters,
        mut cyrillic,
        mut ukrainian,
        mut armenian,
        mut georgian,
        mut arabic,
        mut greek,
        mut hebrew,
    ) = (
        0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize,
    );
    for c in text.chars().filter(|c| c.is_alphabetic()).take(5000) {
        letters += 1;
        match c as u32 {
            0x0400..=0x04FF => {
                cyrillic += 1;
                if matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ') {
                    ukrainian += 1;
                }
            }
            0x0530..=0x058F => armenian += 1,
            0x10A0..=0x10FF => georgian += 1,
            0x0600..=0x06FF => arabic += 1,
            0x0370..=0x03FF => greek += 1,
            0x0590..=0x05FF => hebrew += 1,
            _ => {}
        }
    }
    let dominant = |n: usize| letters > 0 && n * 2 > letters;
    if dominant(cyrillic) {
        return Some(if ukrainian * 100 > cyrillic {
            "uk"
        } else {
            "ru"
        });
    }
    [
        (armenian, "hy"),
        (georgian, "ka"),
        (arabic, "ar"),
        (greek, "el"),
        (hebrew, "he"),
    ]
    .into_iter()
    .find(|(n, _)| dominant(*n))
    .map(|(_, code)| code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_common_languages_and_abstains_on_little_text() {
        assert_eq!(
            guess_language("The minister said that the talks with the rebels were over.")
                .as_deref(),
            Some("en")
        );
        assert_eq!(guess_language("Le ministre a dit que les discussions avec les rebelles sont finies dans la ville.").as_deref(), Some("fr"));
        assert_eq!(guess_language("Der Minister sagte, dass die Gespräche mit den Rebellen nicht beendet sind und das ist gut.").as_deref(), Some("de"));
        assert_eq!(
            guess_language("Министр заявил, что переговоры окончены.").as_deref(),
            Some("ru")
        );
        assert_eq!(guess_language("Hello"), None);
    }
}

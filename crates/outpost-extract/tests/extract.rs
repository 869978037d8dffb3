//! Extraction over fixtures written for these tests: a plain-text article in
//! the layout of a news site's text export, and a small HTML page with meta
//! tags, JSON-LD and navigation/footer chrome.

use chrono::NaiveDate;
use outpost_core::{Content, DocumentHints, Provenance, RawDocument};
use outpost_extract::{ExtractError, Extractor};

fn doc(content: Content, hints: DocumentHints) -> RawDocument {
    RawDocument {
        provenance: Provenance::file("fixture"),
        content,
        hints,
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

const ARTICLE_TXT: &str = "
Mali Asks Allies For Helicopters After Ambush

By Amadou Keita and Claire Martin

Bamako, Mali Published: Mar 04, 2022, 09:15 AM(GMT)

Malian Interim President Assimi Goita (right) and a visiting delegation in Bamako on March 1.

Soldiers patrol a road near Mopti Photograph:( AFP )

Story highlights

Mali's government said on Thursday it would ask its allies for attack helicopters after an ambush killed
eleven soldiers near the town of Boni.

Related article: Why the central region keeps burning

Troops escort a supply convoy outside Gao, 12 Feb 2020. The army said the convoy came under fire twice
before reaching the base.

The defence ministry said the attackers fled towards the border, leaving behind

several motorbikes and a mortar.

Read more: The long war in the Sahel

Support Sahel Monitor

(With inputs from Reuters)

© 2022 Sahel Monitor. All rights reserved.

Be the first to comment

Leave a Reply

Your email address will not be published. Required fields are marked *

This site uses Akismet to reduce spam. Learn how your comment data is processed.

Read in App
";

#[test]
fn plain_text_article_is_cleaned_and_its_metadata_found() {
    let article = Extractor::new()
        .extract(&doc(
            Content::Text(ARTICLE_TXT.into()),
            DocumentHints::default(),
        ))
        .unwrap();
    assert_eq!(
        article.title.as_deref(),
        Some("Mali Asks Allies For Helicopters After Ambush")
    );
    assert_eq!(
        article.text,
        "Mali's government said on Thursday it would ask its allies for attack helicopters after an ambush killed eleven soldiers near the town of Boni.\n\n\
         The army said the convoy came under fire twice before reaching the base.\n\n\
         The defence ministry said the attackers fled towards the border, leaving behind several motorbikes and a mortar."
    );
    assert_eq!(
        article.captions,
        [
            "Malian Interim President Assimi Goita (right) and a visiting delegation in Bamako on March 1.",
            "Soldiers patrol a road near Mopti Photograph:( AFP )",
            "Troops escort a supply convoy outside Gao, 12 Feb 2020.",
        ]
    );
    assert_eq!(
        article.boilerplate_removed,
        [
            "By Amadou Keita and Claire Martin",
            "Bamako, Mali Published: Mar 04, 2022, 09:15 AM(GMT)",
            "Story highlights",
            "Related article: Why the central region keeps burning",
            "Read more: The long war in the Sahel",
            "Support Sahel Monitor",
            "(With inputs from Reuters)",
            "© 2022 Sahel Monitor. All rights reserved.",
            "Be the first to comment",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
            "Read in App",
        ]
    );
    assert_eq!(article.published, date(2022, 3, 4));
    assert_eq!(article.authors, ["Amadou Keita", "Claire Martin"]);
    assert_eq!(article.wire.as_deref(), Some("Reuters"));
    assert_eq!(article.outlet.as_deref(), Some("Sahel Monitor"));
    assert_eq!(article.language.as_deref(), Some("en"));
}

const WIRE_TXT: &str = "\
Flood Waters Reach Capital

By AFP

September 9, 2020

Nadia Omar / Sudan Images / AFP

KHARTOUM (AFP) - The Nile rose to a record level on Wednesday, officials said.

Original url:

https://www.example-daily.com/2020/09/09/flood-waters-reach-capital-a1 234
";

#[test]
fn wire_byline_date_line_and_original_url_feed_metadata() {
    let article = Extractor::new()
        .extract(&doc(
            Content::Text(WIRE_TXT.into()),
            DocumentHints::default(),
        ))
        .unwrap();
    assert_eq!(
        article.text,
        "The Nile rose to a record level on Wednesday, officials said."
    );
    assert_eq!(article.wire.as_deref(), Some("AFP"));
    assert!(article.authors.is_empty());
    assert_eq!(article.published, date(2020, 9, 9));
    assert_eq!(
        article.url.as_deref(),
        Some("https://www.example-daily.com/2020/09/09/flood-waters-reach-capital-a1234")
    );
    assert_eq!(article.outlet.as_deref(), Some("example-daily.com"));
    assert_eq!(article.captions, ["Nadia Omar / Sudan Images / AFP"]);
    assert!(article
        .boilerplate_removed
        .contains(&"KHARTOUM (AFP) -".to_string()));
    assert!(article
        .boilerplate_removed
        .contains(&"September 9, 2020".to_string()));
}

#[test]
fn hints_win_over_extracted_metadata() {
    let hints = DocumentHints {
        url: Some("https://www.reuters.com/world/2019/01/02/story".into()),
        title: Some("Given title".into()),
        published: Some("2019-01-05T10:00:00Z".into()),
        outlet: Some("Given Outlet".into()),
    };
    let article = Extractor::new()
        .extract(&doc(Content::Text(WIRE_TXT.into()), hints))
        .unwrap();
    assert_eq!(article.title.as_deref(), Some("Given title"));
    assert_eq!(article.published, date(2019, 1, 5));
    assert_eq!(article.outlet.as_deref(), Some("Given Outlet"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://www.reuters.com/world/2019/01/02/story")
    );
    // The first line is not the given title, so it stays as text.
    assert!(article.text.starts_with("Flood Waters Reach Capital"));
}

#[test]
fn outlet_comes_from_the_url_domain_through_the_table() {
    let hints = DocumentHints {
        url: Some("https://www.apnews.com/article/abc".into()),
        ..Default::default()
    };
    let article = Extractor::new()
        .extract(&doc(
            Content::Text("Title\n\nBody text here.".into()),
            hints,
        ))
        .unwrap();
    assert_eq!(article.outlet.as_deref(), Some("AP"));
}

const PAGE_HTML: &str = r#"<!doctype html>
<html lang="en-GB">
<head>
  <title>Rebels retake hill town | Valley Herald</title>
  <meta property="og:title" content="Rebels retake hill town">
  <meta property="og:site_name" content="Valley Herald">
  <meta name="author" content="Priya Raman">
  <link rel="canonical" href="https://www.valleyherald.example/news/2023/05/17/rebels-retake-hill-town">
  <script type="application/ld+json">
  {"@context":"https://schema.org","@type":"NewsArticle","headline":"Rebels retake hill town",
   "datePublished":"2023-05-17T08:30:00+05:30","author":[{"@type":"Person","name":"Priya Raman"},{"@type":"Person","name":"Omar Haddad"}]}
  </script>
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
  <header><p>Subscribe to our newsletter</p></header>
  <article>
    <h1>Rebels retake hill town</h1>
    <figure><img src="x.jpg"><figcaption>Fighters walk through the market in Kalpur, 16 May 2023.</figcaption></figure>
    <p>Rebel fighters retook the hill town of Kalpur on Wednesday after a two-day battle with government troops, residents and officials said.</p>
    <p>At least fourteen people were killed in the fighting, according to a local hospital, and dozens of families fled to the valley below.</p>
    <p>Related article: How the hill war began</p>
    <p>The army said it had pulled back to regroup and would launch a counter-offensive within days, without giving further details about its losses.</p>
    <p>A spokesman for the rebels said the group would hand the town's administration to a civilian council by the end of the month.</p>
  </article>
  <footer><p>© 2023 Valley Herald Media. All rights reserved.</p><p><a href="/about">About us</a></p></footer>
</body>
</html>"#;

#[test]
fn html_page_gives_main_text_and_metadata() {
    let article = Extractor::new()
        .extract(&doc(
            Content::Html(PAGE_HTML.into()),
            DocumentHints::default(),
        ))
        .unwrap();
    assert_eq!(article.title.as_deref(), Some("Rebels retake hill town"));
    assert_eq!(article.outlet.as_deref(), Some("Valley Herald"));
    assert_eq!(article.published, date(2023, 5, 17));
    assert_eq!(article.authors, ["Priya Raman", "Omar Haddad"]);
    assert_eq!(article.language.as_deref(), Some("en"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://www.valleyherald.example/news/2023/05/17/rebels-retake-hill-town")
    );
    let paragraphs: Vec<&str> = article.text.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 4, "{}", article.text);
    assert!(paragraphs[0].starts_with("Rebel fighters retook the hill town of Kalpur"));
    assert!(paragraphs[3].ends_with("by the end of the month."));
    for chrome in [
        "Home",
        "Subscribe",
        "Related article",
        "©",
        "About us",
        "Rebels retake hill town",
        "16 May 2023",
    ] {
        assert!(
            !article.text.contains(chrome),
            "{chrome} left in {}",
            article.text
        );
    }
    assert!(article
        .boilerplate_removed
        .iter()
        .any(|l| l.starts_with("Related article:")));
}

#[test]
fn nothing_left_is_empty_and_binary_is_refused() {
    let extractor = Extractor::new();
    let only_furniture = "Title\n\nLeave a Reply\n\nRead in App\n";
    assert_eq!(
        extractor.extract(&doc(
            Content::Text(only_furniture.into()),
            DocumentHints::default()
        )),
        Err(ExtractError::Empty)
    );
    let binary = "a\u{0}b\u{1}c\u{2}d";
    assert_eq!(
        extractor.extract(&doc(Content::Text(binary.into()), DocumentHints::default())),
        Err(ExtractError::Binary)
    );
}

fn html_date(markup: &str, url: Option<&str>) -> Option<NaiveDate> {
    let hints = DocumentHints {
        url: url.map(str::to_string),
        ..Default::default()
    };
    Extractor::new()
        .extract_lenient(&doc(Content::Html(markup.into()), hints))
        .unwrap()
        .published
}

const BODY: &str = "<h1>Bridge reopens</h1><p>The river bridge reopened to traffic on \
    Monday after repairs that took most of the winter, the city council said.</p>";

#[test]
fn a_full_date_in_the_url_wins_over_page_metadata() {
    let page = format!(
        "<head><script type=\"application/ld+json\">{{\"datePublished\":\"2019-06-17T18:28:00+0200\"}}</script></head><body>{BODY}</body>"
    );
    assert_eq!(
        html_date(&page, Some("https://ex.com/home/2017/7/12/bridge")),
        date(2017, 7, 12)
    );
    assert_eq!(
        html_date(&page, Some("https://ex.com/bridge")),
        date(2019, 6, 17)
    );
}

#[test]
fn lenient_extraction_keeps_the_metadata_of_a_page_without_text() {
    let page = "<head><meta property=\"article:published_time\" content=\"2020-01-20T10:00:08+08:00\"></head><body><p>Leave a Reply</p></body>";
    let extractor = Extractor::new();
    let doc = doc(Content::Html(page.into()), DocumentHints::default());
    assert_eq!(extractor.extract(&doc), Err(ExtractError::Empty));
    let article = extractor.extract_lenient(&doc).unwrap();
    assert_eq!(article.text, "");
    assert_eq!(article.published, date(2020, 1, 20));
}

#[test]
fn dates_in_comment_sections_are_not_the_publication_date() {
    let page = format!(
        "<body>{BODY}<p>Veröffentlicht am 16.08.2019</p><div class=\"comment-list\"><div class=\"comment-metadata\"><time datetime=\"2019-08-24T03:36:11+02:00\">24. August 2019</time></div><p>Great news.</p></div></body>"
    );
    assert_eq!(html_date(&page, None), date(2019, 8, 16));
}

#[test]
fn a_late_utc_timestamp_takes_the_local_day_the_page_shows() {
    let shown = |stamp: &str, shown: &str| {
        format!(
            "<head><meta property=\"article:published_time\" content=\"{stamp}\"></head><body>{BODY}<span class=\"post-date\">{shown}</span></body>"
        )
    };
    // 23:00 UTC is already the next day in Europe and Asia.
    assert_eq!(
        html_date(&shown("2021-11-04T23:00Z", "5. November 2021"), None),
        date(2021, 11, 5)
    );
    // At noon UTC the day is the same nearly everywhere: metadata wins.
    assert_eq!(
        html_date(&shown("2022-01-25T12:02:53+00:00", "26.01.2022"), None),
        date(2022, 1, 25)
    );
    // A timestamp with a local offset states its day.
    assert_eq!(
        html_date(&shown("2021-11-04T23:00+01:00", "5. November 2021"), None),
        date(2021, 11, 4)
    );
}

#[test]
fn pages_that_show_no_date_fall_back_to_script_data_then_dated_links() {
    let page = format!(
        "<body>{BODY}<script>var product = {{\"published_at\":\"2019-03-02T06:22:28+01:00\"}};</script></body>"
    );
    assert_eq!(html_date(&page, None), date(2019, 3, 2));
    let page =
        format!("<body>{BODY}<img src=\"https://ex.com/files/2016/05/04/report.png\"></body>");
    assert_eq!(html_date(&page, None), date(2016, 5, 4));
}

#[test]
fn dates_written_in_more_scripts_and_languages_are_read() {
    // A date line under the headline, as East Asian and Indonesian news
    // sites write it, on pages without date metadata.
    for (shown, expected) in [
        ("2020年4月28日 10:15", date(2020, 4, 28)),
        ("2020.04.28 오후 3:12", date(2020, 4, 28)),
        ("Selasa, 28 April 2020", date(2020, 4, 28)),
        ("28 Maret 2020 | 10:15 WIB", date(2020, 3, 28)),
    ] {
        let page = format!("<body>{BODY}<div class=\"article-date\">{shown}</div></body>");
        assert_eq!(html_date(&page, None), expected, "{shown}");
    }
    // A German "Datum" class with a two-digit year.
    let page = format!("<body>{BODY}<span class=\"fbdatum\">06.10.17 11:15</span></body>");
    assert_eq!(html_date(&page, None), date(2017, 10, 6));
    // Underscores in a URL date, and an archive path linked with dashes.
    assert_eq!(
        html_date(
            &format!("<body>{BODY}</body>"),
            Some("https://ex.com/news_2020_04_28_bridge")
        ),
        date(2020, 4, 28)
    );
    let page = format!("<body>{BODY}<a href=\"/en/2019-12-02-bridge-report/\">Report</a></body>");
    assert_eq!(html_date(&page, None), date(2019, 12, 2));
}

#[test]
fn the_articles_own_json_ld_date_wins_over_later_objects() {
    let page = format!(
        "<head><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"datePublished\":\"2020-04-28T09:00:00+02:00\"}}</script>\
         <script type=\"application/ld+json\">[{{\"@type\":\"NewsArticle\",\"datePublished\":\"2019-01-02\"}}]</script></head><body>{BODY}</body>"
    );
    assert_eq!(html_date(&page, None), date(2020, 4, 28));
}

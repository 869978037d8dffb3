//! Outlet and wire-agency names from `data/outlets.toml`: registrable domain
//! → display name, and credited name → agency. The table is embedded at
//! build time so extraction stays pure (no file I/O at run time).

use std::collections::HashMap;

const OUTLETS_TOML: &str = include_str!("../../../data/outlets.toml");

/// Second-level labels under which registrations happen one level deeper
/// (`bbc.co.uk`, `aa.com.tr`), so the registrable domain keeps three labels.
const SECOND_LEVEL: &[&str] = &[
    "co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "gv",
];

/// The outlet and wire tables.
#[derive(Debug, Clone)]
pub struct OutletTable {
    outlets: HashMap<String, String>,
    /// Lower-cased credited name → agency name.
    wires: HashMap<String, String>,
}

impl Default for OutletTable {
    fn default() -> Self {
        Self::embedded()
    }
}

impl OutletTable {
    /// The table shipped in `data/outlets.toml`.
    pub fn embedded() -> Self {
        Self::parse(OUTLETS_TOML).unwrap_or_else(|_| OutletTable {
            outlets: HashMap::new(),
            wires: HashMap::new(),
        })
    }

    /// Parses a table in the `outlets.toml` format.
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        let table: toml::Table = text.parse()?;
        let section = |name: &str| -> HashMap<String, String> {
            table
                .get(name)
                .and_then(|v| v.as_table())
                .map(|t| {
                    t.iter()
                        .filter_map(|(k, v)| {
                            Some((k.to_ascii_lowercase(), v.as_str()?.to_string()))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        Ok(OutletTable {
            outlets: section("outlets"),
            wires: section("wires"),
        })
    }

    /// The outlet's display name for a URL or bare domain: the table's name
    /// for its registrable domain, or the registrable domain itself.
    pub fn outlet_for(&self, url_or_domain: &str) -> Option<String> {
        let host = host_of(url_or_domain)?;
        if let Some(name) = self.outlets.get(&host) {
            return Some(name.clone());
        }
        let domain = registrable_domain(&host);
        Some(self.outlets.get(&domain).cloned().unwrap_or(domain))
    }

    /// The agency a credited name stands for ("Agence France-Presse" → AFP).
    pub fn wire(&self, credited: &str) -> Option<String> {
        let key = credited
            .trim()
            .trim_matches(|c: char| c == '.' || c == ',')
            .to_lowercase();
        self.wires.get(&key).cloned()
    }

    /// Every credited wire name, longest first (for building patterns).
    pub fn wire_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.wires.keys().cloned().collect();
        names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        names
    }
}

/// The host of a URL (or a bare domain), lower-cased, without `www.`.
pub fn host_of(url_or_domain: &str) -> Option<String> {
    let s = url_or_domain.trim();
    let s = s.split_once("://").map_or(s, |(_, rest)| rest);
    let host = s.split(['/', '?', '#']).next()?;
    let host = host
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let valid = host.contains('.')
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    valid.then_some(host)
}

/// The registrable part of a host: the last two labels, or three under a
/// second-level public suffix like `co.uk`.
pub fn registrable_domain(host: &str) -> String {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let keep = if n >= 3 && labels[n - 1].len() == 2 && SECOND_LEVEL.contains(&labels[n - 2]) {
        3
    } else {
        2
    };
    labels[n.saturating_sub(keep)..].join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_domains_through_the_table_or_falls_back_to_the_domain() {
        let t = OutletTable::embedded();
        assert_eq!(
            t.outlet_for("https://www.reuters.com/world/x").as_deref(),
            Some("Reuters")
        );
        assert_eq!(
            t.outlet_for("https://news.bbc.co.uk/2/hi").as_deref(),
            Some("BBC")
        );
        assert_eq!(
            t.outlet_for("https://m.example-news.com.au/a").as_deref(),
            Some("example-news.com.au")
        );
        assert_eq!(
            t.outlet_for("www.unknown-daily.org").as_deref(),
            Some("unknown-daily.org")
        );
        assert_eq!(t.outlet_for("not a url"), None);
    }

    #[test]
    fn wire_names_are_normalised() {
        let t = OutletTable::embedded();
        assert_eq!(t.wire("Agence France-Presse").as_deref(), Some("AFP"));
        assert_eq!(t.wire("the associated press").as_deref(), Some("AP"));
        assert_eq!(t.wire("Jane Doe"), None);
    }
}

//! Dates with a precision: "2021-07-28", "2021-07", "2021", or a week.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// A single day.
    Day,
    /// Some day within a week ("earlier this week").
    Week,
    /// Some day within a month ("late last month", "in May").
    Month,
    /// Some day within a year ("last year").
    Year,
}

/// A date and how precise it is. `date` is the first day of the period it
/// names (for `Week`, the first day of the window it may fall in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FuzzyDate {
    /// The first day of the period.
    pub date: NaiveDate,
    /// How wide the period is.
    pub precision: DatePrecision,
}

impl FuzzyDate {
    /// A date precise to the day.
    pub fn day(date: NaiveDate) -> Self {
        FuzzyDate {
            date,
            precision: DatePrecision::Day,
        }
    }

    /// The last day of the period.
    pub fn last_day(&self) -> NaiveDate {
        match self.precision {
            DatePrecision::Day => self.date,
            DatePrecision::Week => self.date + chrono::Days::new(6),
            DatePrecision::Month => {
                let (y, m) = (self.date.year(), self.date.month());
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                };
                next.map(|d| d.pred_opt().unwrap_or(d)).unwrap_or(self.date)
            }
            DatePrecision::Year => {
                NaiveDate::from_ymd_opt(self.date.year(), 12, 31).unwrap_or(self.date)
            }
        }
    }

    /// Whether two periods share at least one day, allowing `slack_days`
    /// between them.
    pub fn overlaps(&self, other: &FuzzyDate, slack_days: i64) -> bool {
        let slack = chrono::Duration::days(slack_days);
        self.date - slack <= other.last_day() && other.date - slack <= self.last_day()
    }

    /// The contract's rendering: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (a week
    /// renders as its first day).
    pub fn render(&self) -> String {
        match self.precision {
            DatePrecision::Day | DatePrecision::Week => self.date.format("%Y-%m-%d").to_string(),
            DatePrecision::Month => self.date.format("%Y-%m").to_string(),
            DatePrecision::Year => self.date.format("%Y").to_string(),
        }
    }
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_period_ends_on_its_last_day() {
        let d = FuzzyDate {
            date: NaiveDate::from_ymd_opt(2021, 2, 1).unwrap(),
            precision: DatePrecision::Month,
        };
        assert_eq!(d.last_day(), NaiveDate::from_ymd_opt(2021, 2, 28).unwrap());
        assert_eq!(d.render(), "2021-02");
    }

    #[test]
    fn a_day_overlaps_its_month_but_not_the_next() {
        let day = FuzzyDate::day(NaiveDate::from_ymd_opt(2021, 7, 28).unwrap());
        let july = FuzzyDate {
            date: NaiveDate::from_ymd_opt(2021, 7, 1).unwrap(),
            precision: DatePrecision::Month,
        };
        let aug = FuzzyDate {
            date: NaiveDate::from_ymd_opt(2021, 8, 1).unwrap(),
            precision: DatePrecision::Month,
        };
        assert!(day.overlaps(&july, 0));
        assert!(!day.overlaps(&aug, 0));
        assert!(day.overlaps(&aug, 4));
    }
}

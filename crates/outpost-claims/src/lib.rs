//! The claims stage: numbers about the same subject compared across outlets.
//!
//! Two steps. Per article, [`ClaimExtractor::statements`] finds the numeric
//! assertions worth comparing, each as a [`ClaimStatement`] with a stable
//! subject key: a conflict's death toll or duration (`conflict:<region>:<period>`,
//! the period bound to the conflict noun or inherited from the sentence that
//! introduced the conflict, so the 1990s war and the 2020 war stay apart), and
//! the troop strength of a base or contingent (`base:<owner>@<host>`). Over the
//! collection, [`ClaimComparer::compare`] groups statements by subject and
//! attribute, adds the killed and injured of every canonical event, and gives a
//! [`Verdict`]: corroborated when two or more independent outlets give
//! overlapping ranges, contradicted when two do not overlap, single otherwise.
//!
//! Hedges arrive as ranges from the text stage ("nearly 2,000" is
//! [1800, 2000]); durations are converted to days with half a unit of slack
//! ("six weeks" is 38.5–45.5 days, so it agrees with "44 days"). Syndicated
//! copies are not independent: an article marked as a duplicate adds no
//! outlet. A false contradiction costs an analyst's trust more than a missed
//! one, so vague counts ("several") are never compared.
//!
//! It does not decide which source is right, and it does no I/O.
//!
//! ```
//! use outpost_claims::{ClaimComparer, ClaimExtractor};
//! let extractor = ClaimExtractor::embedded();
//! let comparer = ClaimComparer::default();
//! let claims = comparer.compare(&[], &[], &Default::default());
//! assert!(claims.is_empty());
//! # let _ = extractor;
//! ```
#![deny(missing_docs)]

mod compare;
mod extract;

pub use compare::ClaimComparer;
pub use extract::{ClaimExtractor, SubjectWords};
pub use outpost_core::{Claim, ClaimStatement, ClaimValue, Verdict};

#[cfg(test)]
mod tests;

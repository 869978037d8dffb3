//! End-to-end tests of the `outpost` binary.

mod util;

mod cli;
mod seeds;

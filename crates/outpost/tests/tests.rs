//! End-to-end tests of the `outpost` binary.

mod util;

mod cli;
mod crash;
mod hostile;
mod seeds;
mod serve;

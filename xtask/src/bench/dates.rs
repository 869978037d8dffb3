//! Benchmark `dates` (not written yet).

use anyhow::Result;

/// Runs the benchmark.
pub fn run(_args: &[String]) -> Result<()> {
    anyhow::bail!("the dates benchmark is not written yet")
}

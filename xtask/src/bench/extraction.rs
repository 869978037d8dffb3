//! Benchmark `extraction` (not written yet).

use anyhow::Result;

/// Runs the benchmark.
pub fn run(_args: &[String]) -> Result<()> {
    anyhow::bail!("the extraction benchmark is not written yet")
}

//! Benchmark `geo` (not written yet).

use anyhow::Result;

/// Runs the benchmark.
pub fn run(_args: &[String]) -> Result<()> {
    anyhow::bail!("the geo benchmark is not written yet")
}

//! outpost-events (stub: being written)

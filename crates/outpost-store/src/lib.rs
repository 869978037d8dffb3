//! outpost-store (stub: being written)

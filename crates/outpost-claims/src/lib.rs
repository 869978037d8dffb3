//! outpost-claims (stub: being written)

//! outpost-stories (stub: being written)

//! Filled in by its area: see ARCHITECTURE.md.

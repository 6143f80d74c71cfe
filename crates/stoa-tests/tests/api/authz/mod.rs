//! The authorisation matrix: every routed endpoint against every kind of actor, on both
//! databases (`matrix.rs`, expectations in `matrix.tsv`), and the WebSocket scope of every event
//! (`events.rs`).

mod events;

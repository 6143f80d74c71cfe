//! The authorisation matrix: every routed endpoint against every kind of actor, on both
//! databases (`matrix.rs`, the expected status of each cell in `matrix.tsv`, the fixture in
//! `world.rs`, one request per cell from `requests.rs`), and the WebSocket scope of every event
//! (`events.rs`).

mod events;
mod matrix;
mod requests;
mod world;

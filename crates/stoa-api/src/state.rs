use std::sync::Arc;
use stoa_core::Core;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub core: Arc<Core>,
}

impl AppState {
    pub fn new(core: Arc<Core>) -> Self {
        AppState { core }
    }
}

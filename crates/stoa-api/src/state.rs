use std::sync::Arc;
use stoa_core::Core;

use crate::ws::hub::{HubConfig, HubHandle};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub core: Arc<Core>,
    /// The WebSocket hub of this node.
    pub hub: HubHandle,
}

impl AppState {
    /// Builds the state and starts the WebSocket hub.
    pub fn new(core: Arc<Core>, hub: HubConfig) -> Self {
        let hub = HubHandle::start(core.clone(), hub);
        AppState { core, hub }
    }
}

//! The decoder pool: image decoding is the one upload step whose memory grows with the input (a
//! few hundred bytes of PNG can inflate to hundreds of megabytes), so decodes are bounded by
//! count (each takes a core) and by the memory their headers say they will hold.

use tokio::sync::Semaphore;

use crate::{Error, Result};

/// Images decoded at once.
const DECODERS: usize = 2;
/// Memory all decodes may hold together, in MiB: with the server's other needs, what the
/// upload-bomb test bounds (200 MiB above idle). An image whose estimate is larger is stored
/// undecoded, as Mattermost stores one over `MaxImageResolution`.
const BUDGET_MIB: u32 = 160;
const MIB: u64 = 1024 * 1024;

pub(crate) struct DecoderPool {
    cpu: Semaphore,
    /// One permit a MiB.
    memory: Semaphore,
}

impl DecoderPool {
    pub(crate) fn new() -> DecoderPool {
        DecoderPool {
            cpu: Semaphore::new(DECODERS),
            memory: Semaphore::new(BUDGET_MIB as usize),
        }
    }

    /// Runs `job` on a blocking thread once `cost` bytes of the budget and a decoder are free
    /// (first come, first served: a large image waits, it is not overtaken for ever); `None`
    /// without running it when `cost` is over the whole budget.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        cost: u64,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<Option<T>> {
        let mib = u32::try_from(cost.div_ceil(MIB)).unwrap_or(u32::MAX);
        if mib > BUDGET_MIB {
            return Ok(None);
        }
        let _memory = self
            .memory
            .acquire_many(mib)
            .await
            .map_err(Error::internal)?;
        let _cpu = self.cpu.acquire().await.map_err(Error::internal)?;
        tokio::task::spawn_blocking(job)
            .await
            .map(Some)
            .map_err(Error::internal)
    }
}

//! `stoa-bench`: load generators for a running Stoa server. See BENCHMARKS.md for how the
//! figures there were made.

mod api;
mod files;
mod hooks;
mod posts;
mod push;
mod search;
mod stats;
mod sys;
mod ws;
mod ws_fanout;
mod ws_idle;
mod ws_reconnect;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "stoa-bench",
    about = "Benchmarks against a running Stoa server"
)]
struct Cli {
    /// Server base URL.
    #[arg(long, default_value = "http://127.0.0.1:8065", global = true)]
    url: String,
    /// Admin account to use (created as the first account if the server has none).
    #[arg(long, default_value = "benchadmin", global = true)]
    admin: String,
    #[arg(long, default_value = "bench-admin-pass", global = true)]
    admin_password: String,
    /// The server's process id, to read its memory and CPU use from `/proc` (`ws-*`).
    #[arg(long, global = true)]
    server_pid: Option<u32>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Concurrent clients creating posts through the REST API: posts/s and latency.
    Posts(posts::PostsArgs),
    /// Posts through incoming webhooks beside REST posts, and REST post latency while an
    /// outgoing webhook's receiver is slow.
    Hooks(hooks::HooksArgs),
    /// Upload throughput (1 MB, 20 MB), 12-megapixel JPEG rendering, peak memory of a 100 MB
    /// upload.
    Files(files::FilesArgs),
    /// Many authenticated idle WebSockets: the server's memory per 1,000 sockets.
    WsIdle(ws_idle::WsIdleArgs),
    /// Listeners in one channel, posters at a fixed open-loop rate: deliveries/s, POST→event
    /// latency, lost events.
    WsFanout(ws_fanout::WsFanoutArgs),
    /// Every socket drops at once and resumes with `connection_id` + `sequence_number`: time
    /// until all have caught up, fresh `hello`s.
    WsReconnect(ws_reconnect::WsReconnectArgs),
    /// A generated corpus (posts written straight into the database, `--database-url`), then
    /// post search through the REST API: latency per query kind, database and index size.
    Search(search::SearchArgs),
    /// A post in a big channel that pushes to many phones: time to the last push handed to a
    /// push proxy, and posting latency with pushes off and on.
    Push(push::PushArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("stoa-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let admin = api::Session::admin(&cli.url, &cli.admin, &cli.admin_password).await?;
        match cli.command {
            Command::Posts(args) => posts::run(&admin, args).await,
            Command::Hooks(args) => hooks::run(&admin, args).await,
            Command::Files(args) => files::run(&admin, cli.server_pid, args).await,
            Command::WsIdle(args) => ws_idle::run(&admin, cli.server_pid, args).await,
            Command::WsFanout(args) => ws_fanout::run(&admin, cli.server_pid, args).await,
            Command::WsReconnect(args) => ws_reconnect::run(&admin, args).await,
            Command::Search(args) => search::run(&admin, args).await,
            Command::Push(args) => push::run(&admin, args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stoa-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

//! `stoa-bench`: load generators for a running Stoa server. See BENCHMARKS.md for how the
//! figures there were made.

mod api;
mod posts;
mod stats;

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Concurrent clients creating posts through the REST API: posts/s and latency.
    Posts(posts::PostsArgs),
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

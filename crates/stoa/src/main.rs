//! `stoa`: a Mattermost-compatible team chat server.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use stoa::{BootConfig, Server};

#[derive(Parser)]
#[command(
    name = "stoa",
    version,
    about = "A Mattermost-compatible team chat server"
)]
struct Cli {
    /// TOML boot configuration (see config.example.toml); STOA_* variables override it.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Print the boot configuration in effect and exit.
    Config,
    /// Rebuild the search index of the configured database (if it was lost or damaged).
    ReindexSearch,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let cfg = match BootConfig::load(cli.config.as_deref(), |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("stoa: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Config => {
            println!("{cfg:#?}");
            ExitCode::SUCCESS
        }
        Command::Serve => serve(cfg),
        Command::ReindexSearch => reindex_search(cfg),
    }
}

fn serve(cfg: BootConfig) -> ExitCode {
    init_logging(&cfg.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("stoa: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        match Server::start(cfg).await {
            Ok(server) => {
                server.run_until_signal().await;
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("stoa: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

fn reindex_search(cfg: BootConfig) -> ExitCode {
    init_logging(&cfg.log);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("stoa: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(stoa::reindex_search(&cfg)) {
        Ok(n) => {
            println!("search index rebuilt: {n} posts");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("stoa: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
}

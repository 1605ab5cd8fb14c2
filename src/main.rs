//! The `partnerdesk` command: parses the command line and dispatches.

use clap::Parser;
use partnerdesk::commands;
use partnerdesk::config::{Cli, Command, DocsCommand, JobsCommand, LogFormat, StaffCommand};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_env("PARTNERDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
    let result = match cli.command {
        Command::Serve(args) => commands::serve(*args).await,
        Command::Migrate(args) => commands::migrate(args).await,
        Command::Schema => {
            commands::schema();
            Ok(())
        }
        Command::Staff { command: StaffCommand::Add(args) } => commands::staff_add(args).await,
        Command::Jobs { command: JobsCommand::Run(args) } => commands::jobs_run(*args).await,
        Command::Jobs { command: JobsCommand::Mails(args) } => commands::jobs_mails(args).await,
        Command::Docs { command: DocsCommand::Build(args) } => commands::docs_build(&args),
        Command::Docs { command: DocsCommand::Check(args) } => commands::docs_check(&args),
        Command::Docs { command: DocsCommand::Serve(args) } => commands::docs_serve(args).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

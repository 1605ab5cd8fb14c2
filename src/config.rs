//! Command-line interface: every flag also reads an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::benefits::Portals;

/// The flags' defaults are read from the types they configure, so that each
/// is written once: `ApiConfig::default()` and `Settings::default()`.
mod defaults {
    use crate::api::ApiConfig;
    use crate::app::Settings;

    pub fn api() -> ApiConfig {
        ApiConfig::default()
    }

    pub fn token_ttl_hours() -> u32 {
        u32::try_from(Settings::default().token_ttl.num_hours()).expect("the default token lifetime fits in u32 hours")
    }

    pub fn support_activation_days() -> u32 {
        u32::try_from(Settings::default().support_activation_delay.num_days()).expect("the default support delay fits in u32 days")
    }
}

/// partnerdesk: the back office of a partner program (GraphQL API and help site).
#[derive(Debug, Parser)]
#[command(name = "partnerdesk", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Log format: human-readable text or one JSON object per line.
    #[arg(long, env = "PARTNERDESK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service (GraphQL API, GraphiQL, health checks).
    Serve(Box<ServeArgs>),
    /// Run pending database migrations, then exit.
    Migrate(DatabaseArgs),
    /// Print the GraphQL schema (SDL); schema.graphql is this output.
    Schema,
    /// Manage program staff.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Scheduled work (the server also runs it in the background).
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// The help site: build it from content/ and locales/, or check it.
    Docs {
        #[command(subcommand)]
        command: DocsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DocsCommand {
    /// Build the help site into a folder; prints the page count, warnings and timing.
    Build(DocsBuildArgs),
    /// Run every validation of the help site without writing anything.
    Check(DocsArgs),
    /// Serve the help site for authors: rebuilt when a page or a Fluent file
    /// changes, and the open page reloads itself.
    Serve(DocsServeArgs),
}

#[derive(Debug, Args, Clone)]
pub struct DocsServeArgs {
    #[command(flatten)]
    pub docs: DocsArgs,

    /// Address to serve the preview on (port 0 picks a free one; the address is printed).
    #[arg(long, env = "PARTNERDESK_DOCS_LISTEN", default_value = "127.0.0.1:1111")]
    pub listen: std::net::SocketAddr,
}

#[derive(Debug, Args, Clone)]
pub struct DocsArgs {
    /// Folder with the Markdown pages (en/, fr/).
    #[arg(long, env = "PARTNERDESK_DOCS_CONTENT", default_value = "content")]
    pub content: PathBuf,

    /// Folder with the Fluent files (en/, fr/).
    #[arg(long, env = "PARTNERDESK_LOCALES", default_value = "locales")]
    pub locales: PathBuf,

    /// URL path (or absolute URL) the site is served under, such as / or /help/.
    #[arg(long, env = "PARTNERDESK_DOCS_BASE_URL", default_value = "/")]
    pub base_url: String,

    /// Where the pages' "Open in GraphiQL" links lead: the API's GraphiQL page
    /// (a full URL for a static site served apart from the API).
    #[arg(long, env = "PARTNERDESK_DOCS_API_URL", default_value = "/graphql")]
    pub api_url: String,

    /// Fail when a page has no French translation instead of showing the English text.
    #[arg(long, env = "PARTNERDESK_DOCS_STRICT")]
    pub strict: bool,
}

#[derive(Debug, Args, Clone)]
pub struct DocsBuildArgs {
    #[command(flatten)]
    pub docs: DocsArgs,

    /// Folder to write the site into (created when missing).
    #[arg(long, env = "PARTNERDESK_DOCS_OUT", default_value = "site")]
    pub out: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Run one pass of every job (renewals, grace periods, expiry, reminders, mail), then exit.
    Run(Box<JobsRunArgs>),
    /// List the newest mails of the outbox: delivery state, attempts and the
    /// last error, to see whether mail goes out. Bodies are not shown (they
    /// may hold a temporary password).
    Mails(JobsMailsArgs),
}

#[derive(Debug, Args, Clone)]
pub struct JobsMailsArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// How many mails to list, newest first.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i64).range(1..=10_000))]
    pub limit: i64,
}

#[derive(Debug, Args, Clone)]
pub struct MailArgs {
    /// Where mail goes: "log" (the server log), "dir:PATH" (one .eml file per mail), "smtps://HOST:PORT" (TLS),
    /// "smtp://HOST:PORT" (STARTTLS, required) or "smtp://HOST:PORT?tls=none" (plain, for a relay on this host).
    #[arg(long = "mail", env = "PARTNERDESK_MAIL", default_value = "log")]
    pub mail: String,

    /// The sender of every mail.
    #[arg(long, env = "PARTNERDESK_MAIL_FROM", default_value = "Partner program <no-reply@partnerdesk.example>")]
    pub mail_from: String,

    /// The SMTP user, when the server asks for authentication (with PARTNERDESK_SMTP_PASSWORD).
    #[arg(long, env = "PARTNERDESK_SMTP_USER")]
    pub smtp_user: Option<String>,

    /// The SMTP password: set it in the environment, not on the command line (never logged).
    #[arg(long, env = "PARTNERDESK_SMTP_PASSWORD", hide_env_values = true, requires = "smtp_user")]
    pub smtp_password: Option<String>,

    /// A PEM file of CA certificates to trust for the SMTP server, besides the public roots (a private CA).
    #[arg(long, env = "PARTNERDESK_SMTP_CA_FILE")]
    pub smtp_ca_file: Option<PathBuf>,
}

/// Where the messages come from, for every command that writes mail or
/// messages (`serve`, `jobs run`, `staff add`).
#[derive(Debug, Args, Clone)]
pub struct LocalesArgs {
    /// Folder with the Fluent files (en/, fr/), for authors; without it, the copies built into the binary.
    #[arg(long = "locales", env = "PARTNERDESK_LOCALES")]
    pub folder: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct JobsRunArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,

    #[command(flatten)]
    pub locales: LocalesArgs,

    #[command(flatten)]
    pub mail: MailArgs,

    #[command(flatten)]
    pub portals: PortalArgs,

    /// Run as if it were this RFC 3339 time (for operators and tests).
    #[arg(long, env = "PARTNERDESK_NOW")]
    pub now: Option<DateTime<Utc>>,
}

/// Where benefits managed outside partnerdesk are used: links in the API,
/// the help pages' examples and the activation mails.
#[derive(Debug, Args, Clone)]
pub struct PortalArgs {
    /// The Azure portal (the monthly Azure credit).
    #[arg(long, env = "PARTNERDESK_AZURE_PORTAL_URL", default_value = Portals::DEFAULT_AZURE, value_parser = portal_url)]
    pub azure_portal_url: String,

    /// The Visual Studio subscribers' portal.
    #[arg(long, env = "PARTNERDESK_VISUAL_STUDIO_PORTAL_URL", default_value = Portals::DEFAULT_VISUAL_STUDIO, value_parser = portal_url)]
    pub visual_studio_portal_url: String,

    /// Where holders of the support plan open support incidents.
    #[arg(long, env = "PARTNERDESK_SUPPORT_PORTAL_URL", default_value = Portals::DEFAULT_SUPPORT, value_parser = portal_url)]
    pub support_portal_url: String,
}

impl PortalArgs {
    pub fn portals(&self) -> Portals {
        Portals {
            azure: self.azure_portal_url.clone(),
            visual_studio: self.visual_studio_portal_url.clone(),
            support: self.support_portal_url.clone(),
        }
    }
}

/// A portal is an absolute http(s) URL: it is shown to users as a link.
fn portal_url(text: &str) -> Result<String, String> {
    let url = url::Url::parse(text).map_err(|e| format!("not an absolute URL: {e}"))?;
    match url.scheme() {
        "https" | "http" if url.host().is_some() => Ok(url.into()),
        _ => Err("must be an http or https URL with a host".to_owned()),
    }
}

#[derive(Debug, Args, Clone)]
pub struct DatabaseArgs {
    /// Database URL: sqlite://PATH (created on first run) or postgres://USER@HOST/DB.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/partnerdesk.db")]
    pub database_url: String,

    /// Most database connections this process keeps open (default: 8 on SQLite, 16 on PostgreSQL).
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_max_connections: Option<u32>,
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "PARTNERDESK_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Load a demo partner organization when the database is empty, and print how to sign in.
    #[arg(long, env = "PARTNERDESK_DEMO")]
    pub demo: bool,

    /// Start the clock at this RFC 3339 time instead of now (for demos, tests and support).
    #[arg(long, env = "PARTNERDESK_NOW")]
    pub now: Option<DateTime<Utc>>,

    #[command(flatten)]
    pub locales: LocalesArgs,

    /// Folder with the help site's Markdown pages (en/, fr/), for authors; without it, the pages built into the binary.
    /// The site is built at start and served under /help/.
    #[arg(long = "docs-content", alias = "content", env = "PARTNERDESK_DOCS_CONTENT")]
    pub content: Option<PathBuf>,

    /// Hours a sign-in token stays valid.
    #[arg(long, env = "PARTNERDESK_TOKEN_TTL_HOURS", default_value_t = defaults::token_ttl_hours(), value_parser = clap::value_parser!(u32).range(1..=720))]
    pub token_ttl_hours: u32,

    /// Largest accepted request body, in bytes.
    #[arg(long, env = "PARTNERDESK_MAX_BODY_BYTES", default_value_t = defaults::api().max_body_bytes)]
    pub max_body_bytes: usize,

    /// Deepest accepted query nesting.
    #[arg(long, env = "PARTNERDESK_MAX_DEPTH", default_value_t = defaults::api().shape.max_depth)]
    pub max_depth: usize,

    /// Highest accepted query cost (connections count `first` × the cost of each item).
    #[arg(long, env = "PARTNERDESK_MAX_COMPLEXITY", default_value_t = defaults::api().limits.max_complexity)]
    pub max_complexity: usize,

    /// Most directives on one field.
    #[arg(long, env = "PARTNERDESK_MAX_DIRECTIVES", default_value_t = defaults::api().limits.max_directives)]
    pub max_directives: usize,

    /// Most aliased fields in one selection set.
    #[arg(long, env = "PARTNERDESK_MAX_ALIASES", default_value_t = defaults::api().max_aliases)]
    pub max_aliases: usize,

    /// Most lexical tokens in one document, counted before it is parsed.
    #[arg(long, env = "PARTNERDESK_MAX_TOKENS", default_value_t = defaults::api().document.max_tokens)]
    pub max_tokens: usize,

    /// Deepest nesting of brackets ({ [ () in one document, of any construct.
    #[arg(long, env = "PARTNERDESK_MAX_NESTING", default_value_t = defaults::api().document.max_nesting)]
    pub max_nesting: usize,

    /// Most operations and fragments in one document.
    #[arg(long, env = "PARTNERDESK_MAX_DEFINITIONS", default_value_t = defaults::api().document.max_definitions)]
    pub max_definitions: usize,

    /// Query cost (complexity points) each token, or each address for anonymous calls, may spend per minute.
    #[arg(long, env = "PARTNERDESK_RATE_LIMIT_POINTS_PER_MINUTE", default_value_t = defaults::api().points_per_minute)]
    pub rate_limit_points_per_minute: u32,

    /// Seconds a request may take before it is cut off.
    #[arg(long, env = "PARTNERDESK_REQUEST_TIMEOUT_SECS", default_value_t = defaults::api().request_timeout.as_secs())]
    pub request_timeout_secs: u64,

    /// Turn off schema introspection (recommended in production).
    #[arg(long, env = "PARTNERDESK_DISABLE_INTROSPECTION")]
    pub disable_introspection: bool,

    /// Turn off "did you mean" field suggestions in errors.
    #[arg(long, env = "PARTNERDESK_DISABLE_SUGGESTIONS")]
    pub disable_suggestions: bool,

    #[command(flatten)]
    pub mail: MailArgs,

    #[command(flatten)]
    pub portals: PortalArgs,

    /// The key that seals product keys at rest: 32 bytes, base64url. Without it
    /// one is kept in the database (set it in production; never logged).
    #[arg(long, env = "PARTNERDESK_DATA_KEY", hide_env_values = true)]
    pub data_key: Option<String>,

    /// Days the support plan takes to activate after it is assigned.
    #[arg(long, env = "PARTNERDESK_SUPPORT_ACTIVATION_DAYS", default_value_t = defaults::support_activation_days(), value_parser = clap::value_parser!(u32).range(0..=60))]
    pub support_activation_days: u32,

    /// Seconds between two passes of the scheduled jobs; 0 turns them off in this server.
    #[arg(long, env = "PARTNERDESK_JOBS_INTERVAL_SECS", default_value_t = 30)]
    pub jobs_interval_secs: u64,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Create a program staff user; prints a one-time temporary password as the last word.
    Add(StaffAddArgs),
}

#[derive(Debug, Args)]
pub struct StaffAddArgs {
    /// The staff member's email address (their sign-in).
    #[arg(long, env = "PARTNERDESK_STAFF_EMAIL")]
    pub email: String,

    /// The staff member's display name.
    #[arg(long, env = "PARTNERDESK_STAFF_NAME")]
    pub name: String,

    /// The staff role.
    #[arg(long, env = "PARTNERDESK_STAFF_ROLE", value_enum)]
    pub role: StaffRole,

    #[command(flatten)]
    pub database: DatabaseArgs,

    #[command(flatten)]
    pub locales: LocalesArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StaffRole {
    SupportAgent,
    ProgramAdmin,
}

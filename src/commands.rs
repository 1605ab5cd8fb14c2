//! What each command does: the edge where errors become messages and exit codes.

use std::sync::Arc;

use anyhow::{anyhow, Context as _};
use chrono::TimeDelta;
use tokio::net::TcpListener;

use crate::api::{self, ApiConfig, SchemaLimits};
use crate::app::AppBuilder;
use crate::app::{App, Clock, Settings};
use crate::config::{
    DatabaseArgs, DocsArgs, DocsBuildArgs, JobsMailsArgs, JobsRunArgs, LocalesArgs, MailArgs, ServeArgs, StaffAddArgs, StaffRole,
};
use crate::domain::Role;
use crate::i18n::Locales;
use crate::payments::TestGateway;
use crate::sources::Tree;
use crate::store::{self, Database, DatabaseUrl, Store};

/// Connects to the database named by `args`, running migrations.
pub async fn open_store(args: &DatabaseArgs) -> anyhow::Result<Database> {
    let url = DatabaseUrl::parse(&args.database_url).map_err(|e| anyhow!(e))?;
    store::connect_with(&url, args.db_max_connections)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(&args.database_url)))
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

/// A folder given on the command line, or the copy built into the binary.
fn tree_or(folder: Option<&std::path::Path>, embedded: Tree) -> Tree {
    folder.map_or(embedded, |f| Tree::Folder(f.to_owned()))
}

/// The composition root of every command: the app over the database, with
/// the built-in test gateway over the database's ledger and the messages of
/// `--locales` (or those built into the binary).
fn app_over(db: Database, locales: &LocalesArgs) -> anyhow::Result<AppBuilder> {
    let locales = load_locales(&locales_tree(locales))?;
    Ok(App::builder(db.store, Arc::new(TestGateway::new(db.ledger))).locales(locales))
}

fn locales_tree(args: &LocalesArgs) -> Tree {
    tree_or(args.folder.as_deref(), Tree::embedded_locales())
}

fn load_locales(tree: &Tree) -> anyhow::Result<Arc<Locales>> {
    Locales::load(tree).map(Arc::new).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow!("the Fluent files have errors:\n{}", list.join("\n"))
    })
}

fn open_mailer(args: &MailArgs) -> anyhow::Result<Arc<dyn crate::mail::Mailer>> {
    let extra_roots_pem = match &args.smtp_ca_file {
        Some(path) => Some(std::fs::read(path).with_context(|| format!("cannot read the SMTP CA file {}", path.display()))?),
        None => None,
    };
    let credentials = match (&args.smtp_user, &args.smtp_password) {
        (Some(user), Some(password)) => Some((user.clone(), password.clone())),
        (Some(_), None) => anyhow::bail!("--smtp-user needs a password: set PARTNERDESK_SMTP_PASSWORD"),
        _ => None,
    };
    let options = crate::mail::SmtpOptions { credentials, extra_roots_pem };
    crate::mail::mailer_with(&args.mail, &args.mail_from, &options).map_err(|e| anyhow!(e))
}

/// How old a pending payment must be before it is settled by anyone but the
/// request that started it: longer than any request may take.
const PAYMENT_SETTLE_AGE: TimeDelta = TimeDelta::minutes(2);

/// How old a pending payment must be to be settled when a server starts: on
/// SQLite the server is the database's one writer, so what is pending was
/// left by a crash; on PostgreSQL another replica may still be finishing it.
fn reconcile_age(store: &dyn Store) -> TimeDelta {
    match store.backend() {
        store::Backend::Sqlite => TimeDelta::zero(),
        store::Backend::Postgres => PAYMENT_SETTLE_AGE,
    }
}

/// `partnerdesk jobs run`
pub async fn jobs_run(args: JobsRunArgs) -> anyhow::Result<()> {
    let db = open_store(&args.database).await?;
    let mailer = open_mailer(&args.mail)?;
    let clock = args.now.map_or_else(Clock::system, Clock::starting_at);
    // A server may be running beside this one-off pass, even on SQLite: only
    // payments stuck for a while are settled here.
    let age = PAYMENT_SETTLE_AGE;
    let settings = Settings { portals: args.portals.portals(), ..Settings::default() };
    let app = app_over(db, &args.locales)?.clock(clock).settings(settings).build();
    let report = crate::jobs::run_once(&app, mailer.as_ref(), age).await.map_err(|e| anyhow!("the jobs failed: {e}"))?;
    println!("{report}");
    Ok(())
}

/// `partnerdesk jobs mails`: one line per mail, newest first.
pub async fn jobs_mails(args: JobsMailsArgs) -> anyhow::Result<()> {
    let db = open_store(&args.database).await?;
    let mails = db.store.recent_mails(args.limit).await.context("cannot read the outbox")?;
    println!("{:>6}  {:<7}  {:>8}  {:<20}  {:<32}  subject / last error", "id", "status", "attempts", "created", "to");
    for mail in mails {
        let created = mail.created_at.format("%Y-%m-%d %H:%M:%S");
        let status = crate::domain::stored::StoredEnum::as_str(mail.status);
        println!("{:>6}  {:<7}  {:>8}  {created:<20}  {:<32}  {}", mail.id, status, mail.attempts, mail.to_address, mail.subject);
        if let Some(error) = &mail.last_error {
            println!("{:>6}  {:<7}  {:>8}  {:<20}  {:<32}  error: {error}", "", "", "", "", "");
        }
    }
    Ok(())
}

fn docs_config(args: &DocsArgs) -> crate::docs::DocsConfig {
    crate::docs::DocsConfig {
        schema: crate::api::sdl(),
        content: Tree::Folder(args.content.clone()),
        locales: Tree::Folder(args.locales.clone()),
        base_url: args.base_url.clone(),
        strict: args.strict,
        api_url: args.api_url.clone(),
        releases: crate::docs::changelog::Release::built_in(),
    }
}

/// Builds the help site, in memory or (with `out`) into that folder as its
/// files are made, printing warnings; errors are printed one per line as
/// `file:line: message` and turn into a failure.
fn docs_run(args: &DocsArgs, out: Option<&std::path::Path>) -> anyhow::Result<(crate::docs::BuildReport, std::time::Duration)> {
    let started = std::time::Instant::now();
    eprintln!("Building the help site from {} and {}…", args.content.display(), args.locales.display());
    let config = docs_config(args);
    let built = match out {
        Some(out) => crate::docs::build_into(&config, out),
        None => crate::docs::build(&config),
    };
    match built {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            for page in &report.not_run {
                eprintln!("note: {page}");
            }
            Ok((report, started.elapsed()))
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            Err(anyhow!("the help site has {} error(s)", errors.len()))
        }
    }
}

/// `partnerdesk docs build`
pub fn docs_build(args: &DocsBuildArgs) -> anyhow::Result<()> {
    let (report, elapsed) = docs_run(&args.docs, Some(&args.out))?;
    report.site.write_to(&args.out).with_context(|| format!("cannot write the site into {}", args.out.display()))?;
    println!(
        "Built {} pages ({} files) into {} in {} ms, {} warning(s); {}.",
        report.pages,
        report.site.len(),
        args.out.display(),
        elapsed.as_millis(),
        report.warnings.len(),
        examples_summary(&report)
    );
    println!("  {}", phases_summary(&report));
    Ok(())
}

/// `partnerdesk docs serve`
pub async fn docs_serve(args: crate::config::DocsServeArgs) -> anyhow::Result<()> {
    crate::preview::serve(docs_config(&args.docs), args.listen).await
}

/// `partnerdesk docs check`
pub fn docs_check(args: &DocsArgs) -> anyhow::Result<()> {
    let (report, elapsed) = docs_run(args, None)?;
    println!(
        "Checked {} pages in {} ms: no errors, {} warning(s); {}.",
        report.pages,
        elapsed.as_millis(),
        report.warnings.len(),
        examples_summary(&report)
    );
    println!("  {}", phases_summary(&report));
    Ok(())
}

/// "en 42 pages, fr 42 pages; load 40 ms, render 120 ms, …"
fn phases_summary(report: &crate::docs::BuildReport) -> String {
    let languages: Vec<String> = report.per_language.iter().map(|(lang, n)| format!("{lang} {n} pages")).collect();
    let phases: Vec<String> = report.phases.iter().map(|(name, time)| format!("{name} {} ms", time.as_millis())).collect();
    format!("{}; {}", languages.join(", "), phases.join(", "))
}

/// "74 GraphQL blocks run in cargo test, 0 pages with examples that don't run (goal: none)"
fn examples_summary(report: &crate::docs::BuildReport) -> String {
    format!(
        "{} GraphQL blocks run in cargo test, {} page(s) with examples that don't run (goal: none)",
        report.examples,
        report.not_run.len()
    )
}

/// `partnerdesk migrate`
pub async fn migrate(args: DatabaseArgs) -> anyhow::Result<()> {
    open_store(&args).await?.store.close().await;
    println!("Migrations are up to date.");
    Ok(())
}

/// `partnerdesk schema`
pub fn schema() {
    print!("{}", api::sdl());
}

/// `partnerdesk staff add`
pub async fn staff_add(args: StaffAddArgs) -> anyhow::Result<()> {
    let db = open_store(&args.database).await?;
    let app = app_over(db, &args.locales)?.build();
    let role = match args.role {
        StaffRole::SupportAgent => Role::SupportAgent,
        StaffRole::ProgramAdmin => Role::ProgramAdmin,
    };
    let created = app.add_staff(&args.email, &args.name, role).await.map_err(|e| anyhow!("cannot add the staff member: {e}"))?;
    println!("Created {} ({:?}). They must change this temporary password at first sign-in:", created.user.email, role);
    println!("{}", created.temporary_password);
    Ok(())
}

/// `partnerdesk serve`: runs until SIGTERM or Ctrl-C, then lets in-flight
/// requests finish.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let db = open_store(&args.database).await?;
    let clock = args.now.map_or_else(Clock::system, Clock::starting_at);
    let settings = Settings {
        token_ttl: TimeDelta::hours(i64::from(args.token_ttl_hours)),
        support_activation_delay: TimeDelta::days(i64::from(args.support_activation_days)),
        portals: args.portals.portals(),
        data_key: args.data_key.as_deref().map(crate::app::sealing::DataKey::parse).transpose().map_err(|e| anyhow!("--data-key: {e}"))?,
        ..Settings::default()
    };
    let mailer = open_mailer(&args.mail)?;
    let age = reconcile_age(db.store.as_ref());
    let app = Arc::new(app_over(db, &args.locales)?.clock(clock).settings(settings).build());
    let sealed = app.seal_clear_keys().await.map_err(|e| anyhow!("cannot seal the product keys kept in clear: {e}"))?;
    if sealed > 0 {
        tracing::info!(sealed, "product keys revealed before sealing are now sealed");
    }
    // Payments a crash left between charge and order are settled before serving.
    let settled = app.reconcile_payments(age).await.map_err(|e| anyhow!("cannot reconcile payments: {e}"))?;
    if settled > 0 {
        println!("Reconciled {settled} payment attempt(s) left pending by an earlier run.");
    }
    if args.demo {
        match app.load_demo().await.map_err(|e| anyhow!("cannot load the demo data: {e}"))? {
            Some(accounts) => {
                println!("Demo data loaded. Sign in with the signIn mutation as:");
                for a in accounts {
                    println!("  {:<32} password {:<24} ({})", a.email, a.password, a.who);
                }
            }
            None => println!("The database already has data; the demo data was not loaded."),
        }
    }
    let config = ApiConfig {
        limits: SchemaLimits {
            max_complexity: args.max_complexity,
            max_directives: args.max_directives,
            introspection: !args.disable_introspection,
            suggestions: !args.disable_suggestions,
        },
        max_body_bytes: args.max_body_bytes,
        request_timeout: std::time::Duration::from_secs(args.request_timeout_secs),
        max_aliases: args.max_aliases,
        points_per_minute: args.rate_limit_points_per_minute,
        shape: crate::api::shape::ShapeLimits { max_depth: args.max_depth, ..Default::default() },
        document: crate::api::prescan::Bounds {
            max_tokens: args.max_tokens,
            max_nesting: args.max_nesting,
            max_definitions: args.max_definitions,
        },
    };
    let docs = crate::docs::DocsConfig::from_trees(
        crate::api::sdl(),
        tree_or(args.content.as_deref(), Tree::embedded_content()),
        locales_tree(&args.locales),
    )
    .with_releases(crate::docs::changelog::Release::built_in());
    let help = tokio::task::spawn_blocking(move || crate::api::help::HelpSite::build(docs))
        .await
        .unwrap_or(crate::api::help::HelpSite::Broken { errors: 1 });
    let listener = TcpListener::bind(args.listen).await.with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    println!("partnerdesk is listening on http://{address}/ (GraphiQL at http://{address}/graphql, help at http://{address}/help/)");
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let jobs = (args.jobs_interval_secs > 0).then(|| {
        let interval = std::time::Duration::from_secs(args.jobs_interval_secs);
        tokio::spawn(crate::jobs::run_forever(app.clone(), mailer, interval, PAYMENT_SETTLE_AGE, stopped))
    });
    let served = serve_on(listener, app, &config, help, shutdown_signal()).await;
    let _ = stop.send(true);
    if let Some(jobs) = jobs {
        let _ = jobs.await;
    }
    served
}

/// Serves the router on `listener` until `shutdown` completes, then waits for
/// in-flight requests.
pub async fn serve_on(
    listener: TcpListener,
    app: Arc<App>,
    config: &ApiConfig,
    help: crate::api::help::HelpSite,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let router = api::router_with_help(app, config, help);
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
        .context("the HTTP server failed")?;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}

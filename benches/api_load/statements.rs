//! The API load benchmark: the SQL statements one request issues, counted from
//! sqlx's trace events.

use super::*;

/// Whether the statement layer records (only around one request at a time).
pub(crate) static COUNTING: AtomicBool = AtomicBool::new(false);
/// The statements recorded while counting. sqlx runs SQLite statements on
/// its own threads, so this is process-wide.
pub(crate) static STATEMENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// The store's pings, recorded while counting: fences, not statements.
pub(crate) static FENCE: Fence = Fence::new();

/// Records sqlx's per-statement events (target `sqlx::query`), as
/// tests/queries.rs counts them.
pub(crate) struct StatementLayer;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for StatementLayer {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: tracing_subscriber::layer::Context<'_, S>) {
        let mut sql = SqlText::default();
        event.record(&mut sql);
        if FENCE.is_ping(&sql.summary) {
            return;
        }
        let text = if sql.statement.trim().is_empty() { sql.summary } else { sql.statement };
        if let Ok(mut list) = STATEMENTS.lock() {
            list.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
}

#[derive(Default)]
pub(crate) struct SqlText {
    pub(crate) summary: String,
    pub(crate) statement: String,
}

impl tracing::field::Visit for SqlText {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_owned(),
            "db.statement" => self.statement = value.to_owned(),
            _ => {}
        }
    }

    fn record_debug(&mut self, _field: &tracing::field::Field, _value: &dyn std::fmt::Debug) {}
}

/// Logs as `serve` does by default (`info,sqlx=warn` to stderr), plus the
/// statement layer, which sqlx only feeds while `COUNTING` is on.
pub(crate) fn install_tracing() {
    let statements = StatementLayer.with_filter(
        tracing_subscriber::filter::dynamic_filter_fn(|meta, _| meta.target() == "sqlx::query" && COUNTING.load(Ordering::SeqCst))
            .with_callsite_filter(|meta| if meta.target() == "sqlx::query" { Interest::sometimes() } else { Interest::never() }),
    );
    let logs =
        tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_filter(tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let subscriber = tracing_subscriber::registry().with(logs).with(statements);
    tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber in this bench");
}

/// Runs `f` (from outside the runtime) and returns what it returned with the
/// SQL statements it issued through `store`, which must have one connection
/// (see tests/common/fence.rs): the statements before are reported before
/// the count starts, and those of `f` before it ends.
pub(crate) fn with_statements<T>(rt: &tokio::runtime::Runtime, store: &dyn store::Store, f: impl FnOnce() -> T) -> (T, Vec<String>) {
    COUNTING.store(true, Ordering::SeqCst);
    rt.block_on(FENCE.pass(store));
    STATEMENTS.lock().expect("statements lock").clear();
    let out = f();
    rt.block_on(FENCE.pass(store));
    COUNTING.store(false, Ordering::SeqCst);
    let list = std::mem::take(&mut *STATEMENTS.lock().expect("statements lock"));
    (out, list)
}

//! A fake Telegram Bot API server for integration tests.
//!
//! Start it with [`FakeBotApi::start`], point teloxide at it with
//! `Bot::new("123:ABC").set_api_url(fake.url().parse().unwrap())`, queue
//! updates with [`FakeBotApi::push_update`] (see the update builders at the
//! bottom of this file) and inspect what the bot sent with
//! [`FakeBotApi::calls`], [`FakeBotApi::wait_for`] and
//! [`FakeBotApi::sent_messages`].
//!
//! The fake mirrors what teloxide 0.17 sees from the real service:
//! Telegram's `{"ok":..}` envelope, long polling with `offset`/`timeout`/
//! `allowed_updates`, and 400 errors for text Telegram would refuse. Every
//! refusal that is the bot's fault (bad HTML, empty or over-long text, bad
//! inline results, ...) is also recorded in [`FakeBotApi::violations`] so a
//! test can end with `fake.assert_no_violations()`. Injected faults
//! ([`FakeBotApi::fail_next`]) are not violations.
//!
//! Deliberate strictness beyond the real service (it follows the documented
//! contract instead of the parser's leniency): a bare `>` and any `&` that
//! does not start `&lt;`, `&gt;`, `&amp;`, `&quot;` or a numeric entity are
//! errors here, while Telegram silently keeps them as literal text.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::{json, Value};
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinHandle;

/// User id of the fake bot (`getMe`).
pub const BOT_ID: i64 = 7_000_000_001;
/// Username of the fake bot, without `@`.
pub const BOT_USERNAME: &str = "fangtan_bot";
/// First name of the fake bot.
pub const BOT_FIRST_NAME: &str = "Fangtan";
/// Maximum message length after entity parsing, measured here in UTF-16
/// code units (Telegram documents 4096 characters; UTF-16 is the
/// conservative reading).
pub const MAX_MESSAGE_UTF16: usize = 4096;
/// Longest time a `getUpdates` long poll is held, whatever its `timeout`.
pub const LONG_POLL_CAP: Duration = Duration::from_millis(500);

const MAX_INLINE_RESULTS: usize = 50;
const MAX_INLINE_RESULT_ID_BYTES: usize = 64;
const MAX_CALLBACK_DATA_BYTES: usize = 64;
const MAX_BOT_COMMANDS: usize = 100;
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);
/// What Telegram leaves out when `allowed_updates` is empty or never set.
const DEFAULT_EXCLUDED_UPDATES: [&str; 3] =
    ["chat_member", "message_reaction", "message_reaction_count"];
const INVALID_QUERY_ID: &str =
    "Bad Request: query is too old and response timeout expired or query id is invalid";
const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n\
    <body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n\
    </body>\r\n</html>\r\n";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// One request the fake received.
#[derive(Clone, Debug)]
pub struct Call {
    /// Method name, lowercased (`sendmessage`, `getupdates`, ...).
    pub method: String,
    /// The token from the `bot<TOKEN>` path segment.
    pub token: String,
    /// The JSON body (`{}` when empty; a JSON string holding the raw text if
    /// the body was not JSON).
    pub body: Value,
    /// When the request arrived.
    pub at: Instant,
    /// `true` if the fake answered with an error (injected fault or
    /// validation failure).
    pub failed: bool,
    /// The injected fault this call was answered with, if any.
    pub fault: Option<Fault>,
}

/// An error to inject with [`FakeBotApi::fail_next`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// HTTP 429 `Too Many Requests: retry after N` with
    /// `parameters.retry_after`.
    TooManyRequests { retry_after: u32 },
    /// HTTP 502 with nginx's HTML page (not JSON). Note: teloxide sleeps 10 s
    /// after any 5xx answer before returning the error.
    BadGateway,
    /// HTTP 400 `Bad Request: can't parse entities: ...`.
    CantParseEntities,
    /// Any other Telegram error, e.g. 403 `Forbidden: bot was blocked by the
    /// user`.
    Api { status: u16, description: String },
    /// HTTP 400 `Bad Request: group chat was upgraded to a supergroup chat`
    /// with `parameters.migrate_to_chat_id`, as Telegram answers a send to a
    /// group that became a supergroup.
    MigrateToChatId { new_chat_id: i64 },
    /// HTTP 200 headers, then the connection breaks in the middle of the
    /// body (the client sees a network error).
    Disconnect,
}

/// Random faults for one method (see [`FakeBotApi::set_chaos`]), drawn
/// from a seeded generator so a run can be repeated.
#[derive(Clone, Debug)]
pub struct Chaos {
    pub seed: u64,
    /// Share of calls answered 429 with a `retry_after` drawn uniformly
    /// from `retry_after`.
    pub too_many_requests: f64,
    pub retry_after: std::ops::RangeInclusive<u32>,
    /// Share of calls answered 502 with nginx's HTML page.
    pub bad_gateway: f64,
}

/// Text after Telegram's entity parsing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedText {
    /// Visible text: tags removed, HTML entities decoded.
    pub text: String,
    /// Telegram `MessageEntity` objects (UTF-16 offsets), sorted like
    /// Telegram sorts them.
    pub entities: Vec<Value>,
    /// Length of `text` in UTF-16 code units.
    pub utf16_len: usize,
}

impl ParsedText {
    fn plain(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            entities: Vec::new(),
            utf16_len: utf16_len(text),
        }
    }
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/// A running fake Bot API server. Stopped by [`FakeBotApi::shutdown`] or on
/// drop.
pub struct FakeBotApi {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl FakeBotApi {
    /// Binds `127.0.0.1:0` and serves in a background task.
    ///
    /// # Panics
    /// If the loopback socket cannot be bound.
    pub async fn start() -> Self {
        match Self::try_start().await {
            Ok(fake) => fake,
            Err(err) => panic!("fake Bot API: cannot bind 127.0.0.1:0: {err}"),
        }
    }

    /// Like [`FakeBotApi::start`] but returns the bind error.
    pub async fn try_start() -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new());
        let app = router(Arc::clone(&shared));
        let (shutdown, stop) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let stop = async {
                // An error only means the handle was dropped: stop as well.
                let _ = stop.await;
            };
            if let Err(err) = axum::serve(listener, app)
                .with_graceful_shutdown(stop)
                .await
            {
                eprintln!("fake Bot API: server error: {err}");
            }
        });
        Ok(Self {
            shared,
            addr,
            shutdown: Some(shutdown),
            server: Some(server),
        })
    }

    /// Stores a file a user sent, so that `getFile` describes it and its
    /// `file_path` can be downloaded (see [`private_document`]).
    pub fn add_file(&self, file_id: &str, bytes: &[u8]) {
        self.shared
            .lock()
            .files
            .insert(file_id.to_owned(), bytes.to_vec());
    }

    /// Sends the download of `file_id` at `pace` instead of at once.
    pub fn pace_download(&self, file_id: &str, pace: Pace) {
        self.shared.lock().paces.insert(file_id.to_owned(), pace);
    }

    /// `http://127.0.0.1:PORT/`, for `Bot::set_api_url`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues an update for `getUpdates` and returns its `update_id`
    /// (assigned incrementally when missing). Inline queries pushed here
    /// become answerable with `answerInlineQuery`.
    ///
    /// # Panics
    /// If `update` is not a JSON object.
    pub fn push_update(&self, update: Value) -> i64 {
        assert!(
            update.is_object(),
            "push_update: an update must be a JSON object, got {update}"
        );
        let mut update = update;
        let id = {
            let mut state = self.shared.lock();
            let id = state.assign_update_id(&mut update);
            if let Some(query_id) = inline_query_id(&update) {
                state.open_inline_queries.insert(query_id);
            }
            state.updates.push_back(update);
            id
        };
        self.shared.updates_changed.notify_waiters();
        id
    }

    /// Updates queued and not yet confirmed by a later `offset`.
    pub fn pending_updates(&self) -> Vec<Value> {
        self.shared.lock().updates.iter().cloned().collect()
    }

    /// Updates discarded because their kind was not in the bot's
    /// `allowed_updates` (teloxide's dispatcher sends the kinds its handler
    /// tree uses), as Telegram would discard them.
    pub fn dropped_updates(&self) -> Vec<Value> {
        self.shared.lock().dropped_updates.clone()
    }

    /// Every call so far, in the order the answers were sent (a `getUpdates`
    /// is recorded when its long poll ends; `at` is its arrival time).
    pub fn calls(&self) -> Vec<Call> {
        self.shared.lock().calls.clone()
    }

    /// The calls of one method (case-insensitive).
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        let method = method.to_ascii_lowercase();
        self.shared
            .lock()
            .calls
            .iter()
            .filter(|call| call.method == method)
            .cloned()
            .collect()
    }

    /// Waits until at least `count` calls of `method` (case-insensitive)
    /// were recorded and returns all of them.
    ///
    /// # Panics
    /// On timeout, with the list of recorded calls and violations.
    pub async fn wait_for(&self, method: &str, count: usize, timeout: Duration) -> Vec<Call> {
        let method = method.to_ascii_lowercase();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.calls_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let matching = self.calls_of(&method);
            if matching.len() >= count {
                return matching;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let matching = self.calls_of(&method);
                if matching.len() >= count {
                    return matching;
                }
                panic!("{}", self.timeout_report(&method, count, timeout));
            }
        }
    }

    /// From now on, every call of `method` (case-insensitive) not already
    /// failed by [`FakeBotApi::fail_next`] fails at random as `chaos` says.
    pub fn set_chaos(&self, method: &str, chaos: Chaos) {
        let mut state = self.shared.lock();
        state.rng = chaos.seed ^ 0x9e37_79b9_7f4a_7c15;
        state.chaos.insert(method.to_ascii_lowercase(), chaos);
    }

    /// Stops every random fault.
    pub fn clear_chaos(&self) {
        self.shared.lock().chaos.clear();
    }

    /// Holds the next `n` calls of `method` for `hold` before handling them
    /// (a stalled server; the client may give up first).
    pub fn stall_next(&self, method: &str, n: usize, hold: Duration) {
        let mut state = self.shared.lock();
        let queue = state.stalls.entry(method.to_ascii_lowercase()).or_default();
        queue.extend(std::iter::repeat_n(hold, n));
    }

    /// How many stalls of [`FakeBotApi::stall_next`] have begun.
    pub fn stalls_begun(&self) -> usize {
        self.shared.lock().stalls_begun
    }

    /// Answers every call of `method` only after `delay` (a slow server).
    pub fn set_delay(&self, method: &str, delay: Duration) {
        let mut state = self.shared.lock();
        state.delays.insert(method.to_ascii_lowercase(), delay);
    }

    /// When `true`, `getUpdates` delivers every update kind, ignoring the
    /// bot's `allowed_updates` (a server, or a future Bot API, sending
    /// kinds the bot never asked for).
    pub fn deliver_all_update_kinds(&self, all: bool) {
        self.shared.lock().deliver_all = all;
    }

    /// Makes the next `n` calls of `method` (case-insensitive) fail with
    /// `fault`, before any validation.
    pub fn fail_next(&self, method: &str, n: usize, fault: Fault) {
        let mut state = self.shared.lock();
        let queue = state.faults.entry(method.to_ascii_lowercase()).or_default();
        queue.extend(std::iter::repeat_n(fault, n));
    }

    /// Every request Telegram would have refused through the bot's fault.
    pub fn violations(&self) -> Vec<String> {
        self.shared.lock().violations.clone()
    }

    /// # Panics
    /// If any violation was recorded, listing them.
    pub fn assert_no_violations(&self) {
        let violations = self.violations();
        assert!(
            violations.is_empty(),
            "fake Bot API recorded {} violation(s):\n{}",
            violations.len(),
            numbered(&violations)
        );
    }

    /// The `Message` objects returned for successful `sendMessage` calls.
    pub fn sent_messages(&self) -> Vec<Value> {
        self.shared.lock().sent_messages.clone()
    }

    /// The visible texts of [`FakeBotApi::sent_messages`].
    pub fn sent_texts(&self) -> Vec<String> {
        self.sent_messages()
            .iter()
            .filter_map(|message| message.get("text").and_then(Value::as_str))
            .map(str::to_owned)
            .collect()
    }

    /// Whether `getMe` says the bot supports inline queries (default: it does).
    pub fn set_inline_mode(&self, enabled: bool) {
        self.shared.lock().inline_mode_off = !enabled;
    }

    /// Stops the server, waiting briefly for in-flight requests.
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let abort = server.abort_handle();
            if tokio::time::timeout(SHUTDOWN_GRACE, server).await.is_err() {
                abort.abort();
            }
        }
    }

    fn timeout_report(&self, method: &str, count: usize, timeout: Duration) -> String {
        let calls = self.calls();
        let listed: Vec<String> = calls
            .iter()
            .map(|call| describe_call(call, self.shared.started))
            .collect();
        format!(
            "fake Bot API: timed out after {timeout:?} waiting for {count} `{method}` call(s), \
             got {}.\nRecorded calls ({}):\n{}\nViolations:\n{}",
            calls.iter().filter(|call| call.method == method).count(),
            calls.len(),
            numbered(&listed),
            numbered(&self.violations())
        )
    }
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

// ---------------------------------------------------------------------------
// Shared state
// ---------------------------------------------------------------------------

struct Shared {
    state: Mutex<FakeState>,
    calls_changed: Notify,
    updates_changed: Notify,
    started: Instant,
}

#[derive(Default)]
struct FakeState {
    calls: Vec<Call>,
    violations: Vec<String>,
    updates: VecDeque<Value>,
    dropped_updates: Vec<Value>,
    next_update_id: i64,
    /// `None` means Telegram's default (everything but
    /// `DEFAULT_EXCLUDED_UPDATES`).
    allowed_updates: Option<Vec<String>>,
    faults: HashMap<String, VecDeque<Fault>>,
    next_message_id: i64,
    sent_messages: Vec<Value>,
    open_inline_queries: HashSet<String>,
    commands: HashMap<String, Value>,
    chaos: HashMap<String, Chaos>,
    rng: u64,
    stalls: HashMap<String, VecDeque<Duration>>,
    stalls_begun: usize,
    delays: HashMap<String, Duration>,
    deliver_all: bool,
    /// `getMe`'s `supports_inline_queries` is false (BotFather `/setinline` not done).
    inline_mode_off: bool,
    /// Files users sent, by `file_id`, for `getFile` and downloads.
    files: HashMap<String, Vec<u8>>,
    /// How slowly a file's download arrives, by `file_id`; at once if absent.
    paces: HashMap<String, Pace>,
}

/// A download sent in pieces: `chunk` bytes every `every`, stalling for good once `stall_after`
/// bytes are out (a connection that hangs, not one that closes).
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    pub chunk: usize,
    pub every: Duration,
    pub stall_after: Option<usize>,
}

/// A refusal in Telegram's format.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    description: String,
    /// Extra context for the violation log; not sent to the client.
    detail: Option<String>,
    retry_after: Option<u32>,
}

type ApiResult = Result<Value, ApiError>;

impl ApiError {
    fn new(status: StatusCode, description: impl Into<String>) -> Self {
        Self {
            status,
            description: description.into(),
            detail: None,
            retry_after: None,
        }
    }

    fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, description)
    }

    fn with_detail(mut self, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        self.detail = Some(match self.detail.take() {
            Some(previous) => format!("{detail}; {previous}"),
            None => detail,
        });
        self
    }
}

impl Shared {
    fn new() -> Self {
        Self {
            state: Mutex::new(FakeState::new()),
            calls_changed: Notify::new(),
            updates_changed: Notify::new(),
            started: Instant::now(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, FakeState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn record(&self, call: Call) {
        self.lock().calls.push(call);
        self.calls_changed.notify_waiters();
    }

    fn violation(&self, description: String) {
        self.lock().violations.push(description);
    }

    fn take_fault(&self, method: &str) -> Option<Fault> {
        let mut state = self.lock();
        if let Some(fault) = state.faults.get_mut(method).and_then(VecDeque::pop_front) {
            return Some(fault);
        }
        let chaos = state.chaos.get(method)?.clone();
        let draw = state.next_random();
        if draw < chaos.too_many_requests {
            let (low, high) = (*chaos.retry_after.start(), *chaos.retry_after.end());
            let span = u64::from(high.saturating_sub(low)) + 1;
            let pick = (state.next_random() * span as f64) as u64;
            let retry_after = low + u32::try_from(pick.min(span - 1)).unwrap_or(0);
            return Some(Fault::TooManyRequests { retry_after });
        }
        (draw < chaos.too_many_requests + chaos.bad_gateway).then_some(Fault::BadGateway)
    }

    /// How long to hold a call of `method` before handling it.
    fn hold(&self, method: &str) -> Option<Duration> {
        let mut state = self.lock();
        if let Some(stall) = state.stalls.get_mut(method).and_then(VecDeque::pop_front) {
            state.stalls_begun += 1;
            return Some(stall);
        }
        state.delays.get(method).copied()
    }

    fn dispatch(&self, method: &str, body: &Value) -> ApiResult {
        match method {
            "getme" => {
                let mut me = me_json();
                me["supports_inline_queries"] = json!(!self.lock().inline_mode_off);
                Ok(me)
            }
            "sendmessage" => self.send_message(body),
            "editmessagetext" => edit_message_text(body),
            "answerinlinequery" => self.answer_inline_query(body),
            "setmycommands" => self.set_my_commands(body),
            "getmycommands" => Ok(self.get_my_commands(body)),
            "deletemycommands" => {
                self.lock().commands.remove(&commands_key(body));
                Ok(json!(true))
            }
            "getfile" => self.get_file(body),
            "getwebhookinfo" => Ok(json!({
                "url": "",
                "has_custom_certificate": false,
                "pending_update_count": self.lock().updates.len(),
            })),
            _ => Ok(json!(true)),
        }
    }

    /// `getFile`: the `File` of a stored file; its `file_path` is
    /// `documents/<file_id>`, downloaded from `/file/bot<TOKEN>/<file_path>`.
    fn get_file(&self, body: &Value) -> ApiResult {
        let id = body
            .get("file_id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let state = self.lock();
        let bytes = state
            .files
            .get(id)
            .ok_or_else(|| ApiError::bad_request("Bad Request: invalid file_id"))?;
        Ok(json!({
            "file_id": id,
            "file_unique_id": format!("unique-{id}"),
            "file_size": bytes.len(),
            "file_path": format!("documents/{id}"),
        }))
    }

    fn send_message(&self, body: &Value) -> ApiResult {
        let chat = chat_for_id(body.get("chat_id"))?;
        let parsed = check_text(
            body.get("text"),
            body.get("parse_mode"),
            "Bad Request: message is too long",
        )?;
        check_reply_markup(body.get("reply_markup"))?;
        let mut state = self.lock();
        let message_id = state.next_message_id;
        state.next_message_id += 1;
        let message = sent_message(chat, message_id, &parsed, body.get("reply_markup"));
        state.sent_messages.push(message.clone());
        Ok(message)
    }

    fn answer_inline_query(&self, body: &Value) -> ApiResult {
        let query_id = body
            .get("inline_query_id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !self.lock().open_inline_queries.contains(query_id) {
            return Err(ApiError::bad_request(INVALID_QUERY_ID).with_detail(format!(
                "inline_query_id {query_id:?} was never pushed or was already answered"
            )));
        }
        let results = body
            .get("results")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        check_inline_results(results)?;
        self.lock().open_inline_queries.remove(query_id);
        Ok(json!(true))
    }

    fn set_my_commands(&self, body: &Value) -> ApiResult {
        let commands = body
            .get("commands")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if commands.len() > MAX_BOT_COMMANDS {
            return Err(ApiError::bad_request("Bad Request: BOT_COMMANDS_TOO_MUCH"));
        }
        commands.iter().try_for_each(check_bot_command)?;
        self.lock()
            .commands
            .insert(commands_key(body), Value::Array(commands));
        Ok(json!(true))
    }

    fn get_my_commands(&self, body: &Value) -> Value {
        self.lock()
            .commands
            .get(&commands_key(body))
            .cloned()
            .unwrap_or_else(|| json!([]))
    }
}

impl FakeState {
    fn new() -> Self {
        Self {
            next_update_id: 1,
            next_message_id: 100_001,
            ..Self::default()
        }
    }

    /// A uniform draw in `[0, 1)` (SplitMix64).
    fn next_random(&mut self) -> f64 {
        self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    fn assign_update_id(&mut self, update: &mut Value) -> i64 {
        let id = if let Some(id) = update_id(update) {
            id
        } else {
            let id = self.next_update_id;
            update["update_id"] = json!(id);
            id
        };
        self.next_update_id = self.next_update_id.max(id + 1);
        id
    }

    /// Applies one `getUpdates` request's parameters and returns the batch
    /// it would receive now. Idempotent, so a long poll may call it again.
    fn take_batch(&mut self, params: &PollParams) -> Vec<Value> {
        if let Some(allowed) = &params.allowed {
            self.allowed_updates = (!allowed.is_empty()).then(|| allowed.clone());
        }
        if let Some(offset) = params.offset {
            self.confirm_offset(offset);
        }
        self.drop_disallowed();
        self.updates.iter().take(params.limit).cloned().collect()
    }

    fn confirm_offset(&mut self, offset: i64) {
        if offset < 0 {
            let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
            while self.updates.len() > keep {
                self.updates.pop_front();
            }
        } else {
            self.updates
                .retain(|update| update_id(update).is_none_or(|id| id >= offset));
        }
    }

    fn drop_disallowed(&mut self) {
        if self.deliver_all {
            return;
        }
        let updates = std::mem::take(&mut self.updates);
        let allowed = self.allowed_updates.as_deref();
        let (keep, dropped): (VecDeque<Value>, VecDeque<Value>) = updates
            .into_iter()
            .partition(|update| kind_allowed(allowed, update_kind(update)));
        self.updates = keep;
        self.dropped_updates.extend(dropped);
    }
}

// ---------------------------------------------------------------------------
// HTTP layer
// ---------------------------------------------------------------------------

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/{bot_token}/{method}", any(handle_request))
        .route("/file/{bot_token}/{*file_path}", any(handle_download))
        .fallback(not_found)
        .with_state(shared)
}

async fn not_found() -> Response {
    error_response(&ApiError::new(StatusCode::NOT_FOUND, "Not Found"))
}

async fn handle_request(
    State(shared): State<Arc<Shared>>,
    Path((bot_token, method)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let at = Instant::now();
    let token = match bot_token.strip_prefix("bot") {
        Some(token) if !token.is_empty() => token.to_owned(),
        _ => {
            shared.violation(format!(
                "request to /{bot_token}/{method}: the first path segment must be bot<TOKEN>"
            ));
            return not_found().await;
        }
    };
    let call = Call {
        method: method.to_ascii_lowercase(),
        token,
        body: parse_body(&body),
        at,
        failed: false,
        fault: None,
    };
    if let Some(hold) = shared.hold(&call.method) {
        tokio::time::sleep(hold).await;
    }
    if let Some(fault) = shared.take_fault(&call.method) {
        shared.record(Call {
            failed: true,
            fault: Some(fault.clone()),
            ..call
        });
        return fault_response(&fault);
    }
    let result = if call.method == "getupdates" {
        get_updates(&shared, &call.body).await
    } else {
        shared.dispatch(&call.method, &call.body)
    };
    let response = match &result {
        Ok(value) => ok_response(value),
        Err(err) => {
            shared.violation(describe_violation(&call, err));
            error_response(err)
        }
    };
    shared.record(Call {
        failed: result.is_err(),
        ..call
    });
    response
}

/// A file download: recorded as a call of the method `download` (its body
/// holds the `file_path`), answered with the bytes or a 404.
async fn handle_download(
    State(shared): State<Arc<Shared>>,
    Path((bot_token, file_path)): Path<(String, String)>,
) -> Response {
    let at = Instant::now();
    let Some(token) = bot_token.strip_prefix("bot").filter(|t| !t.is_empty()) else {
        shared.violation(format!(
            "download of {file_path}: the second path segment must be bot<TOKEN>"
        ));
        return not_found().await;
    };
    let id = file_path.strip_prefix("documents/").unwrap_or_default();
    let (bytes, pace) = {
        let state = shared.lock();
        (state.files.get(id).cloned(), state.paces.get(id).copied())
    };
    shared.record(Call {
        method: "download".to_owned(),
        token: token.to_owned(),
        body: json!({ "file_path": file_path }),
        at,
        failed: bytes.is_none(),
        fault: None,
    });
    match (bytes, pace) {
        (Some(bytes), None) => (StatusCode::OK, bytes).into_response(),
        (Some(bytes), Some(pace)) => paced(bytes, pace),
        (None, _) => not_found().await,
    }
}

/// A response whose body arrives as `pace` says (its length announced up front, as Telegram's
/// file server does).
fn paced(bytes: Vec<u8>, pace: Pace) -> Response {
    let length = bytes.len();
    let bytes = Bytes::from(bytes);
    let chunks = futures::stream::unfold(0usize, move |sent| {
        let bytes = bytes.clone();
        async move {
            if sent >= bytes.len() {
                return None;
            }
            if pace.stall_after.is_some_and(|limit| sent >= limit) {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(pace.every).await;
            let end = (sent + pace.chunk.max(1)).min(bytes.len());
            let chunk = bytes.slice(sent..end);
            Some((Ok::<_, std::io::Error>(chunk), end))
        }
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_LENGTH, length)
        .body(axum::body::Body::from_stream(chunks))
        .unwrap()
}

fn parse_body(bytes: &[u8]) -> Value {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return json!({});
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn ok_response(result: &Value) -> Response {
    json_response(StatusCode::OK, &json!({"ok": true, "result": result}))
}

fn error_response(err: &ApiError) -> Response {
    let mut body = json!({
        "ok": false,
        "error_code": err.status.as_u16(),
        "description": err.description,
    });
    if let Some(retry_after) = err.retry_after {
        body["parameters"] = json!({ "retry_after": retry_after });
    }
    json_response(err.status, &body)
}

fn fault_response(fault: &Fault) -> Response {
    match fault {
        Fault::BadGateway => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            BAD_GATEWAY_HTML,
        )
            .into_response(),
        Fault::TooManyRequests { retry_after } => error_response(&ApiError {
            retry_after: Some(*retry_after),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("Too Many Requests: retry after {retry_after}"),
            )
        }),
        Fault::CantParseEntities => error_response(&ApiError::bad_request(
            "Bad Request: can't parse entities: Unsupported start tag \"injected\" at byte offset 0",
        )),
        Fault::Api {
            status,
            description,
        } => error_response(&ApiError::new(
            StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST),
            description.clone(),
        )),
        Fault::MigrateToChatId { new_chat_id } => {
            let mut body = json!({
                "ok": false,
                "error_code": 400,
                "description": "Bad Request: group chat was upgraded to a supergroup chat",
            });
            body["parameters"] = json!({ "migrate_to_chat_id": new_chat_id });
            json_response(StatusCode::BAD_REQUEST, &body)
        }
        Fault::Disconnect => {
            let broken = futures::stream::iter([
                Ok(Bytes::from_static(b"{\"ok\":true,\"resu")),
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "injected disconnect",
                )),
            ]);
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                axum::body::Body::from_stream(broken),
            )
                .into_response()
        }
    }
}

// ---------------------------------------------------------------------------
// getUpdates
// ---------------------------------------------------------------------------

struct PollParams {
    offset: Option<i64>,
    limit: usize,
    hold: Duration,
    allowed: Option<Vec<String>>,
}

impl PollParams {
    fn from_body(body: &Value) -> Self {
        let limit = body.get("limit").and_then(Value::as_u64).unwrap_or(100);
        let timeout = body.get("timeout").and_then(Value::as_u64).unwrap_or(0);
        let allowed = body
            .get("allowed_updates")
            .and_then(Value::as_array)
            .map(|kinds| {
                kinds
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            });
        Self {
            offset: body.get("offset").and_then(Value::as_i64),
            limit: usize::try_from(limit.clamp(1, 100)).unwrap_or(100),
            hold: Duration::from_secs(timeout).min(LONG_POLL_CAP),
            allowed,
        }
    }
}

async fn get_updates(shared: &Shared, body: &Value) -> ApiResult {
    let params = PollParams::from_body(body);
    let deadline = tokio::time::Instant::now() + params.hold;
    loop {
        let notified = shared.updates_changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let batch = shared.lock().take_batch(&params);
        if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
            return Ok(Value::Array(batch));
        }
        // Either an update arrived or the hold elapsed; the loop decides.
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

fn update_id(update: &Value) -> Option<i64> {
    update.get("update_id").and_then(Value::as_i64)
}

fn update_kind(update: &Value) -> Option<&str> {
    update
        .as_object()?
        .keys()
        .find(|key| *key != "update_id")
        .map(String::as_str)
}

fn kind_allowed(allowed: Option<&[String]>, kind: Option<&str>) -> bool {
    let Some(kind) = kind else {
        return true;
    };
    match allowed {
        Some(kinds) => kinds.iter().any(|allowed| allowed == kind),
        None => !DEFAULT_EXCLUDED_UPDATES.contains(&kind),
    }
}

fn inline_query_id(update: &Value) -> Option<String> {
    update
        .get("inline_query")?
        .get("id")?
        .as_str()
        .map(str::to_owned)
}

// ---------------------------------------------------------------------------
// Request validation
// ---------------------------------------------------------------------------

/// `editMessageText`: a `Message` for chat messages, `true` for inline ones.
fn edit_message_text(body: &Value) -> ApiResult {
    let inline = body.get("inline_message_id").is_some();
    let message_id = body.get("message_id").and_then(Value::as_i64);
    if !inline && (body.get("chat_id").is_none() || message_id.is_none()) {
        return Err(ApiError::bad_request(
            "Bad Request: message identifier is not specified",
        ));
    }
    let parsed = check_text(
        body.get("text"),
        body.get("parse_mode"),
        "Bad Request: MESSAGE_TOO_LONG",
    )?;
    check_reply_markup(body.get("reply_markup"))?;
    let (Some(message_id), false) = (message_id, inline) else {
        return Ok(json!(true));
    };
    let chat = chat_for_id(body.get("chat_id"))?;
    let mut message = sent_message(chat, message_id, &parsed, body.get("reply_markup"));
    message["edit_date"] = json!(unix_now());
    Ok(message)
}

/// Checks a message text the way Telegram does for `sendMessage`,
/// `editMessageText` and inline `input_message_content`.
fn check_text(
    text: Option<&Value>,
    parse_mode: Option<&Value>,
    too_long: &str,
) -> Result<ParsedText, ApiError> {
    let text = text.and_then(Value::as_str).unwrap_or_default();
    let parsed = parse_with_mode(text, parse_mode)?;
    if parsed.text.trim().is_empty() {
        return Err(ApiError::bad_request("Bad Request: message text is empty"));
    }
    if parsed.utf16_len > MAX_MESSAGE_UTF16 {
        return Err(ApiError::bad_request(too_long).with_detail(format!(
            "{} UTF-16 code units after entity parsing, limit {MAX_MESSAGE_UTF16}",
            parsed.utf16_len
        )));
    }
    Ok(parsed)
}

fn parse_with_mode(text: &str, parse_mode: Option<&Value>) -> Result<ParsedText, ApiError> {
    let mode = parse_mode
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    match mode.as_str() {
        "html" => parse_telegram_html(text).map_err(|err| {
            ApiError::bad_request(format!("Bad Request: can't parse entities: {err}"))
        }),
        // Markdown is not validated: the bot is expected to use HTML.
        "" | "markdown" | "markdownv2" => Ok(ParsedText::plain(text)),
        other => Err(ApiError::bad_request(format!(
            "Bad Request: unsupported parse_mode \"{other}\""
        ))),
    }
}

fn check_reply_markup(markup: Option<&Value>) -> Result<(), ApiError> {
    let rows = markup
        .and_then(|markup| markup.get("inline_keyboard"))
        .and_then(Value::as_array);
    let buttons = rows
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten();
    for button in buttons {
        if let Some(data) = button.get("callback_data").and_then(Value::as_str) {
            if data.is_empty() || data.len() > MAX_CALLBACK_DATA_BYTES {
                return Err(ApiError::bad_request("Bad Request: BUTTON_DATA_INVALID")
                    .with_detail(format!("callback_data is {} bytes", data.len())));
            }
        }
    }
    Ok(())
}

fn check_inline_results(results: &[Value]) -> Result<(), ApiError> {
    if results.len() > MAX_INLINE_RESULTS {
        return Err(
            ApiError::bad_request("Bad Request: RESULTS_TOO_MUCH").with_detail(format!(
                "{} results, limit {MAX_INLINE_RESULTS}",
                results.len()
            )),
        );
    }
    let mut seen = HashSet::new();
    for (index, result) in results.iter().enumerate() {
        check_inline_result(result, &mut seen)
            .map_err(|err| err.with_detail(format!("result #{index}")))?;
    }
    Ok(())
}

fn check_inline_result<'a>(result: &'a Value, seen: &mut HashSet<&'a str>) -> Result<(), ApiError> {
    let id = result.get("id").and_then(Value::as_str).unwrap_or_default();
    if id.is_empty() || id.len() > MAX_INLINE_RESULT_ID_BYTES {
        return Err(ApiError::bad_request("Bad Request: RESULT_ID_INVALID"));
    }
    if !seen.insert(id) {
        return Err(ApiError::bad_request("Bad Request: RESULT_ID_DUPLICATE"));
    }
    if let Some(content) = result.get("input_message_content") {
        if content.get("message_text").is_some() {
            check_text(
                content.get("message_text"),
                content.get("parse_mode"),
                "Bad Request: MESSAGE_TOO_LONG",
            )?;
        }
    }
    check_reply_markup(result.get("reply_markup"))
}

fn check_bot_command(command: &Value) -> Result<(), ApiError> {
    let name = command
        .get("command")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let valid_name = (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !valid_name {
        return Err(ApiError::bad_request("Bad Request: BOT_COMMAND_INVALID")
            .with_detail(format!("command {name:?}")));
    }
    let description = command
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !(1..=256).contains(&description.chars().count()) {
        return Err(ApiError::bad_request(
            "Bad Request: command description must be 1-256 characters",
        )
        .with_detail(format!("command {name:?}")));
    }
    Ok(())
}

fn commands_key(body: &Value) -> String {
    let scope = match body.get("scope") {
        None | Some(Value::Null) => "default".to_owned(),
        Some(scope) if scope.get("type").and_then(Value::as_str) == Some("default") => {
            "default".to_owned()
        }
        Some(scope) => scope.to_string(),
    };
    let language = body
        .get("language_code")
        .and_then(Value::as_str)
        .unwrap_or_default();
    format!("{scope}|{language}")
}

/// The `chat` of a message the bot sends to `chat_id`.
fn chat_for_id(chat_id: Option<&Value>) -> Result<Value, ApiError> {
    let not_found = || ApiError::bad_request("Bad Request: chat not found");
    let id = match chat_id {
        Some(Value::Number(number)) => number.as_i64().ok_or_else(not_found)?,
        Some(Value::String(name)) if name.starts_with('@') => {
            return Ok(json!({
                "id": -1_001_000_000_001_i64,
                "type": "channel",
                "title": name.trim_start_matches('@'),
                "username": name.trim_start_matches('@'),
            }));
        }
        Some(Value::String(id)) => id.parse::<i64>().map_err(|_| not_found())?,
        _ => return Err(ApiError::bad_request("Bad Request: chat_id is empty")),
    };
    match id {
        0 => Err(not_found()),
        id if id > 0 => Ok(private_chat_json(id)),
        id => Ok(group_chat_json(id)),
    }
}

fn sent_message(
    chat: Value,
    message_id: i64,
    parsed: &ParsedText,
    reply_markup: Option<&Value>,
) -> Value {
    let mut message = json!({
        "message_id": message_id,
        "from": bot_user_json(),
        "chat": chat,
        "date": unix_now(),
        "text": parsed.text,
    });
    if !parsed.entities.is_empty() {
        message["entities"] = Value::Array(parsed.entities.clone());
    }
    if let Some(markup) = reply_markup.filter(|markup| markup.get("inline_keyboard").is_some()) {
        message["reply_markup"] = markup.clone();
    }
    message
}

fn describe_violation(call: &Call, err: &ApiError) -> String {
    let detail = err
        .detail
        .as_deref()
        .map(|detail| format!(" ({detail})"))
        .unwrap_or_default();
    format!(
        "{}: {}{} -- request body: {}",
        call.method,
        err.description,
        detail,
        truncate(&call.body.to_string(), 400)
    )
}

fn describe_call(call: &Call, started: Instant) -> String {
    let elapsed = call.at.saturating_duration_since(started);
    let failed = if call.failed { " [failed]" } else { "" };
    format!(
        "+{}ms {}{} {}",
        elapsed.as_millis(),
        call.method,
        failed,
        truncate(&call.body.to_string(), 300)
    )
}

fn numbered(lines: &[String]) -> String {
    if lines.is_empty() {
        return "  (none)".to_owned();
    }
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| format!("  {}. {line}", index + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}...", &s[..cut]),
        None => s.to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Telegram HTML
// ---------------------------------------------------------------------------

const ALLOWED_TAGS: [&str; 16] = [
    "a",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
];
/// Longest entity name looked at after `&` (`#x10FFFF` is 8).
const MAX_ENTITY_NAME: usize = 10;

/// Validates `s` as a Telegram `parse_mode: "HTML"` message text and returns
/// the visible length in UTF-16 code units. Errors read like Telegram's
/// (what follows `Bad Request: can't parse entities: `), or report a text
/// longer than [`MAX_MESSAGE_UTF16`]. Emptiness is not checked here.
pub fn validate_telegram_html(s: &str) -> Result<usize, String> {
    let parsed = parse_telegram_html(s)?;
    if parsed.utf16_len > MAX_MESSAGE_UTF16 {
        return Err(format!(
            "message is too long: {} UTF-16 code units after entity parsing (limit {MAX_MESSAGE_UTF16})",
            parsed.utf16_len
        ));
    }
    Ok(parsed.utf16_len)
}

/// Parses Telegram HTML into visible text and entities, without the length
/// check.
pub fn parse_telegram_html(s: &str) -> Result<ParsedText, String> {
    HtmlParser::new(s).run()
}

/// The text Telegram would show for `html` (tags removed, entities
/// decoded). For invalid HTML, a best-effort stripping of tags.
pub fn visible_text(html: &str) -> String {
    parse_telegram_html(html).map_or_else(|_| strip_tags_lossy(html), |parsed| parsed.text)
}

/// Length of `s` in UTF-16 code units (Telegram's unit for entity offsets).
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

#[derive(Clone, Debug, PartialEq)]
enum EntityKind {
    Bold,
    Italic,
    Underline,
    Strikethrough,
    Spoiler,
    TextLink(String),
    Code(Option<String>),
    Pre(Option<String>),
    Blockquote,
    ExpandableBlockquote,
    CustomEmoji(String),
}

impl EntityKind {
    fn type_name(&self) -> &'static str {
        match self {
            Self::Bold => "bold",
            Self::Italic => "italic",
            Self::Underline => "underline",
            Self::Strikethrough => "strikethrough",
            Self::Spoiler => "spoiler",
            Self::TextLink(_) => "text_link",
            Self::Code(_) => "code",
            Self::Pre(_) => "pre",
            Self::Blockquote => "blockquote",
            Self::ExpandableBlockquote => "expandable_blockquote",
            Self::CustomEmoji(_) => "custom_emoji",
        }
    }

    fn is_blockquote(&self) -> bool {
        matches!(self, Self::Blockquote | Self::ExpandableBlockquote)
    }
}

struct Entity {
    offset: usize,
    length: usize,
    kind: EntityKind,
}

impl Entity {
    fn to_json(&self) -> Value {
        let mut entity = json!({
            "type": self.kind.type_name(),
            "offset": self.offset,
            "length": self.length,
        });
        match &self.kind {
            EntityKind::TextLink(url) => entity["url"] = json!(url),
            EntityKind::Pre(Some(language)) => entity["language"] = json!(language),
            EntityKind::CustomEmoji(id) => entity["custom_emoji_id"] = json!(id),
            _ => {}
        }
        entity
    }
}

struct OpenTag {
    name: String,
    kind: Option<EntityKind>,
    /// UTF-16 offset of the tag's content.
    start: usize,
}

type Attributes = Vec<(String, Option<String>)>;

struct HtmlParser<'a> {
    src: &'a str,
    pos: usize,
    text: String,
    utf16: usize,
    open: Vec<OpenTag>,
    entities: Vec<Entity>,
}

impl<'a> HtmlParser<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            pos: 0,
            text: String::with_capacity(src.len()),
            utf16: 0,
            open: Vec::new(),
            entities: Vec::new(),
        }
    }

    fn run(mut self) -> Result<ParsedText, String> {
        while let Some(c) = self.peek() {
            match c {
                '<' => self.tag()?,
                '&' => {
                    let (decoded, len) = decode_entity(self.src, self.pos)?;
                    self.push_char(decoded);
                    self.pos += len;
                }
                '>' => {
                    return Err(format!(
                        "character '>' at byte offset {} must be escaped as &gt;",
                        self.pos
                    ))
                }
                _ => {
                    self.push_char(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        if let Some(tag) = self.open.last() {
            return Err(format!(
                "Can't find end tag corresponding to start tag \"{}\"",
                tag.name
            ));
        }
        Ok(self.finish())
    }

    fn finish(mut self) -> ParsedText {
        self.entities
            .sort_by(|a, b| a.offset.cmp(&b.offset).then(b.length.cmp(&a.length)));
        ParsedText {
            entities: self.entities.iter().map(Entity::to_json).collect(),
            text: self.text,
            utf16_len: self.utf16,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn byte(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn push_char(&mut self, c: char) {
        self.text.push(c);
        self.utf16 += c.len_utf16();
    }

    fn skip_spaces(&mut self) {
        while self.byte().is_some_and(is_space) {
            self.pos += 1;
        }
    }

    /// Advances over bytes matching `pred`. Every stop is at an ASCII byte,
    /// a non-ASCII lead byte or the end, so the slice is on char boundaries.
    fn take_while(&mut self, pred: impl Fn(u8) -> bool) -> &'a str {
        let start = self.pos;
        while self.byte().is_some_and(&pred) {
            self.pos += 1;
        }
        &self.src[start..self.pos]
    }

    fn tag(&mut self) -> Result<(), String> {
        let start = self.pos;
        if self.src[start..].starts_with("</") {
            self.end_tag(start)
        } else {
            self.start_tag(start)
        }
    }

    fn start_tag(&mut self, start: usize) -> Result<(), String> {
        self.pos += 1;
        let name = self
            .take_while(|b| !is_space(b) && b != b'>')
            .to_ascii_lowercase();
        if !ALLOWED_TAGS.contains(&name.as_str()) {
            return Err(format!(
                "Unsupported start tag \"{name}\" at byte offset {start}"
            ));
        }
        let attributes = self.attributes(&name, start)?;
        let kind = entity_kind(&name, &attributes, start)?;
        if kind.as_ref().is_some_and(EntityKind::is_blockquote) && self.inside_blockquote() {
            return Err(format!(
                "Blockquote entities can't be nested: <{name}> at byte offset {start} is inside another blockquote"
            ));
        }
        self.open.push(OpenTag {
            name,
            kind,
            start: self.utf16,
        });
        Ok(())
    }

    fn inside_blockquote(&self) -> bool {
        self.open
            .iter()
            .any(|tag| tag.kind.as_ref().is_some_and(EntityKind::is_blockquote))
    }

    fn attributes(&mut self, tag: &str, start: usize) -> Result<Attributes, String> {
        let mut attributes = Vec::new();
        loop {
            self.skip_spaces();
            match self.byte() {
                None => return Err(unclosed_start_tag(start)),
                Some(b'>') => {
                    self.pos += 1;
                    return Ok(attributes);
                }
                Some(_) => attributes.push(self.attribute(tag, start)?),
            }
        }
    }

    fn attribute(&mut self, tag: &str, start: usize) -> Result<(String, Option<String>), String> {
        let name = self
            .take_while(|b| !is_space(b) && b != b'=' && b != b'>')
            .to_ascii_lowercase();
        if name.is_empty() {
            return Err(format!(
                "Empty attribute name in the tag \"{tag}\" at byte offset {start}"
            ));
        }
        self.skip_spaces();
        if self.byte() != Some(b'=') {
            if tag == "blockquote" && name == "expandable" {
                return Ok((name, None));
            }
            return Err(format!(
                "Expected equal sign in declaration of an attribute of the tag \"{tag}\" at byte offset {start}"
            ));
        }
        self.pos += 1;
        self.skip_spaces();
        let value = match self.byte() {
            None => return Err(unclosed_start_tag(start)),
            Some(quote @ (b'"' | b'\'')) => self.quoted_value(char::from(quote), start)?,
            Some(_) => self.name_token(start)?,
        };
        Ok((name, Some(value)))
    }

    fn quoted_value(&mut self, quote: char, start: usize) -> Result<String, String> {
        self.pos += 1;
        let mut value = String::new();
        loop {
            match self.peek() {
                None => return Err(unclosed_start_tag(start)),
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(value);
                }
                Some('&') => {
                    let (decoded, len) = decode_entity(self.src, self.pos)?;
                    value.push(decoded);
                    self.pos += len;
                }
                Some(c) => {
                    value.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// An unquoted attribute value: letters, digits, `.` and `-` only.
    fn name_token(&mut self, start: usize) -> Result<String, String> {
        let token = self
            .take_while(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            .to_ascii_lowercase();
        match self.byte() {
            None => Err(unclosed_start_tag(start)),
            Some(b) if is_space(b) || b == b'>' => Ok(token),
            Some(_) => Err(format!(
                "Unexpected end of name token at byte offset {}",
                self.pos
            )),
        }
    }

    fn end_tag(&mut self, start: usize) -> Result<(), String> {
        self.pos += 2;
        let name = self
            .take_while(|b| !is_space(b) && b != b'>')
            .to_ascii_lowercase();
        self.skip_spaces();
        if self.byte() != Some(b'>') {
            return Err(format!("Unclosed end tag at byte offset {start}"));
        }
        self.pos += 1;
        let Some(open) = self.open.pop() else {
            return Err(format!(
                "Unexpected end tag \"</{name}>\" at byte offset {start}"
            ));
        };
        if open.name != name {
            return Err(format!(
                "Unmatched end tag at byte offset {start}, expected \"</{}>\", found \"</{name}>\"",
                open.name
            ));
        }
        self.close(open);
        Ok(())
    }

    fn close(&mut self, tag: OpenTag) {
        let Some(kind) = tag.kind else {
            return;
        };
        // <pre><code class="language-x">: the language goes to the pre.
        if let EntityKind::Code(Some(language)) = &kind {
            if let Some(OpenTag {
                kind: Some(EntityKind::Pre(pre_language)),
                ..
            }) = self.open.last_mut()
            {
                *pre_language = Some(language.clone());
                return;
            }
        }
        let length = self.utf16 - tag.start;
        if length > 0 {
            self.entities.push(Entity {
                offset: tag.start,
                length,
                kind,
            });
        }
    }
}

fn entity_kind(
    tag: &str,
    attributes: &Attributes,
    start: usize,
) -> Result<Option<EntityKind>, String> {
    let attribute = |key: &str| {
        attributes
            .iter()
            .find(|(name, _)| name == key)
            .and_then(|(_, value)| value.clone())
    };
    let kind = match tag {
        "b" | "strong" => EntityKind::Bold,
        "i" | "em" => EntityKind::Italic,
        "u" | "ins" => EntityKind::Underline,
        "s" | "strike" | "del" => EntityKind::Strikethrough,
        "tg-spoiler" => EntityKind::Spoiler,
        "span" if attribute("class").as_deref() == Some("tg-spoiler") => EntityKind::Spoiler,
        "span" => {
            return Err(format!(
                "Tag \"span\" must have class \"tg-spoiler\" at byte offset {start}"
            ))
        }
        "a" => {
            return Ok(attribute("href")
                .filter(|href| !href.is_empty())
                .map(EntityKind::TextLink))
        }
        "code" => EntityKind::Code(
            attribute("class")
                .and_then(|class| class.strip_prefix("language-").map(str::to_owned)),
        ),
        "pre" => EntityKind::Pre(None),
        "blockquote" if attributes.iter().any(|(name, _)| name == "expandable") => {
            EntityKind::ExpandableBlockquote
        }
        "blockquote" => EntityKind::Blockquote,
        "tg-emoji" => match attribute("emoji-id") {
            Some(id) if id.parse::<i64>().is_ok_and(|id| id != 0) => EntityKind::CustomEmoji(id),
            _ => {
                return Err(format!(
                    "Custom emoji identifier must be specified for tag \"tg-emoji\" at byte offset {start}"
                ))
            }
        },
        _ => {
            return Err(format!(
                "Unsupported start tag \"{tag}\" at byte offset {start}"
            ))
        }
    };
    Ok(Some(kind))
}

fn unclosed_start_tag(start: usize) -> String {
    format!("Unclosed start tag at byte offset {start}")
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Decodes the entity starting with the `&` at `pos`; returns the character
/// and the entity's length in bytes.
fn decode_entity(src: &str, pos: usize) -> Result<(char, usize), String> {
    let rest = &src[pos + 1..];
    let name_len = rest
        .bytes()
        .take(MAX_ENTITY_NAME + 1)
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    let name = &rest[..name_len];
    if name.is_empty() || rest.as_bytes().get(name_len) != Some(&b';') {
        return Err(format!(
            "character '&' at byte offset {pos} must be escaped as &amp;"
        ));
    }
    let decoded = match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => numeric_entity(name),
    };
    decoded.map(|c| (c, name_len + 2)).ok_or_else(|| {
        format!(
            "Unsupported HTML entity \"&{name};\" at byte offset {pos}: only &lt; &gt; &amp; &quot; \
             and numeric entities are allowed"
        )
    })
}

fn numeric_entity(name: &str) -> Option<char> {
    let digits = name.strip_prefix('#')?;
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<u32>().ok()?,
    };
    char::from_u32(code).filter(|c| *c != '\0')
}

fn strip_tags_lossy(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

// ---------------------------------------------------------------------------
// Update builders
// ---------------------------------------------------------------------------

static NEXT_INCOMING_MESSAGE_ID: AtomicI64 = AtomicI64::new(1);
static NEXT_INLINE_QUERY_ID: AtomicI64 = AtomicI64::new(9_000_000_001);

/// Current Unix time in seconds.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// A fresh `message_id` for an incoming message (process-wide counter).
pub fn next_message_id() -> i64 {
    NEXT_INCOMING_MESSAGE_ID.fetch_add(1, Ordering::Relaxed)
}

/// The `getMe` result.
pub fn me_json() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
        "can_join_groups": true,
        "can_read_all_group_messages": false,
        "supports_inline_queries": true,
        "can_connect_to_business": false,
        "has_main_web_app": false,
    })
}

/// The bot as a `User` (the `from` of its messages).
pub fn bot_user_json() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
    })
}

/// A human `User` with predictable names (`User42`, `@user42`).
pub fn user_json(user_id: i64) -> Value {
    json!({
        "id": user_id,
        "is_bot": false,
        "first_name": format!("User{user_id}"),
        "username": format!("user{user_id}"),
        "language_code": "zh-hans",
    })
}

/// The private `Chat` with a user.
pub fn private_chat_json(user_id: i64) -> Value {
    json!({
        "id": user_id,
        "type": "private",
        "first_name": format!("User{user_id}"),
        "username": format!("user{user_id}"),
    })
}

/// A group `Chat`: a supergroup for `-100…` ids, a basic group otherwise.
pub fn group_chat_json(chat_id: i64) -> Value {
    let kind = if chat_id <= -1_000_000_000_000 {
        "supergroup"
    } else {
        "group"
    };
    json!({
        "id": chat_id,
        "type": kind,
        "title": format!("Test group {chat_id}"),
    })
}

/// A channel `Chat`.
pub fn channel_chat_json(chat_id: i64) -> Value {
    json!({
        "id": chat_id,
        "type": "channel",
        "title": format!("Test channel {chat_id}"),
        "username": format!("channel{}", chat_id.unsigned_abs()),
    })
}

/// `forward_origin` of a message forwarded from a user.
pub fn forward_origin_user(user_id: i64) -> Value {
    json!({"type": "user", "date": unix_now(), "sender_user": user_json(user_id)})
}

/// `forward_origin` of a message forwarded from a channel post.
pub fn forward_origin_channel(chat_id: i64, message_id: i64) -> Value {
    json!({
        "type": "channel",
        "date": unix_now(),
        "chat": channel_chat_json(chat_id),
        "message_id": message_id,
    })
}

/// The entities Telegram's clients attach to `text`: `bot_command` for
/// `/cmd` and `/cmd@bot`, `mention` for `@username`, with UTF-16 offsets.
pub fn text_entities(text: &str) -> Vec<Value> {
    let chars: Vec<char> = text.chars().collect();
    let mut offsets = Vec::with_capacity(chars.len() + 1);
    let mut offset = 0;
    for c in &chars {
        offsets.push(offset);
        offset += c.len_utf16();
    }
    offsets.push(offset);

    let mut entities = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !(is_word_char(chars[i - 1]) || chars[i - 1] == '/');
        let end = match chars[i] {
            '/' if boundary => command_end(&chars, i),
            '@' if boundary => mention_end(&chars, i),
            _ => None,
        };
        match end {
            Some(end) => {
                let kind = if chars[i] == '/' {
                    "bot_command"
                } else {
                    "mention"
                };
                entities.push(json!({
                    "type": kind,
                    "offset": offsets[i],
                    "length": offsets[end] - offsets[i],
                }));
                i = end;
            }
            None => i += 1,
        }
    }
    entities
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn ascii_word_end(chars: &[char], from: usize) -> usize {
    let mut end = from;
    while chars
        .get(end)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
    {
        end += 1;
    }
    end
}

fn command_end(chars: &[char], slash: usize) -> Option<usize> {
    let end = ascii_word_end(chars, slash + 1);
    if !(1..=64).contains(&(end - slash - 1)) {
        return None;
    }
    if chars.get(end) == Some(&'@') {
        if let Some(username_end) = mention_end(chars, end) {
            return Some(username_end);
        }
    }
    Some(end)
}

fn mention_end(chars: &[char], at: usize) -> Option<usize> {
    let end = ascii_word_end(chars, at + 1);
    (3..=32).contains(&(end - at - 1)).then_some(end)
}

/// A `Message` object: fresh `message_id`, current `date`, `text` and its
/// auto-detected `entities`. `from: Value::Null` leaves `from` out. `extra`
/// (an object, or `Value::Null`) is merged last; a `null` value in it
/// removes that field (e.g. `{"entities": null}`).
///
/// # Panics
/// If `extra` is neither an object nor null.
pub fn message(chat: Value, from: Value, text: &str, extra: Value) -> Value {
    let mut message = json!({
        "message_id": next_message_id(),
        "date": unix_now(),
        "chat": chat,
        "text": text,
    });
    if !from.is_null() {
        message["from"] = from;
    }
    let entities = text_entities(text);
    if !entities.is_empty() {
        message["entities"] = Value::Array(entities);
    }
    merge_fields(&mut message, extra);
    message
}

fn merge_fields(target: &mut Value, extra: Value) {
    let fields = match extra {
        Value::Object(fields) => fields,
        Value::Null => return,
        other => panic!("extra fields must be a JSON object or null, got {other}"),
    };
    let Some(target) = target.as_object_mut() else {
        return;
    };
    for (key, value) in fields {
        if value.is_null() {
            target.remove(&key);
        } else {
            target.insert(key, value);
        }
    }
}

/// A message the bot sent earlier (for `reply_to_message`).
pub fn bot_message(chat: Value, message_id: i64, text: &str) -> Value {
    json!({
        "message_id": message_id,
        "date": unix_now(),
        "chat": chat,
        "from": bot_user_json(),
        "text": text,
    })
}

/// Wraps a payload into an update of the given kind (`message`,
/// `edited_message`, `channel_post`, or any unknown kind). `update_id` is
/// assigned by [`FakeBotApi::push_update`].
pub fn update(kind: &str, payload: Value) -> Value {
    let mut update = serde_json::Map::new();
    update.insert(kind.to_owned(), payload);
    Value::Object(update)
}

/// Update: a user writes `text` to the bot in private.
pub fn private_text(user_id: i64, text: &str) -> Value {
    update(
        "message",
        message(
            private_chat_json(user_id),
            user_json(user_id),
            text,
            Value::Null,
        ),
    )
}

/// Update: a user sends a file (a `Document` named `file_name`) in a
/// private chat; store its bytes with [`FakeBotApi::add_file`] under
/// `file_id` so the bot can fetch it.
pub fn private_document(user_id: i64, file_name: &str, file_id: &str, file_size: usize) -> Value {
    let mut message = message(
        private_chat_json(user_id),
        user_json(user_id),
        "",
        json!({
            "document": {
                "file_id": file_id,
                "file_unique_id": format!("unique-{file_id}"),
                "file_name": file_name,
                "mime_type": "text/markdown",
                "file_size": file_size,
            },
        }),
    );
    if let Some(fields) = message.as_object_mut() {
        fields.remove("text");
    }
    update("message", message)
}

/// Update: a user writes `text` in a group.
pub fn group_text(chat_id: i64, user_id: i64, text: &str) -> Value {
    update(
        "message",
        message(
            group_chat_json(chat_id),
            user_json(user_id),
            text,
            Value::Null,
        ),
    )
}

/// Update: a user replies in a group to the bot's message
/// `replied_message_id`.
pub fn group_reply_to_bot(
    chat_id: i64,
    user_id: i64,
    text: &str,
    replied_message_id: i64,
) -> Value {
    let replied = bot_message(
        group_chat_json(chat_id),
        replied_message_id,
        "(earlier answer from the bot)",
    );
    update(
        "message",
        message(
            group_chat_json(chat_id),
            user_json(user_id),
            text,
            json!({ "reply_to_message": replied }),
        ),
    )
}

/// Update: a channel post (no `from`, `sender_chat` is the channel).
pub fn channel_post(chat_id: i64, text: &str) -> Value {
    let channel = channel_chat_json(chat_id);
    update(
        "channel_post",
        message(
            channel.clone(),
            Value::Null,
            text,
            json!({ "sender_chat": channel }),
        ),
    )
}

/// Update: an inline query from a user (its id is answerable once pushed).
pub fn inline_query(user_id: i64, query: &str) -> Value {
    let id = NEXT_INLINE_QUERY_ID.fetch_add(1, Ordering::Relaxed);
    update(
        "inline_query",
        json!({
            "id": id.to_string(),
            "from": user_json(user_id),
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }),
    )
}

//! The Telegram transport: long polling, the handler tree, sending replies with Telegram's rules
//! (HTML, threading, splitting, flood-limit retries), inline mode and admin commands.
//!
//! Owns: everything that touches teloxide. Answers come from [`crate::admin::Library`] (searches
//! run on tokio's blocking pool, bounded by a semaphore); texts come from [`crate::render`].
//! Must not: compose answers, render cards, or log the bot token (`Debug` of `Bot` prints it, so
//! no bot value is ever formatted).

use std::collections::HashSet;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{FutureExt, StreamExt};
use teloxide::dispatching::{Dispatcher, UpdateFilterExt, UpdateHandler};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, ChatId, Document, FileId, InlineQueryResult, InlineQueryResultArticle,
    InputMessageContent, InputMessageContentText, LinkPreviewOptions, Me, MessageId, ParseMode,
    ReplyParameters,
};
use teloxide::update_listeners::{Polling, UpdateListener as _};
use teloxide::{ApiError, RequestError};
use tokio::sync::Semaphore;

use crate::admin::{AdminError, ArticleFileError, Library, MAX_UPLOAD_BYTES};
use crate::answer::{Conversation, Reply};
use crate::render;

/// Sender ids Telegram uses as placeholders: never an admin, whatever the configuration says.
/// 1087968824 = GroupAnonymousBot, 136817688 = Channel_Bot, 777000 = Telegram service.
pub const PLACEHOLDER_SENDERS: [u64; 3] = [1_087_968_824, 136_817_688, 777_000];

/// Inline mode offers at most this many cards.
const INLINE_RESULTS: usize = 5;

/// A message is sent at most this many times: a 429 is waited out (`Throttle` does that
/// itself, this is the fallback), a 5xx answer (an HTML error page; teloxide has already waited
/// 10 s) or a refused connection is retried.
const SEND_ATTEMPTS: usize = 4;

/// A function called with each question (see [`BotState::before_search`]).
pub type QuestionHook = Arc<dyn Fn(&str) + Send + Sync>;

/// Everything the handlers need, shared by all of them.
pub struct BotState {
    pub library: Arc<Library>,
    admins: HashSet<u64>,
    searches: Semaphore,
    conversations: Conversations,
    /// Called with every question before it is searched, on the handler's task. Tests use it
    /// to inject faults (a panic must not stop the bot); `None` in production.
    pub before_search: Option<QuestionHook>,
}

impl std::fmt::Debug for BotState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BotState")
            .field("admins", &self.admins.len())
            .finish_non_exhaustive()
    }
}

impl BotState {
    pub fn new(library: Arc<Library>) -> BotState {
        let config = &library.resources().config;
        let admins = config.admins.iter().copied().collect();
        let searches = Semaphore::new(config.search_concurrency);
        BotState {
            library,
            admins,
            searches,
            conversations: Conversations::default(),
            before_search: None,
        }
    }

    fn top(&self) -> usize {
        self.library.resources().config.answers.top
    }
}

/// The bot client type: requests go through teloxide's `Throttle` (flood limits, 429 retries).
pub type BotClient = teloxide::adaptors::Throttle<Bot>;

/// Why the bot cannot start. Never contains the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartError {
    #[error("TELOXIDE_TOKEN is not set: set it to the token BotFather gave you")]
    MissingToken,
    #[error(
        "TELOXIDE_TOKEN does not look like a bot token (BotFather's tokens are `digits:letters`)"
    )]
    MalformedToken,
    #[error("TELOXIDE_API_URL is not a valid http(s) URL")]
    BadApiUrl,
    #[error(
        "Telegram rejected the token in TELOXIDE_TOKEN (revoked or mistyped?), or TELOXIDE_API_URL \
         does not point at a Bot API server"
    )]
    TokenRejected,
    #[error("cannot reach the Telegram Bot API ({0}); check the network, or TELOXIDE_API_URL")]
    Unreachable(&'static str),
    #[error("the Telegram Bot API refused getMe: {0}")]
    Refused(String),
    #[error("cannot set up an HTTPS client (TLS initialisation failed)")]
    NoHttpClient,
}

impl StartError {
    /// What a failed `getMe` means, in one line without teloxide's and reqwest's nested texts.
    fn from_get_me(e: &RequestError) -> StartError {
        match e {
            RequestError::Api(ApiError::InvalidToken) => StartError::TokenRejected,
            RequestError::Network(e) if e.is_connect() => StartError::Unreachable("cannot connect"),
            RequestError::Network(e) if e.is_timeout() => StartError::Unreachable("timed out"),
            RequestError::Network(_) => StartError::Unreachable("network error"),
            RequestError::InvalidJson { .. } => {
                StartError::Unreachable("the answer is not the Bot API's JSON")
            }
            RequestError::Api(api) => StartError::Refused(api.to_string()),
            other => StartError::Refused(other.to_string()),
        }
    }
}

/// Where and as whom the bot connects: `TELOXIDE_TOKEN` and, when set, `TELOXIDE_API_URL`.
/// Checked before anything slow happens; `Debug` does not show the token.
pub struct Connection {
    /// Not formatted anywhere: `Debug` of `Bot` prints the token.
    bot: Bot,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("api_url", &self.bot.api_url().as_str())
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// Reads and checks the environment.
    pub fn from_env() -> Result<Connection, StartError> {
        Connection::new(
            std::env::var("TELOXIDE_TOKEN").ok().as_deref(),
            std::env::var("TELOXIDE_API_URL").ok().as_deref(),
        )
    }

    /// Checks a token (present, non-empty, shaped `digits:secret`) and an optional API URL.
    pub fn new(token: Option<&str>, api_url: Option<&str>) -> Result<Connection, StartError> {
        let token = token
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(StartError::MissingToken)?;
        if !plausible_token(token) {
            return Err(StartError::MalformedToken);
        }
        let mut bot = new_bot(token, Timeouts::TELEGRAM)?;
        if let Some(url) = api_url.map(str::trim).filter(|u| !u.is_empty()) {
            let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
            if !matches!(scheme.as_deref(), Some("http" | "https")) {
                return Err(StartError::BadApiUrl);
            }
            bot = bot.set_api_url(url.parse().map_err(|_| StartError::BadApiUrl)?);
        }
        Ok(Connection { bot })
    }

    /// The throttled client. Needs a tokio runtime (`Throttle` runs a worker task).
    pub fn client(self) -> BotClient {
        throttled(self.bot)
    }
}

/// How long the bot waits for Telegram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open a connection.
    pub connect: Duration,
    /// With no byte arriving: the connection has stalled. Longer than [`POLL_TIMEOUT`], which
    /// Telegram may spend answering a `getUpdates` with nothing.
    pub read: Duration,
    /// For a whole request, a file download included.
    pub total: Duration,
}

impl Timeouts {
    /// teloxide's default client gives every request 17 s in all, which an article file near
    /// the 20 MB limit needs more than on a link slower than 1.2 MB/s, while it is still
    /// arriving. Here a request fails when nothing arrives for 17 s; 10 minutes is the cap for
    /// one that only trickles.
    pub const TELEGRAM: Timeouts = Timeouts {
        connect: Duration::from_secs(5),
        read: Duration::from_secs(17),
        total: Duration::from_secs(600),
    };
}

/// How long a `getUpdates` long poll asks Telegram to wait for an update.
pub const POLL_TIMEOUT: Duration = Duration::from_secs(10);

// A long poll that waits its full time must not count as a stalled connection.
const _: () = assert!(Timeouts::TELEGRAM.read.as_secs() > POLL_TIMEOUT.as_secs());

/// A bot whose requests wait for Telegram as `timeouts` say (see [`Timeouts::TELEGRAM`]).
pub fn new_bot(token: &str, timeouts: Timeouts) -> Result<Bot, StartError> {
    let client = teloxide::net::default_reqwest_settings()
        .connect_timeout(timeouts.connect)
        .read_timeout(timeouts.read)
        .timeout(timeouts.total)
        .build()
        .map_err(|_| StartError::NoHttpClient)?;
    Ok(Bot::with_client(token, client))
}

/// `123456:ABC-def_…`: the bot's numeric id, a colon, and a secret without spaces.
fn plausible_token(token: &str) -> bool {
    let Some((id, secret)) = token.split_once(':') else {
        return false;
    };
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && !secret.is_empty()
        && secret.bytes().all(|b| b.is_ascii_graphic())
}

/// Wraps a bot in `Throttle` with Telegram's published limits; it retries 429s itself.
pub fn throttled(bot: Bot) -> BotClient {
    bot.throttle(teloxide::adaptors::throttle::Limits::default())
}

/// Runs the bot until `shutdown` resolves, then stops polling and lets in-flight updates finish.
pub async fn run<R: Client>(
    bot: R,
    state: Arc<BotState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let me = bot
        .get_me()
        .await
        .map_err(|e| StartError::from_get_me(&e))?;
    if let Err(e) = bot.set_my_commands(commands()).await {
        tracing::warn!("could not register the command menu: {e}");
    }
    // teloxide's own `dispatch()` stops polling only when its shutdown token's one-off wake-up
    // reaches the dispatcher loop; a signal that lands while the loop is busy elsewhere is lost
    // and polling goes on forever. The listener's stop flag stays set and is checked on every
    // poll, so stopping through it cannot be missed.
    let mut listener = Polling::builder(bot.clone())
        .timeout(POLL_TIMEOUT)
        .delete_webhook()
        .await
        .build();
    let stop_polling = listener.stop_token();
    let mut dispatcher = Dispatcher::builder(bot, handler_tree::<R>())
        .dependencies(dptree::deps![state, me])
        .default_handler(|_| async {})
        .build();
    let token = dispatcher.shutdown_token();
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing updates in flight");
        stop_polling.stop();
        // Also wakes the dispatcher if it is idle; an error only means it is already stopping
        // or has not started (the stopped listener ends it either way).
        let _ = token.shutdown();
    });
    let on_error = LoggingErrorHandler::with_custom_text("An error from the update listener");
    dispatcher.dispatch_with_listener(listener, on_error).await;
    Ok(())
}

fn commands() -> Vec<BotCommand> {
    vec![
        BotCommand::new("ask", "提问：/ask GRPO 为什么重要？"),
        BotCommand::new("sources", "收录的文章"),
        BotCommand::new("help", "使用说明"),
        BotCommand::new("about", "关于本机器人"),
    ]
}

/// The handler tree: messages and inline queries; every other update kind (edited messages,
/// channel posts, …) falls through to the silent default handler.
pub fn handler_tree<R: Client>() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(guarded_message::<R>))
        .branch(Update::filter_inline_query().endpoint(guarded_inline::<R>))
}

/// A panic while answering one update is logged and swallowed, so the dispatcher keeps going.
async fn guarded_message<R: Client>(
    bot: R,
    msg: Message,
    state: Arc<BotState>,
    me: Me,
) -> anyhow::Result<()> {
    let outcome = AssertUnwindSafe(on_message(bot, msg, state, me))
        .catch_unwind()
        .await;
    settle(outcome)
}

async fn guarded_inline<R: Client>(
    bot: R,
    query: InlineQuery,
    state: Arc<BotState>,
) -> anyhow::Result<()> {
    let outcome = AssertUnwindSafe(on_inline(bot, query, state))
        .catch_unwind()
        .await;
    settle(outcome)
}

fn settle(outcome: std::thread::Result<anyhow::Result<()>>) -> anyhow::Result<()> {
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            tracing::warn!("update failed: {e}");
            Ok(())
        }
        Err(_) => {
            tracing::error!("a handler panicked; the bot keeps running");
            Ok(())
        }
    }
}

/// What the handlers need of a bot client: any teloxide requester (the throttled [`BotClient`]
/// in production; a bare `Bot` where flood limits must not shape a measurement).
pub trait Client:
    Requester<
        Err = RequestError,
        GetUpdates: Send,
        GetMe: Send,
        SendMessage: Send,
        SetMyCommands: Send,
        AnswerInlineQuery: Send,
        GetFile: Send,
    > + Download
    + Clone
    + Send
    + Sync
    + 'static
{
}

impl<T> Client for T where
    T: Requester<
            Err = RequestError,
            GetUpdates: Send,
            GetMe: Send,
            SendMessage: Send,
            SetMyCommands: Send,
            AnswerInlineQuery: Send,
            GetFile: Send,
        > + Download
        + Clone
        + Send
        + Sync
        + 'static
{
}

/// What a message asks of the bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    Question(String),
    Command(Command),
    Ignore,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    Help,
    About,
    Sources,
    AskUsage,
    Reload,
    Stats,
    /// `/remove FILE`; an empty file name asks for the list of files.
    Remove(String),
}

impl Command {
    fn admin_only(&self) -> bool {
        matches!(self, Command::Reload | Command::Stats | Command::Remove(_))
    }
}

/// Decides what a message means, from its text alone (pure, so it is unit-tested).
/// `addressed` is true when the message replies to the bot or mentions it.
///
/// In a group, this bot's commands are answered whether written `/help` or `/help@bot` (both
/// invoke it; a bare `/stats` is refused like `/stats@bot`, so a bare `/help` is answered like
/// `/help@bot`); commands for another bot and unknown commands are ignored, and other messages
/// are answered only when addressed.
pub fn intent(text: &str, private: bool, addressed: bool, bot_username: &str) -> Intent {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('/') {
        let (word, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let (name, target) = word.split_once('@').unwrap_or((word, ""));
        if !target.is_empty() && !target.eq_ignore_ascii_case(bot_username) {
            return Intent::Ignore;
        }
        let args = args.trim();
        return match name.to_ascii_lowercase().as_str() {
            "ask" if args.is_empty() => Intent::Command(Command::AskUsage),
            "ask" => Intent::Question(args.to_string()),
            "start" => Intent::Command(Command::Start),
            "help" => Intent::Command(Command::Help),
            "about" => Intent::Command(Command::About),
            "sources" => Intent::Command(Command::Sources),
            "reload" => Intent::Command(Command::Reload),
            "stats" => Intent::Command(Command::Stats),
            "remove" => Intent::Command(Command::Remove(args.to_string())),
            _ if private => Intent::Command(Command::Help),
            _ => Intent::Ignore,
        };
    }
    let mention = format!("@{bot_username}");
    let mentioned = contains_ignore_ascii_case(text, &mention);
    if private || addressed || mentioned {
        let question = remove_ignore_ascii_case(text, &mention);
        let question = question.trim();
        if question.is_empty() {
            return if private {
                Intent::Ignore
            } else {
                Intent::Command(Command::AskUsage)
            };
        }
        return Intent::Question(question.to_string());
    }
    Intent::Ignore
}

fn contains_ignore_ascii_case(text: &str, needle: &str) -> bool {
    text.to_ascii_lowercase()
        .contains(&needle.to_ascii_lowercase())
}

fn remove_ignore_ascii_case(text: &str, needle: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase();
    let mut out = String::new();
    let mut at = 0;
    for (i, _) in lower.match_indices(&needle) {
        out.push_str(&text[at..i]);
        at = i + needle.len();
    }
    out.push_str(&text[at..]);
    out
}

async fn on_message<R: Client>(
    bot: R,
    msg: Message,
    state: Arc<BotState>,
    me: Me,
) -> anyhow::Result<()> {
    if let Some(new_id) = msg.migrate_to_chat_id() {
        tracing::info!("chat {} migrated to supergroup {}", msg.chat.id, new_id);
        return Ok(());
    }
    let private = msg.chat.is_private();
    if let (Some(document), true) = (msg.document(), private) {
        return receive_article(&bot, &msg, &state, document).await;
    }
    let Some(text) = msg.text() else {
        return Ok(());
    };
    if !(private || msg.chat.is_group() || msg.chat.is_supergroup()) {
        return Ok(());
    }
    let replies_to_bot = msg
        .reply_to_message()
        .and_then(|r| r.from.as_ref())
        .is_some_and(|u| u.id == me.id);
    let username = me.username.clone().unwrap_or_default();
    match intent(text, private, replies_to_bot, &username) {
        Intent::Ignore => Ok(()),
        Intent::Question(q) => answer_message(&bot, &msg, &state, &q).await,
        Intent::Command(command) => run_command(&bot, &msg, &state, &me, command).await,
    }
}

async fn run_command<R: Client>(
    bot: &R,
    msg: &Message,
    state: &BotState,
    me: &Me,
    command: Command,
) -> anyhow::Result<()> {
    let manifest = &state.library.engine().manifest;
    if command.admin_only() && !is_trusted_admin(msg, state) {
        let who = sender_id(msg);
        tracing::warn!(
            "refused admin command {command:?} from user {who} in chat {}",
            msg.chat.id
        );
        let refusal = [render::escape(render::NOT_ADMIN_REPLY)];
        return send_all(bot, msg.chat.id, Some(msg.id), &refusal).await;
    }
    let reply = match command {
        Command::Start | Command::Help => {
            vec![help_reply(me, manifest, is_trusted_admin(msg, state))]
        }
        Command::About => vec![render::about_html(manifest)],
        Command::Sources => render::sources_html(&manifest.articles),
        Command::AskUsage => vec![render::escape(render::ASK_USAGE)],
        Command::Stats => vec![render::stats_html(
            &state.library.stats().snapshot(),
            manifest,
        )],
        Command::Remove(file) if file.is_empty() => {
            vec![render::remove_usage_html(&manifest.articles)]
        }
        Command::Remove(file) => return remove_article(bot, msg, state, file).await,
        Command::Reload => return reload(bot, msg, state).await,
    };
    send_all(bot, msg.chat.id, Some(msg.id), &reply).await
}

/// `/start` and `/help`, offering inline mode only when `getMe` says it is enabled, and the
/// admin commands only to an admin.
fn help_reply(me: &Me, manifest: &crate::search::Manifest, admin: bool) -> String {
    let username = me.user.username.as_deref().unwrap_or_default();
    render::help_html(username, manifest, me.supports_inline_queries, admin)
}

/// The user id of who sent `msg`, or 0 when Telegram gives none (channel posts).
fn sender_id(msg: &Message) -> u64 {
    msg.from.as_ref().map_or(0, |u| u.id.0)
}

/// An admin command comes from a configured user id, in a private chat, in their own name
/// (never a placeholder sender, never on behalf of a chat), and is not forwarded: a forwarded
/// `/reload` was not typed now.
fn is_trusted_admin(msg: &Message, state: &BotState) -> bool {
    is_admin_sender(msg, state) && msg.forward_origin().is_none()
}

/// Who may send articles: as [`is_trusted_admin`], except that the admin may forward the file
/// (from a channel, say): sending it to the bot is the admin's act.
fn is_admin_sender(msg: &Message, state: &BotState) -> bool {
    let Some(user) = msg.from.as_ref() else {
        return false;
    };
    msg.chat.is_private()
        && msg.sender_chat.is_none()
        && !user.is_bot
        && !PLACEHOLDER_SENDERS.contains(&user.id.0)
        && state.admins.contains(&user.id.0)
}

async fn reload<R: Client>(bot: &R, msg: &Message, state: &BotState) -> anyhow::Result<()> {
    let who = sender_id(msg);
    tracing::info!("reload requested by admin {who}");
    send_all(
        bot,
        msg.chat.id,
        Some(msg.id),
        &[render::escape(render::RELOAD_STARTED_REPLY)],
    )
    .await?;
    let library = Arc::clone(&state.library);
    let outcome = tokio::task::spawn_blocking(move || library.reload()).await;
    let reply = match outcome {
        Ok(Ok(report)) => {
            tracing::info!(
                "reloaded: {} articles, {} passages in {:.2} s",
                report.build.manifest.articles.len(),
                report.build.manifest.passages(),
                report.build.elapsed.as_secs_f64()
            );
            render::reload_html(&report)
        }
        Ok(Err(AdminError::Busy)) => render::escape(render::RELOAD_BUSY_REPLY),
        Ok(Err(e)) => {
            tracing::warn!("reload failed, old index kept: {e}");
            render::reload_failed_html(&e.to_string())
        }
        Err(_) => {
            tracing::error!("reload panicked, old index kept");
            render::reload_failed_html("内部错误")
        }
    };
    send_all(bot, msg.chat.id, None, &[reply]).await
}

/// A file sent in a private chat: an admin adding an article. It is checked, saved into the
/// corpus folder and indexed (see [`Library::add_article`]); anyone else is told that only
/// admins can add articles.
async fn receive_article<R: Client>(
    bot: &R,
    msg: &Message,
    state: &BotState,
    document: &Document,
) -> anyhow::Result<()> {
    let who = sender_id(msg);
    if !is_admin_sender(msg, state) {
        tracing::warn!("refused a file from user {who} in chat {}", msg.chat.id);
        let refusal = [render::escape(render::NOT_ADMIN_UPLOAD_REPLY)];
        return send_all(bot, msg.chat.id, Some(msg.id), &refusal).await;
    }
    let sent_name = document.file_name.clone().unwrap_or_default();
    let refuse = |e: ArticleFileError| vec![render::article_refused_html(&e)];
    let name = match crate::admin::article_file_name(&sent_name) {
        Ok(name) => name,
        Err(e) => return send_all(bot, msg.chat.id, Some(msg.id), &refuse(e)).await,
    };
    let size = u64::from(document.file.size);
    if size > MAX_UPLOAD_BYTES {
        let reply = [render::upload_too_large_html(Some(size))];
        return send_all(bot, msg.chat.id, Some(msg.id), &reply).await;
    }
    tracing::info!("admin {who} sent the article {name:?} ({size} bytes)");
    let started = [render::upload_started_html(&name)];
    send_all(bot, msg.chat.id, Some(msg.id), &started).await?;
    let raw = match download(bot, &document.file.id, &name).await {
        Ok(raw) => raw,
        Err(fetch) => {
            let reply = match fetch {
                Fetch::Failed => render::escape(render::UPLOAD_DOWNLOAD_FAILED_REPLY),
                Fetch::TooLarge => render::upload_too_large_html(None),
            };
            return send_all(bot, msg.chat.id, None, &[reply]).await;
        }
    };
    let library = Arc::clone(&state.library);
    let outcome = tokio::task::spawn_blocking(move || library.add_article(&name, &raw)).await;
    let replies = match outcome {
        Ok(Ok(report)) => {
            tracing::info!("article {} saved ({:?})", report.file, report.saved);
            let mut replies = vec![render::upload_html(&report)];
            replies.extend(report.reload.as_ref().map(render::reload_html));
            replies
        }
        Ok(Err(e)) => {
            tracing::warn!("article not added: {e}");
            refuse(e)
        }
        Err(_) => {
            tracing::error!("adding an article panicked, old index kept");
            vec![render::reload_failed_html("内部错误")]
        }
    };
    send_all(bot, msg.chat.id, None, &replies).await
}

/// Why a file sent to the bot could not be fetched.
enum Fetch {
    /// Telegram did not deliver it (getFile refused, the download failed or broke off).
    Failed,
    /// It turned out larger than [`MAX_UPLOAD_BYTES`], whatever the message said.
    TooLarge,
}

/// The bytes of a file sent to the bot, at most [`MAX_UPLOAD_BYTES`]. Failures are logged by
/// kind only: their text may hold the file's URL, and so the token.
async fn download<R: Client>(bot: &R, file_id: &FileId, name: &str) -> Result<Vec<u8>, Fetch> {
    let file = bot.get_file(file_id.clone()).await.map_err(|e| {
        let kind = match e {
            RequestError::Api(_) => "refused",
            RequestError::Network(_) | RequestError::Io(_) => "network error",
            _ => "unexpected answer",
        };
        tracing::warn!("getFile failed for the article {name:?}: {kind}");
        Fetch::Failed
    })?;
    let mut stream = std::pin::pin!(bot.download_file_stream(&file.path));
    let mut raw = Vec::new();
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            tracing::warn!("the download of the article {name:?} failed or broke off");
            return Err(Fetch::Failed);
        };
        raw.extend_from_slice(&chunk);
        if raw.len() as u64 > MAX_UPLOAD_BYTES {
            tracing::warn!("the article {name:?} is larger than its message said; not read on");
            return Err(Fetch::TooLarge);
        }
    }
    Ok(raw)
}

/// `/remove FILE` from an admin: the article leaves the corpus folder and the index.
async fn remove_article<R: Client>(
    bot: &R,
    msg: &Message,
    state: &BotState,
    file: String,
) -> anyhow::Result<()> {
    let who = sender_id(msg);
    tracing::info!("admin {who} removes the article {file:?}");
    let library = Arc::clone(&state.library);
    let outcome = tokio::task::spawn_blocking(move || library.remove_article(&file)).await;
    let replies = match outcome {
        Ok(Ok(report)) => vec![
            render::removed_html(&report),
            render::reload_html(&report.reload),
        ],
        Ok(Err(e)) => {
            tracing::warn!("article not removed: {e}");
            vec![render::article_refused_html(&e)]
        }
        Err(_) => {
            tracing::error!("removing an article panicked, old index kept");
            vec![render::reload_failed_html("内部错误")]
        }
    };
    send_all(bot, msg.chat.id, Some(msg.id), &replies).await
}

async fn answer_message<R: Client>(
    bot: &R,
    msg: &Message,
    state: &BotState,
    question: &str,
) -> anyhow::Result<()> {
    // In a group, each member's follow-ups point back at their own last question.
    let asker = sender_id(msg);
    let key = Some((msg.chat.id.0, asker));
    let messages = match ask(state, question, state.top(), key).await {
        Ok(reply) => render::telegram_messages(&reply),
        Err(text) => vec![render::escape(text)],
    };
    send_all(bot, msg.chat.id, Some(msg.id), &messages).await
}

/// Searches on the blocking pool, at most `search_concurrency` at a time; failures become a
/// fixed, friendly text (the details go to the log). With a conversation key, the question is
/// the next turn of that conversation (a follow-up's 他 means whom the last reply was about).
async fn ask(
    state: &BotState,
    question: &str,
    top: usize,
    conversation: Option<ConversationKey>,
) -> Result<Reply, &'static str> {
    let _permit = state
        .searches
        .acquire()
        .await
        .map_err(|_| render::BUSY_REPLY)?;
    if let Some(hook) = &state.before_search {
        hook(question);
    }
    let engine = state.library.engine();
    let question = question.to_string();
    let started = Instant::now();
    let mut turn = conversation.map(|key| (key, state.conversations.get(key)));
    let outcome = tokio::task::spawn_blocking(move || {
        let reply = match &mut turn {
            Some((_, conversation)) => conversation.ask(&engine, &question, top),
            None => engine.ask(&question, top),
        };
        (reply, turn)
    })
    .await;
    match outcome {
        Ok((Ok(reply), turn)) => {
            if let Some((key, conversation)) = turn {
                state.conversations.put(key, conversation);
            }
            state
                .library
                .stats()
                .record_question(!reply.answers.is_empty(), started.elapsed());
            Ok(reply)
        }
        Ok((Err(e), _)) => {
            tracing::error!("search failed: {e}");
            Err(render::ERROR_REPLY)
        }
        Err(_) => {
            tracing::error!("search panicked");
            Err(render::ERROR_REPLY)
        }
    }
}

/// A conversation: a chat and the member asking in it.
type ConversationKey = (i64, u64);

/// The conversations the bot remembers, each until it has been idle for
/// [`Conversations::IDLE`]; at most [`Conversations::MOST`] of them.
#[derive(Default)]
struct Conversations {
    by_key: std::sync::Mutex<std::collections::HashMap<ConversationKey, (Conversation, Instant)>>,
}

impl Conversations {
    const IDLE: Duration = Duration::from_secs(30 * 60);
    const MOST: usize = 10_000;

    fn get(&self, key: ConversationKey) -> Conversation {
        let map = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(&key) {
            Some((conversation, at)) if at.elapsed() < Self::IDLE => conversation.clone(),
            _ => Conversation::default(),
        }
    }

    fn put(&self, key: ConversationKey, conversation: Conversation) {
        let mut map = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= Self::MOST && !map.contains_key(&key) {
            map.retain(|_, (_, at)| at.elapsed() < Self::IDLE);
            if map.len() >= Self::MOST {
                // Every one of them is recent: forget the oldest.
                let oldest = map.iter().min_by_key(|(_, (_, at))| *at).map(|(k, _)| *k);
                if let Some(oldest) = oldest {
                    map.remove(&oldest);
                }
            }
        }
        map.insert(key, (conversation, Instant::now()));
    }
}

/// Sends messages in order; the first is threaded to `reply_to`. Link previews are off.
async fn send_all<R: Client>(
    bot: &R,
    chat: ChatId,
    reply_to: Option<MessageId>,
    messages: &[String],
) -> anyhow::Result<()> {
    for (i, html) in messages.iter().enumerate() {
        let thread = if i == 0 { reply_to } else { None };
        send_html(bot, chat, thread, html).await?;
    }
    Ok(())
}

async fn send_html<R: Client>(
    bot: &R,
    mut chat: ChatId,
    reply_to: Option<MessageId>,
    html: &str,
) -> anyhow::Result<()> {
    let mut attempt = 0;
    let mut plain = false;
    let mut migrated = false;
    loop {
        attempt += 1;
        let text = if plain {
            render::html_to_plain(html)
        } else {
            html.to_string()
        };
        let mut request = bot
            .send_message(chat, text)
            .link_preview_options(no_preview());
        if !plain {
            request = request.parse_mode(ParseMode::Html);
        }
        if let Some(id) = reply_to {
            request =
                request.reply_parameters(ReplyParameters::new(id).allow_sending_without_reply());
        }
        match request.await {
            Ok(_) => return Ok(()),
            Err(RequestError::Api(ApiError::CantParseEntities(reason))) if !plain => {
                tracing::warn!("Telegram rejected our HTML ({reason}); resending as plain text");
                plain = true;
            }
            Err(RequestError::RetryAfter(wait)) if attempt < SEND_ATTEMPTS => {
                tokio::time::sleep(wait.duration()).await;
            }
            // The group became a supergroup while we answered: answer there (the question's
            // id does not exist in the new chat; `allow_sending_without_reply` covers that).
            Err(RequestError::MigrateToChatId(new_chat)) if !migrated => {
                tracing::info!("chat {chat} migrated to {new_chat}; sending the answer there");
                chat = new_chat;
                migrated = true;
            }
            Err(e) if attempt < SEND_ATTEMPTS && worth_retrying(&e) => {
                tracing::warn!("sending failed ({e}); retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Failures after which the message was certainly not delivered: a server error page (502/504
/// from Telegram's front end is HTML, not JSON) or a connection that was never made. A timeout
/// or a connection broken mid-answer is not retried: the message may have arrived, and sending
/// it again could answer twice.
fn worth_retrying(e: &RequestError) -> bool {
    match e {
        RequestError::InvalidJson { .. } => true,
        RequestError::Network(e) => e.is_connect(),
        _ => false,
    }
}

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

async fn on_inline<R: Client>(
    bot: R,
    query: InlineQuery,
    state: Arc<BotState>,
) -> anyhow::Result<()> {
    let text = query.query.trim();
    let results = if text.is_empty() {
        Vec::new()
    } else {
        match ask(&state, text, INLINE_RESULTS, None).await {
            Ok(reply) => inline_results(&reply),
            Err(_) => Vec::new(),
        }
    };
    bot.answer_inline_query(query.id, results)
        .cache_time(60)
        .await?;
    Ok(())
}

fn inline_results(reply: &Reply) -> Vec<InlineQueryResult> {
    // One result inserts one message: a long list is cut to what fits, saying how many more.
    let (id, message, title) = match reply.profiles.as_slice() {
        [] if !reply.articles.is_empty() => (
            "articles",
            render::sources_message(reply),
            render::articles_title(reply),
        ),
        [] => {
            return reply
                .answers
                .iter()
                .enumerate()
                .map(|(i, answer)| {
                    let title = format!(
                        "{}：{}",
                        render::said_by(&answer.passage),
                        render::shorten(&answer.quote_text(), 24)
                    );
                    html_result(i.to_string(), title, render::telegram_card(answer).html)
                        .description(format!("《{}》", answer.passage.article.title))
                })
                .map(InlineQueryResult::Article)
                .collect();
        }
        [profile] => (
            "profiles",
            render::profile_message(profile),
            match &profile.role {
                Some(role) => format!("{}：{}", profile.name, render::shorten(role, 24)),
                None => profile.name.clone(),
            },
        ),
        all => (
            "profiles",
            render::speakers_message(all),
            format!("{} 位发言人", all.len()),
        ),
    };
    vec![InlineQueryResult::Article(html_result(
        id.into(),
        title,
        message,
    ))]
}

/// An inline result that inserts `html` as a message without a link preview.
fn html_result(id: String, title: String, html: String) -> InlineQueryResultArticle {
    let content = InputMessageContent::Text(
        InputMessageContentText::new(html)
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview()),
    );
    InlineQueryResultArticle::new(id, title, content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversations_are_bounded_and_the_oldest_go_first() {
        let store = Conversations::default();
        store.put((1, 7), Conversation::default());
        for user in 0..(Conversations::MOST as u64 + 5) {
            store.put((2, user), Conversation::default());
        }
        let map = store.by_key.lock().unwrap();
        assert!(map.len() <= Conversations::MOST, "{}", map.len());
        assert!(map.contains_key(&(2, Conversations::MOST as u64 + 4)));
        assert!(!map.contains_key(&(1, 7)));
    }

    #[test]
    fn commands_and_mentions() {
        let bot = "fangtan_bot";
        let q = |s: &str| Intent::Question(s.to_string());
        assert_eq!(intent("/ask GRPO？", false, false, bot), q("GRPO？"));
        assert_eq!(
            intent("/ask@Fangtan_Bot GRPO？", false, false, bot),
            q("GRPO？")
        );
        assert_eq!(
            intent("/ask@OtherBot GRPO？", false, false, bot),
            Intent::Ignore
        );
        assert_eq!(
            intent("/ask", false, false, bot),
            Intent::Command(Command::AskUsage)
        );
        assert_eq!(
            intent("@fangtan_bot GRPO？", false, false, bot),
            q("GRPO？")
        );
        assert_eq!(intent("GRPO？", false, true, bot), q("GRPO？"));
        assert_eq!(intent("随便聊聊", false, false, bot), Intent::Ignore);
        assert_eq!(
            intent("/help", false, false, bot),
            Intent::Command(Command::Help)
        );
        assert_eq!(
            intent("/sources", false, false, bot),
            Intent::Command(Command::Sources)
        );
        assert_eq!(intent("/whatever", false, false, bot), Intent::Ignore);
        assert_eq!(intent("/help@OtherBot", false, false, bot), Intent::Ignore);
        assert_eq!(
            intent("/help@fangtan_bot", false, false, bot),
            Intent::Command(Command::Help)
        );
        assert_eq!(intent("GRPO？", true, false, bot), q("GRPO？"));
        assert_eq!(
            intent("/start", true, false, bot),
            Intent::Command(Command::Start)
        );
        assert_eq!(
            intent("/reload", true, false, bot),
            Intent::Command(Command::Reload)
        );
        assert_eq!(
            intent("/whatever", true, false, bot),
            Intent::Command(Command::Help)
        );
    }

    #[test]
    fn tokens_are_checked_before_anything_else() {
        let err = |token: Option<&str>| Connection::new(token, None).unwrap_err();
        assert_eq!(err(None), StartError::MissingToken);
        assert_eq!(err(Some("  ")), StartError::MissingToken);
        for bad in [
            "abc",
            "123456",
            ":secret",
            "12a:secret",
            "123456:",
            "123:sec ret",
        ] {
            assert_eq!(err(Some(bad)), StartError::MalformedToken, "{bad}");
        }
        assert!(Connection::new(Some(" 123456:ABC-def_ghi "), None).is_ok());
        for bad_url in ["not a url", "ftp://x", "file:///tmp"] {
            assert_eq!(
                Connection::new(Some("123456:ABC"), Some(bad_url)).unwrap_err(),
                StartError::BadApiUrl,
                "{bad_url}"
            );
        }
        assert!(Connection::new(Some("123456:ABC"), Some("HTTPS://api.example.org")).is_ok());
        let connection =
            Connection::new(Some("123456:SECRET"), Some("http://127.0.0.1:1/")).unwrap();
        assert!(!format!("{connection:?}").contains("SECRET"));
        for e in [
            StartError::MissingToken,
            StartError::MalformedToken,
            StartError::TokenRejected,
        ] {
            assert!(!e.to_string().contains('\n'), "{e}");
        }
    }
}

//! The bot under test, started and stopped the same way by every bot test: the real dispatcher
//! (`telegram::run` with its handler tree) over an index built in a temporary folder, talking
//! to the fake Bot API on loopback.
//!
//! Each test file wraps it with its own helpers (asking, waiting for replies, log checks).

#![allow(dead_code)] // each test binary uses its own part

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use fangtan::admin::{self, Library, Resources};
use fangtan::config::Config;
use fangtan::telegram::{self, BotClient, BotState, Timeouts};
use teloxide::Bot;
use tokio::sync::oneshot;

use crate::fake_bot_api::FakeBotApi;

/// How the bot under test is set up; `Setup::new` gives the shipped corpus, no admins, the
/// default configuration and teloxide's `Throttle` with Telegram's limits.
pub struct Setup<'a> {
    pub corpus: Option<&'a Path>,
    pub token: &'a str,
    pub configure: Box<dyn FnOnce(&mut Config) + 'a>,
    pub prepare: Box<dyn FnOnce(&mut BotState) + 'a>,
    pub client: Box<dyn FnOnce(Bot) -> BotClient + 'a>,
    /// Whether the fake's `getMe` reports inline mode enabled.
    pub inline_mode: bool,
    /// How long the bot's requests wait for the fake.
    pub timeouts: Timeouts,
}

impl<'a> Setup<'a> {
    pub fn new(token: &'a str) -> Setup<'a> {
        Setup {
            corpus: None,
            token,
            configure: Box::new(|_| {}),
            prepare: Box::new(|_| {}),
            client: Box::new(telegram::throttled),
            inline_mode: true,
            timeouts: Timeouts::TELEGRAM,
        }
    }
}

pub struct RunningBot {
    pub api: FakeBotApi,
    pub state: Arc<BotState>,
    /// The folder the index was built in (for tests that count its versions).
    pub index: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl RunningBot {
    /// Builds the index, starts the dispatcher and waits for its first `getUpdates`.
    pub async fn start(setup: Setup<'_>, wait: Duration) -> RunningBot {
        let api = FakeBotApi::start().await;
        api.set_inline_mode(setup.inline_mode);
        let index = tempfile::tempdir().unwrap();
        let mut config = crate::common::config(setup.corpus, index.path());
        (setup.configure)(&mut config);
        let resources = Resources::load(config).unwrap();
        let (engine, _) = admin::build(&resources, &()).unwrap();
        let mut state = BotState::new(Arc::new(Library::new(resources, engine)));
        (setup.prepare)(&mut state);
        let state = Arc::new(state);
        let bot = telegram::new_bot(setup.token, setup.timeouts)
            .unwrap()
            .set_api_url(api.url().parse().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(telegram::run(
            (setup.client)(bot),
            Arc::clone(&state),
            async {
                let _ = stopped.await;
            },
        ));
        api.wait_for("getupdates", 1, wait).await;
        RunningBot {
            api,
            state,
            index,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Signals shutdown, asserts the dispatcher returns within `wait`, and that the fake saw
    /// no request Telegram would have rejected.
    pub async fn stop(&mut self, wait: Duration) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let done = tokio::time::timeout(wait, task).await;
            assert!(done.is_ok(), "the bot did not stop");
        }
        self.api.assert_no_violations();
    }
}

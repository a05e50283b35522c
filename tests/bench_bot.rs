//! Bot throughput on loopback (issue: fast at scale). Ignored by default; run with
//! `cargo test --release --test bench_bot -- --ignored --nocapture`.
//!
//! The real dispatcher answers questions from many private chats against the fake Bot API;
//! Throttle's limits are lifted so the figure is the bot's, not Telegram's flood policy.

mod common;
#[path = "support/fake_bot_api.rs"]
mod fake_bot_api;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_bot_api::FakeBotApi;
use fangtan::admin::{self, Library, Resources};
use fangtan::telegram::{self, BotState};
use teloxide::Bot;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run on demand with --release"]
async fn bot_throughput_on_loopback() {
    let questions: usize = std::env::var("BENCH_QUESTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let api = FakeBotApi::start().await;
    let index = tempfile::tempdir().unwrap();
    let resources = Resources::load(common::config(None, index.path())).unwrap();
    let (engine, _) = admin::build(&resources, &()).unwrap();
    let state = Arc::new(BotState::new(Arc::new(Library::new(resources, engine))));
    // Throttle off: the handlers take any requester, and flood limits would measure Telegram's
    // policy (and Throttle's queue tick) rather than the bot.
    let bot = Bot::new("1:bench").set_api_url(api.url().parse().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(telegram::run(bot, state, async {
        let _ = stopped.await;
    }));
    api.wait_for("getupdates", 1, Duration::from_secs(20)).await;

    // Burst: everything queued at once, for throughput.
    let burst = drive(&api, questions, None).await;
    println!(
        "bot throughput (burst): {questions} questions in {:.2} s = {:.0} answered/s",
        burst.elapsed.as_secs_f64(),
        questions as f64 / burst.elapsed.as_secs_f64()
    );
    // Paced below capacity, for update→sendMessage latency.
    let rate: u64 = std::env::var("BENCH_RATE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let paced = drive(
        &api,
        questions,
        Some(Duration::from_micros(1_000_000 / rate)),
    )
    .await;
    println!(
        "bot latency at {rate} questions/s: update→sendMessage p50 {:.2} ms, p99 {:.2} ms",
        paced.percentile(0.5),
        paced.percentile(0.99)
    );
    let _ = stop.send(());
    let _ = tokio::time::timeout(Duration::from_secs(20), task).await;
    api.assert_no_violations();
}

struct Run {
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Run {
    fn percentile(&self, q: f64) -> f64 {
        let i = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[i].as_secs_f64() * 1e3
    }
}

/// Pushes `questions` private questions from 200 chats (all at once, or one per `pace`) and
/// waits for every answer; latencies run from push to the recorded sendMessage.
async fn drive(api: &FakeBotApi, questions: usize, pace: Option<Duration>) -> Run {
    let asks = [
        "GRPO 为什么重要？",
        "吴翼怎么看强化学习？",
        "DeepSeek 文笔为什么好？",
        "思维链为什么不公开？",
        "今天北京天气怎么样？",
    ];
    let before = api.calls_of("sendmessage").len();
    let mut pushed: HashMap<(i64, i64), Instant> = HashMap::new();
    let started = Instant::now();
    for i in 0..questions {
        let chat = 10_000 + (i % 200) as i64;
        let update = fake_bot_api::private_text(chat, asks[i % asks.len()]);
        let id = update["message"]["message_id"].as_i64().unwrap();
        pushed.insert((chat, id), Instant::now());
        api.push_update(update);
        if let Some(pace) = pace {
            tokio::time::sleep_until((started + pace * (i as u32 + 1)).into()).await;
        }
    }
    let calls = api
        .wait_for("sendmessage", before + questions, Duration::from_secs(600))
        .await;
    let elapsed = started.elapsed();
    let mut latencies: Vec<Duration> = calls[before..]
        .iter()
        .filter_map(|c| {
            let chat = c.body["chat_id"].as_i64()?;
            let id = c.body["reply_parameters"]["message_id"].as_i64()?;
            Some(c.at.duration_since(*pushed.get(&(chat, id))?))
        })
        .collect();
    assert_eq!(latencies.len(), questions, "every question answered once");
    latencies.sort();
    Run { elapsed, latencies }
}

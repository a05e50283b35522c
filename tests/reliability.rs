//! Fault and load tests: reloads under load, `kill -9` during index builds, a hostile corpus
//! folder, a flaky Telegram, SIGTERM with updates in flight. Slow, so ignored by default; run
//! them (release build, one at a time) with
//!
//! ```sh
//! scripts/reliability.sh
//! # or: cargo test --release --test reliability -- --ignored --nocapture --test-threads=1
//! ```
//!
//! Each prints its figures on lines starting with `FIGURES`; docs/reliability.md records them.

mod common;
#[path = "support/fake_bot_api.rs"]
mod fake_bot_api;
#[path = "support/running_bot.rs"]
mod running_bot;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_bot_api::{Chaos, FakeBotApi, Fault};
use fangtan::admin::{self, AdminError, Library, Resources};
use fangtan::render;
use fangtan::telegram::{self, BotClient};
use running_bot::{RunningBot, Setup};
use serde_json::{json, Value};
use teloxide::adaptors::throttle::Limits;
use teloxide::requests::RequesterExt;
use teloxide::Bot;

const TOKEN: &str = "7000000002:AAHreliability_TOKEN_neverLogged0123";
const ADMIN: i64 = 4244;
const SHIPPED: &str = "geekpark-2025-02-18-after-deepseek.md";
const GRPO: &str = "GRPO 为什么重要？";
const MARKER_QUESTION: &str = "灯塔计划的要点是什么？";

fn shipped_text() -> String {
    std::fs::read_to_string(common::repo().join("index/articles").join(SHIPPED)).unwrap()
}

/// `n` copies of the shipped article (distinct titles, so distinct content) in `dir`.
fn write_copies(dir: &Path, n: usize) {
    let text = shipped_text();
    for i in 0..n {
        let copy = text.replacen("title: ", &format!("title: 副本 {i} "), 1);
        std::fs::write(dir.join(format!("copy-{i:04}.md")), copy).unwrap();
    }
}

/// A small article whose three passages all say which version of the corpus they belong to.
fn marker_article(version: char) -> String {
    let mut text = format!(
        "---\ntitle: 标记文章 {version}\nurl: https://example.org/marker-{version}\nsource: 测试\ndate: 2026-01-01\nhost: 主持人\nspeakers:\n  主持人: 主持人\n  灯塔守: 标记员\n---\n\n**主持人：灯塔计划的要点是什么？**\n\n**灯塔守：**"
    );
    for i in 1..=3 {
        text.push_str(&format!(
            "灯塔计划的第{i}个要点写在这里，这一段属于标记版本{version}，用来检查回答是否来自同一个完整的语料版本。\n\n"
        ));
    }
    text
}

fn figures(name: &str, values: &[(&str, String)]) {
    let line: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!("FIGURES {name}: {}", line.join(" "));
}

/// A tiny deterministic generator (SplitMix64) for kill moments and the like.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

// ---------------------------------------------------------------------------------------------
// An in-process bot against the fake Bot API

struct Bot2 {
    bot: RunningBot,
}

impl std::ops::Deref for Bot2 {
    type Target = RunningBot;
    fn deref(&self) -> &RunningBot {
        &self.bot
    }
}

impl Bot2 {
    async fn start(corpus: &Path, top: usize, limits: Option<Limits>) -> Bot2 {
        let mut setup = Setup::new(TOKEN);
        setup.corpus = Some(corpus);
        setup.configure = Box::new(move |config| {
            config.admins = vec![ADMIN as u64];
            config.answers.top = top;
        });
        setup.client = Box::new(move |bot: Bot| -> BotClient {
            match limits {
                Some(limits) => bot.throttle(limits),
                None => telegram::throttled(bot),
            }
        });
        Bot2 {
            bot: RunningBot::start(setup, Duration::from_secs(30)).await,
        }
    }

    /// Successful sends threaded to message `id`.
    fn replies_to(&self, id: i64) -> Vec<Value> {
        self.api
            .calls_of("sendmessage")
            .into_iter()
            .filter(|c| !c.failed && c.body["reply_parameters"]["message_id"] == json!(id))
            .map(|c| c.body)
            .collect()
    }

    /// Waits until every message id in `ids` has a reply (or `timeout` passes).
    async fn wait_replies(&self, ids: &[i64], timeout: Duration) -> HashMap<i64, usize> {
        let deadline = Instant::now() + timeout;
        loop {
            let mut count: HashMap<i64, usize> = HashMap::new();
            for c in self.api.calls_of("sendmessage") {
                if let Some(id) = c.body["reply_parameters"]["message_id"].as_i64() {
                    if !c.failed {
                        *count.entry(id).or_default() += 1;
                    }
                }
            }
            if ids.iter().all(|id| count.contains_key(id)) || Instant::now() > deadline {
                return count;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn stop(mut self) {
        self.bot.stop(Duration::from_secs(60)).await;
    }
}

fn unlimited() -> Limits {
    Limits {
        messages_per_sec_chat: 1_000_000,
        messages_per_min_chat: 1_000_000,
        messages_per_min_channel_or_supergroup: 1_000_000,
        messages_per_sec_overall: 1_000_000,
    }
}

fn visible(body: &Value) -> String {
    fake_bot_api::visible_text(body["text"].as_str().unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// 5. Reloads under load

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "load test: run with --release --ignored"]
async fn reloads_under_load_lose_nothing_and_never_mix_versions() {
    let reloads: usize = env_or("RELOADS", 20);
    let rate: u64 = env_or("RATE", 50);
    let copies: usize = env_or("COPIES", 10);
    let corpus = tempfile::tempdir().unwrap();
    write_copies(corpus.path(), copies);
    std::fs::write(corpus.path().join("marker-a.md"), marker_article('A')).unwrap();
    let bot = Bot2::start(corpus.path(), 3, Some(unlimited())).await;
    let library = Arc::clone(&bot.state.library);

    // Every snapshot a reader can take is one complete corpus: the copies plus one marker.
    let sampling = Arc::new(AtomicBool::new(true));
    let samples = Arc::new(AtomicUsize::new(0));
    let torn = Arc::new(AtomicUsize::new(0));
    let sampler = {
        let (library, sampling, samples, torn) = (
            Arc::clone(&library),
            Arc::clone(&sampling),
            Arc::clone(&samples),
            Arc::clone(&torn),
        );
        std::thread::spawn(move || {
            while sampling.load(Ordering::Relaxed) {
                let engine = library.engine();
                let articles = &engine.manifest.articles;
                let markers = articles
                    .iter()
                    .filter(|a| a.path.starts_with("marker-"))
                    .count();
                if articles.len() != copies + 1 || markers != 1 {
                    torn.fetch_add(1, Ordering::Relaxed);
                }
                samples.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(1));
            }
        })
    };

    // Questions at `rate` per second from many chats, until the reloads are done.
    let asking = Arc::new(AtomicBool::new(true));
    let started = Instant::now();
    let pushed: Arc<std::sync::Mutex<Vec<(i64, bool)>>> = Arc::default();
    let driver = {
        let asking = Arc::clone(&asking);
        let pushed = Arc::clone(&pushed);
        let api = &bot.api;
        let mut interval = tokio::time::interval(Duration::from_micros(1_000_000 / rate));
        let mut n = 0i64;
        async move {
            while asking.load(Ordering::Relaxed) {
                interval.tick().await;
                let marker = n % 2 == 1;
                let chat = 100_000 + n % 500;
                let update =
                    fake_bot_api::private_text(chat, if marker { MARKER_QUESTION } else { GRPO });
                let id = update["message"]["message_id"].as_i64().unwrap();
                api.push_update(update);
                pushed.lock().unwrap().push((id, marker));
                n += 1;
            }
        }
    };
    let reloader = async {
        let mut times = Vec::new();
        for r in 0..reloads {
            let (old, new) = if r % 2 == 0 {
                ("marker-a.md", marker_article('B'))
            } else {
                ("marker-b.md", marker_article('A'))
            };
            let name = if r % 2 == 0 {
                "marker-b.md"
            } else {
                "marker-a.md"
            };
            std::fs::write(corpus.path().join(name), new).unwrap();
            std::fs::remove_file(corpus.path().join(old)).unwrap();
            let before = done_reloads(&bot.api);
            let t = Instant::now();
            bot.api
                .push_update(fake_bot_api::private_text(ADMIN, "/reload"));
            while done_reloads(&bot.api) == before {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            times.push(t.elapsed());
        }
        asking.store(false, Ordering::Relaxed);
        times
    };
    let ((), times) = tokio::join!(driver, reloader);
    let asked_for = started.elapsed();
    let pushed = pushed.lock().unwrap().clone();
    let ids: Vec<i64> = pushed.iter().map(|(id, _)| *id).collect();
    let counts = bot.wait_replies(&ids, Duration::from_secs(60)).await;
    sampling.store(false, Ordering::Relaxed);
    sampler.join().unwrap();

    let reload_reports: Vec<String> = bot
        .api
        .calls_of("sendmessage")
        .iter()
        .filter(|c| c.body["chat_id"] == json!(ADMIN))
        .map(|c| visible(&c.body))
        .filter(|t| t.contains("重新加载"))
        .collect();
    let failed_reloads = reload_reports
        .iter()
        .filter(|t| t.contains("失败") || t.contains("正在进行"))
        .count();
    let (mut lost, mut duplicated, mut empty, mut errors, mut mixed, mut a, mut b) =
        (0, 0, 0, 0, 0, 0, 0);
    for (id, marker) in &pushed {
        match counts.get(id) {
            None => lost += 1,
            Some(1) => {}
            Some(_) => duplicated += 1,
        }
        for body in bot.replies_to(*id) {
            let text = visible(&body);
            if text.contains(render::NOT_FOUND) {
                empty += 1;
            }
            if text.contains(render::ERROR_REPLY) || text.contains(render::BUSY_REPLY) {
                errors += 1;
            }
            if *marker {
                let (has_a, has_b) = (text.contains("版本A"), text.contains("版本B"));
                match (has_a, has_b) {
                    (true, false) => a += 1,
                    (false, true) => b += 1,
                    _ => mixed += 1,
                }
            } else if !text.contains("GRPO") {
                empty += 1;
            }
        }
    }
    let mean_reload = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    figures(
        "reload_under_load",
        &[
            ("reloads", reloads.to_string()),
            ("reload_failures", failed_reloads.to_string()),
            ("mean_reload_s", format!("{:.2}", mean_reload.as_secs_f64())),
            ("passages", library.engine().manifest.passages().to_string()),
            ("questions", pushed.len().to_string()),
            (
                "rate_per_s",
                format!("{:.1}", pushed.len() as f64 / asked_for.as_secs_f64()),
            ),
            ("lost", lost.to_string()),
            ("duplicated", duplicated.to_string()),
            ("empty_or_wrong", empty.to_string()),
            ("errors", errors.to_string()),
            ("marker_answers_A", a.to_string()),
            ("marker_answers_B", b.to_string()),
            ("mixed_versions", mixed.to_string()),
            (
                "snapshots_sampled",
                samples.load(Ordering::Relaxed).to_string(),
            ),
            ("torn_snapshots", torn.load(Ordering::Relaxed).to_string()),
        ],
    );
    assert_eq!(reload_reports.len(), reloads, "{reload_reports:?}");
    assert_eq!(failed_reloads, 0, "{reload_reports:?}");
    assert_eq!(
        (lost, duplicated, empty, errors, mixed),
        (0, 0, 0, 0, 0),
        "lost, duplicated, empty, errors, mixed"
    );
    assert!(a > 0 && b > 0, "both versions served");
    assert_eq!(torn.load(Ordering::Relaxed), 0);
    bot.stop().await;
}

/// Completed `/reload`s (success or failure replies) sent to the admin.
fn done_reloads(api: &FakeBotApi) -> usize {
    api.calls_of("sendmessage")
        .iter()
        .filter(|c| c.body["chat_id"] == json!(ADMIN))
        .filter(|c| {
            let t = visible(&c.body);
            t.contains("重新加载完成") || t.contains("重新加载失败") || t.contains("正在进行")
        })
        .count()
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------------
// 6. kill -9 during index builds

fn fangtan(index: &Path, corpus: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fangtan"));
    command
        .current_dir(common::repo())
        .env("FANGTAN_INDEX_DIR", index)
        .env("FANGTAN_CORPUS_DIR", corpus)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

/// Runs a command to completion within `limit`; kills it and fails otherwise.
fn run_within(command: &mut Command, limit: Duration) -> std::process::Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &id.to_string()]).status();
            panic!("pid {id} did not finish within {limit:?}");
        }
    }
}

fn index_entries(index: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(index)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(prefix))
                .collect()
        })
        .unwrap_or_default()
}

fn current_passages(index: &Path) -> Option<usize> {
    let name = std::fs::read_to_string(index.join("CURRENT")).ok()?;
    let manifest = std::fs::read(index.join(name.trim()).join("manifest.json")).ok()?;
    let manifest: fangtan::search::Manifest = serde_json::from_slice(&manifest).ok()?;
    Some(manifest.passages())
}

#[test]
#[ignore = "fault test: run with --release --ignored"]
fn kill_9_during_index_builds_never_breaks_the_index() {
    let rounds: usize = env_or("KILLS", 50);
    let copies: usize = env_or("KILL_COPIES", 200);
    let seed: u64 = env_or("SEED", 0x6b69_6c6c);
    let corpus = tempfile::tempdir().unwrap();
    write_copies(corpus.path(), copies);
    let index = tempfile::tempdir().unwrap();
    let (corpus, index) = (corpus.path(), index.path());
    let limit = Duration::from_secs(120);

    // Calibrate: the median of three full builds (the first also warms the page cache).
    let mut builds = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let out = run_within(fangtan(index, corpus).arg("index"), limit);
        assert!(out.status.success(), "{out:?}");
        builds.push(t.elapsed());
    }
    builds.sort();
    let full = builds[1];
    let base_passages = current_passages(index).unwrap();
    let mut rng = Rng(seed);
    let mut extra = 0;
    let (mut killed, mut finished, mut published_before_kill) = (0, 0, 0);
    let (mut rebuilt_by_ask, mut max_stale) = (0, 0);
    let mut ask_times = Vec::new();
    for round in 0..rounds {
        // Every third round the corpus changes, so the next `ask` must notice and rebuild.
        if round % 3 == 0 {
            extra += 1;
            let mut text = shipped_text();
            text.push_str(&format!(
                "\n\n**吴翼：**第 {extra} 次追加的回答：强化学习的奖励设计决定了模型能学到什么，这一段用来让语料发生变化。\n"
            ));
            std::fs::write(corpus.join("copy-0000.md"), text).unwrap();
        }
        let current_before = std::fs::read_to_string(index.join("CURRENT")).ok();
        let mut child = fangtan(index, corpus)
            .arg("index")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Anywhere in the build, start-up (dictionary loading) and publishing included.
        let at = full.mul_f64(rng.unit());
        std::thread::sleep(at);
        // SIGKILL, no chance to clean up.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        } else {
            killed += 1;
            if std::fs::read_to_string(index.join("CURRENT")).ok() != current_before {
                published_before_kill += 1;
            }
        }
        max_stale = max_stale.max(index_entries(index, "tmp-").len());

        let versions_before = index_entries(index, "v-");
        let t = Instant::now();
        let out = run_within(fangtan(index, corpus).args(["ask", "--json", GRPO]), limit);
        ask_times.push(t.elapsed());
        assert!(
            out.status.success(),
            "round {round} (killed after {at:?}): ask failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let reply: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        assert!(
            !reply["answers"].as_array().unwrap().is_empty(),
            "round {round}: no answer"
        );
        if index_entries(index, "v-") != versions_before {
            rebuilt_by_ask += 1;
        }
        // The index `ask` used is complete and current: the corpus as it is now.
        // (`copy-0000.md` is the shipped text plus one appended answer.)
        let expected = base_passages + 1;
        assert_eq!(current_passages(index), Some(expected), "round {round}");
    }
    // One clean build removes whatever the kills left behind: no manual cleanup.
    let out = run_within(fangtan(index, corpus).arg("index"), limit);
    assert!(out.status.success());
    let leftovers: Vec<String> = index_entries(index, "")
        .into_iter()
        .filter(|n| n.starts_with("tmp-") || n.starts_with("CURRENT.tmp"))
        .collect();
    let versions = index_entries(index, "v-").len();
    ask_times.sort();
    figures(
        "kill_9",
        &[
            ("rounds", rounds.to_string()),
            ("corpus_passages", base_passages.to_string()),
            ("full_build_s", format!("{:.2}", full.as_secs_f64())),
            ("killed_mid_build", killed.to_string()),
            ("finished_before_kill", finished.to_string()),
            ("published_then_killed", published_before_kill.to_string()),
            ("max_stale_tmp_dirs", max_stale.to_string()),
            ("asks_ok", rounds.to_string()),
            ("asks_that_rebuilt", rebuilt_by_ask.to_string()),
            (
                "median_ask_s",
                format!("{:.2}", ask_times[ask_times.len() / 2].as_secs_f64()),
            ),
            ("leftovers_after_clean_build", leftovers.len().to_string()),
            ("versions_kept", versions.to_string()),
        ],
    );
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(versions <= 2, "{versions} versions kept");
    assert!(killed >= rounds / 2, "most kills should land mid-build");
}

// ---------------------------------------------------------------------------------------------
// 7. A hostile corpus folder

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[test]
#[ignore = "fault test: run with --release --ignored"]
fn a_hostile_corpus_folder_is_reported_and_the_rest_indexed() {
    let tiny_files: usize = env_or("TINY_FILES", 10_000);
    let huge_mb: usize = env_or("HUGE_MB", 200);
    let corpus = tempfile::tempdir().unwrap();
    let root = corpus.path();
    std::fs::write(root.join(SHIPPED), shipped_text()).unwrap();
    let index = tempfile::tempdir().unwrap();
    let resources = Resources::load(common::config(Some(root), index.path())).unwrap();
    let (engine, _) = admin::build(&resources, &()).unwrap();
    let library = Library::new(resources, engine);

    // The hostile files.
    let unreadable = root.join("unreadable.md");
    std::fs::write(&unreadable, marker_article('U')).unwrap();
    set_mode(&unreadable, 0o000);
    let locked_dir = root.join("locked");
    std::fs::create_dir(&locked_dir).unwrap();
    std::fs::write(locked_dir.join("inside.md"), marker_article('L')).unwrap();
    set_mode(&locked_dir, 0o000);
    let chmod_blocks_reading = std::fs::read(&unreadable).is_err();
    std::fs::write(
        root.join("latin1.md"),
        b"---\ntitle: caf\xe9\n---\n**A:**\xff\xfe\n",
    )
    .unwrap();
    let huge = root.join("huge.md");
    {
        use std::io::Write;
        let mut file = std::io::BufWriter::new(std::fs::File::create(&huge).unwrap());
        let line = "**甲：**这是一个很大的文件里的一行。\n".repeat(1000);
        let mut written = 0;
        while written < huge_mb << 20 {
            file.write_all(line.as_bytes()).unwrap();
            written += line.len();
        }
    }
    let tiny = root.join("tiny");
    std::fs::create_dir(&tiny).unwrap();
    for i in 0..tiny_files {
        std::fs::write(tiny.join(format!("t{i:05}.md")), "x").unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("loop.md", root.join("loop.md")).unwrap();
        symlink("nowhere.md", root.join("dangling.md")).unwrap();
        symlink("..", tiny.join("up")).unwrap();
        symlink(".", root.join("self")).unwrap();
    }

    let started = Instant::now();
    let report = library
        .reload()
        .expect("the reload succeeds with the valid article");
    let took = started.elapsed();
    let problems: Vec<String> = report.build.errors.iter().map(|e| e.to_string()).collect();
    let with = |prefix: &str| problems.iter().filter(|p| p.starts_with(prefix)).count();
    let reply = render::reload_html(&report);
    let reply_units = fake_bot_api::validate_telegram_html(&reply).expect("the reply is valid");
    let articles: Vec<String> = report
        .build
        .manifest
        .articles
        .iter()
        .map(|a| a.path.clone())
        .collect();

    // Then nothing valid remains: the reload fails and the old index keeps serving.
    set_mode(&locked_dir, 0o755);
    for valid in [root.join(SHIPPED), unreadable, locked_dir.join("inside.md")] {
        std::fs::remove_file(valid).unwrap();
    }
    let served = library.engine().manifest.fingerprint.clone();
    let failed = library.reload();
    let still = library.engine().ask(GRPO, 3).unwrap();
    let kept = library.engine().manifest.fingerprint == served;

    // As an unprivileged user (when the test runs as root), chmod 000 really blocks reading.
    let unprivileged = if running_as_root() {
        unprivileged_index_run()
    } else {
        None
    };
    figures(
        "hostile_corpus",
        &[
            ("files", (tiny_files + 7).to_string()),
            ("huge_file_mb", huge_mb.to_string()),
            ("reload_s", format!("{:.2}", took.as_secs_f64())),
            ("articles_indexed", articles.len().to_string()),
            ("problems_reported", problems.len().to_string()),
            (
                "empty_reload",
                match &failed {
                    Err(e) => format!("refused({e})").replace(' ', "_"),
                    Ok(_) => "accepted".into(),
                },
            ),
            ("old_index_kept", kept.to_string()),
            ("reply_utf16_units", reply_units.to_string()),
            ("root", running_as_root().to_string()),
            ("chmod_000_blocks_reading", chmod_blocks_reading.to_string()),
            (
                "unprivileged_run",
                unprivileged.clone().unwrap_or_else(|| "skipped".into()),
            ),
        ],
    );
    assert_eq!(
        articles,
        if chmod_blocks_reading {
            vec![SHIPPED.to_string()]
        } else {
            // As root chmod 000 does not stop reading: those two are valid articles.
            vec![
                SHIPPED.to_string(),
                "locked/inside.md".to_string(),
                "unreadable.md".to_string(),
            ]
        }
    );
    assert_eq!(with("latin1.md:2: not valid UTF-8"), 1, "{problems:?}");
    assert_eq!(with("huge.md: too large"), 1, "{problems:?}");
    assert_eq!(with("tiny/t"), tiny_files, "one problem per tiny file");
    assert_eq!(with("loop.md: cannot read"), 1, "{problems:?}");
    assert_eq!(with("dangling.md: cannot read"), 1, "{problems:?}");
    if chmod_blocks_reading {
        assert_eq!(with("unreadable.md: cannot read"), 1, "{problems:?}");
        assert_eq!(with("locked: cannot read"), 1, "{problems:?}");
    }
    assert!(reply.contains("跳过的文件"), "{reply}");
    assert!(
        matches!(failed, Err(AdminError::EmptyCorpus { .. })),
        "{failed:?}"
    );
    assert!(
        kept && !still.answers.is_empty(),
        "the old index still answers"
    );
    if let Some(run) = unprivileged {
        assert!(run.starts_with("ok"), "{run}");
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Runs `fangtan index` as `nobody` (via `setpriv`) on a corpus with a chmod 000 file and
/// folder; returns a summary, or `None` when `setpriv` is unavailable.
fn unprivileged_index_run() -> Option<String> {
    let setpriv = Command::new("setpriv").arg("--version").output().ok()?;
    if !setpriv.status.success() {
        return None;
    }
    let base = tempfile::Builder::new()
        .prefix("fangtan-nobody")
        .tempdir_in("/tmp")
        .unwrap();
    set_mode(base.path(), 0o777);
    let corpus = base.path().join("corpus");
    let index = base.path().join("index");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::create_dir(&index).unwrap();
    set_mode(&index, 0o777);
    std::fs::write(corpus.join(SHIPPED), shipped_text()).unwrap();
    std::fs::write(corpus.join("secret.md"), marker_article('S')).unwrap();
    set_mode(&corpus.join("secret.md"), 0o000);
    std::fs::create_dir(corpus.join("locked")).unwrap();
    std::fs::write(corpus.join("locked/inside.md"), marker_article('L')).unwrap();
    set_mode(&corpus.join("locked"), 0o000);
    let out = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            env!("CARGO_BIN_EXE_fangtan"),
            "index",
        ])
        .current_dir(common::repo())
        .env("FANGTAN_INDEX_DIR", &index)
        .env("FANGTAN_CORPUS_DIR", &corpus)
        .output()
        .ok()?;
    set_mode(&corpus.join("locked"), 0o755);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let reported = stderr.contains("skipped: secret.md: cannot read: permission denied")
        && stderr.contains("skipped: locked: cannot read: permission denied");
    let indexed_one = stdout.contains("indexed 1 article,");
    Some(if out.status.success() && reported && indexed_one {
        "ok(as-nobody:secret.md+locked/-reported,1-article-indexed)".into()
    } else {
        format!(
            "FAILED(status={:?},stdout={stdout:?},stderr={stderr:?})",
            out.status
        )
    })
}

// ---------------------------------------------------------------------------------------------
// 8. A flaky Telegram

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "fault test: run with --release --ignored"]
async fn a_flaky_telegram_gets_every_answer_once_in_order_and_never_early() {
    let chats: i64 = env_or("CHATS", 20);
    let per_chat: usize = env_or("PER_CHAT", 10);
    let seed: u64 = env_or("SEED", 0x0429_0502);
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join(SHIPPED), shipped_text()).unwrap();
    // Telegram's real flood limits (Throttle's defaults); one card per answer.
    let bot = Bot2::start(corpus.path(), 1, None).await;
    bot.api.set_chaos(
        "sendmessage",
        Chaos {
            seed,
            too_many_requests: 0.10,
            retry_after: 1..=3,
            bad_gateway: 0.01,
        },
    );
    // Stalled long polls: three short ones now, one past the client's 17 s timeout later.
    bot.api.stall_next("getupdates", 3, Duration::from_secs(3));
    let questions = [
        "GRPO 为什么重要？",
        "吴翼怎么看强化学习？",
        "思维链有什么用？",
        "DeepSeek-R1 用了什么新技术？",
        "开源模型的意义是什么？",
    ];
    let started = Instant::now();
    let mut asked: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for round in 0..per_chat {
        for c in 0..chats {
            let chat = 200_000 + c;
            let q = questions[(round + c as usize) % questions.len()];
            let update = fake_bot_api::private_text(chat, q);
            asked
                .entry(chat)
                .or_default()
                .push(update["message"]["message_id"].as_i64().unwrap());
            bot.api.push_update(update);
        }
        if round == per_chat / 2 {
            bot.api.stall_next("getupdates", 1, Duration::from_secs(20));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let ids: Vec<i64> = asked.values().flatten().copied().collect();
    let counts = bot.wait_replies(&ids, Duration::from_secs(300)).await;
    let took = started.elapsed();
    bot.api.clear_chaos();

    let calls = bot.api.calls_of("sendmessage");
    let (mut too_many, mut gateway, mut early) = (0, 0, 0);
    let mut min_margin = f64::MAX;
    for (i, call) in calls.iter().enumerate() {
        let wait = match &call.fault {
            Some(Fault::TooManyRequests { retry_after }) => {
                too_many += 1;
                Duration::from_secs(u64::from(*retry_after))
            }
            Some(Fault::BadGateway) => {
                gateway += 1;
                continue;
            }
            _ => continue,
        };
        // The same message's next attempt comes no sooner than retry_after.
        let same = |c: &fake_bot_api::Call| {
            c.body["chat_id"] == call.body["chat_id"]
                && c.body["reply_parameters"] == call.body["reply_parameters"]
        };
        if let Some(next) = calls[i + 1..].iter().find(|c| same(c)) {
            let gap = next.at.duration_since(call.at);
            min_margin = min_margin.min(gap.as_secs_f64() - wait.as_secs_f64());
            if gap < wait {
                early += 1;
            }
        }
    }
    let lost = ids.iter().filter(|id| !counts.contains_key(id)).count();
    let duplicated = counts.values().filter(|n| **n > 1).count();
    // Per chat, answers arrive in the order the questions were asked.
    let mut out_of_order = 0;
    for (chat, ids) in &asked {
        let answered: Vec<i64> = calls
            .iter()
            .filter(|c| !c.failed && c.body["chat_id"] == json!(chat))
            .filter_map(|c| c.body["reply_parameters"]["message_id"].as_i64())
            .collect();
        let expected: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| answered.contains(id))
            .collect();
        if answered != expected {
            out_of_order += 1;
        }
    }
    figures(
        "flaky_telegram",
        &[
            ("questions", ids.len().to_string()),
            ("chats", chats.to_string()),
            ("send_attempts", calls.len().to_string()),
            ("injected_429", too_many.to_string()),
            ("injected_502", gateway.to_string()),
            ("stalled_polls", bot.api.stalls_begun().to_string()),
            ("answered", counts.len().to_string()),
            ("lost", lost.to_string()),
            ("duplicated", duplicated.to_string()),
            ("retried_before_retry_after", early.to_string()),
            (
                "min_margin_after_retry_after_s",
                format!(
                    "{:.3}",
                    if min_margin == f64::MAX {
                        0.0
                    } else {
                        min_margin
                    }
                ),
            ),
            ("chats_out_of_order", out_of_order.to_string()),
            ("took_s", format!("{:.1}", took.as_secs_f64())),
        ],
    );
    assert!(too_many > 0 && bot.api.stalls_begun() >= 4);
    assert_eq!(
        (lost, duplicated, early, out_of_order),
        (0, 0, 0, 0),
        "lost, duplicated, early retries, chats out of order"
    );
    bot.stop().await;
}

// ---------------------------------------------------------------------------------------------
// 9. SIGTERM with updates in flight

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "fault test: run with --release --ignored"]
async fn sigterm_answers_the_updates_in_flight_before_exit() {
    let rounds: usize = env_or("SIGTERM_ROUNDS", 5);
    let per_round: i64 = env_or("IN_FLIGHT", 20);
    let mut total = 0;
    let mut answered = 0;
    let mut redelivered = 0;
    let mut after_signal = 0;
    for round in 0..rounds {
        let api = FakeBotApi::start().await;
        let index = tempfile::tempdir().unwrap();
        let log = tempfile::NamedTempFile::new().unwrap();
        let child = common::serve_command(&api.url(), TOKEN, index.path(), "info", &log)
            .spawn()
            .unwrap();
        api.wait_for("getupdates", 1, Duration::from_secs(60)).await;
        // A slow Telegram: every answer takes a while, so many are in flight at the signal.
        api.set_delay(
            "sendmessage",
            Duration::from_millis(300 + 100 * round as u64),
        );
        let mut ids = Vec::new();
        for c in 0..per_round {
            let update = fake_bot_api::private_text(300_000 + c, GRPO);
            ids.push(update["message"]["message_id"].as_i64().unwrap());
            api.push_update(update);
        }
        // Signal at a different moment each round: before any answer, after a few.
        let after = round.min(3);
        if after > 0 {
            api.wait_for("sendmessage", after, Duration::from_secs(30))
                .await;
        } else {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let signalled = Instant::now();
        let exit = common::terminate(child).await;
        let output = std::fs::read_to_string(log.path()).unwrap();
        assert!(exit.success(), "{exit:?}\n{output}");
        assert!(!output.contains(TOKEN));
        let sent = api.calls_of("sendmessage");
        let mut once = 0;
        for id in &ids {
            let n = sent
                .iter()
                .filter(|c| !c.failed && c.body["reply_parameters"]["message_id"] == json!(id))
                .count();
            assert!(n <= 1, "message {id} answered {n} times");
            once += n;
        }
        total += ids.len();
        answered += once;
        after_signal += sent.iter().filter(|c| c.at > signalled).count();
        // Updates the bot took but did not answer would have to come back after a restart:
        // they must still be pending (not confirmed) on the server.
        let pending = api.pending_updates().len();
        redelivered += pending;
        assert_eq!(
            once + pending,
            ids.len(),
            "round {round}: {once} answered, {pending} left pending of {}",
            ids.len()
        );
        api.assert_no_violations();
    }
    figures(
        "sigterm",
        &[
            ("rounds", rounds.to_string()),
            ("questions", total.to_string()),
            ("answered_before_exit", answered.to_string()),
            ("answers_sent_after_the_signal", after_signal.to_string()),
            ("left_pending_for_restart", redelivered.to_string()),
            ("lost", (total - answered - redelivered).to_string()),
        ],
    );
}

//! The bot end to end: the real dispatcher (`telegram::run` with `handler_tree()`) against the
//! fake Bot API in `tests/support/`, which validates every HTML message as Telegram would.

mod common;
#[path = "support/fake_bot_api.rs"]
mod fake_bot_api;
#[path = "support/log_capture.rs"]
mod log_capture;
#[path = "support/running_bot.rs"]
mod running_bot;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use fake_bot_api::{FakeBotApi, Fault, Pace};
use fangtan::telegram::Timeouts;
use running_bot::{RunningBot, Setup};
use serde_json::{json, Value};

const TOKEN: &str = "123456:TEST-token-never-logged";
const ADMIN: u64 = 4242;
const WAIT: Duration = Duration::from_secs(20);

struct Harness {
    bot: RunningBot,
    log: log_capture::LogCapture,
}

impl std::ops::Deref for Harness {
    type Target = RunningBot;
    fn deref(&self) -> &RunningBot {
        &self.bot
    }
}

struct Options<'a> {
    corpus: Option<&'a Path>,
    top: usize,
    max_quote_chars: usize,
    panic_on: Option<&'static str>,
    /// What `getMe` says of inline mode.
    inline_mode: bool,
    timeouts: Timeouts,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            corpus: None,
            top: 3,
            max_quote_chars: 300,
            panic_on: None,
            inline_mode: true,
            timeouts: Timeouts::TELEGRAM,
        }
    }
}

impl Harness {
    async fn start(options: Options<'_>) -> Harness {
        // Every log line of the process, at TRACE, teloxide's and reqwest's included.
        let log = log_capture::install();
        let mut setup = Setup::new(TOKEN);
        setup.corpus = options.corpus;
        setup.inline_mode = options.inline_mode;
        setup.timeouts = options.timeouts;
        setup.configure = Box::new(|config| {
            config.admins = vec![ADMIN];
            config.answers.top = options.top;
            config.answers.max_quote_chars = options.max_quote_chars;
        });
        if let Some(trigger) = options.panic_on {
            setup.prepare = Box::new(move |state| {
                state.before_search = Some(Arc::new(move |q: &str| {
                    if q.contains(trigger) {
                        panic!("injected fault");
                    }
                }));
            });
        }
        let bot = RunningBot::start(setup, WAIT).await;
        Harness { bot, log }
    }

    /// Pushes an update and waits until the bot has sent `sends` more messages in total.
    async fn push_and_wait(&self, update: Value, sends: usize) -> Vec<Value> {
        let before = self.api.calls_of("sendmessage").len();
        self.api.push_update(update);
        let calls = self.api.wait_for("sendmessage", before + sends, WAIT).await;
        calls[before..].iter().map(|c| c.body.clone()).collect()
    }

    async fn stop(mut self) {
        self.bot.stop(WAIT).await;
        // Token hygiene: not in any log line (the token's secret part alone neither).
        self.log.assert_never_logged(TOKEN);
        self.log.assert_never_logged("TEST-token");
    }
}

fn text(body: &Value) -> &str {
    body["text"].as_str().unwrap_or_default()
}

fn message_id(update: &Value) -> i64 {
    update["message"]["message_id"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_question_gets_a_threaded_card_with_the_right_speaker() {
    let h = Harness::start(Options::default()).await;
    let update = fake_bot_api::private_text(1001, "GRPO 为什么重要？");
    let asked = message_id(&update);
    let sent = h.push_and_wait(update, 1).await;
    let body = &sent[0];
    assert_eq!(body["chat_id"], json!(1001));
    assert_eq!(body["parse_mode"], "HTML");
    assert_eq!(body["reply_parameters"]["message_id"], json!(asked));
    assert_eq!(body["link_preview_options"]["is_disabled"], json!(true));
    let html = text(body);
    assert!(html.starts_with("<blockquote"), "{html}");
    assert!(html.contains("<b>GRPO</b>"), "{html}");
    assert!(
        html.contains("—— <b>方汉</b>，昆仑万维董事长兼 CEO"),
        "{html}"
    );
    assert!(
        html.contains("《<a href=\"https://mp.weixin.qq.com/"),
        "{html}"
    );
    assert!(html.contains("极客公园 · 2025-02-18"), "{html}");
    assert!(fake_bot_api::validate_telegram_html(html).is_ok());
    // Registered its command menu at start-up.
    assert_eq!(h.api.calls_of("setmycommands").len(), 1);
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_is_friendly_and_commands_answer() {
    let h = Harness::start(Options::default()).await;
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1002, "怎么做红烧肉？"), 1)
        .await;
    assert!(
        text(&sent[0]).contains("没有在收录的访谈中找到"),
        "{sent:?}"
    );
    assert!(text(&sent[0]).contains("/sources"));
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1002, "/sources"), 1)
        .await;
    assert!(text(&sent[0]).contains("「人均 DeepSeek」之后"), "{sent:?}");
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1002, "/start"), 1)
        .await;
    assert!(text(&sent[0]).contains("@fangtan_bot"), "{sent:?}");
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1002, "/about"), 1)
        .await;
    assert!(text(&sent[0]).contains("逐字"), "{sent:?}");
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_answer_only_when_addressed() {
    let h = Harness::start(Options::default()).await;
    let chat = -1_001_234_567_890;
    let user = 2001;
    // Chatter and commands for other bots are ignored...
    h.api.push_update(fake_bot_api::group_text(
        chat,
        user,
        "大家晚上好，GRPO 是什么？",
    ));
    h.api.push_update(fake_bot_api::group_text(
        chat,
        user,
        "/ask@OtherBot GRPO 为什么重要？",
    ));
    // ...while /ask@bot, a mention and a reply to the bot are answered, threaded.
    let ask = fake_bot_api::group_text(chat, user, "/ask@fangtan_bot GRPO 为什么重要？");
    let ask_id = message_id(&ask);
    let sent = h.push_and_wait(ask, 1).await;
    assert_eq!(sent[0]["reply_parameters"]["message_id"], json!(ask_id));
    assert!(text(&sent[0]).contains("GRPO"));
    let sent = h
        .push_and_wait(
            fake_bot_api::group_text(chat, user, "@fangtan_bot 吴翼怎么看强化学习？"),
            1,
        )
        .await;
    assert!(text(&sent[0]).contains("<b>吴翼</b>"), "{sent:?}");
    let bot_message_id = sent[0]["reply_parameters"]["message_id"].as_i64().unwrap();
    let sent = h
        .push_and_wait(
            fake_bot_api::group_reply_to_bot(chat, user, "那思维链呢？", bot_message_id),
            1,
        )
        .await;
    assert!(text(&sent[0]).contains("思维链"), "{sent:?}");
    let sent = h
        .push_and_wait(fake_bot_api::group_text(chat, user, "/ask"), 1)
        .await;
    assert!(text(&sent[0]).contains("/ask GRPO"), "{sent:?}");
    // Exactly the four addressed messages got replies.
    assert_eq!(h.api.calls_of("sendmessage").len(), 4);
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_mentions_inline_mode_only_when_it_is_enabled() {
    for enabled in [true, false] {
        let h = Harness::start(Options {
            inline_mode: enabled,
            ..Options::default()
        })
        .await;
        let sent = h
            .push_and_wait(fake_bot_api::private_text(1005, "/help"), 1)
            .await;
        let help = text(&sent[0]);
        assert_eq!(help.contains("任意聊天"), enabled, "{help}");
        assert!(help.contains("/ask 问题 — 提问"), "{help}");
        assert!(help.contains("群聊：/ask 问题"), "{help}");
        assert!(fake_bot_api::validate_telegram_html(help).is_ok(), "{help}");
        h.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bare_commands_in_a_group_are_answered_like_addressed_ones() {
    let h = Harness::start(Options::default()).await;
    let chat = -1_001_234_567_891;
    let user = 2002;
    // Unknown commands and commands for another bot stay ignored...
    h.api
        .push_update(fake_bot_api::group_text(chat, user, "/whatever"));
    h.api
        .push_update(fake_bot_api::group_text(chat, user, "/help@OtherBot"));
    // ...while this bot's commands get their reply, bare or addressed.
    let help = fake_bot_api::group_text(chat, user, "/help");
    let help_id = message_id(&help);
    let sent = h.push_and_wait(help, 1).await;
    assert_eq!(sent[0]["reply_parameters"]["message_id"], json!(help_id));
    assert!(text(&sent[0]).contains("/ask 问题 — 提问"), "{sent:?}");
    let sent = h
        .push_and_wait(fake_bot_api::group_text(chat, user, "/sources"), 1)
        .await;
    assert!(text(&sent[0]).contains("「人均 DeepSeek」之后"), "{sent:?}");
    let sent = h
        .push_and_wait(fake_bot_api::group_text(chat, user, "/stats"), 1)
        .await;
    assert!(text(&sent[0]).contains("只对管理员开放"), "{sent:?}");
    assert_eq!(h.api.calls_of("sendmessage").len(), 3);
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_query_offers_cards() {
    let h = Harness::start(Options::default()).await;
    h.api
        .push_update(fake_bot_api::inline_query(3001, "GRPO 为什么重要"));
    let calls = h.api.wait_for("answerinlinequery", 1, WAIT).await;
    let results = calls[0].body["results"].as_array().unwrap().clone();
    assert!(!results.is_empty() && results.len() <= 5, "{results:?}");
    for r in &results {
        assert_eq!(r["type"], "article");
        assert!(r["title"].as_str().unwrap().contains('：'));
        assert!(r["description"].as_str().unwrap().starts_with('《'));
        let content = &r["input_message_content"];
        assert_eq!(content["parse_mode"], "HTML");
        assert!(content["message_text"]
            .as_str()
            .unwrap()
            .starts_with("<blockquote"));
    }
    // Who a speaker is: one result, the profile.
    h.api
        .push_update(fake_bot_api::inline_query(3002, "方汉是谁"));
    let calls = h.api.wait_for("answerinlinequery", 2, WAIT).await;
    let results = calls[1].body["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0]["title"], "方汉：昆仑万维董事长兼 CEO");
    let html = results[0]["input_message_content"]["message_text"]
        .as_str()
        .unwrap();
    assert!(
        html.starts_with("<b>方汉</b>（昆仑万维董事长兼 CEO）"),
        "{html}"
    );
    // A question about the articles: one result, the linked list.
    h.api
        .push_update(fake_bot_api::inline_query(3003, "原文链接"));
    let calls = h.api.wait_for("answerinlinequery", 3, WAIT).await;
    let results = calls[2].body["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0]["title"], "收录的访谈（1 篇）");
    let html = results[0]["input_message_content"]["message_text"]
        .as_str()
        .unwrap();
    assert!(html.contains("<a href=\"https://"), "{html}");
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_commands_are_refused_to_everyone_else() {
    let corpus = common::corpus_copy();
    let h = Harness::start(Options {
        corpus: Some(corpus.path()),
        ..Options::default()
    })
    .await;
    common::add_article(corpus.path());
    let stranger = fake_bot_api::private_text(9999, "/reload");
    let sent = h.push_and_wait(stranger, 1).await;
    assert!(text(&sent[0]).contains("只对管理员开放"), "{sent:?}");
    // An admin in a group, a forwarded admin message, a placeholder sender: refused too.
    let in_group = fake_bot_api::group_text(-100_555, ADMIN as i64, "/reload@fangtan_bot");
    let sent = h.push_and_wait(in_group, 1).await;
    assert!(text(&sent[0]).contains("只对管理员开放"), "{sent:?}");
    let forwarded = fake_bot_api::update(
        "message",
        fake_bot_api::message(
            fake_bot_api::private_chat_json(7),
            fake_bot_api::user_json(7),
            "/stats",
            json!({"forward_origin": fake_bot_api::forward_origin_user(ADMIN as i64)}),
        ),
    );
    let sent = h.push_and_wait(forwarded, 1).await;
    assert!(text(&sent[0]).contains("只对管理员开放"), "{sent:?}");
    let placeholder = fake_bot_api::private_text(1_087_968_824, "/reload");
    let sent = h.push_and_wait(placeholder, 1).await;
    assert!(text(&sent[0]).contains("只对管理员开放"), "{sent:?}");
    // Nothing was reloaded: the new article is not searchable.
    assert_eq!(h.state.library.engine().manifest.articles.len(), 1);
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_reload_picks_up_a_new_article_and_survives_a_broken_one() {
    let corpus = common::corpus_copy();
    let h = Harness::start(Options {
        corpus: Some(corpus.path()),
        ..Options::default()
    })
    .await;
    let sent = h
        .push_and_wait(
            fake_bot_api::private_text(ADMIN as i64, "量子纠错什么时候能实用？"),
            1,
        )
        .await;
    assert!(
        text(&sent[0]).contains("没有在收录的访谈中找到"),
        "{sent:?}"
    );

    common::add_article(corpus.path());
    std::fs::write(corpus.path().join("broken.md"), "---\ntitle: [oops\n---\n").unwrap();
    let sent = h
        .push_and_wait(fake_bot_api::private_text(ADMIN as i64, "/reload"), 2)
        .await;
    let report = text(&sent[1]);
    assert!(report.contains("重新加载完成"), "{report}");
    assert!(report.contains("新增 1"), "{report}");
    assert!(report.contains("broken.md"), "{report}");
    let sent = h
        .push_and_wait(
            fake_bot_api::private_text(ADMIN as i64, "量子纠错什么时候能实用？"),
            1,
        )
        .await;
    assert!(text(&sent[0]).contains("<b>李明</b>"), "{sent:?}");

    // Now nothing usable remains: the reload fails and the previous index keeps answering.
    for entry in std::fs::read_dir(corpus.path()).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    std::fs::write(corpus.path().join("broken.md"), "---\ntitle: [oops\n---\n").unwrap();
    let sent = h
        .push_and_wait(fake_bot_api::private_text(ADMIN as i64, "/reload"), 2)
        .await;
    assert!(text(&sent[1]).contains("重新加载失败"), "{sent:?}");
    // The reason says why each file was skipped.
    assert!(text(&sent[1]).contains("skipped: broken.md:"), "{sent:?}");
    let sent = h
        .push_and_wait(fake_bot_api::private_text(5, "GRPO 为什么重要？"), 1)
        .await;
    assert!(text(&sent[0]).contains("<b>方汉</b>"), "{sent:?}");
    let sent = h
        .push_and_wait(fake_bot_api::private_text(ADMIN as i64, "/stats"), 1)
        .await;
    assert!(text(&sent[0]).contains("问题 3 个"), "{sent:?}");
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_is_a_speaker_is_answered_with_their_role_and_articles() {
    let h = Harness::start(Options::default()).await;
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1005, "Who is Wu Yi?"), 1)
        .await;
    let html = text(&sent[0]);
    assert!(
        html.starts_with("<b>吴翼</b>（清华大学交叉信息院助理教授）"),
        "{html}"
    );
    assert!(
        html.contains("《<a href=\"https://mp.weixin.qq.com/"),
        "{html}"
    );
    assert!(html.contains("「吴翼怎么看……」"), "{html}");
    assert!(fake_bot_api::validate_telegram_html(html).is_ok());
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1005, "有哪些嘉宾？"), 1)
        .await;
    let html = text(&sent[0]);
    assert!(html.starts_with("<b>共 4 位发言人：</b>"), "{html}");
    assert!(
        html.contains("<b>闵可锐</b>（秘塔科技 CEO） · 《<a href="),
        "{html}"
    );
    assert!(fake_bot_api::validate_telegram_html(html).is_ok());
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_is_waited_out_and_the_answer_still_arrives() {
    let h = Harness::start(Options::default()).await;
    h.api
        .fail_next("sendmessage", 1, Fault::TooManyRequests { retry_after: 1 });
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1003, "GRPO 为什么重要？"), 2)
        .await;
    assert_eq!(sent.len(), 2);
    let calls = h.api.calls_of("sendmessage");
    assert!(calls[0].failed && !calls[1].failed);
    assert!(calls[1].at.duration_since(calls[0].at) >= Duration::from_millis(950));
    assert_eq!(h.api.sent_texts().len(), 1);
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_answer_is_split_into_valid_messages() {
    // Five long answers of ~1,500 characters each cannot fit in one 4,096-character message.
    let corpus = tempfile::tempdir().unwrap();
    let mut article = String::from("---\ntitle: 长访谈 <测试> & \"引号\"\nurl: https://example.org/long?a=1&b=2\nsource: 测试\ndate: 2026-01-01\nhost: 甲\n---\n\n");
    for i in 0..5 {
        article.push_str(&format!("**甲：第 {i} 个关于灯塔的问题？**\n\n**乙：**"));
        // Each answer its own words: the same words twice are quoted once.
        for j in 0..60 {
            article.push_str(&format!("第 {i}-{j} 座灯塔的光<灯>&照亮海面上的航船。"));
        }
        article.push_str("\n\n");
    }
    std::fs::write(corpus.path().join("long.md"), article).unwrap();
    let h = Harness::start(Options {
        corpus: Some(corpus.path()),
        top: 10,
        max_quote_chars: 3000,
        ..Options::default()
    })
    .await;
    let before = h.api.calls_of("sendmessage").len();
    h.api
        .push_update(fake_bot_api::private_text(1004, "灯塔照亮航船"));
    let calls = h.api.wait_for("sendmessage", before + 2, WAIT).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let texts = h.api.sent_texts();
    assert!(
        texts.len() >= 2,
        "expected a split answer, got {}",
        texts.len()
    );
    for t in &texts {
        assert!(fake_bot_api::utf16_len(t) <= 4096);
        assert!(
            t.contains("<灯>&照亮"),
            "corpus text is shown as written: {t}"
        );
    }
    assert!(calls.iter().all(|c| !c.failed));
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_does_not_stop_the_bot() {
    let h = Harness::start(Options {
        panic_on: Some("PANIC"),
        ..Options::default()
    })
    .await;
    h.api
        .push_update(fake_bot_api::private_text(1005, "PANIC 为什么？"));
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1005, "GRPO 为什么重要？"), 1)
        .await;
    assert!(text(&sent[0]).contains("GRPO"), "{sent:?}");
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edited_messages_channel_posts_and_unknown_updates_are_ignored() {
    let h = Harness::start(Options::default()).await;
    let edited = fake_bot_api::update(
        "edited_message",
        fake_bot_api::message(
            fake_bot_api::private_chat_json(1006),
            fake_bot_api::user_json(1006),
            "GRPO 为什么重要？",
            json!({"edit_date": fake_bot_api::unix_now()}),
        ),
    );
    h.api.push_update(edited);
    h.api
        .push_update(fake_bot_api::channel_post(-100_777, "GRPO 为什么重要？"));
    let no_text = fake_bot_api::update(
        "message",
        fake_bot_api::message(
            fake_bot_api::private_chat_json(1006),
            fake_bot_api::user_json(1006),
            "",
            json!({"text": null, "sticker": null}),
        ),
    );
    h.api.push_update(no_text);
    let long = "为什么".repeat(1365) + "GRPO";
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1006, &long), 1)
        .await;
    assert_eq!(sent[0]["chat_id"], json!(1006));
    assert_eq!(h.api.calls_of("sendmessage").len(), 1);
    h.stop().await;
}

/// `fangtan serve` as shipped: token and API URL from the environment, one start-up line,
/// SIGTERM stops it after answering, and the token never reaches the log.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_stops_on_sigterm_and_never_logs_the_token() {
    for level in ["info", "debug"] {
        let api = FakeBotApi::start().await;
        let index = tempfile::tempdir().unwrap();
        let log = tempfile::NamedTempFile::new().unwrap();
        let child = common::serve_command(&api.url(), TOKEN, index.path(), level, &log)
            .spawn()
            .unwrap();
        api.wait_for("getupdates", 1, Duration::from_secs(60)).await;
        api.push_update(fake_bot_api::private_text(1007, "GRPO 为什么重要？"));
        api.wait_for("sendmessage", 1, WAIT).await;
        let exit = common::terminate(child).await;
        assert!(exit.success(), "{exit:?}");
        let output = std::fs::read_to_string(log.path()).unwrap();
        assert!(output.contains("loaded 1 article, 52 passages"), "{output}");
        assert!(
            !output.contains(TOKEN),
            "token in the {level} log:\n{output}"
        );
        assert!(
            !output.contains("TEST-token"),
            "token in the {level} log:\n{output}"
        );
        api.assert_no_violations();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_and_removes_articles_in_the_chat() {
    let corpus = common::corpus_copy();
    let h = Harness::start(Options {
        corpus: Some(corpus.path()),
        ..Options::default()
    })
    .await;
    let article = common::QUANTUM_ARTICLE.as_bytes();
    h.api.add_file("doc-1", article);
    let admin = ADMIN as i64;
    let question = "量子纠错什么时候能实用？";

    // Someone else's file is refused, and never fetched.
    let sent = h
        .push_and_wait(
            fake_bot_api::private_document(5, "quantum.md", "doc-1", article.len()),
            1,
        )
        .await;
    assert!(text(&sent[0]).contains("只对管理员开放"), "{sent:?}");
    // So is the admin's own file forwarded by someone else.
    let mut forwarded = fake_bot_api::private_document(6, "quantum.md", "doc-1", article.len());
    forwarded["message"]["forward_origin"] = fake_bot_api::forward_origin_user(admin);
    let sent = h.push_and_wait(forwarded, 1).await;
    assert!(text(&sent[0]).contains("只对管理员开放"), "{sent:?}");
    assert!(h.api.calls_of("getfile").is_empty());
    assert!(!corpus.path().join("quantum.md").exists());

    // The admin's file: received, checked and saved, then the reload report.
    let sent = h
        .push_and_wait(
            fake_bot_api::private_document(admin, "quantum.md", "doc-1", article.len()),
            3,
        )
        .await;
    assert!(text(&sent[0]).contains("收到 quantum.md"), "{sent:?}");
    let saved = text(&sent[1]);
    assert!(saved.contains("<b>已添加</b>"), "{saved}");
    assert!(
        saved.contains("《量子计算访谈》，2 段，发言人：李明、王芳"),
        "{saved}"
    );
    let report = text(&sent[2]);
    assert!(report.contains("重新加载完成"), "{report}");
    assert!(report.contains("新增：quantum.md"), "{report}");
    assert_eq!(h.api.calls_of("download").len(), 1);
    assert_eq!(
        std::fs::read(corpus.path().join("quantum.md")).unwrap(),
        article
    );
    let sent = h
        .push_and_wait(fake_bot_api::private_text(7, question), 1)
        .await;
    assert!(text(&sent[0]).contains("<b>李明</b>"), "{sent:?}");

    // A file that cannot be used is refused with its file and line; nothing is written.
    h.api.add_file("doc-2", b"---\ntitle: [oops\n---\n");
    let sent = h
        .push_and_wait(
            fake_bot_api::private_document(admin, "broken.md", "doc-2", 21),
            2,
        )
        .await;
    assert!(
        text(&sent[1]).contains("没有添加：这个文件不能用"),
        "{sent:?}"
    );
    assert!(text(&sent[1]).contains("broken.md:3"), "{sent:?}");
    assert!(!corpus.path().join("broken.md").exists());
    // Telegram refusing the file: the admin is told, nothing is written, the token is not
    // logged (checked at `stop`).
    h.api.fail_next(
        "getfile",
        1,
        Fault::Api {
            status: 400,
            description: "Bad Request: file is too big".into(),
        },
    );
    let sent = h
        .push_and_wait(
            fake_bot_api::private_document(admin, "later.md", "doc-1", 10),
            2,
        )
        .await;
    assert!(text(&sent[1]).contains("没能从 Telegram 下载"), "{sent:?}");
    assert!(!corpus.path().join("later.md").exists());
    // The admin may forward an article file (from a channel, say).
    let second = "---\ntitle: 机器人访谈\nhost: 王芳\n---\n\n**王芳：机械臂什么时候进家庭？**\n\n**赵六：**我认为家用机械臂还要十年，成本要先降到一台冰箱的价格，安全标准也要跟上。\n";
    h.api.add_file("doc-4", second.as_bytes());
    let mut forwarded = fake_bot_api::private_document(admin, "second.md", "doc-4", second.len());
    forwarded["message"]["forward_origin"] =
        fake_bot_api::forward_origin_channel(-1_000_000_000_900, 5);
    let sent = h.push_and_wait(forwarded, 3).await;
    assert!(
        text(&sent[1]).contains("<b>已添加</b>：second.md"),
        "{sent:?}"
    );
    // A file of another kind is refused before it is fetched.
    let sent = h
        .push_and_wait(
            fake_bot_api::private_document(admin, "slides.pdf", "doc-1", 10),
            1,
        )
        .await;
    assert!(
        text(&sent[0]).contains("要以 .md、.markdown 或 .txt 结尾"),
        "{sent:?}"
    );
    assert_eq!(h.api.calls_of("getfile").len(), 4);

    // Only the admin's help lists the admin commands.
    let sent = h
        .push_and_wait(fake_bot_api::private_text(admin, "/help"), 1)
        .await;
    assert!(text(&sent[0]).contains("/remove 文件名"), "{sent:?}");
    let sent = h
        .push_and_wait(fake_bot_api::private_text(8, "/help"), 1)
        .await;
    assert!(!text(&sent[0]).contains("/remove"), "{sent:?}");

    // `/remove` alone lists the file names; with one, the article goes.
    let sent = h
        .push_and_wait(fake_bot_api::private_text(admin, "/remove"), 1)
        .await;
    assert!(
        text(&sent[0]).contains("• quantum.md — 《量子计算访谈》"),
        "{sent:?}"
    );
    let sent = h
        .push_and_wait(fake_bot_api::private_text(8, "/remove quantum.md"), 1)
        .await;
    assert!(text(&sent[0]).contains("只对管理员开放"), "{sent:?}");
    let sent = h
        .push_and_wait(fake_bot_api::private_text(admin, "/remove quantum.md"), 2)
        .await;
    assert!(
        text(&sent[0]).contains("<b>已删除</b>：quantum.md"),
        "{sent:?}"
    );
    assert!(text(&sent[1]).contains("删除：quantum.md"), "{sent:?}");
    let sent = h
        .push_and_wait(fake_bot_api::private_text(7, question), 1)
        .await;
    assert!(
        text(&sent[0]).contains("没有在收录的访谈中找到"),
        "{sent:?}"
    );
    h.stop().await;
}

/// Timeouts scaled down for the test: Telegram's are 17 s without a byte and 10 minutes in all.
const SHORT_TIMEOUTS: Timeouts = Timeouts {
    connect: Duration::from_secs(5),
    read: Duration::from_secs(1),
    total: Duration::from_secs(30),
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_article_download_arrives_and_a_stalled_one_is_reported() {
    let corpus = common::corpus_copy();
    let h = Harness::start(Options {
        corpus: Some(corpus.path()),
        timeouts: SHORT_TIMEOUTS,
        ..Options::default()
    })
    .await;
    let admin = ADMIN as i64;
    let article = common::QUANTUM_ARTICLE.as_bytes();

    // Eight pieces 0.4 s apart: 3.2 s in all, three times the time allowed without a byte.
    h.api.add_file("slow", article);
    let slow = Pace {
        chunk: article.len().div_ceil(8),
        every: Duration::from_millis(400),
        stall_after: None,
    };
    h.api.pace_download("slow", slow);
    let sent = h
        .push_and_wait(
            fake_bot_api::private_document(admin, "quantum.md", "slow", article.len()),
            3,
        )
        .await;
    assert!(text(&sent[1]).contains("<b>已添加</b>"), "{sent:?}");
    assert_eq!(
        std::fs::read(corpus.path().join("quantum.md")).unwrap(),
        article
    );

    // A download that stops arriving fails, the admin is told to send it again, nothing is
    // written.
    h.api.add_file("stalled", article);
    let stalled = Pace {
        stall_after: Some(article.len() / 2),
        ..slow
    };
    h.api.pace_download("stalled", stalled);
    let sent = h
        .push_and_wait(
            fake_bot_api::private_document(admin, "stalled.md", "stalled", article.len()),
            2,
        )
        .await;
    assert!(text(&sent[1]).contains("没能从 Telegram 下载"), "{sent:?}");
    assert!(!corpus.path().join("stalled.md").exists());
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_up_points_back_at_the_askers_own_last_question() {
    let h = Harness::start(Options::default()).await;
    h.push_and_wait(fake_bot_api::private_text(1010, "吴翼怎么看强化学习？"), 1)
        .await;
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1010, "他怎么看蒸馏？"), 1)
        .await;
    assert!(
        text(&sent[0]).starts_with("（「他」指上文的吴翼。）\n"),
        "{sent:?}"
    );
    assert!(text(&sent[0]).contains("<b>吴翼</b>"), "{sent:?}");

    // In a group, each member's 他 means whom their own last question was about.
    let group = -1_000_000_000_500;
    h.push_and_wait(
        fake_bot_api::group_text(group, 1011, "/ask GRPO 为什么重要？"),
        1,
    )
    .await;
    h.push_and_wait(fake_bot_api::group_text(group, 1012, "/ask 吴翼是谁"), 1)
        .await;
    let sent = h
        .push_and_wait(fake_bot_api::group_text(group, 1011, "/ask 他是谁"), 1)
        .await;
    assert!(
        text(&sent[0]).starts_with("（「他」指上文的方汉。）\n<b>方汉</b>"),
        "{sent:?}"
    );
    // Another chat of the same person starts afresh.
    let sent = h
        .push_and_wait(fake_bot_api::private_text(1011, "他是谁"), 1)
        .await;
    assert!(!text(&sent[0]).contains("指上文"), "{sent:?}");
    h.stop().await;
}

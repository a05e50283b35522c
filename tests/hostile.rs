//! Hostile updates, admin spoofing and token hygiene, against the real dispatcher and the fake
//! Bot API (the harness is `tests/bot.rs`'s, plus a log capture).
//!
//! After every hostile update the bot must keep answering the next normal question; no
//! `/reload` but a trusted admin's may change what it serves; and no log line — at TRACE, the
//! dependencies' included — may contain the token.

mod common;
#[path = "support/fake_bot_api.rs"]
mod fake_bot_api;
#[path = "support/log_capture.rs"]
mod log_capture;
#[path = "support/running_bot.rs"]
mod running_bot;

use std::path::Path;
use std::time::Duration;

use fake_bot_api::Fault;
use fangtan::telegram::PLACEHOLDER_SENDERS;
use running_bot::{RunningBot, Setup};
use serde_json::{json, Value};

/// Shaped like a real token (numeric id, 35-character secret), so that teloxide's own
/// redaction of URLs in network errors is exercised too.
const TOKEN: &str = "7000000001:AAHfake_TOKEN-neverLogged0123456789";
const SECRET: &str = "AAHfake_TOKEN-neverLogged0123456789";
const ADMIN: i64 = 4243;
const WAIT: Duration = Duration::from_secs(30);
const QUESTION: &str = "GRPO 为什么重要？";
const NOT_ADMIN: &str = "只对管理员开放";

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

impl Harness {
    async fn start(corpus: Option<&Path>) -> Harness {
        let log = log_capture::install();
        let mut setup = Setup::new(TOKEN);
        setup.corpus = corpus;
        // Placeholder ids are configured as admins on purpose: they must still be refused.
        setup.configure = Box::new(|config| {
            config.admins = vec![ADMIN as u64, 1_087_968_824, 136_817_688, 777_000];
        });
        let bot = RunningBot::start(setup, WAIT).await;
        Harness { bot, log }
    }

    /// Pushes an update and returns the message the bot sends to `chat` in reply to it.
    /// Each case (what, update, chat, sender) gets the admins-only refusal in its chat, and a
    /// log line starting `logged` names its sender and chat.
    async fn assert_refused(
        &self,
        cases: impl IntoIterator<Item = (&'static str, Value, i64, u64)>,
        logged: &str,
    ) {
        for (what, update, chat, who) in cases {
            let sent = self.ask(update, chat).await;
            assert!(text(&sent).contains(NOT_ADMIN), "{what}: {sent}");
            let lines = self
                .log
                .lines_with(logged)
                .into_iter()
                .filter(|l| l.contains(&format!("from user {who} in chat {chat}")))
                .count();
            assert!(lines > 0, "{what}: refusal not logged");
        }
    }

    async fn ask(&self, update: Value, chat: i64) -> Value {
        let id = update["message"]["message_id"].as_i64().unwrap();
        self.api.push_update(update);
        self.reply(chat, id).await
    }

    /// Waits for a successful `sendMessage` to `chat` threaded to message `id`.
    async fn reply(&self, chat: i64, id: i64) -> Value {
        self.send_where(&format!("no reply to message {id} in chat {chat}"), |c| {
            !c.failed
                && c.body["chat_id"] == json!(chat)
                && c.body["reply_parameters"]["message_id"] == json!(id)
        })
        .await
    }

    /// Waits until a send to `chat` failed (an injected fault was served).
    async fn failed_send(&self, chat: i64) {
        self.send_where(&format!("no failed send to chat {chat}"), |c| {
            c.failed && c.body["chat_id"] == json!(chat)
        })
        .await;
    }

    /// Waits (up to `WAIT`) for a `sendMessage` call that `wanted` accepts and returns its body;
    /// fails with `missing` otherwise.
    async fn send_where(
        &self,
        missing: &str,
        wanted: impl Fn(&fake_bot_api::Call) -> bool,
    ) -> Value {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let calls = self.api.calls_of("sendmessage");
            if let Some(call) = calls.iter().find(|c| wanted(c)) {
                return call.body.clone();
            }
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            assert!(!left.is_zero(), "{missing}");
            self.api
                .wait_for("sendmessage", calls.len() + 1, left)
                .await;
        }
    }

    /// Asks the standard question from a fresh private chat and checks the answer.
    async fn still_answers(&self, chat: i64) {
        let sent = self
            .ask(fake_bot_api::private_text(chat, QUESTION), chat)
            .await;
        assert!(text(&sent).contains("<b>GRPO</b>"), "{sent}");
    }

    /// Messages sent (successfully) to `chat`.
    fn sent_to(&self, chat: i64) -> usize {
        self.api
            .calls_of("sendmessage")
            .iter()
            .filter(|c| !c.failed && c.body["chat_id"] == json!(chat))
            .count()
    }

    async fn stop(mut self) {
        self.bot.stop(WAIT).await;
        self.log.assert_never_logged(TOKEN);
        self.log.assert_never_logged(SECRET);
    }
}

fn text(body: &Value) -> &str {
    body["text"].as_str().unwrap_or_default()
}

fn message_id(update: &Value) -> i64 {
    update["message"]["message_id"].as_i64().unwrap()
}

fn supergroup(n: i64) -> i64 {
    -1_000_000_000_000 - n
}

fn in_chat(chat: Value, from: Value, text: &str, extra: Value) -> Value {
    fake_bot_api::update("message", fake_bot_api::message(chat, from, text, extra))
}

/// A hostile update: its name, the update, and the chat it may be answered in with whether an
/// answer there is required (`true`) or forbidden (`false`).
type Case = (&'static str, Value, Option<(i64, bool)>);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_updates_never_stop_the_bot() {
    let h = Harness::start(None).await;
    // Whatever the server sends, not only the kinds the bot asked for.
    h.api.deliver_all_update_kinds(true);
    let private = fake_bot_api::private_chat_json;
    let user = fake_bot_api::user_json;
    let group = fake_bot_api::group_chat_json;
    let long_emoji = "😀".repeat(2048); // 4,096 UTF-16 units
    let nested = "(".repeat(2000) + "GRPO" + &")".repeat(2000) + &"[".repeat(48);
    let bidi = "\u{202e}\u{200d}\u{0}\u{200f}".repeat(1024);

    let mut cases: Vec<Case> = vec![
        (
            "unknown kind",
            fake_bot_api::update("future_kind", json!({"x": [1, {"y": null}]})),
            None,
        ),
        (
            "reaction",
            fake_bot_api::update(
                "message_reaction",
                json!({"chat": group(-700), "message_id": 1, "date": 0, "user": user(700),
                       "old_reaction": [], "new_reaction": [{"type": "emoji", "emoji": "👍"}]}),
            ),
            None,
        ),
        (
            "callback query without a message",
            fake_bot_api::update(
                "callback_query",
                json!({"id": "1", "from": user(701), "chat_instance": "x", "data": "/reload"}),
            ),
            None,
        ),
        (
            "message of the wrong type",
            fake_bot_api::update("message", json!({"message_id": "x", "chat": 7})),
            None,
        ),
        (
            "message that is not an object",
            fake_bot_api::update("message", json!(42)),
            None,
        ),
        (
            "inline query without fields",
            fake_bot_api::update("inline_query", json!({"id": 5})),
            None,
        ),
        (
            "edited message",
            fake_bot_api::update(
                "edited_message",
                fake_bot_api::message(
                    private(702),
                    user(702),
                    QUESTION,
                    json!({"edit_date": fake_bot_api::unix_now()}),
                ),
            ),
            Some((702, false)),
        ),
        (
            "channel post",
            fake_bot_api::channel_post(-1_000_000_000_703, QUESTION),
            Some((-1_000_000_000_703, false)),
        ),
        (
            "edited channel post",
            fake_bot_api::update(
                "edited_channel_post",
                fake_bot_api::message(
                    fake_bot_api::channel_chat_json(-1_000_000_000_704),
                    Value::Null,
                    QUESTION,
                    json!({"edit_date": fake_bot_api::unix_now()}),
                ),
            ),
            Some((-1_000_000_000_704, false)),
        ),
        (
            "private message without `from`",
            in_chat(private(705), Value::Null, QUESTION, Value::Null),
            None,
        ),
        (
            "group message without `from`",
            in_chat(group(-706), Value::Null, "/ask GRPO", Value::Null),
            None,
        ),
        (
            "sticker",
            in_chat(
                private(707),
                user(707),
                "",
                json!({"text": null, "sticker": {"file_id": "s", "file_unique_id": "u",
                       "type": "regular", "width": 512, "height": 512,
                       "is_animated": false, "is_video": false}}),
            ),
            Some((707, false)),
        ),
        (
            "photo with a caption",
            in_chat(
                private(708),
                user(708),
                "",
                json!({"text": null, "caption": QUESTION,
                       "photo": [{"file_id": "p", "file_unique_id": "q", "width": 1, "height": 1}]}),
            ),
            Some((708, false)),
        ),
        (
            "members joined",
            in_chat(
                group(-709),
                user(709),
                "",
                json!({"text": null, "new_chat_members": [user(710), fake_bot_api::bot_user_json()]}),
            ),
            Some((-709, false)),
        ),
        (
            "empty text",
            in_chat(private(711), user(711), "", Value::Null),
            Some((711, false)),
        ),
        (
            "whitespace only",
            in_chat(private(712), user(712), " \u{3000}\n\t", Value::Null),
            Some((712, false)),
        ),
        (
            "4,096 UTF-16 units of emoji",
            fake_bot_api::private_text(713, &long_emoji),
            Some((713, true)),
        ),
        (
            "2,000 nested brackets",
            fake_bot_api::private_text(714, &nested),
            Some((714, true)),
        ),
        (
            "bidi, zero-width and NUL",
            fake_bot_api::private_text(715, &bidi),
            Some((715, true)),
        ),
        (
            "4,096-character /ask in a group",
            fake_bot_api::group_text(-716, 716, &format!("/ask {}", "为".repeat(4091))),
            Some((-716, true)),
        ),
        (
            "anonymous group admin asking",
            in_chat(
                group(-717),
                user(1_087_968_824),
                "/ask GRPO 为什么重要？",
                json!({"sender_chat": group(-717)}),
            ),
            Some((-717, true)),
        ),
        (
            "channel (Channel_Bot) writing in a supergroup",
            in_chat(
                group(supergroup(718)),
                user(136_817_688),
                "@fangtan_bot GRPO 为什么重要？",
                json!({"sender_chat": fake_bot_api::channel_chat_json(-1_000_000_000_999)}),
            ),
            Some((supergroup(718), true)),
        ),
        (
            "automatic forward from the linked channel (777000)",
            in_chat(
                group(supergroup(719)),
                user(777_000),
                QUESTION,
                json!({"is_automatic_forward": true,
                       "sender_chat": fake_bot_api::channel_chat_json(-1_000_000_000_998),
                       "forward_origin": fake_bot_api::forward_origin_channel(-1_000_000_000_998, 3)}),
            ),
            Some((supergroup(719), false)),
        ),
        (
            "placeholder sender in private",
            fake_bot_api::private_text(777_000, QUESTION),
            Some((777_000, true)),
        ),
        (
            "forwarded from an admin",
            in_chat(
                private(720),
                user(720),
                QUESTION,
                json!({"forward_origin": fake_bot_api::forward_origin_user(ADMIN)}),
            ),
            Some((720, true)),
        ),
        (
            "reply to the bot without text",
            in_chat(
                group(-721),
                user(721),
                "",
                json!({"text": null,
                       "reply_to_message": fake_bot_api::bot_message(group(-721), 1, "x"),
                       "sticker": {"file_id": "s", "file_unique_id": "u", "type": "regular",
                                   "width": 1, "height": 1, "is_animated": false, "is_video": false}}),
            ),
            Some((-721, false)),
        ),
        (
            "a bot talking to the bot",
            in_chat(
                private(722),
                json!({"id": 722, "is_bot": true, "first_name": "Evil", "username": "evil_bot"}),
                QUESTION,
                Value::Null,
            ),
            None,
        ),
        (
            "inline query of 4,096 characters",
            fake_bot_api::inline_query(723, &nested),
            None,
        ),
    ];
    // A group → supergroup migration: the service message in the old group, then the first
    // message of the new supergroup, then a question there.
    let old = -724;
    let new = supergroup(724);
    cases.push((
        "group migrated to a supergroup",
        in_chat(
            group(old),
            user(724),
            "",
            json!({"text": null, "migrate_to_chat_id": new}),
        ),
        Some((old, false)),
    ));
    cases.push((
        "supergroup migrated from a group",
        in_chat(
            group(new),
            user(724),
            "",
            json!({"text": null, "migrate_from_chat_id": old}),
        ),
        None,
    ));

    let mut follow_up = 9_000;
    let mut required = Vec::new();
    for (name, update, expect) in cases {
        let update_id = h.api.push_update(update.clone());
        if let Some((chat, true)) = expect {
            required.push((name, chat, update["message"]["message_id"].as_i64()));
        }
        // The next normal question is answered.
        follow_up += 1;
        let sent = h
            .ask(fake_bot_api::private_text(follow_up, QUESTION), follow_up)
            .await;
        assert!(
            text(&sent).contains("<b>GRPO</b>"),
            "after {name} (update {update_id}): {sent}"
        );
    }
    let sent = h
        .ask(
            fake_bot_api::group_text(new, 724, "/ask GRPO 为什么重要？"),
            new,
        )
        .await;
    assert!(text(&sent).contains("<b>GRPO</b>"), "{sent}");
    for (name, chat, id) in required {
        match id {
            Some(id) => {
                h.reply(chat, id).await;
            }
            None => assert!(h.sent_to(chat) > 0, "{name}: no answer"),
        }
    }
    // Updates that must be ignored got nothing (checked after everything else was answered).
    for chat in [
        702,
        -1_000_000_000_703,
        -1_000_000_000_704,
        707,
        708,
        -709,
        711,
        712,
        supergroup(719),
        -721,
        old,
    ] {
        assert_eq!(h.sent_to(chat), 0, "chat {chat} was answered");
    }
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_faults_lose_nothing_but_the_unknowable() {
    let h = Harness::start(None).await;
    // Sending into a group that has just become a supergroup: the answer goes to the new id.
    let old = -731;
    let new = supergroup(731);
    h.api.fail_next(
        "sendmessage",
        1,
        Fault::MigrateToChatId { new_chat_id: new },
    );
    let question = fake_bot_api::group_text(old, 731, "/ask GRPO 为什么重要？");
    let asked = message_id(&question);
    h.api.push_update(question);
    let sent = h.reply(new, asked).await;
    assert!(text(&sent).contains("<b>GRPO</b>"), "{sent}");

    // Markup Telegram refuses: re-sent as plain text, the article's address after its title.
    h.api.fail_next("sendmessage", 1, Fault::CantParseEntities);
    let sent = h.ask(fake_bot_api::private_text(732, QUESTION), 732).await;
    assert!(sent.get("parse_mode").is_none(), "{sent}");
    assert!(text(&sent).contains("GRPO") && !text(&sent).contains("<b>"));
    assert!(
        text(&sent).contains("(https://mp.weixin.qq.com/s?"),
        "{sent}"
    );

    // A connection broken mid-answer: the outcome is unknown, so it is not re-sent (a
    // duplicate is not risked); the error is logged without the token, and the bot goes on.
    h.api.fail_next("sendmessage", 1, Fault::Disconnect);
    h.api.push_update(fake_bot_api::private_text(733, QUESTION));
    h.failed_send(733).await;
    h.still_answers(734).await;
    // Blocked by the user: logged, nothing retried, the bot goes on.
    h.api.fail_next(
        "sendmessage",
        1,
        Fault::Api {
            status: 403,
            description: "Forbidden: bot was blocked by the user".into(),
        },
    );
    h.api.push_update(fake_bot_api::private_text(735, QUESTION));
    h.failed_send(735).await;
    h.still_answers(736).await;
    // A 502 from Telegram's front end (an HTML page, after which teloxide waits 10 s): the
    // message was not delivered, so it is sent again.
    h.api.fail_next("sendmessage", 1, Fault::BadGateway);
    let sent = h.ask(fake_bot_api::private_text(737, QUESTION), 737).await;
    assert!(text(&sent).contains("<b>GRPO</b>"), "{sent}");
    let failures = h.log.lines_with("update failed");
    assert!(
        failures.iter().any(|l| l.contains("network error")),
        "the broken connection was logged: {failures:?}"
    );
    assert!(
        failures.iter().any(|l| l.contains("blocked")),
        "{failures:?}"
    );
    // The log capture works: teloxide's own `log` records arrive too.
    assert!(!h.log.lines_with("teloxide").is_empty());
    h.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Admin spoofing

fn versions(index: &Path) -> usize {
    std::fs::read_dir(index)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("v-")
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spoofed_admin_commands_are_refused_logged_and_change_nothing() {
    let corpus = common::corpus_copy();
    let h = Harness::start(Some(corpus.path())).await;
    h.api.deliver_all_update_kinds(true);
    common::add_article(corpus.path());
    let private = fake_bot_api::private_chat_json;
    let user = fake_bot_api::user_json;
    let group = fake_bot_api::group_chat_json;
    let admin_user = user(ADMIN);

    // (what, update, chat the refusal goes to, user id the log names)
    let refused: Vec<(&str, Value, i64, u64)> = vec![
        (
            "a stranger",
            fake_bot_api::private_text(741, "/reload"),
            741,
            741,
        ),
        (
            "the admin in a group",
            in_chat(
                group(-742),
                admin_user.clone(),
                "/reload@fangtan_bot",
                Value::Null,
            ),
            -742,
            ADMIN as u64,
        ),
        (
            "the admin in a supergroup",
            in_chat(
                group(supergroup(743)),
                admin_user.clone(),
                "/reload",
                Value::Null,
            ),
            supergroup(743),
            ADMIN as u64,
        ),
        (
            "an anonymous group admin (GroupAnonymousBot, sender_chat = the group)",
            in_chat(
                group(-744),
                user(1_087_968_824),
                "/reload@fangtan_bot",
                json!({"sender_chat": group(-744)}),
            ),
            -744,
            1_087_968_824,
        ),
        (
            "GroupAnonymousBot in private",
            fake_bot_api::private_text(1_087_968_824, "/reload"),
            1_087_968_824,
            1_087_968_824,
        ),
        (
            "Channel_Bot in private",
            fake_bot_api::private_text(136_817_688, "/reload"),
            136_817_688,
            136_817_688,
        ),
        (
            "the service account in private",
            fake_bot_api::private_text(777_000, "/reload"),
            777_000,
            777_000,
        ),
        (
            "the admin's id with sender_chat set (on behalf of a channel)",
            in_chat(
                private(ADMIN),
                admin_user.clone(),
                "/reload",
                json!({"sender_chat": fake_bot_api::channel_chat_json(-1_000_000_000_745)}),
            ),
            ADMIN,
            ADMIN as u64,
        ),
        (
            "an admin's message forwarded by someone else",
            in_chat(
                private(746),
                user(746),
                "/reload",
                json!({"forward_origin": fake_bot_api::forward_origin_user(ADMIN)}),
            ),
            746,
            746,
        ),
        (
            "the admin forwarding an old /reload",
            in_chat(
                private(ADMIN),
                admin_user.clone(),
                "/reload",
                json!({"forward_origin": fake_bot_api::forward_origin_user(ADMIN)}),
            ),
            ADMIN,
            ADMIN as u64,
        ),
        (
            "a channel post forwarded by the admin",
            in_chat(
                private(ADMIN),
                admin_user.clone(),
                "/reload",
                json!({"forward_origin": fake_bot_api::forward_origin_channel(-1_000_000_000_747, 9)}),
            ),
            ADMIN,
            ADMIN as u64,
        ),
        (
            "a bot account with the admin's id",
            in_chat(
                private(ADMIN),
                json!({"id": ADMIN, "is_bot": true, "first_name": "Fake"}),
                "/reload",
                Value::Null,
            ),
            ADMIN,
            ADMIN as u64,
        ),
        (
            "no sender at all, in the admin's private chat",
            in_chat(private(ADMIN), Value::Null, "/reload", Value::Null),
            ADMIN,
            0,
        ),
        (
            "/stats from a stranger",
            fake_bot_api::private_text(748, "/stats"),
            748,
            748,
        ),
    ];
    h.assert_refused(refused, "refused admin command").await;
    // Files: only the admin, in private, in their own name, may add an article.
    let document = |chat: Value, from: Value, extra: Value| {
        let mut update = fake_bot_api::private_document(0, "quantum.md", "doc-q", 10);
        update["message"]["chat"] = chat;
        update["message"]["from"] = from;
        if let (Some(message), Value::Object(extra)) = (update["message"].as_object_mut(), extra) {
            message.extend(extra);
        }
        update
    };
    let files_refused = [
        (
            "a stranger's file",
            document(private(753), user(753), Value::Null),
            753,
            753,
        ),
        (
            "GroupAnonymousBot's file in private",
            document(private(1_087_968_824), user(1_087_968_824), Value::Null),
            1_087_968_824,
            1_087_968_824,
        ),
        (
            "the admin's file forwarded by someone else",
            document(
                private(754),
                user(754),
                json!({"forward_origin": fake_bot_api::forward_origin_user(ADMIN)}),
            ),
            754,
            754,
        ),
        (
            "the admin's id on behalf of a channel",
            document(
                private(ADMIN),
                admin_user.clone(),
                json!({"sender_chat": fake_bot_api::channel_chat_json(-1_000_000_000_755)}),
            ),
            ADMIN,
            ADMIN as u64,
        ),
        (
            "a bot account with the admin's id",
            document(
                private(ADMIN),
                json!({"id": ADMIN, "is_bot": true, "first_name": "Fake"}),
                Value::Null,
            ),
            ADMIN,
            ADMIN as u64,
        ),
    ];
    h.assert_refused(files_refused, "refused a file").await;
    assert!(h.api.calls_of("getfile").is_empty());

    // Ignored outright (no reply, no reload): edits, channel posts, another bot's command, the
    // admin's file in a group.
    let sends = h.api.calls_of("sendmessage").len();
    h.api.push_update(fake_bot_api::update(
        "edited_message",
        fake_bot_api::message(
            private(ADMIN),
            admin_user.clone(),
            "/reload",
            json!({"edit_date": fake_bot_api::unix_now()}),
        ),
    ));
    h.api
        .push_update(fake_bot_api::channel_post(-1_000_000_000_749, "/reload"));
    h.api
        .push_update(fake_bot_api::private_text(ADMIN, "/reload@OtherBot"));
    h.api
        .push_update(document(group(-756), admin_user.clone(), Value::Null));
    h.still_answers(750).await;
    assert_eq!(h.api.calls_of("sendmessage").len(), sends + 1);

    // Nothing was reloaded: still one article, one index version, no reload recorded, and the
    // new article's answer is not found.
    let library = &h.state.library;
    assert_eq!(library.engine().manifest.articles.len(), 1);
    assert!(library.stats().snapshot().last_reload.is_none());
    assert_eq!(versions(h.index.path()), 1);
    let sent = h
        .ask(
            fake_bot_api::private_text(751, "量子纠错什么时候能实用？"),
            751,
        )
        .await;
    assert!(text(&sent).contains("没有在收录的访谈中找到"), "{sent}");

    // Control: the real admin, in private, in their own name, is obeyed.
    let reload = fake_bot_api::private_text(ADMIN, "/reload");
    let reload_id = message_id(&reload);
    h.api.push_update(reload);
    h.reply(ADMIN, reload_id).await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while library.engine().manifest.articles.len() != 2 {
        assert!(tokio::time::Instant::now() < deadline, "the admin's reload");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sent = h
        .ask(
            fake_bot_api::private_text(752, "量子纠错什么时候能实用？"),
            752,
        )
        .await;
    assert!(text(&sent).contains("<b>李明</b>"), "{sent}");
    assert!(PLACEHOLDER_SENDERS.contains(&777_000));
    h.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Shutdown

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_answers_the_updates_in_flight() {
    let mut h = Harness::start(None).await;
    // A slow server keeps the answers in flight when the stop arrives.
    h.api.set_delay("sendmessage", Duration::from_millis(400));
    let chats: Vec<i64> = (760..768).collect();
    let mut asked = Vec::new();
    for &chat in &chats {
        let update = fake_bot_api::private_text(chat, QUESTION);
        asked.push(message_id(&update));
        h.api.push_update(update);
    }
    // Wait until the bot has taken the updates and started answering, then stop it.
    h.api.wait_for("sendmessage", 1, WAIT).await;
    h.bot.stop(WAIT).await;
    for (chat, id) in chats.iter().zip(asked) {
        let sent = h.reply(*chat, id).await;
        assert!(text(&sent).contains("<b>GRPO</b>"));
    }
    h.stop().await;
}

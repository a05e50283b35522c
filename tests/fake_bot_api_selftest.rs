//! Self-test of the fake Telegram Bot API used by the integration tests:
//! the HTML validator, the HTTP behaviour (raw HTTP/1.1 over a `TcpStream`),
//! and a round trip through teloxide's own client and types.

#[path = "support/fake_bot_api.rs"]
mod fake_bot_api;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use fake_bot_api::*;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const WAIT: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------------------
// Raw HTTP helper
// ---------------------------------------------------------------------------

struct HttpResponse {
    status: u16,
    headers: String,
    body: String,
}

impl HttpResponse {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("response is not JSON ({err}): {}", self.body))
    }
}

/// Sends one `POST path` with a JSON body over HTTP/1.1 and reads the whole
/// answer (`Connection: close`).
async fn post(addr: SocketAddr, path: &str, body: &str) -> HttpResponse {
    let mut stream = TcpStream::connect(addr).await.expect("connect to fake");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("write request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read response");
    parse_http_response(&String::from_utf8(raw).expect("UTF-8 response"))
}

async fn post_json(addr: SocketAddr, path: &str, body: Value) -> HttpResponse {
    post(addr, path, &body.to_string()).await
}

fn parse_http_response(raw: &str) -> HttpResponse {
    let (head, body) = raw.split_once("\r\n\r\n").expect("header/body separator");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status code");
    let headers = head.to_ascii_lowercase();
    let body = if headers.contains("transfer-encoding: chunked") {
        dechunk(body)
    } else {
        body.to_owned()
    };
    HttpResponse {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &str) -> String {
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if size == 0 {
            break;
        }
        body.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    body
}

// ---------------------------------------------------------------------------
// Validator
// ---------------------------------------------------------------------------

const CARD: &str = "<b>王小波</b> · 《访谈录》\n\
    <blockquote expandable>「我这一生，最重要的是自由。」\n&lt;原文&gt; &amp; &quot;注释&quot; &#169; &#x1F600;</blockquote>\n\
    <a href=\"https://example.com/a?x=1&amp;y=2\">来源</a> <i>2001</i>";

#[test]
fn valid_card_passes_and_counts_visible_utf16() {
    let len = validate_telegram_html(CARD).expect("card is valid");
    let text = visible_text(CARD);
    assert_eq!(len, utf16_len(&text));
    assert!(text.starts_with("王小波 · 《访谈录》\n「我这一生"));
    assert!(text.contains("<原文> & \"注释\" © 😀"));
    assert!(text.ends_with("来源 2001"));
}

#[test]
fn card_entities_have_utf16_offsets() {
    let parsed = parse_telegram_html("😀<b>粗</b><a href='https://t.me/x'>链接</a>").unwrap();
    assert_eq!(parsed.text, "😀粗链接");
    assert_eq!(
        parsed.entities,
        vec![
            json!({"type": "bold", "offset": 2, "length": 1}),
            json!({"type": "text_link", "offset": 3, "length": 2, "url": "https://t.me/x"}),
        ]
    );
    let quote = parse_telegram_html("<blockquote expandable>q</blockquote>").unwrap();
    assert_eq!(quote.entities[0]["type"], "expandable_blockquote");
}

#[test]
fn every_allowed_tag_passes() {
    let html = "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>i</ins>\
        <s>s</s><strike>s</strike><del>d</del><span class=\"tg-spoiler\">sp</span>\
        <tg-spoiler>sp</tg-spoiler><a href=\"tg://user?id=1\">a</a><code>c</code>\
        <pre><code class=\"language-rust\">fn</code></pre><blockquote>q</blockquote>\
        <tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji><B>upper</B>\
        <b><i><u>nested</u></i></b>";
    let parsed = parse_telegram_html(html).expect("all allowed tags");
    let pre = parsed
        .entities
        .iter()
        .find(|e| e["type"] == "pre")
        .expect("pre entity");
    assert_eq!(pre["language"], "rust");
    assert!(validate_telegram_html(html).is_ok());
}

#[track_caller]
fn assert_invalid(html: &str, expected: &str) {
    match validate_telegram_html(html) {
        Ok(len) => panic!("{html:?} should be invalid, got length {len}"),
        Err(err) => assert!(
            err.contains(expected),
            "{html:?}: error {err:?} should contain {expected:?}"
        ),
    }
}

#[test]
fn unknown_tags_fail() {
    assert_invalid(
        "<div>x</div>",
        "Unsupported start tag \"div\" at byte offset 0",
    );
    assert_invalid("a<br>b", "Unsupported start tag \"br\" at byte offset 1");
    assert_invalid("<b/>", "Unsupported start tag \"b/\"");
    assert_invalid("<span>x</span>", "must have class \"tg-spoiler\"");
    assert_invalid("<tg-emoji>x</tg-emoji>", "Custom emoji identifier");
}

#[test]
fn unbalanced_tags_fail() {
    assert_invalid(
        "<b>x",
        "Can't find end tag corresponding to start tag \"b\"",
    );
    assert_invalid(
        "<b><i>x</b></i>",
        "Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"",
    );
    assert_invalid("x</b>", "Unexpected end tag");
    assert_invalid("<strong>x</b>", "expected \"</strong>\"");
    assert_invalid("<b>x</b", "Unclosed end tag");
    assert_invalid("<a href=\"x>y</a>", "Unclosed start tag");
}

#[test]
fn nested_blockquote_fails() {
    assert_invalid(
        "<blockquote>a<blockquote expandable>b</blockquote></blockquote>",
        "Blockquote entities can't be nested",
    );
    assert_invalid(
        "<blockquote expandable><b><blockquote>x</blockquote></b></blockquote>",
        "can't be nested",
    );
    assert!(validate_telegram_html("<blockquote>a</blockquote><blockquote>b</blockquote>").is_ok());
}

#[test]
fn bad_entities_fail() {
    assert_invalid("a&nbsp;b", "Unsupported HTML entity \"&nbsp;\"");
    assert_invalid("AT&T", "'&' at byte offset 2 must be escaped");
    assert_invalid("&#0;", "Unsupported HTML entity");
    assert_invalid("&#xD800;", "Unsupported HTML entity");
    assert_invalid("<a href=\"?a=1&b=2\">x</a>", "must be escaped");
    assert_eq!(visible_text("&#20320;&#x597D;"), "你好");
}

#[test]
fn bare_angle_brackets_fail() {
    assert_invalid("1 < 2", "Unsupported start tag \"\" at byte offset 2");
    assert_invalid("2 > 1", "'>' at byte offset 2 must be escaped");
    assert_invalid("x <", "Unsupported start tag \"\"");
    assert!(validate_telegram_html("1 &lt; 2 &gt; 0").is_ok());
}

#[test]
fn attribute_quoting() {
    assert!(validate_telegram_html("<a href='https://x.y/'>x</a>").is_ok());
    assert!(validate_telegram_html("<a href=example.com>x</a>").is_ok());
    assert_invalid("<a href=https://x.y/>x</a>", "Unexpected end of name token");
    assert_invalid("<a href>x</a>", "Expected equal sign");
    assert_invalid("<b =x>y</b>", "Empty attribute name");
}

#[test]
fn length_limit_is_after_entity_parsing() {
    let max = "a".repeat(MAX_MESSAGE_UTF16);
    assert_eq!(validate_telegram_html(&max), Ok(MAX_MESSAGE_UTF16));
    assert_invalid(&format!("{max}a"), "message is too long: 4097");
    let escaped = format!("<b>{}</b>", "&amp;".repeat(MAX_MESSAGE_UTF16));
    assert_eq!(validate_telegram_html(&escaped), Ok(MAX_MESSAGE_UTF16));
    let emoji = "😀".repeat(MAX_MESSAGE_UTF16 / 2);
    assert_eq!(validate_telegram_html(&emoji), Ok(MAX_MESSAGE_UTF16));
    assert_invalid(&format!("{emoji}😀"), "message is too long: 4098");
}

#[test]
fn text_entities_use_utf16_offsets() {
    assert_eq!(
        text_entities("/ask@fangtan_bot 你好😀 @fangtan_bot"),
        vec![
            json!({"type": "bot_command", "offset": 0, "length": 16}),
            json!({"type": "mention", "offset": 22, "length": 12}),
        ]
    );
    assert!(text_entities("a/b email@example.com").is_empty());
}

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_me_matches_method_case_insensitively() {
    let fake = FakeBotApi::start().await;
    assert!(fake.url().starts_with("http://127.0.0.1:"));
    assert!(fake.url().ends_with('/'));

    let response = post(fake.addr(), "/bot123:ABC/GetMe", "").await;
    assert_eq!(response.status, 200);
    assert!(response.headers.contains("content-type: application/json"));
    let me = response.json();
    assert_eq!(me["ok"], true);
    assert_eq!(me["result"]["is_bot"], true);
    assert_eq!(me["result"]["username"], BOT_USERNAME);
    assert_eq!(me["result"]["supports_inline_queries"], true);

    let calls = fake.wait_for("getMe", 1, WAIT).await;
    assert_eq!(calls[0].method, "getme");
    assert_eq!(calls[0].token, "123:ABC");
    assert!(!calls[0].failed);
    fake.assert_no_violations();
    fake.shutdown().await;
}

#[tokio::test]
async fn send_message_with_invalid_html_is_refused_and_recorded() {
    let fake = FakeBotApi::start().await;
    let response = post_json(
        fake.addr(),
        "/bot123:ABC/sendMessage",
        json!({"chat_id": 42, "text": "<b>bold</i>", "parse_mode": "HTML"}),
    )
    .await;
    assert_eq!(response.status, 400);
    let body = response.json();
    assert_eq!(body["ok"], false);
    assert_eq!(body["error_code"], 400);
    let description = body["description"].as_str().unwrap();
    assert!(
        description.starts_with("Bad Request: can't parse entities: Unmatched end tag"),
        "{description}"
    );

    let violations = fake.violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert!(violations[0].starts_with("sendmessage: Bad Request: can't parse entities"));
    assert!(fake.calls_of("SENDMESSAGE")[0].failed);
    assert!(fake.sent_messages().is_empty());
}

#[tokio::test]
async fn send_message_returns_a_message_from_the_bot() {
    let fake = FakeBotApi::start().await;
    let send = |text: &str| {
        post_json(
            fake.addr(),
            "/bot123:ABC/SendMessage",
            json!({"chat_id": -1_001_234_567_890_i64, "text": text, "parse_mode": "HTML"}),
        )
    };
    let first = send("<b>一</b> &amp; 二").await.json();
    let second = send(CARD).await.json();
    assert_eq!(first["ok"], true, "{first}");
    let message = &first["result"];
    assert_eq!(message["text"], "一 & 二");
    assert_eq!(message["chat"]["id"], -1_001_234_567_890_i64);
    assert_eq!(message["chat"]["type"], "supergroup");
    assert_eq!(message["from"]["username"], BOT_USERNAME);
    assert_eq!(
        message["entities"],
        json!([{"type": "bold", "offset": 0, "length": 1}])
    );
    assert_eq!(
        second["result"]["message_id"].as_i64().unwrap(),
        message["message_id"].as_i64().unwrap() + 1
    );
    assert_eq!(
        fake.sent_texts(),
        vec!["一 & 二".to_owned(), visible_text(CARD)]
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn plain_messages_must_be_non_empty_and_short() {
    let fake = FakeBotApi::start().await;
    let path = "/bot1:X/sendMessage";
    let empty = post_json(fake.addr(), path, json!({"chat_id": 1, "text": "  "})).await;
    assert_eq!(
        empty.json()["description"],
        "Bad Request: message text is empty"
    );
    let long = "长".repeat(MAX_MESSAGE_UTF16 + 1);
    let too_long = post_json(fake.addr(), path, json!({"chat_id": 1, "text": long})).await;
    assert_eq!(too_long.status, 400);
    assert_eq!(
        too_long.json()["description"],
        "Bad Request: message is too long"
    );
    let ok = post_json(
        fake.addr(),
        path,
        json!({"chat_id": 1, "text": "1 < 2 & 3"}),
    )
    .await;
    assert_eq!(ok.json()["result"]["text"], "1 < 2 & 3");
    assert_eq!(fake.violations().len(), 2);
}

#[tokio::test]
async fn get_updates_returns_pushed_updates_and_honors_offset() {
    let fake = FakeBotApi::start().await;
    let first = fake.push_update(private_text(7, "你好"));
    let second = fake.push_update(group_text(-100, 8, "/ask@fangtan_bot 问题"));
    assert_eq!(second, first + 1);

    let path = "/bot123:ABC/getUpdates";
    let body = post_json(fake.addr(), path, json!({"offset": 0, "timeout": 30})).await;
    let updates = body.json()["result"].as_array().unwrap().clone();
    assert_eq!(updates.len(), 2);
    assert_eq!(updates[0]["update_id"], first);
    assert_eq!(updates[0]["message"]["text"], "你好");
    assert_eq!(updates[1]["message"]["chat"]["type"], "group");
    assert_eq!(updates[1]["message"]["entities"][0]["type"], "bot_command");

    // Unconfirmed updates are delivered again; a higher offset confirms them.
    let again = post_json(fake.addr(), path, json!({"offset": second})).await;
    assert_eq!(again.json()["result"][0]["update_id"], second);
    let started = Instant::now();
    let empty = post_json(
        fake.addr(),
        path,
        json!({"offset": second + 1, "timeout": 30}),
    )
    .await;
    let held = started.elapsed();
    assert_eq!(empty.json()["result"], json!([]));
    assert!(
        held + Duration::from_millis(50) >= LONG_POLL_CAP && held < Duration::from_secs(3),
        "long poll held {held:?}"
    );
    assert!(fake.pending_updates().is_empty());
    fake.assert_no_violations();
}

#[tokio::test]
async fn long_poll_wakes_up_on_push() {
    let fake = FakeBotApi::start().await;
    let addr = fake.addr();
    let poll = tokio::spawn(async move {
        let started = Instant::now();
        let response = post_json(addr, "/bot1:X/GetUpdates", json!({"timeout": 10})).await;
        (started.elapsed(), response.json())
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    fake.push_update(inline_query(5, "自由"));
    let (elapsed, body) = poll.await.unwrap();
    assert_eq!(body["result"][0]["inline_query"]["query"], "自由");
    assert!(elapsed < LONG_POLL_CAP, "took {elapsed:?}");
}

#[tokio::test]
async fn allowed_updates_filter_like_telegram() {
    let fake = FakeBotApi::start().await;
    fake.push_update(update(
        "message_reaction",
        json!({"chat": private_chat_json(1)}),
    ));
    fake.push_update(update("future_kind", json!({"x": 1})));
    fake.push_update(private_text(1, "hi"));
    let path = "/bot1:X/getUpdates";
    // Default: everything except chat_member and reactions.
    let body = post_json(fake.addr(), path, json!({})).await.json();
    assert_eq!(body["result"].as_array().unwrap().len(), 2);
    // The bot narrows the kinds, as teloxide's dispatcher does.
    let body = post_json(
        fake.addr(),
        path,
        json!({"allowed_updates": ["message", "inline_query"]}),
    )
    .await
    .json();
    let result = body["result"].as_array().unwrap();
    assert_eq!(result.len(), 1);
    assert_eq!(result[0]["message"]["text"], "hi");
    assert_eq!(fake.dropped_updates().len(), 2);
}

#[tokio::test]
async fn too_many_requests_fault() {
    let fake = FakeBotApi::start().await;
    fake.fail_next("SendMessage", 1, Fault::TooManyRequests { retry_after: 3 });
    let path = "/bot1:X/sendMessage";
    let body = json!({"chat_id": 1, "text": "hi"});
    let limited = post_json(fake.addr(), path, body.clone()).await;
    assert_eq!(limited.status, 429);
    assert_eq!(
        limited.json(),
        json!({
            "ok": false,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        })
    );
    let retried = post_json(fake.addr(), path, body).await;
    assert_eq!(retried.status, 200);
    let calls = fake.wait_for("sendmessage", 2, WAIT).await;
    assert_eq!(
        calls.iter().map(|c| c.failed).collect::<Vec<_>>(),
        [true, false]
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn bad_gateway_and_cant_parse_faults() {
    let fake = FakeBotApi::start().await;
    fake.fail_next("getme", 1, Fault::BadGateway);
    fake.fail_next("sendmessage", 1, Fault::CantParseEntities);
    let gateway = post(fake.addr(), "/bot1:X/getMe", "").await;
    assert_eq!(gateway.status, 502);
    assert!(gateway.headers.contains("content-type: text/html"));
    assert!(gateway.body.contains("502 Bad Gateway"));
    let parse = post_json(
        fake.addr(),
        "/bot1:X/sendMessage",
        json!({"chat_id": 1, "text": "fine"}),
    )
    .await;
    assert_eq!(parse.status, 400);
    assert!(parse.json()["description"]
        .as_str()
        .unwrap()
        .starts_with("Bad Request: can't parse entities: "));
    assert!(fake.calls().iter().all(|c| c.failed));
    fake.assert_no_violations();
}

#[tokio::test]
async fn answer_inline_query_validates_results() {
    let fake = FakeBotApi::start().await;
    let query = fake.push_update(inline_query(9, "q"));
    let query_id = fake.pending_updates()[0]["inline_query"]["id"].clone();
    assert!(query > 0);
    let article = |id: &str, text: &str| {
        json!({
            "type": "article", "id": id, "title": "t",
            "input_message_content": {"message_text": text, "parse_mode": "HTML"},
        })
    };
    let path = "/bot1:X/AnswerInlineQuery";
    let bad = post_json(
        fake.addr(),
        path,
        json!({"inline_query_id": query_id, "results": [article("1", "<b>x</b>"), article("2", "&nbsp;")]}),
    )
    .await;
    assert_eq!(bad.status, 400);
    let good = post_json(
        fake.addr(),
        path,
        json!({"inline_query_id": query_id, "results": [article("1", "<b>x</b>")]}),
    )
    .await;
    assert_eq!(good.json()["result"], true);
    let twice = post_json(
        fake.addr(),
        path,
        json!({"inline_query_id": query_id, "results": []}),
    )
    .await;
    assert_eq!(twice.status, 400);
    let violations = fake.violations();
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(violations[0].contains("can't parse entities") && violations[0].contains("result #1"));
    assert!(violations[1].contains("query is too old"));
}

#[tokio::test]
async fn other_methods_and_paths() {
    let fake = FakeBotApi::start().await;
    let addr = fake.addr();
    let commands = json!({"commands": [{"command": "ask", "description": "提问"}]});
    let set = post_json(addr, "/bot1:X/SetMyCommands", commands).await;
    assert_eq!(set.json()["result"], true);
    let got = post(addr, "/bot1:X/GetMyCommands", "{}").await.json();
    assert_eq!(got["result"][0]["command"], "ask");
    for method in [
        "DeleteWebhook",
        "DeleteMyCommands",
        "SendChatAction",
        "Whatever",
    ] {
        let response = post(addr, &format!("/bot1:X/{method}"), "{}").await;
        assert_eq!(
            response.json(),
            json!({"ok": true, "result": true}),
            "{method}"
        );
    }
    let got = post(addr, "/bot1:X/getMyCommands", "").await.json();
    assert_eq!(got["result"], json!([]));
    fake.assert_no_violations();

    let bad_command = json!({"commands": [{"command": "Ask", "description": "x"}]});
    let refused = post_json(addr, "/bot1:X/setMyCommands", bad_command).await;
    assert_eq!(
        refused.json()["description"],
        "Bad Request: BOT_COMMAND_INVALID"
    );
    let missing_prefix = post(addr, "/token/getMe", "").await;
    assert_eq!(missing_prefix.status, 404);
    assert_eq!(missing_prefix.json()["description"], "Not Found");
    assert_eq!(fake.violations().len(), 2);
}

#[tokio::test]
async fn edit_message_text_is_validated() {
    let fake = FakeBotApi::start().await;
    let path = "/bot1:X/editMessageText";
    let edited = post_json(
        fake.addr(),
        path,
        json!({"chat_id": 5, "message_id": 100_001, "text": "<i>新</i>", "parse_mode": "HTML"}),
    )
    .await
    .json();
    assert_eq!(edited["result"]["message_id"], 100_001);
    assert_eq!(edited["result"]["text"], "新");
    assert!(edited["result"]["edit_date"].is_i64());
    let inline = post_json(
        fake.addr(),
        path,
        json!({"inline_message_id": "abc", "text": "x"}),
    )
    .await;
    assert_eq!(inline.json()["result"], true);
    let long = "x".repeat(MAX_MESSAGE_UTF16 + 1);
    let too_long = post_json(
        fake.addr(),
        path,
        json!({"chat_id": 5, "message_id": 1, "text": long}),
    )
    .await;
    assert_eq!(
        too_long.json()["description"],
        "Bad Request: MESSAGE_TOO_LONG"
    );
    let violations = fake.violations();
    assert_eq!(violations.len(), 1);
    assert!(
        violations[0].contains("4097 UTF-16 code units"),
        "{violations:?}"
    );
}

#[tokio::test]
async fn wait_for_waits_for_later_calls() {
    let fake = FakeBotApi::start().await;
    let addr = fake.addr();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        post(addr, "/bot1:X/getMe", "").await;
        post(addr, "/bot1:X/getMe", "").await;
    });
    let calls = fake.wait_for("GETME", 2, WAIT).await;
    assert_eq!(calls.len(), 2);
    assert!(calls[0].at <= calls[1].at);
}

#[tokio::test]
#[should_panic(expected = "timed out after 100ms waiting for 1 `sendmessage` call(s), got 0")]
async fn wait_for_panics_with_the_recorded_calls() {
    let fake = FakeBotApi::start().await;
    post(fake.addr(), "/bot1:X/getMe", "").await;
    fake.wait_for("sendMessage", 1, Duration::from_millis(100))
        .await;
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let fake = FakeBotApi::start().await;
    let addr = fake.addr();
    fake.shutdown().await;
    assert!(TcpStream::connect(addr).await.is_err());
}

// ---------------------------------------------------------------------------
// Round trip through teloxide's client and types
// ---------------------------------------------------------------------------

mod teloxide_round_trip {
    use super::*;
    use teloxide::payloads::{GetUpdatesSetters, SendMessageSetters};
    use teloxide::requests::Requester;
    use teloxide::types::{ChatId, MessageEntityKind, ParseMode, UpdateKind};
    use teloxide::utils::command::BotCommands;
    use teloxide::{ApiError, Bot, RequestError};

    #[derive(BotCommands, Clone, Debug, PartialEq)]
    #[command(rename_rule = "lowercase")]
    enum Command {
        Ask(String),
    }

    fn bot(fake: &FakeBotApi) -> Bot {
        Bot::new("123:ABC").set_api_url(fake.url().parse().expect("fake URL"))
    }

    #[tokio::test]
    async fn get_me_and_send_message() {
        let fake = FakeBotApi::start().await;
        let bot = bot(&fake);
        let me = bot.get_me().await.expect("getMe");
        assert_eq!(me.username(), BOT_USERNAME);

        let sent = bot
            .send_message(ChatId(42), CARD)
            .parse_mode(ParseMode::Html)
            .await
            .expect("sendMessage");
        assert_eq!(sent.text(), Some(visible_text(CARD).as_str()));
        assert_eq!(sent.from.as_ref().map(|u| u.id.0), Some(BOT_ID as u64));

        let refused = bot
            .send_message(ChatId(42), "<p>x</p>")
            .parse_mode(ParseMode::Html)
            .await;
        assert!(
            matches!(
                refused,
                Err(RequestError::Api(ApiError::CantParseEntities(_)))
            ),
            "{refused:?}"
        );
        assert_eq!(fake.violations().len(), 1);
    }

    #[tokio::test]
    async fn retry_after_reaches_teloxide() {
        let fake = FakeBotApi::start().await;
        fake.fail_next("sendMessage", 1, Fault::TooManyRequests { retry_after: 7 });
        let error = bot(&fake)
            .send_message(ChatId(1), "x")
            .await
            .expect_err("429");
        match error {
            RequestError::RetryAfter(seconds) => assert_eq!(seconds.seconds(), 7),
            other => panic!("expected RetryAfter, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn every_update_builder_deserializes() {
        let fake = FakeBotApi::start().await;
        let forwarded = message(
            group_chat_json(-1001),
            user_json(3),
            "转发 @fangtan_bot",
            json!({"forward_origin": forward_origin_channel(-1002, 77)}),
        );
        let anonymous_admin = message(
            group_chat_json(-1001),
            Value::Null,
            "匿名",
            json!({"sender_chat": group_chat_json(-1001)}),
        );
        fake.push_update(private_text(1, "/ask 自由是什么？"));
        fake.push_update(group_text(-1001, 2, "😀 /ask@fangtan_bot 你好"));
        fake.push_update(group_reply_to_bot(-1001, 2, "继续", 100_001));
        fake.push_update(inline_query(1, "自由"));
        fake.push_update(update("message", forwarded));
        fake.push_update(update("message", anonymous_admin));
        fake.push_update(update(
            "edited_message",
            message(
                private_chat_json(1),
                user_json(1),
                "改",
                json!({"edit_date": unix_now()}),
            ),
        ));
        fake.push_update(channel_post(-1003, "频道"));
        fake.push_update(update("future_kind", json!({"x": 1})));
        fake.push_update(update(
            "message",
            message(
                private_chat_json(4),
                user_json(4),
                "x",
                json!({"forward_origin": forward_origin_user(5)}),
            ),
        ));

        let updates = bot(&fake)
            .get_updates()
            .timeout(1)
            .await
            .expect("getUpdates");
        assert_eq!(updates.len(), 10);
        let kinds: Vec<&str> = updates
            .iter()
            .map(|u| match &u.kind {
                UpdateKind::Message(_) => "message",
                UpdateKind::EditedMessage(_) => "edited_message",
                UpdateKind::ChannelPost(_) => "channel_post",
                UpdateKind::InlineQuery(_) => "inline_query",
                UpdateKind::Error(_) => "error",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "message",
                "message",
                "message",
                "inline_query",
                "message",
                "message",
                "edited_message",
                "channel_post",
                "error",
                "message"
            ]
        );

        let UpdateKind::Message(group) = &updates[1].kind else {
            unreachable!()
        };
        let text = group.text().unwrap();
        assert_eq!(
            Command::parse(text.split_once(' ').unwrap().1, BOT_USERNAME).ok(),
            Some(Command::Ask("你好".to_owned()))
        );
        let UpdateKind::Message(forwarded) = &updates[4].kind else {
            unreachable!()
        };
        assert!(forwarded.forward_origin().is_some());
        let mention = forwarded
            .parse_entities()
            .unwrap()
            .into_iter()
            .find(|e| e.kind() == &MessageEntityKind::Mention)
            .expect("mention entity");
        assert_eq!(mention.text(), "@fangtan_bot");
        let UpdateKind::Message(reply) = &updates[2].kind else {
            unreachable!()
        };
        let replied = reply.reply_to_message().unwrap();
        assert_eq!(
            replied.from.as_ref().unwrap().username.as_deref(),
            Some(BOT_USERNAME)
        );
        let UpdateKind::Message(anonymous) = &updates[5].kind else {
            unreachable!()
        };
        assert!(anonymous.from.is_none() && anonymous.sender_chat.is_some());
        fake.assert_no_violations();
    }
}

//! Property tests: no question crashes or stalls the search, and no passage, title or report
//! produces a message Telegram would refuse.
//!
//! Every runner uses a fixed seed (deterministic in CI) and a modest number of cases, so the
//! suite stays fast in a debug build. Failures print the minimal input proptest shrank to.

mod common;
#[path = "support/fake_bot_api.rs"]
mod fake_bot_api;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use fangtan::admin::{BuildReport, Changes, ReloadReport};
use fangtan::answer::{self, Answer, Engine, Profile, Reply};
use fangtan::corpus::CorpusError;
use fangtan::render;
use fangtan::search::{ArticleEntry, ArticleRef, Manifest, StoredPassage};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

fn config(cases: u32, seed: u64) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        // Shrinking a 4,096-character question can take long; a few hundred steps suffice.
        max_shrink_iters: 512,
        ..Config::default()
    }
}

/// Runs `f` on a thread with a 2 MiB stack (a deep recursion on hostile input would overflow
/// it and abort the test binary, which counts as a failure).
fn on_small_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("small-stack".into())
            .stack_size(2 << 20)
            .spawn_scoped(scope, f)
            .expect("spawn")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

// ---------------------------------------------------------------------------------------------
// The query path

/// Pieces of questions people (and attackers) type: query-language syntax a `QueryParser` would
/// interpret, controls, bidi and zero-width marks, emoji, and real question words.
const QUERY_ATOMS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "field:*",
    "text:",
    "speaker:吴翼",
    "*",
    "?",
    "~2",
    "^10",
    "\"",
    "'",
    "\\",
    "AND",
    "OR",
    "NOT",
    "-",
    "+",
    "&&",
    "||",
    "/",
    ":",
    "<b>",
    "&amp;",
    "\u{0}",
    "\u{7}",
    "\u{200e}",
    "\u{200f}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "😀",
    "👨‍👩‍👧‍👦",
    "🇨🇳",
    "e\u{301}",
    "İ",
    "\n",
    "\t",
    " ",
    "　",
    "GRPO",
    "DeepSeek-R1",
    "强化学习",
    "為什麼",
    "吴翼",
    "思维链",
    "为什么重要",
    "？",
    "。",
    "的",
];

fn question() -> impl Strategy<Value = String> {
    let atoms = proptest::collection::vec(proptest::sample::select(QUERY_ATOMS), 0..1200)
        .prop_map(|parts| parts.concat());
    let chars =
        proptest::collection::vec(any::<char>(), 0..4096).prop_map(|c| c.into_iter().collect());
    let nested = (1usize..=2000, proptest::sample::select(QUERY_ATOMS))
        .prop_map(|(depth, core)| format!("{}{core}{}", "(".repeat(depth), ")".repeat(depth)));
    let repeated =
        (proptest::sample::select(QUERY_ATOMS), 1usize..4096).prop_map(|(atom, n)| atom.repeat(n));
    prop_oneof![4 => atoms, 2 => chars, 1 => nested, 1 => repeated]
        .prop_map(|q: String| q.chars().take(4096).collect())
}

static SLOWEST_MICROS: AtomicU64 = AtomicU64::new(0);
static QUESTIONS: AtomicU64 = AtomicU64::new(0);

/// Checks one question against an engine: no panic, bounded time, a reply whose quotes are
/// well-formed and whose Telegram messages Telegram would accept.
fn check_question(engine: &Engine, q: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let reply = engine
        .ask(q, 10)
        .map_err(|e| TestCaseError::fail(format!("search error: {e}")))?;
    let took = started.elapsed();
    SLOWEST_MICROS.fetch_max(took.as_micros() as u64, Ordering::Relaxed);
    QUESTIONS.fetch_add(1, Ordering::Relaxed);
    prop_assert!(
        took < Duration::from_secs(2),
        "{} chars took {took:?}",
        q.chars().count()
    );
    prop_assert!(reply.answers.len() <= 10);
    for a in &reply.answers {
        let text = &a.passage.text;
        prop_assert!(a.quote.range.start <= a.quote.range.end && a.quote.range.end <= text.len());
        prop_assert!(text.is_char_boundary(a.quote.range.start));
        prop_assert!(text.is_char_boundary(a.quote.range.end));
        for h in &a.quote.highlights {
            prop_assert!(h.start >= a.quote.range.start && h.end <= a.quote.range.end);
        }
    }
    for message in render::telegram_messages(&reply) {
        check_message(&message)?;
    }
    serde_json::from_str::<serde_json::Value>(&render::json(&reply))
        .map_err(|e| TestCaseError::fail(format!("JSON output does not parse: {e}")))?;
    Ok(())
}

fn check_message(html: &str) -> Result<(), TestCaseError> {
    let visible = fake_bot_api::validate_telegram_html(html).map_err(|e| {
        let start: String = html.chars().take(300).collect();
        TestCaseError::fail(format!("Telegram would refuse {start:?}…: {e}"))
    })?;
    prop_assert!(visible <= render::TELEGRAM_LIMIT);
    prop_assert!(!fake_bot_api::visible_text(html).trim().is_empty());
    // The plain-text fallback shows what the HTML shows, each link's address after its text.
    let plain = render::html_to_plain(html);
    prop_assert!(render::utf16_len(&plain) <= render::TELEGRAM_LIMIT);
    prop_assert_eq!(
        without_link_addresses(plain, html),
        fake_bot_api::visible_text(html)
    );
    Ok(())
}

/// `plain` without the ` (address)` that [`render::html_to_plain`] writes after each link.
fn without_link_addresses(mut plain: String, html: &str) -> String {
    for (at, open) in html.match_indices("<a href=\"") {
        let start = at + open.len();
        let Some(len) = html[start..].find('"') else {
            continue;
        };
        let url = html[start..start + len]
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        plain = plain.replacen(&format!(" ({url})"), "", 1);
    }
    plain
}

#[test]
fn no_question_panics_overflows_the_stack_or_stalls() {
    let (mut engine, _dir) = common::shipped_engine();
    // Let the whole question through (the default cuts it at 500 characters).
    engine.limits.max_question_chars = 4096;
    on_small_stack(|| {
        let fixed = [
            "(".repeat(2000) + &")".repeat(2000),
            "[".repeat(2000) + "GRPO" + &"]".repeat(2000),
            "field:* ".repeat(512),
            "*".repeat(4096),
            "?".repeat(4096),
            "\u{0}".repeat(4096),
            "\u{202e}\u{200d}".repeat(2048),
            "😀".repeat(4096),
            "GRPO ".repeat(819),
            "为什么".repeat(1365),
            String::new(),
        ];
        for q in &fixed {
            check_question(&engine, q).unwrap_or_else(|e| panic!("{e}"));
        }
        let mut runner = TestRunner::new(config(96, 0xa5c0_0001));
        runner
            .run(&question(), |q| check_question(&engine, &q))
            .unwrap_or_else(|e| panic!("{e}"));
    });
    println!(
        "FIGURES query_property: questions={} slowest_ms={:.0}",
        QUESTIONS.load(Ordering::Relaxed),
        SLOWEST_MICROS.load(Ordering::Relaxed) as f64 / 1000.0
    );
}

// ---------------------------------------------------------------------------------------------
// Rendering

/// Text full of what HTML escaping must handle: specials, tags, entities, sentence ends (the
/// quote window cuts at them), astral characters (two UTF-16 units each).
const HTML_ATOMS: &[&str] = &[
    "<",
    ">",
    "&",
    "\"",
    "'",
    "<b>",
    "</b>",
    "<i>",
    "<a href=\"https://x.test/?a=1&b=2\">",
    "</a>",
    "<blockquote expandable>",
    "</blockquote>",
    "<script>alert(1)</script>",
    "<br/>",
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&nbsp;",
    "&#0;",
    "&#x1F600;",
    "&",
    "😀",
    "𠀀",
    "\u{200d}",
    "\u{202e}",
    "\u{0}",
    "\n",
    "。",
    "！",
    "？",
    "，",
    "…",
    " ",
    "强化学习",
    "灯塔的光照亮海面上的航船",
    "a",
];

fn noise(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(HTML_ATOMS), 0..max)
        .prop_map(|parts| parts.concat())
}

/// Metadata: usually short, sometimes far longer than a Telegram message.
fn meta() -> BoxedStrategy<Option<String>> {
    prop_oneof![
        1 => Just(None),
        6 => noise(12).prop_map(Some),
        1 => (noise(4), 1usize..3000).prop_map(|(s, n)| Some(s.repeat(n).chars().take(6000).collect())),
    ]
    .boxed()
}

fn url() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("https://x.test/a?b=1&c=\"2\"<x>".to_string())),
        Just(Some("http://例子.测试/路径?q=强化&x=1".to_string())),
        Just(Some("javascript:alert(1)".to_string())),
        Just(Some(String::new())),
        noise(8).prop_map(|s| Some(format!("https://x.test/{s}"))),
    ]
}

fn passage() -> impl Strategy<Value = StoredPassage> {
    let text = prop_oneof![
        4 => noise(200),
        1 => (noise(6), 1usize..2000).prop_map(|(s, n)| s.repeat(n).chars().take(9000).collect()),
    ];
    (
        text,
        noise(4),
        (meta(), meta(), meta()),
        (meta(), meta(), meta(), url()),
    )
        .prop_map(
            |(text, speaker, (role, question, section), (title, source, date, url))| {
                StoredPassage {
                    id: "fuzz#1".into(),
                    text: if text.trim().is_empty() {
                        "。".into()
                    } else {
                        text
                    },
                    speaker: if speaker.trim().is_empty() {
                        "甲".into()
                    } else {
                        speaker
                    },
                    role,
                    question,
                    section,
                    article: ArticleRef {
                        title: title.unwrap_or_else(|| "<无题>".into()),
                        source,
                        date,
                        url,
                        path: "fuzz.md".into(),
                    },
                    start: 0,
                    in_turn: 0,
                    lead: false,
                    host_turn: false,
                    lead_in: false,
                    narration: false,
                    relayed_by: None,
                    unquoted: None,
                }
            },
        )
}

/// An answer as `Engine::ask` makes one: a quote chosen by `select_quote` around some matched
/// spans of the passage.
fn answer() -> impl Strategy<Value = Answer> {
    (
        passage(),
        proptest::collection::vec((0.0f64..1.0, 1usize..8, 0.1f32..5.0), 0..12),
        1usize..4000,
    )
        .prop_map(|(passage, spans, max_chars)| {
            let text = passage.text.as_str();
            let starts: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let chars = starts.len() - 1;
            let mut matches = Vec::new();
            for (at, len, weight) in spans {
                let first = ((chars as f64) * at) as usize;
                let last = (first + len).min(chars);
                if first < last {
                    let range = starts[first]..starts[last];
                    matches.push((range.clone(), &text[range], weight));
                }
            }
            let quote = answer::select_quote(text, &matches, max_chars);
            Answer {
                quote,
                score: 1.0,
                passage: passage.clone(),
            }
        })
}

#[test]
fn every_card_and_reply_is_valid_telegram_html_within_the_limit() {
    let strategy = proptest::collection::vec(answer(), 1..8);
    let mut runner = TestRunner::new(config(192, 0xa5c0_0002));
    runner
        .run(&strategy, |answers| {
            for a in &answers {
                // Inline mode sends one card as a whole message.
                check_message(&render::telegram_card(a).html)?;
            }
            let reply = Reply {
                answers,
                // The notes on a cut question and on named speakers unheard must fit too.
                cut_at: Some(4096),
                unheard: vec!["<名&".repeat(400), "闵可锐".into()],
                ..Reply::to("q")
            };
            let messages = render::telegram_messages(&reply);
            prop_assert!(!messages.is_empty() && messages.len() <= reply.answers.len());
            for m in &messages {
                check_message(m)?;
            }
            // So must the note naming the one sentence answered, however long it is.
            let reply = Reply {
                answered: Some(format!("{}？", "<b>问&amp;".repeat(1000))),
                ..reply
            };
            for m in &render::telegram_messages(&reply) {
                check_message(m)?;
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

fn manifest_with(articles: Vec<(String, Option<String>, Vec<String>)>) -> Manifest {
    Manifest {
        articles: articles
            .into_iter()
            .enumerate()
            .map(|(i, (title, url, speakers))| ArticleEntry {
                path: format!("a{i}.md"),
                title,
                url,
                source: Some("来源 & <源>".into()),
                date: Some("2026-01-01".into()),
                passages: i,
                speakers,
                roles: Default::default(),
                host: None,
                addressed: Default::default(),
                relayed: Default::default(),
                hash: String::new(),
            })
            .collect(),
        ..Manifest::default()
    }
}

#[test]
fn sources_and_admin_replies_always_fit_telegram() {
    let long_name = || {
        prop_oneof![
            4 => noise(6),
            1 => (noise(3), 1usize..2000).prop_map(|(s, n)| s.repeat(n).chars().take(5000).collect()),
        ]
    };
    let article = (
        long_name(),
        url(),
        proptest::collection::vec(long_name(), 0..20),
    );
    let strategy = (
        proptest::collection::vec(article, 0..40),
        (
            proptest::collection::vec(long_name(), 0..600),
            proptest::collection::vec(long_name(), 0..300),
            proptest::collection::vec(long_name(), 0..300),
        ),
        proptest::collection::vec((long_name(), 0usize..3), 0..300),
        long_name(),
    );
    let mut runner = TestRunner::new(config(64, 0xa5c0_0003));
    runner
        .run(
            &strategy,
            |(articles, (added, changed, removed), problems, reason)| {
                let manifest = manifest_with(articles);
                for m in render::sources_html(&manifest.articles) {
                    check_message(&m)?;
                }
                check_message(&render::about_html(&manifest))?;
                let profile = Profile {
                    name: reason.clone(),
                    role: Some(reason.clone()),
                    articles: manifest.articles.clone(),
                    hosts: true,
                    relayed: false,
                    questions: vec![reason.clone(); 5],
                };
                let messages = render::profile_messages(&profile);
                for m in &messages {
                    check_message(m)?;
                }
                // An inline result's one message says when it could not list every article.
                let one = render::profile_message(&profile);
                check_message(&one)?;
                prop_assert!(messages.len() == 1 || one.contains("……还有"), "{one}");
                // More than one message's worth, and more than are listed.
                let everyone = vec![profile; 2 + manifest.articles.len() * 2];
                let messages = render::speakers_messages(&everyone);
                for m in &messages {
                    check_message(m)?;
                }
                let one = render::speakers_message(&everyone);
                check_message(&one)?;
                prop_assert!(messages.len() == 1 || one.contains("……还有"), "{one}");
                check_message(&render::help_html("fangtan_bot", &manifest, true, true))?;
                let errors = problems
                    .iter()
                    .map(|(file, kind)| match kind {
                        0 => CorpusError::NoPassages { file: file.clone() },
                        1 => CorpusError::Unreadable {
                            file: file.clone(),
                            reason: "permission denied".into(),
                        },
                        _ => CorpusError::FrontMatter {
                            file: file.clone(),
                            line: 2,
                            reason: file.clone(),
                        },
                    })
                    .collect();
                let warnings = problems
                    .iter()
                    .map(|(file, line)| (file.clone(), *line, file.clone()))
                    .collect();
                let report = ReloadReport {
                    changes: Changes {
                        added,
                        changed,
                        removed,
                    },
                    build: BuildReport {
                        manifest: manifest.clone(),
                        errors,
                        warnings,
                        elapsed: Duration::from_millis(1234),
                    },
                };
                check_message(&render::reload_html(&report))?;
                check_message(&render::reload_failed_html(&reason))?;
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
}

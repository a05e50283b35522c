//! What Telegram users receive, as snapshots: the HTML cards for real questions.

mod common;

use fangtan::{admin, render};

#[test]
fn telegram_cards_for_real_questions() {
    let (engine, _dir) = common::shipped_engine();
    for (name, question) in [
        ("grpo", "GRPO 为什么重要？"),
        ("wu_yi_rl", "吴翼怎么看强化学习？"),
        ("not_found", "今天北京天气怎么样？"),
        // A word no article uses, beside one it does: ask about that one alone.
        ("not_found_try_instead", "R1 的营收是多少？"),
        ("lead", "这场直播是哪天？"),
        ("host", "张鹏怎么总结过度对齐？"),
        ("articles_about", "有没有文章提到 GRPO？"),
        ("no_article_about", "有没有文章提到豆包？"),
        ("pinyin_typo", "幻放有几张卡"),
        // The first quote is 162 characters: open, where the answer (第二名) can be read.
        ("rank", "R1 排第几？"),
    ] {
        let reply = engine.ask(question, 3).unwrap();
        let messages = render::telegram_messages(&reply);
        insta::assert_snapshot!(
            format!("telegram_{name}"),
            messages.join("\n---- next message ----\n")
        );
    }
}

#[test]
fn sources_and_help_snapshots() {
    let (engine, _dir) = common::shipped_engine();
    insta::assert_snapshot!(
        "telegram_sources",
        render::sources_html(&engine.manifest.articles).join("\n----\n")
    );
    // Asked in words, the same list as `/sources`.
    let reply = engine.ask("原文链接发我一下", 3).unwrap();
    assert_eq!(
        render::telegram_messages(&reply),
        render::sources_html(&engine.manifest.articles)
    );
    insta::assert_snapshot!(
        "telegram_help",
        render::help_html("fangtan_bot", &engine.manifest, true, false)
    );
    insta::assert_snapshot!(
        "telegram_help_admin",
        render::help_html("fangtan_bot", &engine.manifest, true, true)
    );
}

#[test]
fn what_an_admin_is_told_about_a_file_they_sent() {
    let article = fangtan::corpus::parse("quantum.md", common::QUANTUM_ARTICLE).unwrap();
    let mut report = admin::AddReport {
        file: "quantum.md".into(),
        title: article.meta.title.clone(),
        passages: article.passages.len(),
        speakers: article.speakers.keys().cloned().collect(),
        warnings: vec![fangtan::corpus::Warning {
            line: 1,
            message: "front matter has no `url`".into(),
        }],
        saved: admin::Saved::Replaced,
        kept_as: Some(".previous/1796000000-quantum.md".into()),
        reload: None,
    };
    let mut replies = vec![render::upload_started_html("quantum.md")];
    replies.push(render::upload_html(&report));
    report.saved = admin::Saved::Unchanged;
    report.kept_as = None;
    report.warnings.clear();
    replies.push(render::upload_html(&report));
    report.saved = admin::Saved::AlreadyThere;
    replies.push(render::upload_html(&report));
    for refused in [
        admin::ArticleFileError::BadName("slides.pdf".into()),
        admin::ArticleFileError::Unusable(fangtan::corpus::CorpusError::NoPassages {
            file: "notes.md".into(),
        }),
        admin::ArticleFileError::NotInCorpus("nothing.md".into()),
        admin::ArticleFileError::NotPlainFile("quantum.md".into()),
        admin::ArticleFileError::Busy,
        admin::ArticleFileError::Write(admin::AdminError::Io {
            path: "articles/.upload-7-new.md".into(),
            source: std::io::Error::from(std::io::ErrorKind::StorageFull),
        }),
        admin::ArticleFileError::Reload(admin::AdminError::Busy),
        admin::ArticleFileError::NotRestored {
            error: admin::AdminError::Manifest("index/v-1".into()),
            reason: "articles/quantum.md: permission denied".into(),
        },
    ] {
        replies.push(render::article_refused_html(&refused));
    }
    replies.push(render::upload_too_large_html(Some(25 * 1024 * 1024)));
    replies.push(render::upload_too_large_html(None));
    insta::assert_snapshot!("telegram_admin_files", replies.join("\n----\n"));
}

#[test]
fn every_message_of_a_long_reply_starts_with_a_complete_card() {
    let (engine, _dir) = common::shipped_engine();
    let mut reply = engine.ask("GRPO 为什么重要？", 3).unwrap();
    // Ten copies of three cards: more than one message holds.
    let cards = reply.answers.clone();
    for _ in 0..9 {
        reply.answers.extend(cards.iter().cloned());
    }
    let messages = render::telegram_messages(&reply);
    assert!(messages.len() > 1, "{}", messages.len());
    for message in &messages {
        assert!(message.starts_with("<blockquote"), "{message}");
        let first_card = message.split("\n\n").next().unwrap();
        assert!(first_card.contains("《<a href="), "{first_card}");
        assert!(first_card.contains("<i>问："), "{first_card}");
    }
    // Inside a message, a card under one from the same turn says only who said it.
    let second_card = messages[0].split("\n\n").nth(1).unwrap();
    assert!(!second_card.contains("《<a href="), "{second_card}");
}

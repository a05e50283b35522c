//! What Telegram users receive, as snapshots: the HTML cards for real questions.

mod common;

use fangtan::render;

#[test]
fn telegram_cards_for_real_questions() {
    let (engine, _dir) = common::shipped_engine();
    for (name, question) in [
        ("grpo", "GRPO 为什么重要？"),
        ("wu_yi_rl", "吴翼怎么看强化学习？"),
        ("not_found", "今天北京天气怎么样？"),
        ("lead", "这场直播是哪天？"),
        ("host", "张鹏怎么总结过度对齐？"),
        ("articles_about", "有没有文章提到 GRPO？"),
        ("no_article_about", "有没有文章提到豆包？"),
        ("pinyin_typo", "幻放有几张卡"),
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
        render::help_html("fangtan_bot", &engine.manifest, true)
    );
}

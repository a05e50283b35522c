//! Follow-up questions in a conversation: a pronoun means the person the last reply was about.

mod common;

use fangtan::answer::{Conversation, Referent};
use fangtan::render;

#[test]
fn a_pronoun_means_the_one_person_the_last_reply_was_about() {
    let (engine, _dir) = common::shipped_engine();
    let mut chat = Conversation::default();

    // Nothing said yet: 他 is just a word.
    let reply = chat.ask(&engine, "他怎么看开源？", 3).unwrap();
    assert_eq!(reply.referent, None);

    // The speaker of the first quote, when the question names no one.
    let reply = chat.ask(&engine, "GRPO 为什么重要？", 3).unwrap();
    assert_eq!(reply.answers[0].passage.speaker, "方汉");
    assert_eq!(chat.about(), Some("方汉"));
    let reply = chat.ask(&engine, "他是谁？", 3).unwrap();
    assert_eq!(
        reply.referent,
        Some(Referent {
            typed: "他".into(),
            speaker: "方汉".into()
        })
    );
    assert_eq!(reply.profiles[0].name, "方汉");
    let json: serde_json::Value = serde_json::from_str(&render::json(&reply)).unwrap();
    assert_eq!(
        json["referent"],
        serde_json::json!({"typed": "他", "speaker": "方汉"})
    );

    // A profile, and then the name the question gives, win over the first quote.
    chat.ask(&engine, "吴翼是谁", 3).unwrap();
    assert_eq!(chat.about(), Some("吴翼"));
    let reply = chat.ask(&engine, "What does he think of RL?", 3).unwrap();
    assert_eq!(reply.referent.map(|r| r.speaker).as_deref(), Some("吴翼"));
    assert!(
        reply.answers.iter().all(|a| a.passage.speaker == "吴翼"),
        "{:?}",
        reply
            .answers
            .iter()
            .map(|a| &a.passage.speaker)
            .collect::<Vec<_>>()
    );

    // A question that names someone itself is read as written.
    let reply = chat.ask(&engine, "闵可锐怎么看他的观点", 3).unwrap();
    assert_eq!(reply.referent, None);
    assert_eq!(chat.about(), Some("闵可锐"));

    // Two people named: a later 他 could mean either, so it means no one.
    chat.ask(&engine, "方汉和吴翼怎么看强化学习", 3).unwrap();
    assert_eq!(chat.about(), None);
    let reply = chat.ask(&engine, "他怎么看开源？", 3).unwrap();
    assert_eq!(reply.referent, None);

    // 其他, 他们: no pronoun for a person.
    chat.ask(&engine, "吴翼怎么看蒸馏", 3).unwrap();
    let reply = chat.ask(&engine, "其他公司怎么看蒸馏", 3).unwrap();
    assert_eq!(reply.referent, None);
}

/// The speaker a follow-up was read as, after `before` was asked in the same conversation.
fn read_as(engine: &fangtan::answer::Engine, before: &[&str], follow_up: &str) -> Option<String> {
    let mut chat = Conversation::default();
    for question in before {
        chat.ask(engine, question, 3).unwrap();
    }
    let reply = chat.ask(engine, follow_up, 3).unwrap();
    reply.referent.map(|r| r.speaker)
}

#[test]
fn a_pronoun_is_read_only_where_it_can_mean_a_panelist() {
    let (engine, _dir) = common::shipped_engine();
    let read = |before: &[&str], follow_up: &str| read_as(&engine, before, follow_up);
    // Glued by jieba's HMM to the next character, or said as 这位嘉宾, ta: still a pointer.
    assert_eq!(
        read(&["吴翼怎么看对齐？"], "他举了什么例子？").as_deref(),
        Some("吴翼")
    );
    assert_eq!(
        read(&["闵可锐怎么看思维链？"], "这位嘉宾是哪家公司的？").as_deref(),
        Some("闵可锐")
    );
    assert_eq!(
        read(&["吴翼怎么看强化学习？"], "ta 怎么看开源？").as_deref(),
        Some("吴翼")
    );
    // Someone's words in quotation marks, an idiom, two people: no one.
    assert_eq!(
        read(&["方汉怎么看 PPO？"], "「他就是不让你抄」是什么意思？"),
        None
    );
    assert_eq!(
        read(&["吴翼怎么看对齐？"], "DeepSeek 会不会顾左右而言他？"),
        None
    );
    assert_eq!(read(&["方汉怎么看蒸馏？"], "他俩说法有什么区别？"), None);
    // A person who is no panelist, named now or just before, is whom 他 means.
    assert_eq!(
        read(
            &["DeepSeek 的梁文锋是怎样的人？"],
            "他创办 DeepSeek 是哪一年？"
        ),
        None
    );
    assert_eq!(
        read(&["方汉怎么看蒸馏？"], "奥特曼回应了吗？他怎么说的？"),
        None
    );
    // Words that only contain the characters: no one.
    assert_eq!(
        read(&["吴翼怎么看强化学习？"], "这个人工智能应用怎么样？"),
        None
    );
    assert_eq!(
        read(&["吴翼怎么看强化学习？"], "因此人们为什么都用 DeepSeek？"),
        None
    );
    assert_eq!(
        read(&["吴翼怎么看强化学习？"], "他日 DeepSeek 会收费吗？"),
        None
    );
    assert_eq!(read(&["吴翼怎么看强化学习？"], "吉他和利他主义"), None);
    // A pronoun jieba keeps with its verb is still one.
    assert_eq!(
        read(&["吴翼怎么看强化学习？"], "他用过哪些模型？").as_deref(),
        Some("吴翼")
    );
    // Replies about several people leave no one to point back at.
    assert_eq!(
        read(&["方汉怎么看 Llama？", "有哪些嘉宾？"], "他是哪家公司的？"),
        None
    );
    assert_eq!(
        read(&["合成数据能比得上人工标注吗？"], "他怎么看欧洲和印度？"),
        None
    );
}

#[test]
fn a_bare_name_asks_the_last_question_again_of_that_speaker() {
    let (engine, _dir) = common::shipped_engine();
    let mut chat = Conversation::default();
    // No question yet: the name alone asks who they are.
    let reply = chat.ask(&engine, "那方汉呢？", 3).unwrap();
    assert_eq!(reply.follows, None);
    assert_eq!(reply.profiles[0].name, "方汉");

    chat.ask(&engine, "吴翼怎么看思维链？", 3).unwrap();
    let reply = chat.ask(&engine, "那闵可锐呢？", 3).unwrap();
    assert_eq!(reply.follows.as_deref(), Some("闵可锐怎么看思维链？"));
    assert_eq!(reply.answers[0].passage.speaker, "闵可锐");
    let reply = chat.ask(&engine, "方汉的看法呢", 3).unwrap();
    assert_eq!(reply.follows.as_deref(), Some("方汉怎么看思维链？"));
    assert_eq!(reply.answers[0].passage.speaker, "方汉");
    let text = render::terminal(&reply, render::Style::Plain);
    assert!(
        text.starts_with("（接上题：方汉怎么看思维链？）\n"),
        "{text}"
    );

    // After a question that named no one, the name asks it of them.
    chat.ask(&engine, "GRPO 为什么重要？", 3).unwrap();
    let reply = chat.ask(&engine, "吴翼呢", 3).unwrap();
    assert_eq!(
        reply.follows.as_deref(),
        Some("吴翼怎么看「GRPO 为什么重要？」")
    );
    // A name with a topic of its own is a new question.
    let reply = chat.ask(&engine, "吴翼怎么看开源", 3).unwrap();
    assert_eq!(reply.follows, None);
    let reply = chat.ask(&engine, "那方汉老师呢？", 3).unwrap();
    assert_eq!(reply.follows.as_deref(), Some("方汉怎么看开源"));

    // 「那开源呢？」 after a question of one speaker's asks it of them, as typed.
    let reply = chat.ask(&engine, "那蒸馏呢？", 3).unwrap();
    assert_eq!(reply.follows.as_deref(), Some("方汉：那蒸馏呢？"));
    // What it asks about must still be in the corpus.
    let reply = chat
        .ask(&engine, "那 DeepSeek 下一步的商业化呢？", 3)
        .unwrap();
    assert!(reply.answers.is_empty(), "{:?}", reply.answers.len());
    // After a question that named no one, it is a question of its own.
    chat.ask(&engine, "GRPO 为什么重要？", 3).unwrap();
    let reply = chat.ask(&engine, "那 PPO 呢？", 3).unwrap();
    assert_eq!(reply.follows, None);

    // After a list of speakers there is no question to ask again: the profile.
    let mut chat = Conversation::default();
    chat.ask(&engine, "有哪些嘉宾？", 3).unwrap();
    let reply = chat.ask(&engine, "那方汉呢？", 3).unwrap();
    assert_eq!(reply.follows, None);
    assert_eq!(reply.profiles[0].name, "方汉");
    // A speaker named by role is whom the conversation is about.
    let mut chat = Conversation::default();
    chat.ask(&engine, "昆仑万维的 CEO 怎么看开源？", 3).unwrap();
    assert_eq!(chat.about(), Some("方汉"));
}

use stoa_model::emoji::Emoji;
use stoa_model::new_id;

use crate::{EmojiSort, Store, StoreError};

fn emoji(name: &str, at: i64) -> Emoji {
    Emoji {
        id: new_id(),
        create_at: at,
        update_at: at,
        delete_at: 0,
        creator_id: new_id(),
        name: name.to_owned(),
    }
}

fn names(list: Vec<Emoji>) -> Vec<String> {
    list.into_iter().map(|e| e.name).collect()
}

pub(super) async fn emoji_names(s: &dyn Store) {
    let parrot = emoji("parrot", 100);
    s.insert_emoji(&parrot).await.expect("insert");
    assert_eq!(s.get_emoji(&parrot.id).await.expect("get"), parrot);
    assert_eq!(
        s.get_emoji_by_name("parrot").await.expect("by name"),
        parrot
    );
    assert!(matches!(
        s.get_emoji(&new_id()).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.get_emoji_by_name("nope").await,
        Err(StoreError::NotFound)
    ));
    match s.insert_emoji(&emoji("parrot", 200)).await {
        Err(StoreError::Conflict { constraint }) => assert_eq!(constraint, "emoji_name"),
        other => panic!("expected conflict, got {other:?}"),
    }
    let fish = emoji("fish", 300);
    s.insert_emoji(&fish).await.expect("insert");
    let mut got = names(
        s.get_emojis_by_names(&["parrot".into(), "fish".into(), "nope".into()])
            .await
            .expect("names"),
    );
    got.sort();
    assert_eq!(got, ["fish", "parrot"]);
    assert!(s.get_emojis_by_names(&[]).await.expect("none").is_empty());

    // Deleting hides the emoji and frees its name.
    s.delete_emoji(&parrot.id, 500).await.expect("delete");
    assert!(matches!(
        s.get_emoji(&parrot.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.get_emoji_by_name("parrot").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_emoji(&parrot.id, 600).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_emoji(&new_id(), 600).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        names(
            s.get_emojis_by_names(&["parrot".into()])
                .await
                .expect("names")
        ),
        Vec::<String>::new()
    );
    let again = emoji("parrot", 700);
    s.insert_emoji(&again)
        .await
        .expect("the name is free again");
    assert_eq!(s.get_emoji_by_name("parrot").await.expect("new"), again);
    // The deleted one can't block a second delete-and-recreate either.
    s.delete_emoji(&again.id, 800).await.expect("delete");
    s.insert_emoji(&emoji("parrot", 900))
        .await
        .expect("and again");
}

pub(super) async fn emoji_list_and_search(s: &dyn Store) {
    // Created in this order; names chosen so byte order and any collation agree.
    for (i, name) in ["parrot", "party_parrot", "bparrot", "axc", "a_c", "zebra"]
        .iter()
        .enumerate()
    {
        let at = 100 * (i64::try_from(i).expect("small") + 1);
        s.insert_emoji(&emoji(name, at)).await.expect("insert");
    }
    let gone = emoji("parrot_gone", 50);
    s.insert_emoji(&gone).await.expect("insert");
    s.delete_emoji(&gone.id, 60).await.expect("delete");

    let list = |offset, limit, sort| async move {
        names(s.list_emoji(offset, limit, sort).await.expect("list"))
    };
    assert_eq!(
        list(0, 100, EmojiSort::CreateAt).await,
        ["parrot", "party_parrot", "bparrot", "axc", "a_c", "zebra"],
        "oldest first, deleted left out"
    );
    assert_eq!(
        list(1, 2, EmojiSort::CreateAt).await,
        ["party_parrot", "bparrot"]
    );
    assert_eq!(
        list(0, 100, EmojiSort::Name).await,
        ["a_c", "axc", "bparrot", "parrot", "party_parrot", "zebra"]
    );
    assert_eq!(
        list(4, 100, EmojiSort::Name).await,
        ["party_parrot", "zebra"]
    );

    let search = |term: &'static str, prefix_only, limit| async move {
        names(
            s.search_emoji(term, prefix_only, limit)
                .await
                .expect("search"),
        )
    };
    assert_eq!(search("par", true, 100).await, ["parrot", "party_parrot"]);
    assert_eq!(
        search("parrot", false, 100).await,
        ["bparrot", "parrot", "party_parrot"],
        "contains, by name, deleted left out"
    );
    assert_eq!(search("parrot", false, 1).await, ["bparrot"]);
    assert_eq!(
        search("PAR", true, 100).await,
        ["parrot", "party_parrot"],
        "case-insensitive"
    );
    assert_eq!(
        search("_", false, 100).await,
        ["a_c", "party_parrot"],
        "_ is literal"
    );
    assert_eq!(search("a_", true, 100).await, ["a_c"], "_ is literal");
    assert!(search("%", false, 100).await.is_empty(), "% is literal");
    assert!(search("\\", false, 100).await.is_empty());
    assert!(search("rot", true, 100).await.is_empty());
}

use stoa_model::file::FileInfo;
use stoa_model::new_id;

use crate::Store;

fn file(channel_id: &str, user_id: &str, name: &str, at: i64) -> FileInfo {
    let id = new_id();
    FileInfo {
        path: format!("20261122/teams/noteam/channels/{channel_id}/users/{user_id}/{id}/{name}"),
        id,
        user_id: user_id.to_owned(),
        channel_id: channel_id.to_owned(),
        create_at: at,
        update_at: at,
        name: name.to_owned(),
        extension: name.rsplit('.').next().unwrap_or("").to_owned(),
        size: 1234,
        mime_type: "image/png".into(),
        ..Default::default()
    }
}

fn ids(files: &[FileInfo]) -> Vec<&str> {
    files.iter().map(|f| f.id.as_str()).collect()
}

pub(super) async fn files_round_trip_and_attach(s: &dyn Store) {
    let (ch, other_ch) = (new_id(), new_id());
    let (alice, bob) = (new_id(), new_id());
    let image = FileInfo {
        width: 2400,
        height: 600,
        has_preview_image: true,
        thumbnail_path: "t/thumb.jpg".into(),
        preview_path: "t/preview.jpg".into(),
        mini_preview: Some("/9j/AAAA".into()),
        ..file(&ch, &alice, "wide.png", 1000)
    };
    s.insert_file_info(&image).await.expect("insert");
    assert_eq!(
        s.get_file_info(&image.id).await.expect("get"),
        image,
        "every field survives"
    );

    let a2 = file(&ch, &alice, "second.txt", 1100);
    let bobs = file(&ch, &bob, "bobs.txt", 1200);
    let elsewhere = file(&other_ch, &alice, "elsewhere.txt", 1300);
    for f in [&a2, &bobs, &elsewhere] {
        s.insert_file_info(f).await.expect("insert");
    }
    let mut by_ids = s
        .get_file_infos_by_ids(&[a2.id.clone(), image.id.clone(), new_id()])
        .await
        .expect("by ids");
    by_ids.sort_by_key(|f| f.create_at);
    assert_eq!(ids(&by_ids), [image.id.as_str(), a2.id.as_str()]);

    // Only alice's files of this channel attach; the rest are left alone.
    let post = new_id();
    let asked = [
        image.id.clone(),
        bobs.id.clone(),
        elsewhere.id.clone(),
        a2.id.clone(),
    ];
    let mut attached = s
        .attach_files_to_post(&post, &ch, &alice, &asked, 2000)
        .await
        .expect("attach");
    attached.sort();
    let mut want = vec![image.id.clone(), a2.id.clone()];
    want.sort();
    assert_eq!(attached, want);
    assert_eq!(s.get_file_info(&bobs.id).await.expect("get").post_id, "");
    let on_post = s
        .get_file_infos_for_posts(std::slice::from_ref(&post))
        .await
        .expect("for post");
    assert_eq!(
        ids(&on_post),
        [image.id.as_str(), a2.id.as_str()],
        "oldest first"
    );
    assert_eq!(on_post[0].update_at, 2000);
    assert_eq!(
        s.count_channel_files(&ch).await.expect("count"),
        2,
        "attached and live: not bob's unattached file"
    );
    assert_eq!(s.count_channel_files(&other_ch).await.expect("count"), 0);

    // Attached files cannot move to another post (re-attaching to the same one is fine).
    let other_post = new_id();
    let moved = s
        .attach_files_to_post(
            &other_post,
            &ch,
            &alice,
            std::slice::from_ref(&image.id),
            2100,
        )
        .await
        .expect("attach");
    assert!(moved.is_empty());
    let again = s
        .attach_files_to_post(&post, &ch, &alice, std::slice::from_ref(&image.id), 2100)
        .await
        .expect("attach");
    assert_eq!(again, std::slice::from_ref(&image.id));

    // Dropping a file from the post deletes it; deleting the post deletes the rest.
    s.delete_file_infos_for_post_except(&post, std::slice::from_ref(&image.id), 3000)
        .await
        .expect("drop");
    assert_eq!(s.get_file_info(&a2.id).await.expect("get").delete_at, 3000);
    let on_post = s
        .get_file_infos_for_posts(std::slice::from_ref(&post))
        .await
        .expect("for post");
    assert_eq!(ids(&on_post), [image.id.as_str()]);
    s.delete_file_infos_for_posts(std::slice::from_ref(&post), 4000)
        .await
        .expect("delete");
    assert!(
        s.get_file_infos_for_posts(std::slice::from_ref(&post))
            .await
            .expect("for post")
            .is_empty()
    );
    let gone = s
        .get_file_info(&image.id)
        .await
        .expect("still readable when deleted");
    assert_eq!((gone.delete_at, gone.update_at), (4000, 4000));
    // A deleted file does not attach again.
    assert!(
        s.attach_files_to_post(&other_post, &ch, &alice, std::slice::from_ref(&a2.id), 5000)
            .await
            .expect("attach")
            .is_empty()
    );
    assert!(s.get_file_info(&new_id()).await.is_err(), "unknown id");
}

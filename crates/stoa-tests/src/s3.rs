//! An S3-compatible server for tests of the S3 file store: `STOA_TEST_S3_ENDPOINT`, started by
//! `scripts/s3-test-server.sh` (which `scripts/test.sh` runs). Each test gets its own bucket.

use stoa::BootConfig;

/// The endpoint, or `None` (with a notice) when none is configured; under `CI=true` a missing
/// endpoint fails the test instead.
pub fn endpoint() -> Option<String> {
    match std::env::var("STOA_TEST_S3_ENDPOINT") {
        Ok(url) if !url.is_empty() => Some(url.trim_end_matches('/').to_owned()),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "STOA_TEST_S3_ENDPOINT is not set and CI=true: start scripts/s3-test-server.sh"
            );
            eprintln!("NOTICE: STOA_TEST_S3_ENDPOINT is not set: S3 file-store test skipped.");
            None
        }
    }
}

/// Creates a fresh bucket and returns its name.
pub async fn new_bucket(endpoint: &str) -> String {
    let bucket = format!("stoa-test-{}", stoa_model::new_id());
    let status = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .expect("the S3 test server answers")
        .status();
    assert!(status.is_success(), "bucket created: {status}");
    bucket
}

/// Points a boot configuration at a bucket of the test server.
pub fn use_bucket(cfg: &mut BootConfig, endpoint: &str, bucket: &str) {
    cfg.file_store = "s3".into();
    cfg.s3_bucket = bucket.to_owned();
    cfg.s3_endpoint = endpoint.to_owned();
    cfg.s3_region = "us-east-1".into();
    cfg.s3_access_key_id = "testing".into();
    cfg.s3_secret_access_key = "testing".into();
    cfg.s3_path_style = true;
}

/// The keys in a bucket (ListObjectsV2; the test server accepts unsigned requests).
pub async fn list_keys(endpoint: &str, bucket: &str) -> Vec<String> {
    let xml = reqwest::Client::new()
        .get(format!("{endpoint}/{bucket}?list-type=2"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("body");
    xml.split("<Key>")
        .skip(1)
        .filter_map(|s| s.split_once("</Key>").map(|(k, _)| k.to_owned()))
        .collect()
}

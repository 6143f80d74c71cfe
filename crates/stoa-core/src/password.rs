//! Password hashing: argon2id for every new hash; bcrypt hashes (as Mattermost stores them)
//! verified too, so imported users keep their passwords.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::settings::PasswordSettings;
use crate::{Error, ErrorKind, Result};

/// Runs password hashing on a few threads of its own. Each argon2 hash takes 19 MiB; on
/// tokio's many blocking threads, the allocator keeps that memory per thread once freed, so a
/// burst of logins would leave the server holding hundreds of MiB. Two threads hold at most two
/// such buffers, and logins beyond two at once queue (each takes tens of milliseconds).
pub struct Hasher {
    jobs: std::sync::mpsc::Sender<Job>,
}

type Job = Box<dyn FnOnce() + Send>;

/// Hashing threads: one per core of the machine we size for.
const HASH_THREADS: usize = 2;

impl Hasher {
    /// Starts the threads; they end when the `Hasher` is dropped.
    pub fn new() -> Hasher {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
        for i in 0..HASH_THREADS {
            let queue = queue.clone();
            let worker = move || {
                loop {
                    let job = match queue.lock() {
                        Ok(q) => q.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            };
            if let Err(e) = std::thread::Builder::new()
                .name(format!("stoa-password-{i}"))
                .spawn(worker)
            {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        Hasher { jobs }
    }

    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = tx.send(f());
            }))
            .ok()?;
        rx.await.ok()
    }

    /// Hashes with argon2id (the crate's defaults: m=19 MiB, t=2, p=1, OWASP's recommendation).
    pub async fn hash(&self, password: String) -> Result<String> {
        self.run(move || {
            Argon2::default()
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| Error::internal(e.to_string()))
        })
        .await
        .unwrap_or_else(|| Err(Error::internal("password hashing stopped")))
    }

    /// Checks a password against a stored argon2 or bcrypt hash. An empty hash never matches.
    pub async fn verify(&self, password: String, stored: String) -> bool {
        if stored.is_empty() {
            return false;
        }
        self.run(move || {
            if stored.starts_with("$2") {
                bcrypt::verify(password.as_bytes(), &stored).unwrap_or(false)
            } else {
                PasswordHash::new(&stored)
                    .map(|h| {
                        Argon2::default()
                            .verify_password(password.as_bytes(), &h)
                            .is_ok()
                    })
                    .unwrap_or(false)
            }
        })
        .await
        .unwrap_or(false)
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

/// Checks a new password against the configured rules, with Mattermost's error ids.
pub fn check_rules(password: &str, rules: &PasswordSettings) -> Result<()> {
    let len = password.chars().count();
    let min = usize::try_from(rules.minimum_length).unwrap_or(8);
    let mut missing = Vec::new();
    if rules.lowercase && !password.chars().any(char::is_lowercase) {
        missing.push("lowercase");
    }
    if rules.uppercase && !password.chars().any(char::is_uppercase) {
        missing.push("uppercase");
    }
    if rules.number && !password.chars().any(|c| c.is_ascii_digit()) {
        missing.push("number");
    }
    if rules.symbol
        && !password
            .chars()
            .any(|c| c.is_ascii_punctuation() || c == ' ')
    {
        missing.push("symbol");
    }
    if len < min || password.len() > stoa_model::validate::PASSWORD_MAX_LEN || !missing.is_empty() {
        let id = if missing.is_empty() {
            "model.user.is_valid.pwd.app_error".to_owned()
        } else {
            format!("model.user.is_valid.pwd_{}.app_error", missing.join("_"))
        };
        return Err(Error::new(
            ErrorKind::BadRequest,
            id,
            format!(
                "Your password must contain between {min} and {} characters{}.",
                stoa_model::validate::PASSWORD_MAX_LEN,
                if missing.is_empty() {
                    String::new()
                } else {
                    format!(" and at least one {} character", missing.join(", one "))
                }
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn argon2_round_trip() {
        let h = Hasher::new()
            .hash("correct horse".into())
            .await
            .expect("hashes");
        assert!(h.starts_with("$argon2id$"));
        assert!(
            Hasher::new()
                .verify("correct horse".into(), h.clone())
                .await
        );
        assert!(!Hasher::new().verify("wrong".into(), h).await);
    }

    #[tokio::test]
    async fn bcrypt_hashes_from_mattermost_verify() {
        let h = bcrypt::hash("imported-pass", 4).expect("bcrypt");
        assert!(
            Hasher::new()
                .verify("imported-pass".into(), h.clone())
                .await
        );
        assert!(!Hasher::new().verify("other".into(), h).await);
        assert!(!Hasher::new().verify("x".into(), String::new()).await);
    }

    #[test]
    fn rules() {
        let mut r = PasswordSettings::default();
        assert!(check_rules("12345678", &r).is_ok());
        assert!(check_rules("1234567", &r).is_err());
        assert!(check_rules(&"a".repeat(73), &r).is_err());
        r.uppercase = true;
        r.number = true;
        let e = check_rules("abcdefgh", &r).expect_err("needs more");
        assert_eq!(e.id, "model.user.is_valid.pwd_uppercase_number.app_error");
        assert!(check_rules("Abcdefg1", &r).is_ok());
    }
}

//! Password hashing: argon2id for every new hash; bcrypt hashes (as Mattermost stores them)
//! verified too, so imported users keep their passwords.

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::settings::PasswordSettings;
use crate::{Error, ErrorKind, Result};

/// Runs password hashing on a few threads of its own, each with its own argon2 working memory
/// (19 MiB), allocated once and reused. Allocating it per hash on tokio's many blocking
/// threads left the allocator holding hundreds of MiB after a burst of logins; two threads hold
/// two buffers, whatever the load. Logins beyond two at once queue (each takes tens of ms).
pub struct Hasher {
    jobs: std::sync::mpsc::Sender<Job>,
}

type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// Hashing threads: one per core of the machine we size for.
const HASH_THREADS: usize = 2;
/// Largest argon2 memory a stored hash may ask for (ours use 19 MiB): 256 MiB in 1 KiB blocks.
const MAX_BLOCKS: usize = 256 * 1024;

impl Hasher {
    /// Starts the threads; they end when the `Hasher` is dropped.
    pub fn new() -> Hasher {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
        for i in 0..HASH_THREADS {
            let queue = queue.clone();
            let worker = move || {
                let mut memory = Vec::new();
                loop {
                    let job = match queue.lock() {
                        Ok(q) => q.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(&mut memory),
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

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move |memory| {
                let _ = tx.send(f(memory));
            }))
            .ok()?;
        rx.await.ok()
    }

    /// Hashes with argon2id (the crate's defaults: m=19 MiB, t=2, p=1, OWASP's recommendation)
    /// into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`).
    pub async fn hash(&self, password: String) -> Result<String> {
        self.run(move |memory| {
            argon2id_phc(memory, password.as_bytes()).map_err(|e| Error::internal(e.to_string()))
        })
        .await
        .unwrap_or_else(|| Err(Error::internal("password hashing stopped")))
    }

    /// Checks a password against a stored argon2 or bcrypt hash. An empty hash never matches.
    pub async fn verify(&self, password: String, stored: String) -> bool {
        if stored.is_empty() {
            return false;
        }
        self.run(move |memory| {
            if stored.starts_with("$2") {
                bcrypt::verify(password.as_bytes(), &stored).unwrap_or(false)
            } else {
                argon2_matches(memory, password.as_bytes(), &stored).unwrap_or(false)
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

type HashResult<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Runs argon2 in `memory`, grown to what `params` needs.
fn argon2_into(
    memory: &mut Vec<Block>,
    algorithm: Algorithm,
    version: Version,
    params: Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> HashResult<()> {
    let blocks = params.block_count();
    if blocks > MAX_BLOCKS {
        return Err("argon2 memory cost too high".into());
    }
    if memory.len() < blocks {
        memory.resize(blocks, Block::new());
    }
    Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password,
        salt,
        out,
        &mut memory[..blocks],
    )?;
    Ok(())
}

fn argon2id_phc(memory: &mut Vec<Block>, password: &[u8]) -> HashResult<String> {
    let salt_bytes = argon2::password_hash::try_generate_salt()?;
    let salt = Salt::new(&salt_bytes)?;
    let params = Params::default();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let (algorithm, version) = (Algorithm::Argon2id, Version::V0x13);
    argon2_into(
        memory,
        algorithm,
        version,
        params.clone(),
        password,
        &salt,
        &mut out,
    )?;
    let phc = PasswordHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt),
        hash: Some(Output::new(&out)?),
    };
    Ok(phc.to_string())
}

fn argon2_matches(memory: &mut Vec<Block>, password: &[u8], stored: &str) -> HashResult<bool> {
    let phc = PasswordHash::new(stored)?;
    let (Some(salt), Some(expected)) = (&phc.salt, &phc.hash) else {
        return Ok(false);
    };
    let algorithm = Algorithm::try_from(phc.algorithm.as_str())?;
    let version = phc
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let params = Params::try_from(&phc)?;
    let mut out = vec![0u8; expected.as_bytes().len()];
    argon2_into(memory, algorithm, version, params, password, salt, &mut out)?;
    // `Output`'s equality is constant-time.
    Ok(Output::new(&out)? == *expected)
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
    async fn hashes_agree_with_the_argon2_crates_own() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let hasher = Hasher::new();
        let ours = hasher.hash("pw-123456".into()).await.expect("hashes");
        let parsed = PasswordHash::new(&ours).expect("a PHC string");
        assert!(
            Argon2::default()
                .verify_password(b"pw-123456", &parsed)
                .is_ok()
        );
        let theirs = Argon2::default()
            .hash_password(b"pw-123456")
            .expect("hashes")
            .to_string();
        assert!(hasher.verify("pw-123456".into(), theirs.clone()).await);
        assert!(!hasher.verify("pw-1234567".into(), theirs).await);
        // The same thread's memory serves hash after hash.
        for _ in 0..3 {
            let h = hasher.hash("again".into()).await.expect("hashes");
            assert!(hasher.verify("again".into(), h).await);
        }
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

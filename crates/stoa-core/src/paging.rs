//! Page and per_page, bounded as Mattermost bounds them.

/// Default and maximum page sizes of list endpoints.
pub const DEFAULT_PER_PAGE: i64 = 60;
pub const MAX_PER_PAGE: i64 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub page: i64,
    pub per_page: i64,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            page: 0,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl Page {
    /// Negative pages become 0; `per_page` is clamped to 1..=200 (a larger value is not an
    /// error in Mattermost, it is silently reduced).
    pub fn new(page: i64, per_page: i64) -> Self {
        Page {
            page: page.max(0),
            per_page: per_page.clamp(1, MAX_PER_PAGE),
        }
    }

    pub fn offset(self) -> i64 {
        self.page.saturating_mul(self.per_page)
    }

    pub fn limit(self) -> i64 {
        self.per_page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert_eq!(
            Page::new(-1, 1000),
            Page {
                page: 0,
                per_page: 200
            }
        );
        assert_eq!(
            Page::new(3, 0),
            Page {
                page: 3,
                per_page: 1
            }
        );
        assert_eq!(Page::new(2, 50).offset(), 100);
    }
}

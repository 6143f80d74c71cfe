//! Hostile input: requests that once failed the server, kept as regression cases.

mod regressions;

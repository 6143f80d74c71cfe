//! The SSRF rule, as Mattermost's `httpservice` states it: an integration may not reach loopback,
//! private, shared, link-local (cloud metadata lives there) or otherwise reserved addresses unless
//! the admin lists the host, the address or its range in
//! `ServiceSettings.AllowedUntrustedInternalConnections`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The admin's exceptions: host names, addresses and CIDR ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList {
    hosts: Vec<String>,
    ranges: Vec<(IpAddr, u8)>,
}

impl AllowList {
    /// Parses the setting: entries separated by spaces or commas; an entry that is neither an
    /// address nor a range is a host name (compared case-insensitively).
    pub fn parse(setting: &str) -> AllowList {
        let mut list = AllowList::default();
        for entry in setting
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|e| !e.is_empty())
        {
            if let Some(range) = parse_range(entry) {
                list.ranges.push(range);
            } else if let Ok(ip) = entry.parse::<IpAddr>() {
                list.ranges.push((ip, if ip.is_ipv4() { 32 } else { 128 }));
            } else {
                list.hosts.push(entry.to_ascii_lowercase());
            }
        }
        list
    }

    /// Whether the admin listed this host name: then every address it resolves to is allowed.
    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts.contains(&host)
    }

    /// Whether an integration may connect to `ip`.
    pub fn allows_ip(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        !is_internal(ip)
            || self
                .ranges
                .iter()
                .any(|&(net, bits)| in_range(ip, canonical(net), bits))
    }
}

fn parse_range(entry: &str) -> Option<(IpAddr, u8)> {
    let (addr, bits) = entry.split_once('/')?;
    let ip: IpAddr = addr.parse().ok()?;
    let bits: u8 = bits.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some((ip, bits))
}

/// IPv4 addresses written as IPv6 (`::ffff:127.0.0.1`) are judged as the IPv4 address they are.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

fn in_range(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => prefix_eq(&a.octets(), &n.octets(), bits),
        (IpAddr::V6(a), IpAddr::V6(n)) => prefix_eq(&a.octets(), &n.octets(), bits),
        _ => false,
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let (whole, rest) = (usize::from(bits / 8), bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    a[whole] & mask == b[whole] & mask
}

/// Addresses that are not the public internet.
fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => is_internal_v6(v6),
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    const RANGES: [([u8; 4], u8); 13] = [
        ([0, 0, 0, 0], 8),       // "this network"
        ([10, 0, 0, 0], 8),      // private
        ([100, 64, 0, 0], 10),   // carrier-grade NAT
        ([127, 0, 0, 0], 8),     // loopback
        ([169, 254, 0, 0], 16),  // link-local, cloud metadata
        ([172, 16, 0, 0], 12),   // private
        ([192, 0, 0, 0], 24),    // IETF protocol assignments
        ([192, 0, 2, 0], 24),    // documentation
        ([192, 168, 0, 0], 16),  // private
        ([198, 18, 0, 0], 15),   // benchmarking
        ([198, 51, 100, 0], 24), // documentation
        ([203, 0, 113, 0], 24),  // documentation
        ([224, 0, 0, 0], 3),     // multicast and reserved, broadcast
    ];
    RANGES
        .iter()
        .any(|(net, bits)| prefix_eq(&ip.octets(), net, *bits))
}

fn is_internal_v6(ip: Ipv6Addr) -> bool {
    let o = ip.octets();
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || o[0] & 0xfe == 0xfc // unique local fc00::/7
        || (o[0] == 0xfe && o[1] & 0xc0 == 0x80) // link-local fe80::/10
        || (o[0] == 0xfe && o[1] & 0xc0 == 0xc0) // site-local fec0::/10
        || ip.to_ipv4().is_some_and(|v4| o[..12] == [0; 12] && is_internal_v4(v4)) // IPv4-compatible
        || (o[0..2] == [0x00, 0x64] && o[2..4] == [0xff, 0x9b]) // NAT64 64:ff9b::/96
        || (o[0..2] == [0x20, 0x01] && o[2..4] == [0x0d, 0xb8]) // documentation
        || (o[0..2] == [0x20, 0x02]) // 6to4 embeds any IPv4 address
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn internal_addresses_are_refused_by_default() {
        let none = AllowList::parse("");
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.20.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "2002:7f00:1::",
        ] {
            assert!(!none.allows_ip(ip(bad)), "{bad} must be refused");
        }
        for good in ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "172.32.0.1"] {
            assert!(none.allows_ip(ip(good)), "{good} must be allowed");
        }
    }

    #[test]
    fn the_admin_list_opens_addresses_ranges_and_hosts() {
        let list = AllowList::parse("127.0.0.1, 10.0.0.0/8 hooks.internal,::1");
        assert!(list.allows_ip(ip("127.0.0.1")));
        assert!(list.allows_ip(ip("::ffff:127.0.0.1")));
        assert!(!list.allows_ip(ip("127.0.0.2")));
        assert!(list.allows_ip(ip("10.200.1.1")));
        assert!(list.allows_ip(ip("::1")));
        assert!(!list.allows_ip(ip("192.168.0.1")));
        assert!(list.allows_host("Hooks.Internal"));
        assert!(list.allows_host("hooks.internal."));
        assert!(!list.allows_host("other.internal"));
    }

    #[test]
    fn odd_prefixes_match_by_bits() {
        let list = AllowList::parse("172.16.0.0/13");
        assert!(list.allows_ip(ip("172.23.255.255")));
        assert!(!list.allows_ip(ip("172.24.0.1")));
        assert_eq!(AllowList::parse("10.0.0.0/33").hosts, vec!["10.0.0.0/33"]);
    }
}

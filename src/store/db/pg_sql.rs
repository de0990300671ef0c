//! SQLite's spellings rewritten for PostgreSQL, so the entity files' SQL serves both.

/// SQLite's spellings in PostgreSQL's: `?N` and `?` become `$N`, `char(` becomes `chr(`,
/// `INDEXED BY name` goes, `AS REAL` becomes `AS DOUBLE PRECISION`. Text inside quotes is
/// left alone.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 0usize;
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for (_, d) in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some((_, d)) = chars.peek().copied().filter(|(_, d)| d.is_ascii_digit()) {
                    digits.push(d);
                    chars.next();
                }
                if digits.is_empty() {
                    next += 1;
                    digits = next.to_string();
                } else if let Ok(n) = digits.parse::<usize>() {
                    next = next.max(n);
                }
                out.push('$');
                out.push_str(&digits);
            }
            _ if word_at(sql, i, "char(") => {
                out.push_str("chr(");
                for _ in 0..4 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "INDEXED BY ") => {
                for _ in 0.."INDEXED BY".len() {
                    chars.next();
                }
                while chars.peek().is_some_and(|(_, d)| *d == ' ') {
                    chars.next();
                }
                while chars
                    .peek()
                    .is_some_and(|(_, d)| d.is_alphanumeric() || *d == '_' || *d == '"')
                {
                    chars.next();
                }
                while chars.peek().is_some_and(|(_, d)| *d == ' ') {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "AS INTEGER") && !ident_at(sql, i + "AS INTEGER".len()) => {
                out.push_str("AS BIGINT");
                for _ in 0.."AS INTEGER".len() - 1 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "NOT INDEXED") => {
                for _ in 0.."NOT INDEXED".len() - 1 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "substr(")
                && negative_start(sql, i + "substr(".len()).is_some() =>
            {
                // substr(x, -N) → right(x, N): the last N characters.
                let (arg, skip) = negative_start(sql, i + "substr(".len()).unwrap_or_default();
                out.push_str(&format!("right({arg}"));
                for _ in 0..skip + "substr(".len() - 1 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "WITHOUT ROWID") => {
                for _ in 0.."WITHOUT ROWID".len() - 1 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "temp.") => {
                out.push_str("pg_temp.");
                for _ in 0.."temp.".len() - 1 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "AS REAL)") => {
                out.push_str("AS DOUBLE PRECISION)");
                for _ in 0.."AS REAL)".len() - 1 {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// For `substr(` followed at byte `i` by `x, -N)` with a plain column `x`: the text
/// `x, N` and how many bytes to skip (up to, not past, the `)`).
fn negative_start(sql: &str, i: usize) -> Option<(String, usize)> {
    let rest = &sql[i..];
    let close = rest.find(')')?;
    let (col, n) = rest[..close].split_once(',')?;
    let n = n.trim().strip_prefix('-')?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    };
    (plain(col.trim()) && n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
        .then(|| (format!("{}, {n}", col.trim()), close))
}

/// Whether a name character is at byte `i`.
fn ident_at(sql: &str, i: usize) -> bool {
    sql[i..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether `word` (any case) starts at byte `i` of `sql`, not inside a longer name.
fn word_at(sql: &str, i: usize, word: &str) -> bool {
    let Some(head) = sql.get(i..i + word.len()) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(word) {
        return false;
    }
    !sql[..i]
        .chars()
        .next_back()
        .is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered() {
        assert_eq!(translate("a = ?1 AND b = ?12"), "a = $1 AND b = $12");
        assert_eq!(translate("a = ? AND b = ?"), "a = $1 AND b = $2");
        assert_eq!(translate("x = '?' AND y = ?2"), "x = '?' AND y = $2");
    }
    #[test]
    fn sqlite_spellings_are_rewritten() {
        assert_eq!(
            translate("group_concat(x, char(31)) FROM t INDEXED BY t_key WHERE a"),
            "group_concat(x, chr(31)) FROM t WHERE a"
        );
        assert_eq!(translate("CAST(a AS REAL)"), "CAST(a AS DOUBLE PRECISION)");
        assert_eq!(
            translate("CAST(?1 AS INTEGER) IS NULL"),
            "CAST($1 AS BIGINT) IS NULL"
        );
        assert_eq!(translate("x AS INTEGERS"), "x AS INTEGERS");
        assert_eq!(
            translate("CREATE TABLE temp.t (a) WITHOUT ROWID"),
            "CREATE TABLE pg_temp.t (a) "
        );
        assert_eq!(translate("DELETE FROM my_temp.t"), "DELETE FROM my_temp.t");
        assert_eq!(
            translate("substr(c.birthday, -5) = ?1 AND substr(x, 1, 7)"),
            "right(c.birthday, 5) = $1 AND substr(x, 1, 7)"
        );
        assert_eq!(translate("FROM t NOT INDEXED WHERE"), "FROM t  WHERE");
        assert_eq!(translate("my_char(1)"), "my_char(1)");
    }
}

//! A window of rows over a long ordered list: only what fits on screen is held, and moving
//! past an edge fetches the neighbours by key (keyset paging), so the cost of a move does
//! not depend on how long the list is.

use crate::domain::Result;
use crate::store::Cursor;

use super::keys::Action;

#[derive(Debug, Clone)]
pub struct Window<T> {
    pub rows: Vec<T>,
    pub sel: usize,
    /// The window starts at the first row of the list, so a reload shows rows that
    /// appeared above it (a call just logged in another pane).
    pub at_start: bool,
}

impl<T> Default for Window<T> {
    fn default() -> Self {
        Window {
            rows: Vec::new(),
            sel: 0,
            at_start: true,
        }
    }
}

/// Fetches up to `n` rows next to a cursor, in list order.
pub trait Fetch<T, K> {
    fn fetch(&self, cursor: &Cursor<K>, n: usize) -> Result<Vec<T>>;
    fn key(&self, row: &T) -> K;
}

impl<T> Window<T> {
    pub fn selected(&self) -> Option<&T> {
        self.rows.get(self.sel)
    }

    fn clamp(&mut self) {
        self.sel = self.sel.min(self.rows.len().saturating_sub(1));
    }

    /// Reloads from the top, or from the current first row, keeping the selection on the
    /// same record when it is still there.
    pub fn reload<K>(
        &mut self,
        f: &impl Fetch<T, K>,
        cap: usize,
        keep: bool,
        same: impl Fn(&T, &T) -> bool,
    ) -> Result<()> {
        let cursor = match (keep && !self.at_start, self.rows.first()) {
            (true, Some(first)) => Cursor::From(f.key(first)),
            _ => Cursor::First,
        };
        let selected_index = self.sel;
        let mut rows = f.fetch(&cursor, cap)?;
        if rows.is_empty() && keep {
            rows = f.fetch(&Cursor::First, cap)?;
        }
        let mut at_start = matches!(cursor, Cursor::First);
        let new_sel = match self.rows.get(selected_index) {
            Some(old) if keep => match rows.iter().position(|r| same(r, old)) {
                Some(i) => i,
                // Pushed out of the window (many rows arrived above it): follow the
                // selected record rather than the position.
                None => {
                    let around = f.fetch(&Cursor::From(f.key(old)), cap)?;
                    if around.first().is_some_and(|r| same(r, old)) {
                        rows = around;
                        at_start = false;
                        0
                    } else {
                        selected_index
                    }
                }
            },
            _ => 0,
        };
        if at_start {
            self.at_start = true;
        } else if !matches!(cursor, Cursor::First) {
            self.at_start = false;
        }
        self.rows = rows;
        self.sel = new_sel;
        self.clamp();
        Ok(())
    }

    /// One move of the selection; keys that do not move in a list are ignored.
    pub fn navigate<K>(&mut self, f: &impl Fetch<T, K>, action: Action, cap: usize) -> Result<()> {
        match action {
            Action::Up => self.up(f, cap),
            Action::Down => self.down(f, cap),
            Action::PageUp => self.page_up(f, cap),
            Action::PageDown => self.page_down(f, cap),
            Action::Top => self.top(f, cap),
            Action::Bottom => self.bottom(f, cap),
            _ => Ok(()),
        }
    }

    pub fn down<K>(&mut self, f: &impl Fetch<T, K>, cap: usize) -> Result<()> {
        if self.sel + 1 < self.rows.len() {
            self.sel += 1;
            return Ok(());
        }
        let Some(last) = self.rows.last() else {
            return Ok(());
        };
        let more = f.fetch(&Cursor::After(f.key(last)), 1)?;
        if !more.is_empty() {
            self.rows.extend(more);
            if self.rows.len() > cap {
                self.rows.remove(0);
                self.at_start = false;
            }
            self.sel = self.rows.len() - 1;
        }
        Ok(())
    }

    pub fn up<K>(&mut self, f: &impl Fetch<T, K>, cap: usize) -> Result<()> {
        if self.sel > 0 {
            self.sel -= 1;
            return Ok(());
        }
        let Some(first) = self.rows.first() else {
            return Ok(());
        };
        let mut more = f.fetch(&Cursor::Before(f.key(first)), 1)?;
        match more.pop() {
            Some(row) => {
                self.rows.insert(0, row);
                self.rows.truncate(cap.max(1));
                self.sel = 0;
            }
            None => self.at_start = true,
        }
        Ok(())
    }

    pub fn page_down<K>(&mut self, f: &impl Fetch<T, K>, cap: usize) -> Result<()> {
        let Some(last) = self.rows.last() else {
            return Ok(());
        };
        let more = f.fetch(&Cursor::After(f.key(last)), cap)?;
        if more.is_empty() {
            self.sel = self.rows.len() - 1;
            return Ok(());
        }
        let got = more.len();
        self.rows.extend(more);
        let excess = self.rows.len().saturating_sub(cap);
        if excess > 0 {
            self.at_start = false;
        }
        self.rows.drain(..excess);
        if got < cap {
            self.sel = self.rows.len() - 1;
        }
        self.clamp();
        Ok(())
    }

    pub fn page_up<K>(&mut self, f: &impl Fetch<T, K>, cap: usize) -> Result<()> {
        let Some(first) = self.rows.first() else {
            return Ok(());
        };
        let mut more = f.fetch(&Cursor::Before(f.key(first)), cap)?;
        if more.is_empty() {
            self.sel = 0;
            self.at_start = true;
            return Ok(());
        }
        let got = more.len();
        more.append(&mut self.rows);
        more.truncate(cap);
        self.rows = more;
        if got < cap {
            self.sel = 0;
            self.at_start = true;
        }
        self.clamp();
        Ok(())
    }

    pub fn top<K>(&mut self, f: &impl Fetch<T, K>, cap: usize) -> Result<()> {
        self.rows = f.fetch(&Cursor::First, cap)?;
        self.sel = 0;
        self.at_start = true;
        Ok(())
    }

    pub fn bottom<K>(&mut self, f: &impl Fetch<T, K>, cap: usize) -> Result<()> {
        self.rows = f.fetch(&Cursor::Last, cap)?;
        self.sel = self.rows.len().saturating_sub(1);
        // Unknown without a count; From(first) on reload keeps this window.
        self.at_start = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers 0..n as a list.
    struct Numbers(i64);
    impl Fetch<i64, i64> for Numbers {
        fn fetch(&self, c: &Cursor<i64>, n: usize) -> Result<Vec<i64>> {
            let all: Vec<i64> = (0..self.0).collect();
            let n = n as i64;
            Ok(match c {
                Cursor::First => all.into_iter().take(n as usize).collect(),
                Cursor::Last => all[(self.0 - n).max(0) as usize..].to_vec(),
                Cursor::From(k) => all
                    .into_iter()
                    .filter(|x| x >= k)
                    .take(n as usize)
                    .collect(),
                Cursor::After(k) => all.into_iter().filter(|x| x > k).take(n as usize).collect(),
                Cursor::Before(k) => {
                    let v: Vec<i64> = all.into_iter().filter(|x| x < k).collect();
                    v[v.len().saturating_sub(n as usize)..].to_vec()
                }
            })
        }
        fn key(&self, row: &i64) -> i64 {
            *row
        }
    }

    /// The numbers -n..100: n new rows before the old first one.
    struct Shifted(i64);
    impl Fetch<i64, i64> for Shifted {
        fn fetch(&self, c: &Cursor<i64>, n: usize) -> Result<Vec<i64>> {
            let all: Vec<i64> = (-self.0..100).collect();
            Ok(match c {
                Cursor::First => all.into_iter().take(n).collect(),
                Cursor::From(k) => all.into_iter().filter(|x| x >= k).take(n).collect(),
                _ => Vec::new(),
            })
        }
        fn key(&self, row: &i64) -> i64 {
            *row
        }
    }

    #[test]
    fn scrolls_by_key_and_keeps_selection() {
        let f = Numbers(100);
        let mut w = Window::default();
        w.top(&f, 5).unwrap();
        assert_eq!(w.rows, vec![0, 1, 2, 3, 4]);
        for _ in 0..6 {
            w.down(&f, 5).unwrap();
        }
        assert_eq!(w.rows, vec![2, 3, 4, 5, 6]);
        assert_eq!(w.selected(), Some(&6));
        w.page_down(&f, 5).unwrap();
        assert_eq!(w.rows, vec![7, 8, 9, 10, 11]);
        w.bottom(&f, 5).unwrap();
        assert_eq!(w.selected(), Some(&99));
        w.page_down(&f, 5).unwrap();
        assert_eq!(w.selected(), Some(&99));
        w.page_up(&f, 5).unwrap();
        assert_eq!(w.rows, vec![90, 91, 92, 93, 94]);
        w.sel = 2;
        w.reload(&f, 5, true, |a, b| a == b).unwrap();
        assert_eq!(w.selected(), Some(&92));
        for _ in 0..3 {
            w.up(&f, 5).unwrap();
        }
        assert_eq!(w.rows, vec![89, 90, 91, 92, 93]);
        assert_eq!(w.selected(), Some(&89));
        w.top(&f, 5).unwrap();
        w.up(&f, 5).unwrap();
        assert_eq!(w.selected(), Some(&0));
        // At the start of the list, a reload also shows rows that appeared before it.
        let mut w = Window::default();
        w.top(&Numbers(100), 5).unwrap();
        w.reload(&Numbers(100), 5, true, |a, b| a == b).unwrap();
        assert!(w.at_start);
        w.page_down(&Numbers(100), 5).unwrap();
        assert!(!w.at_start);
        // The selected row pushed out of the window by rows arriving above: it stays selected.
        let mut w = Window::default();
        w.top(&Numbers(100), 5).unwrap();
        w.sel = 3;
        let shifted = Shifted(20);
        w.reload(&shifted, 5, true, |a, b| a == b).unwrap();
        assert_eq!(w.selected(), Some(&3));
        let empty = Numbers(0);
        let mut e: Window<i64> = Window::default();
        e.top(&empty, 5).unwrap();
        e.down(&empty, 5).unwrap();
        e.page_up(&empty, 5).unwrap();
        assert!(e.selected().is_none());
    }
}

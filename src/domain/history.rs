//! What the history records: which kind of record changed, and how. Stored as the lower-case
//! words below, so `crm history --json` and old databases read the same.

use std::fmt;

macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The variant stored as `word`, if it is one.
            pub fn from_word(word: &str) -> Option<Self> {
                match word {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words! {
    /// The kind of record a history row is about.
    Entity {
        Contact => "contact",
        Company => "company",
        Deal => "deal",
        Interaction => "interaction",
        Task => "task",
        Stage => "stage",
        Import => "import",
        Demo => "demo",
        Rule => "rule",
        Segment => "segment",
        Case => "case",
    }
}

words! {
    /// What happened to it.
    Action {
        Create => "create",
        Update => "update",
        Delete => "delete",
        Merge => "merge",
        Move => "move",
        Reopen => "reopen",
        Done => "done",
        Snooze => "snooze",
        Won => "won",
        Lost => "lost",
        Lifecycle => "lifecycle",
        Import => "import",
        UndoImport => "undo-import",
        Undo => "undo",
        Redo => "redo",
        Demo => "demo",
        HookFailed => "hook-failed",
        NotDupes => "not-dupes",
        Forget => "forgotten",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_reads_back_as_its_variant() {
        for e in Entity::ALL {
            assert_eq!(Entity::from_word(e.as_str()), Some(*e));
        }
        for a in Action::ALL {
            assert_eq!(Action::from_word(a.as_str()), Some(*a));
        }
        assert_eq!(Action::from_word("undo-import"), Some(Action::UndoImport));
        assert_eq!(Entity::from_word("Contact"), None);
    }
}

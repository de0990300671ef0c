//! The owner flags `deal`, `task` and `case` share (DESIGN §14): `--owner WHO` to set one,
//! and `--mine` / `--owner WHO` to list only some.

use crate::domain::owner;
use crate::domain::Result;

use super::Ctx;

/// `--owner WHO` on a write: a user name, or `none` for nobody.
#[derive(Debug, clap::Args)]
pub struct SetOwner {
    /// Who it belongs to: a user name, or none [default on add: you]
    #[arg(long, value_name = "WHO")]
    pub owner: Option<String>,
}

impl SetOwner {
    /// `None`: not given; `Some(None)`: nobody.
    pub fn typed(&self) -> Result<Option<Option<String>>> {
        self.owner.as_deref().map(owner::pick).transpose()
    }
}

/// `--mine` or `--owner WHO` on a list.
#[derive(Debug, clap::Args)]
pub struct OwnerFilter {
    /// Only yours (the acting user's)
    #[arg(long, conflicts_with = "owner")]
    pub mine: bool,
    /// Only those of this user (none: owned by nobody)
    #[arg(long, value_name = "WHO")]
    pub owner: Option<String>,
}

impl OwnerFilter {
    /// `None`: any owner; `Some(None)`: owned by nobody.
    pub fn typed(&self, ctx: &Ctx) -> Result<Option<Option<String>>> {
        if self.mine {
            return Ok(Some(ctx.now.by.map(String::from)));
        }
        self.owner.as_deref().map(owner::pick).transpose()
    }
}

/// Whether a table needs an OWNER column: only when something in it is not the acting
/// user's (in solo mode everything is yours, and the column would say nothing).
pub fn column_needed<'a>(ctx: &Ctx, mut owners: impl Iterator<Item = Option<&'a str>>) -> bool {
    owners.any(|o| o != ctx.now.by)
}

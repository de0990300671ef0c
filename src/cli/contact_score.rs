//! `crm contact score REF [--explain]` (DESIGN §12): the lead score, and with `--explain`
//! every rule that made it, with its points.

use serde_json::json;

use crate::domain::Result;
use crate::ops::scores;
use crate::resolve;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// The contact (id, e-mail or name)
    reference: String,
    /// List every rule that contributes, with its points
    #[arg(long)]
    explain: bool,
}

pub fn run(ctx: &Ctx, a: ScoreArgs) -> Result<()> {
    let r = ctx.store.read();
    let id = resolve::contact(r, &a.reference)?;
    let contact = crate::ops::contacts::load(r, id)?;
    let w = ctx.store.score_weights();
    let s = scores::explain(r, &ctx.now, &w, id)?;
    if ctx.out.json {
        let mut v = json!({
            "id": id,
            "name": contact.name,
            "score": s.total,
            "fit": s.fit,
            "engagement": s.engagement,
            "intent": s.intent,
        });
        if a.explain {
            v["parts"] = json!(s.parts);
            v["caps"] =
                json!({"fit": w.fit_max, "engagement": w.engagement_max, "intent": w.intent_max});
        }
        return ctx.out.json(&v);
    }
    ctx.out
        .done(&format!("#{id} {}: {}/100", contact.name, s.total));
    if !a.explain {
        return Ok(());
    }
    for (group, total, cap) in [
        ("fit", s.fit, w.fit_max),
        ("engagement", s.engagement, w.engagement_max),
        ("intent", s.intent, w.intent_max),
    ] {
        let parts: Vec<_> = s.parts.iter().filter(|p| p.group == group).collect();
        let capped = parts.iter().map(|p| p.points).sum::<f64>() > cap;
        ctx.out.done(&format!(
            "  {group:<11} {:>5.1} of {cap:.0}{}",
            total,
            if capped { " (capped)" } else { "" }
        ));
        if parts.is_empty() {
            ctx.out.done("                nothing yet");
        }
        for p in parts {
            ctx.out.done(&format!("    {:>+6.1}  {}", p.points, p.rule));
        }
    }
    Ok(())
}

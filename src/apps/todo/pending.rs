//! A `GenServer.call` made from inside a process.
//!
//! A handler here cannot block, so a process that calls another keeps a
//! [`Pending`] call and returns; the answer comes as a message — the reply
//! `{ref, value}`, the monitor's `:DOWN`, or the timeout — and the process
//! carries on where it stopped. On the wire it is OTP's call: the target is
//! monitored and gets `{:"$gen_call", {self(), ref}, request}`, so calls and
//! casts (`{:"$gen_cast", request}`) read differently in the trace. A failed
//! call gives the exit reason `GenServer.call/3` raises,
//! `{reason, {GenServer, :call, [dest, request, timeout]}}`.
//!
//! While a call is pending, the caller must not act on other requests: a
//! blocked process leaves them in its mailbox. `Todo.Server` queues them and
//! takes them up in order once the answer is in.

use crate::kernel::Ctx;
use crate::otp::call::call_exit;
use crate::otp::name;
use crate::term::{Ref, Term};

/// The message a pending call's timer sends.
const TIMEOUT_TAG: &str = "$todo_call_timeout";

/// A call waiting for its answer.
#[derive(Clone, Debug)]
pub struct Pending {
    mref: Ref,
    timer: Option<Ref>,
    dest: Term,
    request: Term,
    timeout_ms: Option<u64>,
}

/// How a pending call ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// The callee replied with this value.
    Reply(Term),
    /// The call exits the caller with this reason (`:noproc`, the callee's
    /// exit reason, `:timeout`, each wrapped as `GenServer.call/3` does).
    Exit(Term),
}

impl Pending {
    /// Sends `request` to `dest` (a pid or any name `GenServer.call`
    /// takes) as the process behind `ctx`. `timeout_ms` `None` is
    /// `:infinity`. `Err` holds the exit reason when there is nobody to call.
    pub fn call(
        ctx: &mut Ctx,
        dest: &Term,
        request: Term,
        timeout_ms: Option<u64>,
    ) -> Result<Pending, Term> {
        let timeout = timeout_term(timeout_ms);
        let Some(target) = name::whereis(ctx.world_ref(), ctx.node(), dest) else {
            return Err(call_exit(Term::atom("noproc"), dest, &request, &timeout));
        };
        let me = ctx.me();
        if target == me {
            return Err(call_exit(
                Term::atom("calling_self"),
                dest,
                &request,
                &timeout,
            ));
        }
        let mref = ctx.monitor(target);
        let from = Term::tuple([Term::Pid(me), Term::Ref(mref)]);
        ctx.send(
            target,
            Term::tuple([Term::atom("$gen_call"), from, request.clone()]),
        );
        let timer = timeout_ms.map(|ms| {
            let msg = Term::tuple([Term::atom(TIMEOUT_TAG), Term::Ref(mref)]);
            ctx.send_after(me, msg, ms)
        });
        Ok(Pending {
            mref,
            timer,
            dest: dest.clone(),
            request,
            timeout_ms,
        })
    }

    /// What `msg` means for this call; `None` when it is about something else.
    pub fn answer(&self, msg: &Term) -> Option<Answer> {
        let tag = Term::Ref(self.mref);
        let exit = |reason: Term| {
            Answer::Exit(call_exit(
                reason,
                &self.dest,
                &self.request,
                &timeout_term(self.timeout_ms),
            ))
        };
        match msg.as_tuple()? {
            [t, value] if *t == tag => Some(Answer::Reply(value.clone())),
            [t, r] if t.is_atom(TIMEOUT_TAG) && *r == tag => Some(exit(Term::atom("timeout"))),
            [down, r, _, _, reason] if down.is_atom("DOWN") && *r == tag => {
                Some(exit(reason.clone()))
            }
            _ => None,
        }
    }

    /// Ends the call once answered: drops the monitor and the timer.
    pub fn finish(self, ctx: &mut Ctx) {
        ctx.demonitor(self.mref);
        if let Some(timer) = self.timer {
            ctx.cancel_timer(timer);
        }
    }
}

/// The timeout as `GenServer.call/3` shows it.
fn timeout_term(timeout_ms: Option<u64>) -> Term {
    timeout_ms.map_or(Term::atom("infinity"), |ms| {
        Term::Int(i64::try_from(ms).unwrap_or(i64::MAX))
    })
}

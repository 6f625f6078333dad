#!/usr/bin/env python3
"""Generate synthetic threaded C++ code for benchmarking lockcheck.

Writes N translation units (synth_000.cpp, ...) plus a compile_commands.json
into --out.  The code uses only the standard headers <condition_variable>,
<mutex>, <thread> and <vector> and looks like ordinary lock-using code:

  * global mutexes guarding global counters and vectors, and a class with a
    member mutex, a condition variable and guarded members;
  * std::lock_guard, std::unique_lock (with an explicit unlock), std::scoped_lock
    over two mutexes, manual lock()/unlock() pairs and try_lock();
  * if/else branches, for and while loops, continue, early returns (which
    unlock any manually held mutex first);
  * std::thread started and joined, thread pools in a std::vector;
  * condition-variable waits with a predicate and notifications;
  * calls to helper functions defined earlier in the same file (so function
    summaries have something to do).

Mutexes are always acquired in one global order (g_mu_0 < g_mu_1 < ... < mu_),
helpers are only called when the locks they take come later in that order, and
nothing blocks (join, wait) while a lock is held.  So the code is correct
except for a small number of deliberately injected bugs (--bug-rate, default
0.01 per statement) of the kinds lockcheck looks for; they are listed with
their line numbers in synthetic_manifest.json.

--statements K counts statement units per function: every simple statement and
every compound statement header (a guard scope, an if, a loop, a thread start,
...) counts one; closing braces and the unlocks emitted before an early return
do not.  Nesting is at most --max-depth deep and every statement is small, so
the size of a function grows linearly with K.

The output is a pure function of the parameters (same seed -> same bytes).

Examples:
  gen_synthetic.py --files 4 --functions 10 --statements 20 --locks 3 --out /tmp/s
  gen_synthetic.py --single-function --statements 800 --out /tmp/big   # one huge function
  gen_synthetic.py ... --verify        # also check every file with clang++ -fsyntax-only
"""

import argparse
import json
import os
import random
import shlex
import subprocess
import sys

HEADERS = ["condition_variable", "mutex", "thread", "vector"]
COUNTERS_PER_LOCK = 2


class FuncSummary:
    """What calling a generated function does, as far as lock order goes."""

    def __init__(self, name, is_member):
        self.name = name
        self.is_member = is_member
        self.ranks = set()   # lock ranks acquired in the calling thread
        self.blocks = False  # joins a thread or waits on a condition variable


class Ctx:
    """Generation state at one point of a function body."""

    def __init__(self, var, in_member, in_lambda, summary):
        self.var = var              # the int local the statements work on
        self.in_member = in_member  # mu_, cv_, total_, log_ and op_* visible
        self.in_lambda = in_lambda  # no return / thread start allowed
        self.held = []              # [(rank, kind)] kind: guard|unique|manual
        self.loop_manual = None     # number of manual holds at loop entry
        self.depth = 1              # logical nesting (bounded by --max-depth)
        self.indent = 1             # indentation level of emitted lines
        self.summary = summary      # FuncSummary to record acquisitions in

    def max_rank(self):
        return max((r for r, _ in self.held), default=-1)

    def manual(self):
        return [r for r, k in self.held if k == "manual"]


class FileGen:
    def __init__(self, rng, file_index, args, single_function=False):
        self.rng = rng
        self.fi = file_index
        self.L = args.locks
        self.M = args.functions
        self.K = args.statements
        self.max_depth = args.max_depth
        self.bug_rate = args.bug_rate
        self.single = single_function
        self.lines = []
        self.bugs = []
        self.uid = 0
        self.funcs = []  # FuncSummary per generated function, index order
        self.member_rank = self.L  # mu_ comes after every global mutex

    # ---- helpers -------------------------------------------------------
    def emit(self, depth, text):
        self.lines.append("  " * depth + text)

    def fresh(self):
        self.uid += 1
        return self.uid

    def mutex_name(self, rank):
        return "mu_" if rank == self.member_rank else "g_mu_%d" % rank

    def bug(self, kind, ctx_desc=""):
        self.bugs.append({"line": len(self.lines) + 1, "kind": kind,
                          "note": ctx_desc})

    def chance(self, p):
        return self.rng.random() < p

    def ranks_available(self, ctx):
        """Ranks that may be acquired now without breaking the lock order."""
        top = ctx.max_rank()
        ranks = [r for r in range(self.L) if r > top]
        if ctx.in_member and self.member_rank > top:
            ranks.append(self.member_rank)
        return ranks

    def acquire(self, ctx, rank):
        if not ctx.in_lambda:
            ctx.summary.ranks.add(rank)

    def helpers(self, ctx, current_index):
        """Earlier functions that can be called in the current lock state."""
        out = []
        top = ctx.max_rank()
        for j, s in enumerate(self.funcs[:current_index]):
            if s.blocks and ctx.held:
                continue
            if s.ranks and min(s.ranks) <= top:
                continue
            out.append(s)
        return out

    # ---- simple statements --------------------------------------------
    def simple(self, ctx, fidx):
        """Emit one simple statement (cost 1)."""
        v = ctx.var
        d = ctx.indent
        options = ["arith", "arith", "xor", "add"]
        held_globals = [r for r, _ in ctx.held if r < self.L]
        held_member = any(r == self.member_rank for r, _ in ctx.held)
        if held_globals:
            options += ["write", "write", "push", "read"]
        if held_member:
            options += ["mwrite", "mpush", "mread"]
        if ctx.in_member:
            options += ["notify"]
        hs = self.helpers(ctx, fidx)
        if hs:
            options += ["call", "call"]
        kind = self.rng.choice(options)
        if kind == "arith":
            self.emit(d, "%s = (%s * %d + %d) %% 1000003;"
                      % (v, v, self.rng.randint(3, 97), self.rng.randint(1, 999)))
        elif kind == "xor":
            self.emit(d, "%s ^= %s >> %d;" % (v, v, self.rng.randint(1, 7)))
        elif kind == "add":
            self.emit(d, "%s += %d;" % (v, self.rng.randint(1, 50)))
        elif kind in ("write", "push", "read"):
            r = self.rng.choice(held_globals)
            k = r + self.L * self.rng.randrange(COUNTERS_PER_LOCK)
            if kind == "write":
                self.emit(d, "g_count_%d += %s;" % (k, v))
            elif kind == "push":
                self.emit(d, "g_items_%d.push_back(%s);" % (r, v))
            else:
                self.emit(d, "%s += static_cast<int>(g_count_%d %% 97);" % (v, k))
        elif kind == "mwrite":
            self.emit(d, "total_ += %s;" % v)
        elif kind == "mpush":
            self.emit(d, "log_.push_back(%s);" % v)
        elif kind == "mread":
            self.emit(d, "%s += static_cast<int>(log_.size() %% 13);" % v)
        elif kind == "notify":
            self.emit(d, "cv_.notify_one();")
        elif kind == "call":
            s = self.rng.choice(hs)
            if s.is_member and not ctx.in_member:
                callee = "g_service.%s" % s.name
            else:
                callee = s.name
            self.emit(d, "%s += %s(%s %% 16);" % (v, callee, v))
            if not ctx.in_lambda:
                ctx.summary.ranks |= s.ranks
                ctx.summary.blocks |= s.blocks

    def access(self, ctx, rank):
        """Emit one access (cost 1) to data guarded by mutex `rank`."""
        v = ctx.var
        d = ctx.indent
        kind = self.rng.choice(["write", "write", "push", "read"])
        if rank == self.member_rank:
            text = {"write": "total_ += %s;" % v,
                    "push": "log_.push_back(%s);" % v,
                    "read": "%s += static_cast<int>(log_.size() %% 13);" % v}[kind]
        else:
            k = rank + self.L * self.rng.randrange(COUNTERS_PER_LOCK)
            text = {"write": "g_count_%d += %s;" % (k, v),
                    "push": "g_items_%d.push_back(%s);" % (rank, v),
                    "read": "%s += static_cast<int>(g_count_%d %% 97);" % (v, k)}[kind]
        self.emit(d, text)

    # ---- blocks --------------------------------------------------------
    def block(self, ctx, budget, fidx):
        """Emit statements worth exactly `budget` units at ctx.depth."""
        while budget > 0:
            budget -= self.statement(ctx, budget, fidx)

    def statement(self, ctx, budget, fidx):
        """Emit one statement of cost <= budget; return its cost."""
        if budget >= 1 and self.chance(self.bug_rate):
            cost = self.inject_bug(ctx, budget, fidx)
            if cost:
                return cost
        can_nest = budget >= 2 and ctx.depth <= self.max_depth
        choices = [("simple", 6)]
        avail = self.ranks_available(ctx)
        if can_nest:
            if avail:
                choices += [("guard", 4), ("unique", 2), ("manual", 2),
                            ("trylock", 1)]
                if len(avail) >= 2:
                    choices += [("scoped", 1)]
            choices += [("if", 3), ("for", 2), ("while", 1)]
            if not ctx.held and not ctx.in_lambda:
                choices += [("thread", 1), ("pool", 1)]
                if ctx.in_member:
                    choices += [("wait", 1), ("signal", 1)]
        if not ctx.in_lambda and self.chance(0.5):
            choices += [("return", 1)]
        if ctx.loop_manual is not None and \
                len(ctx.manual()) == ctx.loop_manual:
            choices += [("continue", 1)]
        total = sum(w for _, w in choices)
        pick = self.rng.uniform(0, total)
        for kind, w in choices:
            pick -= w
            if pick <= 0:
                break
        return getattr(self, "st_" + kind)(ctx, budget, fidx)

    def body_budget(self, budget, lo=1, hi=3):
        return min(self.rng.randint(lo, hi), budget)

    def nested(self, ctx, budget, fidx, extra_held=None, loop=False,
               same_scope=False):
        """Generate a nested block one level deeper; returns units used.

        A block that just acquired locks (extra_held) starts with an access
        to data one of them guards, as lock scopes in real code do."""
        saved_held = list(ctx.held)
        saved_loop = ctx.loop_manual
        if extra_held:
            ctx.held += extra_held
        if loop:
            ctx.loop_manual = len(ctx.manual())
        ctx.depth += 1
        if not same_scope:
            ctx.indent += 1
        rest = budget
        if extra_held and rest >= 1:
            self.access(ctx, self.rng.choice(extra_held)[0])
            rest -= 1
        self.block(ctx, rest, fidx)
        ctx.depth -= 1
        if not same_scope:
            ctx.indent -= 1
        ctx.held = saved_held
        ctx.loop_manual = saved_loop
        return budget

    def st_simple(self, ctx, budget, fidx):
        self.simple(ctx, fidx)
        return 1

    def st_guard(self, ctx, budget, fidx):
        r = self.rng.choice(self.ranks_available(ctx))
        n = self.fresh()
        d = ctx.indent
        self.acquire(ctx, r)
        self.emit(d, "{")
        self.emit(d + 1, "std::lock_guard<std::mutex> lk%d(%s);"
                  % (n, self.mutex_name(r)))
        used = self.nested(ctx, self.body_budget(budget - 1), fidx,
                           [(r, "guard")])
        self.emit(d, "}")
        return 1 + used

    def st_scoped(self, ctx, budget, fidx):
        avail = self.ranks_available(ctx)
        if len(avail) < 2:
            return self.st_guard(ctx, budget, fidx)
        a, b = sorted(self.rng.sample(avail, 2))
        n = self.fresh()
        d = ctx.indent
        self.acquire(ctx, a)
        self.acquire(ctx, b)
        self.emit(d, "{")
        self.emit(d + 1, "std::scoped_lock sl%d(%s, %s);"
                  % (n, self.mutex_name(a), self.mutex_name(b)))
        used = self.nested(ctx, self.body_budget(budget - 1), fidx,
                           [(a, "guard"), (b, "guard")])
        self.emit(d, "}")
        return 1 + used

    def st_unique(self, ctx, budget, fidx):
        r = self.rng.choice(self.ranks_available(ctx))
        n = self.fresh()
        d = ctx.indent
        self.acquire(ctx, r)
        self.emit(d, "{")
        self.emit(d + 1, "std::unique_lock<std::mutex> ul%d(%s);"
                  % (n, self.mutex_name(r)))
        b1 = self.body_budget(budget - 1, 1, 2)
        self.nested(ctx, b1, fidx, [(r, "unique")])
        used = b1
        if budget - 1 - b1 >= 1:
            # Release early, then go on without the lock in the same scope.
            self.emit(d + 1, "ul%d.unlock();" % n)
            b2 = self.body_budget(budget - 1 - b1, 1, 1)
            self.nested(ctx, b2, fidx)
            used += b2
        self.emit(d, "}")
        return 1 + used

    def st_manual(self, ctx, budget, fidx):
        r = self.rng.choice(self.ranks_available(ctx))
        d = ctx.indent
        name = self.mutex_name(r)
        self.acquire(ctx, r)
        self.emit(d, "%s.lock();" % name)
        # Same scope and indentation, one level deeper for the depth bound.
        b = self.body_budget(budget - 1)
        self.nested(ctx, b, fidx, [(r, "manual")], same_scope=True)
        self.emit(d, "%s.unlock();" % name)
        return 1 + b

    def st_trylock(self, ctx, budget, fidx):
        r = self.rng.choice(self.ranks_available(ctx))
        d = ctx.indent
        name = self.mutex_name(r)
        self.acquire(ctx, r)
        self.emit(d, "if (%s.try_lock()) {" % name)
        used = self.nested(ctx, self.body_budget(budget - 1), fidx,
                           [(r, "manual")])
        self.emit(d + 1, "%s.unlock();" % name)
        self.emit(d, "}")
        return 1 + used

    def st_if(self, ctx, budget, fidx):
        d = ctx.indent
        v = ctx.var
        self.emit(d, "if (%s %% %d == %d) {" % (v, self.rng.randint(2, 7),
                                               self.rng.randint(0, 1)))
        b1 = self.body_budget(budget - 1)
        self.nested(ctx, b1, fidx)
        used = b1
        rest = budget - 1 - b1
        if rest >= 1 and self.chance(0.6):
            self.emit(d, "} else {")
            b2 = self.body_budget(rest)
            self.nested(ctx, b2, fidx)
            used += b2
        self.emit(d, "}")
        return 1 + used

    def st_for(self, ctx, budget, fidx):
        d = ctx.indent
        n = self.fresh()
        self.emit(d, "for (int i%d = 0; i%d < %d; ++i%d) {"
                  % (n, n, self.rng.randint(2, 8), n))
        self.emit(d + 1, "%s += i%d;" % (ctx.var, n))  # counts as one unit
        b = self.body_budget(budget - 2, 0, 3)
        if b:
            self.nested(ctx, b, fidx, loop=True)
        self.emit(d, "}")
        return 2 + b

    def st_while(self, ctx, budget, fidx):
        d = ctx.indent
        n = self.fresh()
        self.emit(d, "int n%d = %d;" % (n, self.rng.randint(2, 6)))
        self.emit(d, "while (n%d > 0) {" % n)
        self.emit(d + 1, "--n%d;" % n)
        b = self.body_budget(budget - 1)
        self.nested(ctx, b, fidx, loop=True)
        self.emit(d, "}")
        return 1 + b

    def st_return(self, ctx, budget, fidx):
        d = ctx.indent
        v = ctx.var
        self.emit(d, "if (%s > %d) {" % (v, self.rng.randint(500000, 999999)))
        for r in reversed(ctx.manual()):
            self.emit(d + 1, "%s.unlock();" % self.mutex_name(r))
        self.emit(d + 1, "return %s;" % v)
        self.emit(d, "}")
        return 1

    def st_continue(self, ctx, budget, fidx):
        d = ctx.indent
        self.emit(d, "if ((%s & %d) == 0) {" % (ctx.var, self.rng.choice([7, 15, 31])))
        self.emit(d + 1, "continue;")
        self.emit(d, "}")
        return 1

    def lambda_body(self, ctx, budget, fidx, param, depth):
        """Statements run on another thread: fresh lock state, var w."""
        lc = Ctx("w", ctx.in_member, True, ctx.summary)
        lc.depth = ctx.depth + 1
        lc.indent = depth
        self.emit(depth, "int w = %s;" % param)
        self.block(lc, budget, fidx)
        # Always publish the result under a lock (and use `this` in members).
        if ctx.in_member:
            self.emit(depth, "std::lock_guard<std::mutex> done(mu_);")
            self.emit(depth, "total_ += w;")
        else:
            r = self.rng.randrange(self.L)
            self.emit(depth, "std::lock_guard<std::mutex> done(g_mu_%d);" % r)
            self.emit(depth, "g_count_%d += w;" % r)

    def capture(self, ctx, extra):
        return "[this, %s]" % extra if ctx.in_member else "[%s]" % extra

    def st_thread(self, ctx, budget, fidx, buggy=False):
        d = ctx.indent
        n = self.fresh()
        ctx.summary.blocks = True
        self.emit(d, "std::thread th%d(%s {" % (n, self.capture(ctx, "v = " + ctx.var)))
        b = self.body_budget(budget - 1, 1, 3)
        self.lambda_body(ctx, b, fidx, "v", d + 1)
        self.emit(d, "});")
        # The starting thread keeps working before it joins.
        self.emit(d, "%s += %d;" % (ctx.var, self.rng.randint(1, 9)))
        if buggy:
            self.bug("unjoined-thread", "th%d not joined on the early return" % n)
            self.emit(d, "if (%s > %d) {" % (ctx.var, self.rng.randint(1000, 9999)))
            self.emit(d + 1, "return %s;" % ctx.var)
            self.emit(d, "}")
        self.emit(d, "th%d.join();" % n)
        return 1 + b

    def st_pool(self, ctx, budget, fidx):
        d = ctx.indent
        n = self.fresh()
        ctx.summary.blocks = True
        self.emit(d, "std::vector<std::thread> pool%d;" % n)
        self.emit(d, "for (int t%d = 0; t%d < %d; ++t%d) {"
                  % (n, n, self.rng.randint(2, 4), n))
        self.emit(d + 1, "pool%d.emplace_back(%s {" % (n, self.capture(ctx, "t%d" % n)))
        b = self.body_budget(budget - 1, 1, 2)
        self.lambda_body(ctx, b, fidx, "t%d" % n, d + 2)
        self.emit(d + 1, "});")
        self.emit(d, "}")
        self.emit(d, "for (auto &th : pool%d) {" % n)
        self.emit(d + 1, "th.join();")
        self.emit(d, "}")
        return 1 + b

    def st_wait(self, ctx, budget, fidx, buggy=False):
        d = ctx.indent
        n = self.fresh()
        ctx.summary.blocks = True
        ctx.summary.ranks.add(self.member_rank)
        self.emit(d, "{")
        self.emit(d + 1, "std::unique_lock<std::mutex> ul%d(mu_);" % n)
        if buggy:
            self.bug("wait-without-predicate")
            self.emit(d + 1, "cv_.wait(ul%d);" % n)
        else:
            self.emit(d + 1, "cv_.wait(ul%d, [this] { return ready_; });" % n)
        self.emit(d + 1, "total_ += %s;" % ctx.var)
        self.emit(d, "}")
        return 1

    def st_signal(self, ctx, budget, fidx):
        d = ctx.indent
        n = self.fresh()
        ctx.summary.ranks.add(self.member_rank)
        self.emit(d, "{")
        self.emit(d + 1, "std::lock_guard<std::mutex> lk%d(mu_);" % n)
        self.emit(d + 1, "ready_ = true;")
        self.emit(d, "}")
        self.emit(d, "cv_.notify_all();")
        return 1

    # ---- bugs ------------------------------------------------------------
    def inject_bug(self, ctx, budget, fidx):
        """Emit one deliberate lock bug if one fits here; return its cost."""
        d = ctx.indent
        v = ctx.var
        kinds = ["unguarded-write"]
        if ctx.manual() and not ctx.in_lambda:
            kinds.append("return-holding-lock")
        top = ctx.max_rank()
        held = {r for r, _ in ctx.held}
        lower = [r for r in range(min(top, self.L)) if r not in held]
        if ctx.held and lower and budget >= 2 and ctx.depth <= self.max_depth:
            kinds.append("lock-order")
        if not ctx.held and not ctx.in_lambda and budget >= 2:
            kinds.append("unjoined-thread")
            if ctx.in_member:
                kinds.append("wait-without-predicate")
        kind = self.rng.choice(kinds)
        if kind == "unguarded-write":
            held_globals = {r for r, _ in ctx.held if r < self.L}
            free = [r for r in range(self.L) if r not in held_globals]
            if not free:
                return 0
            r = self.rng.choice(free)
            self.bug(kind, "g_count_%d written without g_mu_%d" % (r, r))
            self.emit(d, "g_count_%d += %s;" % (r, v))
            return 1
        if kind == "return-holding-lock":
            self.bug(kind, "returns holding %s" % ", ".join(
                self.mutex_name(r) for r in ctx.manual()))
            self.emit(d, "if (%s > %d) {" % (v, self.rng.randint(500000, 999999)))
            self.emit(d + 1, "return %s;" % v)
            self.emit(d, "}")
            return 1
        if kind == "lock-order":
            r = self.rng.choice(lower)
            n = self.fresh()
            self.bug(kind, "%s taken after %s" % (self.mutex_name(r),
                                                 self.mutex_name(top)))
            self.acquire(ctx, r)
            self.emit(d, "{")
            self.emit(d + 1, "std::lock_guard<std::mutex> lk%d(%s);"
                      % (n, self.mutex_name(r)))
            self.emit(d + 1, "g_count_%d += %s;" % (r, v))
            self.emit(d, "}")
            return 1
        if kind == "unjoined-thread":
            return self.st_thread(ctx, budget, fidx, buggy=True)
        if kind == "wait-without-predicate":
            return self.st_wait(ctx, budget, fidx, buggy=True)
        return 0

    # ---- file ------------------------------------------------------------
    def function(self, fidx, is_member):
        name = "op_%d" % fidx if is_member else "fn_%d" % fidx
        s = FuncSummary(name, is_member)
        ctx = Ctx("acc", is_member, False, s)
        qual = "Service::" if is_member else ""
        self.emit(0, "int %s%s(int arg) {" % (qual, name))
        self.emit(1, "int acc = arg;")
        self.block(ctx, self.K, fidx)
        self.emit(1, "return acc;")
        self.emit(0, "}")
        self.emit(0, "")
        self.funcs.append(s)

    def generate(self):
        rng = self.rng
        if self.single:
            kinds = [True]
        else:
            kinds = [rng.random() < 0.35 for _ in range(self.M)]
        self.emit(0, "// Generated by bench/gen_synthetic.py -- synthetic benchmark input, do not edit.")
        for h in HEADERS:
            self.emit(0, "#include <%s>" % h)
        self.emit(0, "")
        self.emit(0, "namespace synth_%03d {" % self.fi)
        self.emit(0, "")
        for r in range(self.L):
            self.emit(0, "std::mutex g_mu_%d;" % r)
        for r in range(self.L):
            for c in range(COUNTERS_PER_LOCK):
                k = r + self.L * c
                self.emit(0, "long g_count_%d = 0;  // guarded by g_mu_%d" % (k, r))
            self.emit(0, "std::vector<int> g_items_%d;  // guarded by g_mu_%d" % (r, r))
        self.emit(0, "")
        self.emit(0, "class Service {")
        self.emit(0, " public:")
        for i, m in enumerate(kinds):
            if m:
                self.emit(1, "int op_%d(int arg);" % i)
        self.emit(1, "bool ready() {")
        self.emit(2, "std::lock_guard<std::mutex> lk(mu_);")
        self.emit(2, "return ready_;")
        self.emit(1, "}")
        self.emit(1, "long total() {")
        self.emit(2, "std::lock_guard<std::mutex> lk(mu_);")
        self.emit(2, "return total_;")
        self.emit(1, "}")
        self.emit(0, "")
        self.emit(0, " private:")
        self.emit(1, "std::mutex mu_;")
        self.emit(1, "std::condition_variable cv_;")
        self.emit(1, "bool ready_ = false;        // guarded by mu_")
        self.emit(1, "long total_ = 0;            // guarded by mu_")
        self.emit(1, "std::vector<int> log_;      // guarded by mu_")
        self.emit(0, "};")
        self.emit(0, "")
        self.emit(0, "Service g_service;")
        self.emit(0, "")
        for i, m in enumerate(kinds):
            self.function(i, m)
        if not self.single:
            self.emit(0, "int run_all() {")
            self.emit(1, "std::vector<int> results(%d, 0);" % len(kinds))
            self.emit(1, "std::vector<std::thread> workers;")
            for i, m in enumerate(kinds):
                callee = "g_service.op_%d" % i if m else "fn_%d" % i
                self.emit(1, "workers.emplace_back([&results] { results[%d] = %s(%d); });"
                          % (i, callee, i + 1))
            self.emit(1, "for (auto &t : workers) {")
            self.emit(2, "t.join();")
            self.emit(1, "}")
            self.emit(1, "std::lock_guard<std::mutex> lk(g_mu_0);")
            self.emit(1, "long sum = g_count_0;")
            self.emit(1, "for (int r : results) {")
            self.emit(2, "sum += r;")
            self.emit(1, "}")
            self.emit(1, "return static_cast<int>(sum % 1000003);")
            self.emit(0, "}")
            self.emit(0, "")
        self.emit(0, "}  // namespace synth_%03d" % self.fi)
        return "\n".join(self.lines) + "\n"


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--files", type=int, default=4, help="translation units (default 4)")
    p.add_argument("--functions", type=int, default=10,
                   help="functions per file (default 10)")
    p.add_argument("--statements", type=int, default=20,
                   help="statement units per function (default 20)")
    p.add_argument("--locks", type=int, default=3,
                   help="global mutexes per file (default 3); classes add one member mutex")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--out", required=True, help="output directory (created)")
    p.add_argument("--single-function", action="store_true",
                   help="one file holding one member function of --statements "
                        "units and nothing else (for the cost-vs-function-size curve); "
                        "overrides --files/--functions")
    p.add_argument("--bug-rate", type=float, default=0.01,
                   help="probability per statement of a deliberate lock bug (default 0.01; 0 = none)")
    p.add_argument("--max-depth", type=int, default=3,
                   help="maximum nesting of compound statements (default 3)")
    p.add_argument("--compiler", default="clang++-19",
                   help="compiler named in compile_commands.json (default clang++-19)")
    p.add_argument("--std", default="c++17", help="-std= value (default c++17)")
    p.add_argument("--style", choices=["arguments", "command"], default="arguments",
                   help="compile_commands.json entry form (default arguments)")
    p.add_argument("--verify", action="store_true",
                   help="run '<clang> -std=... -fsyntax-only -Wall -Wextra -Werror' on every file")
    p.add_argument("--clang", default="clang++-19", help="compiler used by --verify")
    a = p.parse_args(argv)
    if a.single_function:
        a.files, a.functions = 1, 1
    for name in ("files", "functions", "statements", "locks"):
        if getattr(a, name) < 1:
            p.error("--%s must be >= 1" % name)
    if not 0.0 <= a.bug_rate <= 1.0:
        p.error("--bug-rate must be in [0, 1]")
    if a.max_depth < 1:
        p.error("--max-depth must be >= 1")
    return a


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    # Remove files of an earlier, larger generation into the same directory.
    for name in os.listdir(out):
        if name.startswith("synth_") and name.endswith(".cpp"):
            os.unlink(os.path.join(out, name))
    db = []
    manifest = {"generator": "bench/gen_synthetic.py",
                "parameters": {k: getattr(a, k) for k in
                               ("files", "functions", "statements", "locks", "seed",
                                "single_function", "bug_rate", "max_depth", "std")},
                "files": []}
    for fi in range(a.files):
        # Each file has its own stream so that file i does not depend on --files.
        rng = random.Random("%d/%d" % (a.seed, fi))
        g = FileGen(rng, fi, a, single_function=a.single_function)
        text = g.generate()
        path = os.path.join(out, "synth_%03d.cpp" % fi)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        args = [a.compiler, "-std=" + a.std, "-c", path]
        entry = {"directory": out, "file": path}
        if a.style == "arguments":
            entry["arguments"] = args
        else:
            entry["command"] = " ".join(shlex.quote(x) for x in args)
        db.append(entry)
        manifest["files"].append({"file": path, "lines": text.count("\n"),
                                  "bytes": len(text.encode()), "bugs": g.bugs})
    with open(os.path.join(out, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump(db, f, indent=2)
        f.write("\n")
    with open(os.path.join(out, "synthetic_manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    nlines = sum(x["lines"] for x in manifest["files"])
    nbugs = sum(len(x["bugs"]) for x in manifest["files"])
    print("gen_synthetic: %d file(s), %d line(s), %d injected bug(s) -> %s"
          % (a.files, nlines, nbugs, out))
    sys.stdout.flush()
    if a.verify:
        bad = 0
        for e in db:
            cmd = [a.clang, "-std=" + a.std, "-fsyntax-only", "-Wall", "-Wextra",
                   "-Werror", e["file"]]
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True)
            if r.returncode != 0 or r.stdout.strip():
                bad += 1
                sys.stderr.write("verify: %s failed:\n%s\n" % (e["file"], r.stdout))
        if bad:
            sys.stderr.write("verify: %d of %d file(s) did not compile cleanly\n"
                             % (bad, len(db)))
            return 1
        print("verify: all %d file(s) compile cleanly with %s -fsyntax-only -Wall -Wextra"
              % (len(db), a.clang))
    return 0


if __name__ == "__main__":
    sys.exit(main())

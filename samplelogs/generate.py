#!/usr/bin/env python3
"""Generate the bundled incident demo for triage.

Scenario (see README.md): the payments deploy dep-812 (v2.14.0) raises the
Postgres pool size per pod, the database runs out of connection slots, and
payments starts failing charges at 10:12:47. Checkout then times out calling
payments, the gateway returns 502/504 on /api/checkout, and the rollback at
10:38 brings everything back.

Python 3 stdlib only. The output is deterministic: the same seed and scale
always produce byte-identical files.

    python3 samplelogs/generate.py            # writes next to this script
    python3 samplelogs/generate.py --scale 3  # ~3x the traffic (same story)
    python3 samplelogs/generate.py --out DIR
"""

import argparse
import datetime as dt
import json
import math
import os
import random
import string

SEED = 20260302
DAY = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
T0 = DAY.replace(hour=9, minute=30)  # window start
END = 75 * 60.0  # window length in seconds (09:30 -> 10:45)


def at(hms):
    """'10:12:47.318' -> seconds since T0."""
    h, m, s = hms.split(":")
    return (int(h) - 9) * 3600 + (int(m) - 30) * 60 + float(s)


# Key moments of the story (seconds since T0).
GATEWAY_CONFIG = at("09:58:00")
PAY_DEPLOY = at("10:12:00")
FIRST_BAD = at("10:12:47.318")  # first line of the new payments error template
CHECKOUT_DEPLOY = at("10:20:00")
ROLLBACK = at("10:38:00")

SUBMIT_RATE = 1 / 48.0  # checkout submissions per second at --scale 1
PG_FULL = "pq: remaining connection slots are reserved for non-replication superuser connections"


# --------------------------------------------------------------------------- time formats
def _ts(t):
    # Round to the microsecond first, so every format shows the same instant.
    return T0 + dt.timedelta(microseconds=round(t * 1e6))


def iso_s(t):
    return _ts(t).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(t):
    d = _ts(t)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"


def log4j_ts(t):
    d = _ts(t)
    return d.strftime("%Y-%m-%d %H:%M:%S,") + f"{d.microsecond // 1000:03d}"


def clf_ts(t):
    return _ts(t).strftime("%d/%b/%Y:%H:%M:%S +0000")


def bsd_ts(t):
    d = _ts(t)
    return d.strftime("%b ") + f"{d.day:>2}" + d.strftime(" %H:%M:%S")


def klog_ts(t):
    d = _ts(t)
    return d.strftime("%m%d %H:%M:%S.") + f"{d.microsecond:06d}"


def nano_ts(t):
    d = _ts(t)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond:06d}" + "000Z"


# --------------------------------------------------------------------------- helpers
class Log:
    """Collects events (one or more physical lines) and writes them in time order."""

    def __init__(self):
        self.events = []

    def add(self, t, *lines):
        self.events.append((t, len(self.events), lines))

    def lines(self):
        out = []
        for _, _, lines in sorted(self.events, key=lambda e: (e[0], e[1])):
            out.extend(lines)
        return out

    def write(self, path):
        lines = self.lines()
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        return len(lines)


def jdump(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


class Ids:
    def __init__(self, rng):
        self.rng = rng

    def hexid(self, n):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def uuid(self):
        h = self.hexid(32)
        h = h[:12] + "4" + h[13:16] + self.rng.choice("89ab") + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def b62(self, n):
        return "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(n))

    def order(self):
        return "ORD-" + "".join(self.rng.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(8))


def poisson(rng, rate, start, end):
    """Event times of a Poisson process with the given rate (per second)."""
    out = []
    if rate <= 0:
        return out
    t = start + rng.expovariate(rate)
    while t < end:
        out.append(t)
        t += rng.expovariate(rate)
    return out


# --------------------------------------------------------------------------- world
CATEGORIES = ["shoes", "running", "outdoor", "kids", "sale", "accessories", "socks", "jackets"]
SEARCHES = ["running+shoes", "trail", "waterproof+jacket", "socks", "gore-tex", "kids+boots", "sale",
            "hiking+boots", "rain+jacket", "gift+card", "insoles", "trail+running+shoes+women"]
PROMOS = ["SPRING10", "WELCOME5", "FREESHIP", "VIP20", "WINTER15"]
COUNTRIES = [("NL", "postnl", "1-2", 4.95), ("DE", "dhl", "2-3", 5.95), ("BE", "bpost", "1-3", 5.95),
             ("FR", "colissimo", "2-4", 7.95), ("GB", "dpd", "3-5", 9.95), ("ES", "seur", "3-5", 8.95)]
DECLINES = ["insufficient_funds", "do_not_honor", "expired_card", "card_velocity_exceeded"]
BRANDS = ["visa", "visa", "mastercard", "mastercard", "amex", "maestro"]

UA_APP_ANDROID = ["ShopApp/4.12.1 (Android 14; Pixel 7)", "ShopApp/4.12.1 (Android 13; SM-S911B)",
                  "ShopApp/4.11.0 (Android 12; moto g82 5G)"]
UA_APP_IOS = ["ShopApp/4.12.1 (iPhone; iOS 17.3.1)", "ShopApp/4.12.0 (iPhone; iOS 16.7.5)"]
UA_BROWSER = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.66",
]
UA_BOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
           "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"]
SCANNER_PATHS = ["/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/index.php", "/xmlrpc.php",
                 "/actuator/env", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/server-status"]
SITE = "https://shop.example.com"


class User:
    __slots__ = ("uid", "ip", "ua", "app", "http", "cart")


def make_users(rng, ids, n):
    """Shoppers. Client IPs come from the documentation ranges (RFC 5737/3849)."""
    users = []
    nets = ["192.0.2.", "198.51.100.", "203.0.113."]
    seen = set()
    for _ in range(n):
        u = User()
        u.uid = f"u_{rng.randint(100000, 999999)}"
        while True:
            if rng.random() < 0.06:
                ip = f"2001:db8:{rng.randint(0x1000, 0xffff):x}:{rng.randint(1, 0xfff):x}::{rng.randint(1, 0xff):x}"
            else:
                ip = rng.choice(nets) + str(rng.randint(2, 254))
            if ip not in seen or len(seen) > 700:
                break
        seen.add(ip)
        u.ip = ip
        r = rng.random()
        if r < 0.34:
            u.ua, u.app, u.http = rng.choice(UA_APP_ANDROID), True, "HTTP/1.1"
        elif r < 0.52:
            u.ua, u.app, u.http = rng.choice(UA_APP_IOS), True, "HTTP/1.1"
        else:
            u.ua, u.app, u.http = rng.choice(UA_BROWSER), False, "HTTP/2.0"
        u.cart = ids.uuid()
        users.append(u)
    return users


# Payments pods: (name, version, ready_from, gone_at). Old ReplicaSet 6b4f9c8d7 = v2.13.4,
# new ReplicaSet 7f5d6c9b8 = v2.14.0. The rollback reuses the old ReplicaSet (same hash).
PAY_PODS = [
    ("payments-6b4f9c8d7-k2m4p", "2.13.4", -1e9, at("10:12:10.214")),
    ("payments-6b4f9c8d7-r9x7t", "2.13.4", -1e9, at("10:12:22.067")),
    ("payments-6b4f9c8d7-zq4wn", "2.13.4", -1e9, at("10:12:35.331")),
    ("payments-7f5d6c9b8-w8l2n", "2.14.0", at("10:12:09.4"), at("10:38:09.148")),
    ("payments-7f5d6c9b8-h3j6v", "2.14.0", at("10:12:21.1"), at("10:38:21.402")),
    ("payments-7f5d6c9b8-c5p8s", "2.14.0", at("10:12:34.6"), at("10:38:33.019")),
    ("payments-6b4f9c8d7-t6m2x", "2.13.4", at("10:38:10.2"), 1e9),
    ("payments-6b4f9c8d7-b8v4q", "2.13.4", at("10:38:20.3"), 1e9),
    ("payments-6b4f9c8d7-n7k3d", "2.13.4", at("10:38:32.1"), 1e9),
]
POD_START = {  # container start (first log line) for pods that start inside the window
    "payments-7f5d6c9b8-w8l2n": at("10:12:04.118"),
    "payments-7f5d6c9b8-h3j6v": at("10:12:15.907"),
    "payments-7f5d6c9b8-c5p8s": at("10:12:28.660"),
    "payments-6b4f9c8d7-t6m2x": at("10:38:03.241"),
    "payments-6b4f9c8d7-b8v4q": at("10:38:15.008"),
    "payments-6b4f9c8d7-n7k3d": at("10:38:27.554"),
}
POD_IP = {"payments-6b4f9c8d7-k2m4p": "10.42.3.51", "payments-6b4f9c8d7-r9x7t": "10.42.5.12",
          "payments-6b4f9c8d7-zq4wn": "10.42.1.33", "payments-7f5d6c9b8-w8l2n": "10.42.3.58",
          "payments-7f5d6c9b8-h3j6v": "10.42.5.40", "payments-7f5d6c9b8-c5p8s": "10.42.1.71",
          "payments-6b4f9c8d7-t6m2x": "10.42.5.19", "payments-6b4f9c8d7-b8v4q": "10.42.3.64",
          "payments-6b4f9c8d7-n7k3d": "10.42.1.80"}
NODE_PODS = {"payments-6b4f9c8d7-k2m4p", "payments-7f5d6c9b8-w8l2n", "payments-6b4f9c8d7-b8v4q"}
COMMIT = {"2.13.4": "9c1e77a", "2.14.0": "e41b2d0"}
POOL_MAX = {"2.13.4": 20, "2.14.0": 80}

CHECKOUT_OLD = ["checkout-7d9f8b6c5d-x2x9q", "checkout-7d9f8b6c5d-hv7lm"]
CHECKOUT_NEW = ["checkout-5f7b9d8c6-q8r2w", "checkout-5f7b9d8c6-m4n7z"]


def ready_pods(t):
    return [p for p in PAY_PODS if p[2] <= t < p[3]]


def intensity(t):
    """Share of charges on a v2.14.0 pod that fail, as the connection slots run out."""
    if t <= FIRST_BAD:
        return 0.0
    ramp = min(1.0, (t - FIRST_BAD) / 240.0)
    v = 0.25 + 0.40 * ramp + 0.06 * math.sin((t - FIRST_BAD) / 53.0)
    return max(0.0, min(0.9, v))


def slow_share(t):
    """Of the failing charges, the share that hang on the pool before failing."""
    return 0.35 + 0.50 * min(1.0, max(0.0, t - FIRST_BAD) / 420.0)


# --------------------------------------------------------------------------- generator
class Sim:
    def __init__(self, scale):
        self.scale = scale
        self.rng = random.Random(SEED)
        self.ids = Ids(self.rng)
        self.checkout = Log()
        self.payments = Log()
        self.gateway = Log()
        self.syslog = Log()
        self.users = make_users(self.rng, self.ids, 700)
        self.skus = sorted({f"SKU-{self.rng.randint(10000, 29999)}" for _ in range(160)})
        self.kafka_offset = 884120

    # ---------------------------------------------------------------- small emitters
    def thread(self, t):
        hi = 12 + int(170 * intensity(t)) if t < ROLLBACK + 60 else 12
        return f"http-nio-8080-exec-{self.rng.randint(1, hi)}"

    def ck(self, t, level, thread, logger, msg, trace=()):
        line = f"{log4j_ts(t)} {level:<5} [{thread}] {logger} - {msg}"
        self.checkout.add(t, line, *trace)

    def pay(self, t, level, msg, pod, **fields):
        version = next(p[1] for p in PAY_PODS if p[0] == pod)
        o = {"ts": iso_ms(t), "level": level, "msg": msg, "service": "payments", "pod": pod, "version": version}
        o.update(fields)
        self.payments.add(t, jdump(o))

    def gw(self, t, u, method, path, status, size, referer="-"):
        line = f'{u.ip} - - [{clf_ts(t)}] "{method} {path} {u.http}" {status} {size} "{referer}" "{u.ua}"'
        self.gateway.add(t, line)

    def sys(self, t, tag, msg):
        self.syslog.add(t, f"{bsd_ts(t)} ip-10-42-3-17 {tag}: {msg}")

    def money(self, lo, hi):
        return round(self.rng.uniform(lo, hi) * 4) / 4 - 0.01

    def referer(self, u, page):
        return "-" if u.app else SITE + page

    # ---------------------------------------------------------------- stack traces
    def timeout_trace(self):
        more = self.rng.choice([62, 62, 64, 71])
        return (
            'org.springframework.web.client.ResourceAccessException: I/O error on POST request for '
            '"http://payments:8080/v1/charges": Read timed out; nested exception is '
            "java.net.SocketTimeoutException: Read timed out",
            "\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:785)",
            "\tat org.springframework.web.client.RestTemplate.postForEntity(RestTemplate.java:468)",
            "\tat com.acme.checkout.payment.PaymentClient.charge(PaymentClient.java:88)",
            "\tat com.acme.checkout.service.CheckoutService.placeOrder(CheckoutService.java:142)",
            "Caused by: java.net.SocketTimeoutException: Read timed out",
            "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)",
            f"\t... {more} more",
        )

    # ---------------------------------------------------------------- payments side of a charge
    def pick_pod(self, t, force=None):
        if force:
            return force
        pods = ready_pods(t)
        return self.rng.choice(pods)[0]

    def payments_charge(self, t_recv, order, amount, trace_id, attempt, force_pod=None, force_fail=None):
        """Returns (outcome, t_done, pod): outcome in ok, declined, fail_fast, fail_slow."""
        rng = self.rng
        pod = self.pick_pod(t_recv, force_pod)
        version = next(p[1] for p in PAY_PODS if p[0] == pod)
        minor = int(round(amount * 100))
        self.pay(t_recv, "info", "charge request received", pod, order_id=order, amount_minor=minor,
                 currency="EUR", attempt=attempt, trace_id=trace_id)
        fail = None
        if force_fail:
            fail = None if force_fail == "ok" else force_fail
        elif version == "2.14.0" and t_recv > FIRST_BAD and rng.random() < intensity(t_recv):
            fail = "slow" if rng.random() < slow_share(t_recv) else "fast"
        if fail in ("fast", "first"):
            t_err = FIRST_BAD if fail == "first" else t_recv + rng.uniform(0.015, 0.25)
            self.pay(t_err, "error", f"failed to charge card: {PG_FULL}", pod, order_id=order, trace_id=trace_id,
                     attempt=attempt, waited_ms=int((t_err - t_recv) * 1000))
            return "fail_fast", t_err, pod
        if fail == "slow":
            t_err = t_recv + rng.uniform(5.3, 8.8)
            if rng.random() < 0.3:
                self.pay(t_recv + rng.uniform(2.0, 2.2), "warn", "db pool wait exceeded threshold", pod,
                         order_id=order, waited_ms=2000, threshold_ms=2000, max_open_conns=POOL_MAX[version])
            self.pay(t_err, "error", f"failed to charge card: {PG_FULL}", pod, order_id=order, trace_id=trace_id,
                     attempt=attempt, waited_ms=int((t_err - t_recv) * 1000))
            return "fail_slow", t_err, pod
        # Healthy path.
        fraud = rng.uniform(0.04, 0.26) if rng.random() > 0.03 else rng.uniform(0.8, 1.6)
        t = t_recv + fraud
        score = round(rng.uniform(0.01, 0.35), 2)
        if fraud > 0.8:
            self.pay(t, "warn", "fraud check slow", pod, order_id=order, latency_ms=int(fraud * 1000), slo_ms=800)
        if rng.random() < 0.05:
            t += rng.uniform(0.05, 0.12)
            self.pay(t, "info", "3ds challenge required", pod, order_id=order, acs="visa-secure")
            t += rng.uniform(0.4, 0.9)
            self.pay(t, "info", "3ds challenge completed", pod, order_id=order, result="authenticated")
        psp = rng.uniform(0.18, 0.9)
        t += psp
        if rng.random() < 0.035:
            code = rng.choice(DECLINES)
            self.pay(t, "info", "card declined", pod, order_id=order, decline_code=code, psp="adyen",
                     latency_ms=int(psp * 1000))
            return ("declined", code), t, pod
        charge = "ch_" + self.ids.b62(24)
        self.pay(t, "info", "card authorized", pod, order_id=order, charge_id=charge, psp="adyen",
                 card_brand=rng.choice(BRANDS), fraud_score=score, latency_ms=int((t - t_recv) * 1000))
        if rng.random() < 0.12:
            t_w = t + rng.uniform(0.2, 1.5)
            host = rng.choice(["hooks.northwind.example", "erp.contoso.example", "notify.fabrikam.example"])
            if rng.random() < 0.06:
                self.pay(t_w, "warn", "webhook delivery failed, will retry", pod, charge_id=charge,
                         endpoint=f"https://{host}/payments", status=503, attempt=1, retry_in_s=30)
                t_w += 30 + rng.uniform(0.1, 0.6)
            self.pay(t_w, "info", "webhook delivered", pod, charge_id=charge, endpoint=f"https://{host}/payments",
                     status=200, latency_ms=rng.randint(40, 420))
        return ("ok", charge), t, pod

    # ---------------------------------------------------------------- one checkout submission
    def submit(self, t, u, plan=(), basket=None):
        """One POST /api/checkout. `plan` pins (pod, outcome) per payments attempt for the scripted moments."""
        rng, ck = self.rng, self.ck
        order = self.ids.order()
        trace_id = self.ids.hexid(16)  # Sleuth/B3 64-bit trace ids
        if basket is None:
            items = rng.choice([1, 1, 1, 2, 2, 3, 4])
            total = self.money(14.0, 60.0) * items if items > 1 else self.money(14.0, 180.0)
            basket = (items, round(total, 2))
        items, total = basket
        th = self.thread(t)
        path = "/api/checkout"
        ck(t + 0.004, "INFO", th, "com.acme.checkout.web.CheckoutController",
           f"Checkout requested cart={u.cart[:8]} user={u.uid} items={items} total={total:.2f} EUR traceId={trace_id}")
        tt = t + 0.006
        if rng.random() < 0.08:
            c = rng.choice(COUNTRIES)
            tt += rng.uniform(0.005, 0.02)
            ck(tt, "INFO", th, "com.acme.checkout.service.AddressService",
               f"Validated shipping address for user {u.uid} country={c[0]}")
        inv_ms = rng.randint(9, 70)
        tt += inv_ms / 1000
        ck(tt, "INFO", th, "com.acme.checkout.inventory.InventoryClient",
           f"Reserved {items} items for order {order} in {inv_ms} ms")
        tc = tt + 0.002

        plan = list(plan) + [(None, None), (None, None)]
        t_recv = FIRST_BAD - 0.028 if plan[0][1] == "first" else tc + rng.uniform(0.003, 0.012)
        outcome, t_done, pod = self.payments_charge(t_recv, order, total, trace_id, 1, *plan[0])
        attempt = 1
        final = None
        t_end = None
        while True:
            if outcome == "fail_slow":
                t_to = tc + 5.0 + rng.uniform(0.001, 0.02)
                if attempt == 1:
                    ck(t_to, "WARN", th, "com.acme.checkout.payment.PaymentClient",
                       f"call to payments timed out after 5000 ms, retrying (order={order}, attempt=1/2)")
                    attempt = 2
                    tc = t_to + 0.1
                    outcome, t_done, pod = self.payments_charge(tc + rng.uniform(0.003, 0.012), order, total,
                                                                trace_id, 2, *plan[1])
                    continue
                ck(t_to, "ERROR", th, "com.acme.checkout.payment.PaymentClient",
                   f"call to payments timed out after 5000 ms (order={order}, attempt=2/2)", self.timeout_trace())
                final, t_end = "timeout", t_to
            elif outcome == "fail_fast":
                t_r = t_done + rng.uniform(0.003, 0.01)
                ck(t_r, "ERROR", th, "com.acme.checkout.payment.PaymentClient",
                   f"charge failed for order {order}: payments returned HTTP 500 (code=charge_failed, attempt={attempt})")
                final, t_end = "error", t_r
            elif outcome[0] == "declined":
                t_r = t_done + rng.uniform(0.003, 0.01)
                ck(t_r, "WARN", th, "com.acme.checkout.payment.PaymentClient",
                   f"Payment declined for order {order}: {outcome[1]}")
                final, t_end = "declined", t_r
            else:
                t_r = t_done + rng.uniform(0.003, 0.01)
                ck(t_r, "INFO", th, "com.acme.checkout.payment.PaymentClient",
                   f"Payment authorized for order {order}: charge={outcome[1]} in {int((t_r - tc) * 1000)} ms")
                final, t_end = "ok", t_r
            break

        if final == "ok":
            t_p = t_end + rng.uniform(0.008, 0.03)
            ck(t_p, "INFO", th, "com.acme.checkout.service.OrderService",
               f"Order {order} placed for user {u.uid}: {items} items, total {total:.2f} EUR")
            if rng.random() < 0.22:
                self.publish(t_p + rng.uniform(0.004, 0.03), order)
            status, size, t_resp = 200, rng.randint(690, 760), t_p + 0.002
        else:
            t_rel = t_end + rng.uniform(0.004, 0.02)
            ck(t_rel, "INFO", th, "com.acme.checkout.inventory.InventoryClient",
               f"Released reservation for order {order} after payment failure")
            if final == "declined":
                status, size, t_resp = 402, rng.randint(180, 220), t_rel + 0.002
            else:
                t_f = t_rel + rng.uniform(0.001, 0.004)
                ck(t_f, "ERROR", th, "com.acme.checkout.web.CheckoutController",
                   f"Checkout failed for order {order} after {int((t_f - t) * 1000)} ms: PAYMENT_UNAVAILABLE")
                status, size, t_resp = 502, rng.randint(230, 260), t_f + 0.002

        # The gateway gives up after 10 s (proxy_read_timeout); the mobile apps give up after 8 s.
        dur = t_resp - t
        ref = self.referer(u, "/checkout")
        if u.app and dur > 8.0:
            self.gw(t + 8.0, u, "POST", path, 499, 0, ref)
            client_gone = True
        elif dur > 10.0:
            self.gw(t + 10.0, u, "POST", path, 504, 167, ref)
            client_gone = True
        else:
            self.gw(t_resp, u, "POST", path, status, size, ref)
            client_gone = False
        if client_gone and rng.random() < 0.35:
            ck(t_resp + 0.001, "WARN", th,
               "org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver",
               "Resolved [org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe]")
        return status >= 500 or client_gone, t_resp, basket

    def publish(self, t, order, retried=False):
        self.kafka_offset += self.rng.randint(1, 9)
        part = self.rng.randint(0, 5)
        extra = " (after 1 retry)" if retried else ""
        self.ck(t, "INFO", "kafka-producer-network-thread | checkout-producer-1",
                "com.acme.checkout.events.OrderEventPublisher",
                f"Published OrderPlaced for {order} to orders.v1-{part}@{self.kafka_offset}{extra}")

    # ---------------------------------------------------------------- traffic
    def run_checkout_flow(self):
        rng = self.rng
        base = poisson(rng, self.scale * SUBMIT_RATE, 0, END - 15)
        queue = [(t, rng.choice(self.users), (), 0, None) for t in base]
        # Scripted moments: the first failing charge (so the known answer is exact), and a few
        # checkouts around the rollback so the tail of the incident is visible.
        new1, new2, new3 = "payments-7f5d6c9b8-w8l2n", "payments-7f5d6c9b8-h3j6v", "payments-7f5d6c9b8-c5p8s"
        pinned = [
            (FIRST_BAD - 0.2, [(new1, "first")]),
            (at("10:37:51.4"), [(new3, "slow"), (new2, "slow")]),
            (at("10:38:11.8"), [(new3, "slow"), ("payments-6b4f9c8d7-t6m2x", "ok")]),
            (at("10:38:24.6"), [(new3, "fast")]),
        ]
        for t, plan in pinned:
            queue.append((t, rng.choice(self.users), plan, 0, None))
        queue.sort(key=lambda x: x[0])
        i = 0
        while i < len(queue):
            t, u, plan, tries, basket = queue[i]
            i += 1
            if not plan and FIRST_BAD - 0.6 < t < FIRST_BAD + 0.3:
                continue  # keep the pinned request the first failure
            failed, t_done, basket = self.submit(t, u, plan=plan, basket=basket)
            if failed and tries < 2 and rng.random() < 0.5 and t_done + 15 < END - 15:
                # The shopper presses "Pay" again.
                tr = t_done + rng.uniform(15, 80)
                j = i
                while j < len(queue) and queue[j][0] < tr:
                    j += 1
                queue.insert(j, (tr, u, (), tries + 1, basket))

    def run_cart_and_browse(self):
        rng, ck, s = self.rng, self.ck, self.scale
        cl = "com.acme.checkout"
        # (rate per second at scale 1, handler)
        for t in poisson(rng, s * 0.009, 0, END):  # GET /api/cart
            u = rng.choice(self.users)
            n = rng.randint(0, 5)
            lat = rng.uniform(0.008, 0.06)
            self.gw(t + lat, u, "GET", "/api/cart", 200, 180 + 410 * n + rng.randint(0, 60), self.referer(u, "/cart"))
            if rng.random() < 0.6:
                ck(t + lat - 0.002, "INFO", self.thread(t), f"{cl}.web.CartController",
                   f"Loaded cart {u.cart[:8]} for user {u.uid} ({n} items, subtotal={self.money(3, 60) * n:.2f} EUR)")
            if n and rng.random() < 0.15:
                c = rng.choice(COUNTRIES)
                ck(t + lat - 0.001, "INFO", self.thread(t), f"{cl}.shipping.ShippingQuoteClient",
                   f"Shipping quote for {c[0]}: {c[3]:.2f} EUR ({c[1]}, {c[2]} days) in {rng.randint(12, 90)} ms")
        for t in poisson(rng, s * 0.010, 0, END):  # POST /api/cart/items
            u = rng.choice(self.users)
            sku = rng.choice(self.skus)
            lat = rng.uniform(0.02, 0.12)
            th = self.thread(t)
            if rng.random() < 0.025:
                self.gw(t + lat, u, "POST", "/api/cart/items", 409, 96, self.referer(u, f"/p/{sku}"))
                ck(t + lat - 0.002, "WARN", th, f"{cl}.inventory.InventoryClient",
                   f"Out of stock: sku={sku} requested={rng.randint(1, 3)} available=0")
                continue
            if rng.random() < 0.08:
                ck(t + 0.004, "WARN", th, f"{cl}.cache.CatalogCache",
                   f"Cache miss for sku={sku}, loading from catalog service")
            if rng.random() < 0.05:
                ck(t + lat - 0.003, "WARN", th, f"{cl}.inventory.InventoryClient",
                   f"Low stock for sku={sku}: {rng.randint(1, 4)} remaining")
            q = rng.choice([1, 1, 1, 2])
            ck(t + lat - 0.001, "INFO", th, f"{cl}.service.CartService", f"Added sku={sku} qty={q} to cart {u.cart[:8]}")
            if rng.random() < 0.015:
                ck(t + lat, "WARN", th, f"{cl}.web.RequestTimingFilter",
                   f"Slow request POST /api/cart/items took {rng.randint(1500, 3200)} ms")
            self.gw(t + lat, u, "POST", "/api/cart/items", 201, rng.randint(420, 460), self.referer(u, f"/p/{sku}"))
        for t in poisson(rng, s * 0.005, 0, END):  # DELETE item
            u = rng.choice(self.users)
            sku = rng.choice(self.skus)
            ck(t + 0.015, "INFO", self.thread(t), f"{cl}.service.CartService", f"Removed sku={sku} from cart {u.cart[:8]}")
            self.gw(t + 0.017, u, "DELETE", f"/api/cart/items/{sku}", 204, 0, self.referer(u, "/cart"))
        for t in poisson(rng, s * 0.004, 0, END):  # promo codes
            u = rng.choice(self.users)
            code = rng.choice(PROMOS)
            th = self.thread(t)
            if code in ("WINTER15", "VIP20") and rng.random() < 0.7:
                ck(t + 0.02, "WARN", th, f"{cl}.promo.PromoService",
                   f"Promo code {code} rejected for cart {u.cart[:8]}: {'expired' if code == 'WINTER15' else 'not eligible'}")
                self.gw(t + 0.022, u, "POST", "/api/cart/promo", 422, 88, self.referer(u, "/cart"))
            else:
                ck(t + 0.02, "INFO", th, f"{cl}.promo.PromoService",
                   f"Applied promo {code} to cart {u.cart[:8]}: -{self.money(2, 15):.2f} EUR")
                self.gw(t + 0.022, u, "POST", "/api/cart/promo", 200, rng.randint(600, 900), self.referer(u, "/cart"))
        for t in poisson(rng, s * 0.003, 0, END):  # guest cart merge on login
            u = rng.choice(self.users)
            ck(t, "INFO", self.thread(t), f"{cl}.service.CartService",
               f"Merged guest cart {self.ids.hexid(8)} into cart {u.cart[:8]} for user {u.uid} ({rng.randint(1, 3)} items)")
        for t in poisson(rng, s * 0.006, 0, END):  # order status
            u = rng.choice(self.users)
            order = self.ids.order()
            st = rng.choice(["PAID", "PAID", "SHIPPED", "SHIPPED", "DELIVERED", "CANCELLED"])
            ck(t + 0.01, "INFO", self.thread(t), f"{cl}.web.OrderController", f"Order status lookup order={order} status={st}")
            self.gw(t + 0.012, u, "GET", f"/api/orders/{order}", 200, rng.randint(800, 1400), self.referer(u, "/account/orders"))

        # Gateway-only traffic (catalog, search, static assets, bots, health checks).
        for t in poisson(rng, s * 0.020, 0, END):
            u = rng.choice(self.users)
            if u.app:
                cat = rng.choice(CATEGORIES)
                self.gw(t, u, "GET", f"/api/products?category={cat}&page={rng.randint(1, 4)}", 200, rng.randint(6000, 14000))
                continue
            r = rng.random()
            if r < 0.35:
                asset = rng.choice(["/static/js/app.3f9c2b1e.js", "/static/css/main.8a1d44.css",
                                    "/static/img/logo.svg", "/static/fonts/inter-var.woff2"])
                if rng.random() < 0.65:
                    self.gw(t, u, "GET", asset, 304, 0, SITE + "/")
                else:
                    self.gw(t, u, "GET", asset, 200, rng.randint(9000, 240000), SITE + "/")
            elif r < 0.6:
                sku = rng.choice(self.skus)
                self.gw(t, u, "GET", f"/p/{sku}", 200, rng.randint(18000, 42000), SITE + "/c/" + rng.choice(CATEGORIES))
            elif r < 0.75:
                self.gw(t, u, "GET", "/", 200, rng.randint(14000, 15500), "-")
            else:
                cat = rng.choice(CATEGORIES)
                self.gw(t, u, "GET", f"/c/{cat}", 200, rng.randint(22000, 38000), SITE + "/")
        for t in poisson(rng, s * 0.011, 0, END):
            u = rng.choice(self.users)
            sku = rng.choice(self.skus)
            if rng.random() < 0.02:
                self.gw(t, u, "GET", f"/api/products/SKU-{rng.randint(30000, 39999)}", 404, 61, self.referer(u, "/"))
            else:
                self.gw(t, u, "GET", f"/api/products/{sku}", 200, rng.randint(2200, 5200), self.referer(u, f"/p/{sku}"))
        for t in poisson(rng, s * 0.007, 0, END):
            u = rng.choice(self.users)
            q = rng.choice(SEARCHES)
            self.gw(t, u, "GET", f"/api/search?q={q}", 200, rng.randint(3000, 12000), self.referer(u, "/"))
        for t in poisson(rng, s * 0.007, 0, END):
            u = rng.choice(self.users)
            sku = rng.choice(self.skus)
            r = rng.random()
            if r < 0.012:  # steady background: the recommender is flaky on its own
                self.gw(t + 10.0, u, "GET", f"/api/recommendations?sku={sku}", 504, 167, self.referer(u, f"/p/{sku}"))
            elif r < 0.02:
                self.gw(t + rng.uniform(1, 4), u, "GET", f"/api/recommendations?sku={sku}", 499, 0, self.referer(u, f"/p/{sku}"))
            else:
                self.gw(t + 0.05, u, "GET", f"/api/recommendations?sku={sku}", 200, rng.randint(1500, 4000), self.referer(u, f"/p/{sku}"))
        for hms in ("09:44:12.6", "10:05:40.2", "10:29:03.9"):  # the recommender's own, unrelated timeouts
            u = rng.choice(self.users)
            sku = rng.choice(self.skus)
            self.gw(at(hms), u, "GET", f"/api/recommendations?sku={sku}", 504, 167, self.referer(u, f"/p/{sku}"))
        bot = User()
        for t in poisson(rng, s * 0.004, 0, END):
            bot.ip = rng.choice(["192.0.2.140", "192.0.2.141", "198.51.100.201"])
            bot.ua, bot.http = rng.choice(UA_BOTS), "HTTP/1.1"
            r = rng.random()
            if r < 0.08:
                self.gw(t, bot, "GET", "/robots.txt", 200, 112)
            elif r < 0.15:
                self.gw(t, bot, "GET", f"/p/SKU-{rng.randint(30000, 39999)}", 404, 4120)
            else:
                self.gw(t, bot, "GET", f"/p/{rng.choice(self.skus)}", 200, rng.randint(18000, 42000))
        scan = User()
        for t in poisson(rng, 0.0025, 0, END):
            scan.ip = rng.choice(["203.0.113.45", "198.51.100.66", "192.0.2.251"])
            scan.ua, scan.http = rng.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0",
                                             "python-requests/2.31.0", "curl/8.5.0"]), "HTTP/1.1"
            self.gw(t, scan, "GET", rng.choice(SCANNER_PATHS), 404, 153)
        hc = User()
        hc.ua, hc.http = "ELB-HealthChecker/2.0", "HTTP/1.1"
        t = 7.3
        while t < END:
            hc.ip = "10.42.0.23" if int(t / 30) % 2 == 0 else "10.42.64.9"
            self.gw(t, hc, "GET", "/healthz", 200, 2)
            t += 30 + rng.uniform(-0.05, 0.05)

        # Red herring: the checkout deploy drops two in-flight cart requests at 10:20.
        for dt_, ip_i in ((14.2, 0), (15.9, 1)):
            u = self.users[ip_i * 7 + 3]
            self.gw(CHECKOUT_DEPLOY + dt_, u, "GET", "/api/cart", 502, 157, self.referer(u, "/cart"))

    # ---------------------------------------------------------------- checkout background
    def checkout_background(self):
        rng, ck = self.rng, self.ck
        cl = "com.acme.checkout"
        t = 41.7
        while t < END:  # catalog cache refresh every 2 minutes
            ck(t, "INFO", "scheduling-1", f"{cl}.cache.CatalogCache",
               f"Refreshed catalog cache: {rng.randint(4180, 4240)} entries in {rng.randint(240, 520)} ms")
            t += 120 + rng.uniform(-0.3, 0.3)
        t = 180.2
        while t < END:  # abandoned carts every 5 minutes
            ck(t, "INFO", "scheduling-2", f"{cl}.jobs.AbandonedCartJob",
               f"Abandoned cart sweep: {rng.randint(3, 25)} carts expired, {rng.randint(0, 9)} reminder emails queued")
            t += 300 + rng.uniform(-0.5, 0.5)
        t = 12.9
        while t < END:  # feature flags every 3 minutes
            changed = 1 if abs(t - at("10:05:13")) < 90 else 0
            ck(t, "INFO", "flag-poller-1", f"{cl}.flags.FeatureFlagClient",
               f'Feature flags refreshed: 42 flags, {changed} changed (etag W/"{self.ids.hexid(8)}")')
            t += 180 + rng.uniform(-0.2, 0.2)
        # Periodic retryable error: the Kafka producer times out a batch now and then.
        for t in [at("09:36:12.418"), at("09:47:51.906"), at("09:59:03.277"), at("10:09:44.851"),
                  at("10:24:30.102"), at("10:33:17.640"), at("10:42:05.533")]:
            order = self.ids.order()
            part = rng.randint(0, 5)
            ck(t, "ERROR", "kafka-producer-network-thread | checkout-producer-1",
               f"{cl}.events.OrderEventPublisher",
               f"Failed to publish OrderPlaced for {order}, will retry (attempt 1/5)",
               (f"org.apache.kafka.common.errors.TimeoutException: Expiration of 1 record(s) for orders.v1-{part}:120000 ms "
                "has passed since batch creation",))
            self.publish(t + rng.uniform(1.0, 2.5), order, retried=True)

        # Checkout deploy dep-813 at 10:20 (harmless): rolling restart of two pods.
        for i, (old, new) in enumerate(zip(CHECKOUT_OLD, CHECKOUT_NEW)):
            t0 = CHECKOUT_DEPLOY + (3.217, 24.386)[i]
            ck(t0, "INFO", "main", f"{cl}.CheckoutApplication",
               f"Starting CheckoutApplication v5.31.0 using Java 17.0.10 on {new} with PID 1 (/app/checkout.jar started by app in /app)")
            boot = (6.871, 7.342)[i]
            ck(t0 + 0.007, "INFO", "main", f"{cl}.CheckoutApplication", 'The following 1 profile is active: "prod"')
            ck(t0 + boot - 2.691, "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed.")
            ck(t0 + boot - 0.027, "INFO", "main", "org.springframework.boot.web.embedded.tomcat.TomcatWebServer",
               "Tomcat started on port(s): 8080 (http) with context path ''")
            ck(t0 + boot, "INFO", "main", f"{cl}.CheckoutApplication",
               f"Started CheckoutApplication in {boot:.3f} seconds (JVM running for {boot + 0.714:.3f})")
            tt = t0 + 12.288  # the old pod is told to stop once the new one is ready
            ck(tt, "INFO", "SpringApplicationShutdownHook", "org.springframework.boot.web.embedded.tomcat.GracefulShutdown",
               "Commencing graceful shutdown. Waiting for active requests to complete")
            ck(tt + 0.413, "INFO", "tomcat-shutdown", "org.springframework.boot.web.embedded.tomcat.GracefulShutdown",
               "Graceful shutdown complete")

    # ---------------------------------------------------------------- payments background
    def payments_background(self):
        rng = self.rng

        def pod_at(t):
            return rng.choice(ready_pods(t))[0]

        # Deploy dep-812 and the rollback: pod start-up and shutdown lines.
        for name, version, ready, gone in PAY_PODS:
            if name in POD_START:
                t = POD_START[name]
                self.pay(t, "info", "starting payments", name, commit=COMMIT[version], go_version="go1.22.1")
                self.pay(t + 0.004, "info", "config loaded", name, env="prod", psp="adyen",
                         db_host="pg-payments-primary.prod.svc:5432")
                self.pay(t + 0.006, "info", "db pool configured", name, max_open_conns=POOL_MAX[version],
                         max_idle_conns=POOL_MAX[version], conn_max_lifetime="30m")
                if name == "payments-6b4f9c8d7-t6m2x":
                    # The first rollback pod starts while the v2.14.0 pods still hold every slot.
                    for k, (dt_, backoff) in enumerate(((0.052, 2000), (2.071, 4000))):
                        self.pay(t + dt_, "warn", "postgres connect failed, retrying", name, attempt=k + 1,
                                 backoff_ms=backoff, error=PG_FULL)
                    t += 6.25
                self.pay(t + 0.061, "info", "connected to postgres", name, host="pg-payments-primary.prod.svc:5432",
                         latency_ms=rng.randint(38, 60))
                if version == "2.14.0":
                    self.pay(t + 0.118, "info", "migrations up to date", name, schema_version=42,
                             last="0042_idempotency_keys")
                else:
                    self.pay(t + 0.118, "info", "migrations up to date", name, schema_version=42,
                             last="0042_idempotency_keys", note="schema newer than binary (41), tolerated")
                self.pay(t + rng.uniform(0.2, 0.4), "info", "http server listening", name, addr=":8080")
            if gone < END:
                self.pay(gone, "info", "received SIGTERM, draining", name, inflight=rng.randint(0, 4))
                drain = 9.6 if version == "2.14.0" else rng.uniform(1.1, 2.4)
                up = gone - ready if ready > 0 else gone + rng.uniform(250000, 260000)
                uptime = (f"{int(up // 3600)}h" if up >= 3600 else "") + f"{int(up % 3600 // 60)}m{up % 60:.1f}s"
                self.pay(gone + drain, "info", "shutdown complete", name, uptime=uptime)

        # db pool stats from every pod every five minutes.
        wait_count = {}
        for name, version, ready, gone in PAY_PODS:
            t = max(ready, 0) + 30 + rng.uniform(0, 60)
            wait_count[name] = 0
            while t < min(gone, END):
                mx = POOL_MAX[version]
                if version == "2.14.0":
                    if t <= FIRST_BAD:
                        opn = min(mx, int(14 + (t - ready) * 1.25))
                        use = rng.randint(2, 6)
                        w_ms = 0
                    else:
                        lvl = intensity(t)
                        opn = mx if lvl > 0.45 else rng.randint(66, mx)
                        use = opn - (0 if lvl > 0.45 else rng.randint(0, 6))
                        wait_count[name] += int(rng.uniform(40, 130) * lvl)
                        w_ms = wait_count[name] * rng.randint(2100, 2900)
                else:
                    opn = rng.randint(8, 14)
                    use = rng.randint(0, 4)
                    w_ms = 0
                self.pay(t, "info", "db pool stats", name, max_open=mx, open=opn, in_use=use, idle=opn - use,
                         wait_count=wait_count[name], wait_duration_ms=w_ms)
                t += 300 + rng.uniform(-0.2, 0.2)

        # Readiness probe failures on the v2.14.0 pods while the database is full.
        for name, version, ready, gone in PAY_PODS:
            if version != "2.14.0":
                continue
            t = ready + 3.0 + rng.uniform(0, 10)
            while t < gone:
                if t > FIRST_BAD and rng.random() < 0.12 * intensity(t):
                    self.pay(t, "warn", "readiness check failed", name, check="db", error=f"db ping: {PG_FULL}")
                    if name in NODE_PODS:
                        self.kubelet(t + 0.002, f'prober.go:107] "Probe failed" probeType="Readiness" '
                                     f'pod="prod/{name}" podUID="1b7e4c2a-9f3d-4e8b-a6c5-2d1f0e9b8a7c" '
                                     f'containerName="payments" probeResult="failure" '
                                     f'output="HTTP probe failed with statuscode: 503"')
                t += 10.0

        # Settlement batches every 15 minutes; the 10:30 one hits the full database.
        for hm in ["09:45", "10:00", "10:15", "10:30", "10:45"]:
            t = at(hm + ":00") + rng.uniform(0.2, 0.9)
            if t >= END:
                break
            batch = "stl_20260302_" + hm.replace(":", "")
            pod = pod_at(t)
            n = rng.randint(48, 75)
            if hm == "10:30":
                self.pay(t, "error", f"settlement batch close failed: {PG_FULL}", pod, batch_id=batch,
                         retry_in="10m", caller="settle/batch.go:88")
                t2 = at("10:40:00") + rng.uniform(0.2, 0.9)
                self.pay(t2, "info", "settlement batch closed", pod_at(t2), batch_id=batch, charges=n,
                         total_minor=n * rng.randint(4200, 6900), retried=True)
            else:
                self.pay(t, "info", "settlement batch closed", pod, batch_id=batch, charges=n,
                         total_minor=n * rng.randint(4200, 6900))

        # Exchange rates every 10 minutes.
        t = at("09:31:04")
        while t < END:
            self.pay(t, "info", "exchange rates refreshed", pod_at(t), provider="ecb", pairs=31,
                     latency_ms=rng.randint(90, 240))
            t += 600 + rng.uniform(-0.5, 0.5)

        # Refunds.
        for t in poisson(rng, self.scale * 0.0035, 0, END):
            pod = pod_at(t)
            self.pay(t, "info", "refund created", pod, refund_id="re_" + self.ids.b62(24),
                     charge_id="ch_" + self.ids.b62(24), amount_minor=rng.randint(999, 12999),
                     reason=rng.choice(["requested_by_customer", "requested_by_customer", "duplicate", "out_of_stock"]))

        # Periodic retryable PSP error.
        for hms in ["09:38:41.2", "09:46:09.7", "09:55:33.0", "10:03:18.6", "10:11:02.9", "10:19:50.4",
                    "10:28:27.1", "10:35:59.8", "10:43:12.3"]:
            t = at(hms)
            pod = pod_at(t)
            port = rng.randint(32768, 60999)
            self.pay(t, "error", "psp request failed, retrying", pod, psp="adyen", attempt=1,
                     error=f"read tcp {POD_IP[pod]}:{port}->198.51.100.200:443: read: connection reset by peer")
            self.pay(t + rng.uniform(0.3, 0.8), "info", "psp request succeeded after retry", pod, psp="adyen",
                     attempt=2)

    # ---------------------------------------------------------------- node syslog
    def kubelet(self, t, msg, level="I"):
        t += self.rng.uniform(0, 0.0009)
        self.sys(t, "kubelet[2231]", f"{level}{klog_ts(t)}    2231 {msg}")

    def containerd(self, t, level, msg, tail=""):
        t += self.rng.uniform(0, 0.0009)
        ns = nano_ts(t)[:-4] + f"{self.rng.randint(0, 999):03d}Z"
        self.sys(t, "containerd[987]", f'time="{ns}" level={level} msg="{msg}"{tail}')

    def node_syslog(self):
        rng, sys = self.rng, self.sys
        pid = 40211
        every = max(1, round(5 / self.scale))  # a */5 cron job (*/1 on bigger runs)
        for m in range(0, 75, every):
            t = m * 60 + 1 + rng.uniform(0.0, 0.3)
            pid += rng.randint(40, 180)
            sys(t, f"CRON[{pid}]", "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)")
            sys(t + 0.002, f"CRON[{pid + 1}]", "(root) CMD (/usr/local/bin/node-exporter-textfile.sh >/dev/null 2>&1)")
            if m % 10 == 0:
                sys(t + 0.004, f"CRON[{pid + 2}]", "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)")
            sys(t + rng.uniform(0.6, 1.4), f"CRON[{pid}]", "pam_unix(cron:session): session closed for user root")
        # Hourly logrotate via systemd timer.
        t = at("10:00:00.12")
        sys(t, "systemd[1]", "Starting logrotate.service - Rotate log files...")
        sys(t + 0.35, "systemd[1]", "logrotate.service: Deactivated successfully.")
        sys(t + 0.35, "systemd[1]", "Finished logrotate.service - Rotate log files.")
        # Steady kubelet error (known noise on this AMI) and TLS noise.
        t = 22.0
        while t < END:
            svc = rng.choice(["containerd.service", "kubelet.service"])
            self.kubelet(t, f'summary_sys_containers.go:48] "Failed to get system container stats" '
                            f'err="failed to get cgroup stats for \\"/system.slice/{svc}\\": failed to get container info '
                            f'for \\"/system.slice/{svc}\\": unknown container \\"/system.slice/{svc}\\"" '
                            f'containerName="/system.slice/{svc}"', level="E")
            t += rng.uniform(150, 300)
        for t in poisson(rng, 1 / 400.0, 0, END):
            self.kubelet(t, f"log.go:245] http: TLS handshake error from 10.42.0.{rng.randint(2, 40)}:{rng.randint(32768, 60999)}: EOF")
        t = at("09:33:10")
        while t < END:
            sys(t, "amazon-ssm-agent[1123]", f"{_ts(t).strftime('%Y-%m-%d %H:%M:%S')} INFO [ssm-agent-worker] "
                                             "[HealthCheck] HealthCheck reporting agent health.")
            t += 300 + rng.uniform(-1, 1)
        for hms in ["09:41:07", "10:07:55", "10:34:41"]:
            sys(at(hms), "chronyd[698]", "Selected source 169.254.169.123 (169.254.169.123)")

        # Pods coming and going on this node.
        def pod_add(t, ns_pod, image, cname, eni, cid, pull=True):
            self.kubelet(t, f'kubelet.go:2428] "SyncLoop ADD" source="api" pods=["{ns_pod}"]')
            self.kubelet(t + 0.21, f'reconciler_common.go:258] "operationExecutor.VerifyControllerAttachedVolume started for volume '
                                  f'\\"kube-api-access-{self.ids.b62(5).lower()}\\"" pod="{ns_pod}"')
            sys(t + 0.64, "kernel", f"[{2419033.918274 + t:.6f}] IPv6: ADDRCONF(NETDEV_CHANGE): {eni}: link becomes ready")
            sys(t + 0.65, "systemd-networkd[512]", f"{eni}: Gained carrier")
            if pull:  # imagePullPolicy IfNotPresent: no pull when the node still has the image
                self.containerd(t + 0.9, "info", f'PullImage \\"{image}\\"')
            self.containerd(t + 2.7, "info", f'CreateContainer within sandbox \\"{self.ids.hexid(64)}\\" for container '
                                             f'&ContainerMetadata{{Name:{cname},Attempt:0,}}')
            self.containerd(t + 2.9, "info", f'StartContainer for \\"{cid}\\" returns successfully')
            sys(t + 1.5, "systemd-networkd[512]", f"{eni}: Gained IPv6LL")

        def pod_del(t, ns_pod, cname, cid, grace=30):
            self.kubelet(t, f'kubelet.go:2444] "SyncLoop DELETE" source="api" pods=["{ns_pod}"]')
            self.kubelet(t + 0.004, f'kuberuntime_container.go:742] "Killing container with a grace period" pod="{ns_pod}" '
                                   f'podUID="{self.ids.uuid()}" containerName="{cname}" containerID="containerd://{cid}" '
                                   f'gracePeriod={grace}')
            self.containerd(t + 0.006, "info", f'StopContainer for \\"{cid}\\" with timeout {grace} (s)')
            self.containerd(t + 10.8, "info", "shim disconnected", f" id={cid} namespace=k8s.io")
            self.kubelet(t + 11.2, f'kubelet.go:2438] "SyncLoop REMOVE" source="api" pods=["{ns_pod}"]')

        ecr = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
        w8l2n_cid = self.ids.hexid(64)
        pod_add(POD_START["payments-7f5d6c9b8-w8l2n"] - 3.1, "prod/payments-7f5d6c9b8-w8l2n",
                f"{ecr}/payments:v2.14.0", "payments", "eni5f1a2b3c4d5", w8l2n_cid)
        pod_del(at("10:12:10.214"), "prod/payments-6b4f9c8d7-k2m4p", "payments", self.ids.hexid(64))
        pod_add(CHECKOUT_DEPLOY - 0.2, "prod/checkout-5f7b9d8c6-q8r2w", f"{ecr}/checkout:v5.31.0",
                "checkout", "eni8c2e4a6b1f3", self.ids.hexid(64))
        pod_del(CHECKOUT_DEPLOY + 15.5, "prod/checkout-7d9f8b6c5d-x2x9q", "checkout", self.ids.hexid(64))
        pod_del(at("10:38:09.148"), "prod/payments-7f5d6c9b8-w8l2n", "payments", w8l2n_cid)
        pod_add(POD_START["payments-6b4f9c8d7-b8v4q"] - 3.0, "prod/payments-6b4f9c8d7-b8v4q",
                f"{ecr}/payments:v2.13.4", "payments", "eni2d7b9c1e5a8", self.ids.hexid(64), pull=False)

        # The on-call engineer logs in to look around.
        t = at("10:26:41")
        sys(t, "sshd[61877]", "Accepted publickey for ec2-user from 10.42.0.8 port 52144 ssh2: ED25519 "
                              "SHA256:qT3u9m0h4cK2yXrVw8bJp1sN6fLzA5dE7gH0iKoP2Ys")
        sys(t + 0.02, "sshd[61877]", "pam_unix(sshd:session): session opened for user ec2-user(uid=1000) by (uid=0)")
        sys(t + 0.04, "systemd-logind[712]", "New session 814 of user ec2-user.")
        sys(t + 0.05, "systemd[1]", "Started session-814.scope - Session 814 of User ec2-user.")
        for dt_, cmd in ((24, "/usr/bin/crictl ps --name payments"), (71, f"/usr/bin/crictl logs --tail 50 {w8l2n_cid[:13]}"),
                         (160, "/usr/bin/journalctl -u kubelet --since -20min")):
            sys(t + dt_, "sudo", f"ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND={cmd}")
            sys(t + dt_ + 0.003, "sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by ec2-user(uid=1000)")
            sys(t + dt_ + 0.9, "sudo", "pam_unix(sudo:session): session closed for user root")
        t2 = at("10:41:12")
        sys(t2, "sshd[61877]", "Received disconnect from 10.42.0.8 port 52144:11: disconnected by user")
        sys(t2 + 0.001, "sshd[61877]", "Disconnected from user ec2-user 10.42.0.8 port 52144")
        sys(t2 + 0.004, "systemd-logind[712]", "Session 814 logged out. Waiting for processes to exit.")
        sys(t2 + 0.01, "systemd[1]", "session-814.scope: Deactivated successfully.")

    # ---------------------------------------------------------------- deploys
    def deploys(self):
        rows = [
            {"time": iso_s(GATEWAY_CONFIG), "id": "cfg-2291", "service": "gateway", "kind": "config",
             "version": "r218", "prev_version": "r217", "actor": "mlopez",
             "summary": "nginx: raise client_max_body_size to 10m for /api/uploads (OPS-3310)"},
            {"time": iso_s(PAY_DEPLOY), "id": "dep-812", "service": "payments", "kind": "deploy",
             "version": "2.14.0", "prev_version": "2.13.4", "actor": "deploy-bot (approved by sdiaz)",
             "summary": "PAY-1432 store idempotency keys in Postgres; DB pool tuning"},
            {"time": iso_s(CHECKOUT_DEPLOY), "id": "dep-813", "service": "checkout", "kind": "deploy",
             "version": "5.31.0", "prev_version": "5.30.2", "actor": "deploy-bot (approved by akowalski)",
             "summary": "CHK-877 promo banner copy and Spanish translations"},
            {"time": iso_s(ROLLBACK), "id": "dep-814", "service": "payments", "kind": "rollback",
             "version": "2.13.4", "prev_version": "2.14.0", "actor": "jkim",
             "summary": "Roll back dep-812: checkout payment failures (INC-4471)"},
        ]
        return [jdump(r) for r in rows]

    def phase(self, name):
        """Each part of the simulation draws from its own seeded stream, so tuning one part
        does not reshuffle the others."""
        self.rng = random.Random(f"{SEED}-{name}")
        self.ids.rng = self.rng

    def run(self):
        for name, step in (("checkout-flow", self.run_checkout_flow), ("browse", self.run_cart_and_browse),
                           ("checkout-bg", self.checkout_background), ("payments-bg", self.payments_background),
                           ("syslog", self.node_syslog)):
            self.phase(name)
            step()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply the background traffic rates (default 1; the default output stays under 400 KB)")
    args = ap.parse_args()

    sim = Sim(args.scale)
    sim.run()
    os.makedirs(args.out, exist_ok=True)
    files = {
        "checkout.log": sim.checkout,
        "payments.log": sim.payments,
        "gateway-access.log": sim.gateway,
        "node-syslog.log": sim.syslog,
    }
    total = 0
    for name, log in files.items():
        n = log.write(os.path.join(args.out, name))
        size = os.path.getsize(os.path.join(args.out, name))
        total += size
        print(f"{name:20} {n:6} lines {size / 1024:8.1f} KB")
    with open(os.path.join(args.out, "deploys.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(sim.deploys()) + "\n")
    total += os.path.getsize(os.path.join(args.out, "deploys.jsonl"))
    print(f"{'deploys.jsonl':20} {4:6} lines")
    print(f"{'total':20} {'':6}       {total / 1024:8.1f} KB")

    # Self-check of the known answer.
    pay_lines = sim.payments.lines()
    bad = [i for i, l in enumerate(pay_lines) if "remaining connection slots" in l]
    first = json.loads(pay_lines[bad[0]])
    assert first["ts"] == iso_ms(FIRST_BAD), first
    last = json.loads(pay_lines[bad[-1]])
    print(f"first bad line: payments.log:{bad[0] + 1} {first['ts']} | last: {last['ts']} | {len(bad)} lines")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate small incident scenarios with known answers for triage.

Each scenario gets its own folder next to this script. A folder holds two or three
service logs, deploys.jsonl and answer.json (see README.md). The script uses only the
Python 3 standard library. The seed is fixed, so every run writes byte-identical files.

    python3 samplelogs/scenarios/generate.py            # all scenarios, next to this script
    python3 samplelogs/scenarios/generate.py --out DIR  # somewhere else
    python3 samplelogs/scenarios/generate.py cascade    # only some scenarios
"""

import argparse
import datetime as dt
import json
import os
import random
import string

SEED = 20260303
MAX_BYTES = 150 * 1024  # budget per scenario folder
UTC = dt.timezone.utc


# --------------------------------------------------------------------------- time
class Clock:
    """Seconds since the start of the scenario window -> the formats the logs use."""

    def __init__(self, year, month, day, hour, minute):
        self.t0 = dt.datetime(year, month, day, hour, minute, tzinfo=UTC)

    def at(self, hms):
        """'09:47:00.25' -> seconds since the window start (same day)."""
        h, m, s = hms.split(":")
        return (int(h) - self.t0.hour) * 3600 + (int(m) - self.t0.minute) * 60 + float(s)

    def d(self, t):
        # Round to the microsecond first, so every format shows the same instant.
        return self.t0 + dt.timedelta(microseconds=round(t * 1e6))

    def iso_s(self, t):
        return self.d(t).strftime("%Y-%m-%dT%H:%M:%SZ")

    def iso_ms(self, t):
        d = self.d(t)
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"

    def log4j(self, t):
        d = self.d(t)
        return d.strftime("%Y-%m-%d %H:%M:%S,") + f"{d.microsecond // 1000:03d}"

    def clf(self, t):
        return self.d(t).strftime("%d/%b/%Y:%H:%M:%S +0000")


def abs_iso(year, month, day, hms):
    """An RFC 3339 time outside the log window (deploys hours earlier)."""
    return f"{year:04d}-{month:02d}-{day:02d}T{hms}Z"


# --------------------------------------------------------------------------- helpers
class Log:
    """Collects events (one or more physical lines) and writes them in time order."""

    def __init__(self):
        self.events = []

    def add(self, t, *lines):
        self.events.append((t, len(self.events), lines))

    def sorted_events(self):
        return sorted(self.events, key=lambda e: (e[0], e[1]))

    def lines(self):
        out = []
        for _, _, lines in self.sorted_events():
            out.extend(lines)
        return out


def jdump(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


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


def every(rng, start, end, period, jitter=0.25):
    """A steady, jittered periodic schedule: same rate in every part of the window."""
    out = []
    t = start
    while t < end:
        out.append(t)
        t += period * rng.uniform(1 - jitter, 1 + jitter)
    return out


def hexid(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def b62(rng, n):
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def order_id(rng):
    return "ORD-" + "".join(rng.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(8))


def money(rng, lo, hi):
    return round(rng.uniform(lo, hi) * 4) / 4 - 0.01


POD_CHARS = "bcdfghjklmnpqrstvwxz2456789"


def pod_name(rng, service, rs):
    return f"{service}-{rs}-" + "".join(rng.choice(POD_CHARS) for _ in range(5))


# --------------------------------------------------------------------------- world
CATEGORIES = ["shoes", "running", "outdoor", "kids", "sale", "accessories", "socks", "jackets"]
SEARCHES = ["running+shoes", "trail", "waterproof+jacket", "socks", "gore-tex", "kids+boots", "sale",
            "hiking+boots", "rain+jacket", "gift+card", "insoles", "trail+running+shoes+women"]
COUNTRIES = ["NL", "NL", "DE", "DE", "BE", "FR", "GB", "ES"]
DECLINES = ["insufficient_funds", "do_not_honor", "expired_card", "card_velocity_exceeded"]
BRANDS = ["visa", "visa", "mastercard", "mastercard", "amex", "maestro"]

UA_APP = ["ShopApp/4.12.1 (Android 14; Pixel 7)", "ShopApp/4.12.1 (Android 13; SM-S911B)",
          "ShopApp/4.11.0 (Android 12; moto g82 5G)", "ShopApp/4.12.1 (iPhone; iOS 17.3.1)",
          "ShopApp/4.12.0 (iPhone; iOS 16.7.5)"]
UA_BROWSER = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
]
UA_BOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
           "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"]
UA_SCANNERS = ["python-requests/2.31.0", "curl/8.5.0",
               "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0"]
SCANNER_PATHS = ["/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/index.php", "/xmlrpc.php",
                 "/actuator/env", "/server-status"]
STATIC = ["/static/js/app.3f9c2b1e.js", "/static/css/main.8a1d44.css", "/static/img/logo.svg",
          "/static/fonts/inter-var.woff2"]
SITE = "https://shop.example.com"


class Client:
    __slots__ = ("uid", "ip", "ua", "app", "http", "cart")


def make_users(rng, n):
    """Shoppers. Client IPs come from the documentation ranges (RFC 5737/3849)."""
    users = []
    nets = ["192.0.2.", "198.51.100.", "203.0.113."]
    for _ in range(n):
        u = Client()
        u.uid = f"u_{rng.randint(100000, 999999)}"
        if rng.random() < 0.06:
            u.ip = f"2001:db8:{rng.randint(0x1000, 0xffff):x}:{rng.randint(1, 0xfff):x}::{rng.randint(1, 0xff):x}"
        else:
            u.ip = rng.choice(nets) + str(rng.randint(2, 254))
        if rng.random() < 0.5:
            u.ua, u.app, u.http = rng.choice(UA_APP), True, "HTTP/1.1"
        else:
            u.ua, u.app, u.http = rng.choice(UA_BROWSER), False, "HTTP/2.0"
        u.cart = hexid(rng, 8)
        users.append(u)
    return users


def client(ip, ua, http="HTTP/1.1"):
    c = Client()
    c.ip, c.ua, c.http, c.app = ip, ua, http, True
    return c


# --------------------------------------------------------------------------- emitters
class Gateway:
    """nginx combined access log of the edge gateway. Lines are written when the request ends."""

    def __init__(self, clock, log):
        self.clock, self.log = clock, log

    def hit(self, t, u, method, path, status, size, page=None):
        ref = "-" if (u.app or page is None) else SITE + page
        self.log.add(t, f'{u.ip} - - [{self.clock.clf(t)}] "{method} {path} {u.http}" {status} {size} "{ref}" "{u.ua}"')

    def background(self, rng, users, skus, end, pages=0.006, products=0.0035, recs=0.003):
        """Health checks, pages and static assets, product API, recommendations, bots and scanners.
        Steady noise: a 504 from the flaky recommender about every 15 minutes, scanner 404s."""
        hc = client("10.42.0.23", "ELB-HealthChecker/2.0")
        t = 7.3
        while t < end:
            hc.ip = "10.42.0.23" if int(t / 30) % 2 == 0 else "10.42.64.9"
            self.hit(t, hc, "GET", "/healthz", 200, 2)
            t += 30 + rng.uniform(-0.05, 0.05)
        for t in poisson(rng, pages, 0, end):
            u = rng.choice(users)
            if u.app:
                cat = rng.choice(CATEGORIES)
                self.hit(t, u, "GET", f"/api/products?category={cat}&page={rng.randint(1, 4)}", 200,
                         rng.randint(6000, 14000))
                continue
            r = rng.random()
            if r < 0.4:
                if rng.random() < 0.7:
                    self.hit(t, u, "GET", rng.choice(STATIC), 304, 0, "/")
                else:
                    self.hit(t, u, "GET", rng.choice(STATIC), 200, rng.randint(9000, 240000), "/")
            elif r < 0.7:
                self.hit(t, u, "GET", f"/p/{rng.choice(skus)}", 200, rng.randint(18000, 42000),
                         "/c/" + rng.choice(CATEGORIES))
            else:
                self.hit(t, u, "GET", "/", 200, rng.randint(14000, 15500))
        for t in poisson(rng, products, 0, end):
            u = rng.choice(users)
            sku = rng.choice(skus)
            if rng.random() < 0.03:
                self.hit(t, u, "GET", f"/api/products/SKU-{rng.randint(30000, 39999)}", 404, 61, "/")
            else:
                self.hit(t, u, "GET", f"/api/products/{sku}", 200, rng.randint(2200, 5200), f"/p/{sku}")
        for t in poisson(rng, recs, 0, end):
            u = rng.choice(users)
            sku = rng.choice(skus)
            self.hit(t + 0.05, u, "GET", f"/api/recommendations?sku={sku}", 200, rng.randint(1500, 4000), f"/p/{sku}")
        for t in every(rng, rng.uniform(200, 500), end, 900):  # the recommender times out now and then
            u = rng.choice(users)
            sku = rng.choice(skus)
            self.hit(t + 10.0, u, "GET", f"/api/recommendations?sku={sku}", 504, 167, f"/p/{sku}")
        bot = client("192.0.2.140", UA_BOTS[0])
        for t in poisson(rng, 0.0015, 0, end):
            bot.ip = rng.choice(["192.0.2.140", "192.0.2.141", "198.51.100.201"])
            bot.ua = rng.choice(UA_BOTS)
            if rng.random() < 0.1:
                self.hit(t, bot, "GET", "/robots.txt", 200, 112)
            else:
                self.hit(t, bot, "GET", f"/p/{rng.choice(skus)}", 200, rng.randint(18000, 42000))
        scan = client("203.0.113.45", UA_SCANNERS[0])
        for t in every(rng, rng.uniform(60, 300), end, 420, jitter=0.5):
            scan.ip = rng.choice(["203.0.113.45", "198.51.100.66", "192.0.2.251"])
            scan.ua = rng.choice(UA_SCANNERS)
            self.hit(t, scan, "GET", rng.choice(SCANNER_PATHS), 404, 153)


class Java:
    """A Spring Boot service writing logback text: `date time,ms LEVEL [thread] logger - message`."""

    def __init__(self, clock, log, pkg, app, jar, port=8080):
        self.clock, self.log, self.pkg, self.app, self.jar, self.port = clock, log, pkg, app, jar, port

    def line(self, t, level, thread, logger, msg, trace=()):
        if not logger.startswith(("org.", "com.zaxxer")):
            logger = f"{self.pkg}.{logger}"
        self.log.add(t, f"{self.clock.log4j(t)} {level:<5} [{thread}] {logger} - {msg}", *trace)

    def thread(self, rng, hi=12):
        return f"http-nio-{self.port}-exec-{rng.randint(1, hi)}"

    def rollout(self, rng, t, version, old_pods, new_pods, extra=()):
        """Rolling restart: each new pod starts, then the old one it replaces shuts down gracefully."""
        for i, (old, new) in enumerate(zip(old_pods, new_pods)):
            t0 = t + 3.2 + 19.6 * i + rng.uniform(0, 0.5)
            boot = rng.uniform(6.4, 8.9)
            self.line(t0, "INFO", "main", self.app,
                      f"Starting {self.app} v{version} using Java 17.0.10 on {new} with PID 1 "
                      f"(/app/{self.jar} started by app in /app)")
            self.line(t0 + 0.008, "INFO", "main", self.app, 'The following 1 profile is active: "prod"')
            self.line(t0 + boot - 2.6, "INFO", "main", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed.")
            for k, (logger, msg) in enumerate(extra):
                self.line(t0 + boot - 1.4 + 0.11 * k, "INFO", "main", logger, msg)
            self.line(t0 + boot - 0.027, "INFO", "main", "org.springframework.boot.web.embedded.tomcat.TomcatWebServer",
                      f"Tomcat started on port(s): {self.port} (http) with context path ''")
            self.line(t0 + boot, "INFO", "main", self.app,
                      f"Started {self.app} in {boot:.3f} seconds (JVM running for {boot + 0.714:.3f})")
            ts = t0 + boot + rng.uniform(4.0, 6.0)
            self.line(ts, "INFO", "SpringApplicationShutdownHook",
                      "org.springframework.boot.web.embedded.tomcat.GracefulShutdown",
                      "Commencing graceful shutdown. Waiting for active requests to complete")
            self.line(ts + rng.uniform(0.2, 0.6), "INFO", "tomcat-shutdown",
                      "org.springframework.boot.web.embedded.tomcat.GracefulShutdown", "Graceful shutdown complete")


class Fleet:
    """Pods of one service over time: (name, version, ready_from, gone_at)."""

    def __init__(self, rng, service, rs, version, n=3):
        self.rng, self.service = rng, service
        self.pods = [[pod_name(rng, service, rs), version, -1e9, 1e9, None] for _ in range(n)]

    def rollout(self, t, rs, version, gap=12.0):
        """Replace every live pod. Returns [(old, new)] pod records; new[4] is the container start."""
        pairs = []
        live = [p for p in self.pods if p[3] > t]
        for i, old in enumerate(live):
            start = t + 4.1 + gap * i + self.rng.uniform(0, 0.8)
            new = [pod_name(self.rng, self.service, rs), version, start + 1.1, 1e9, start]
            old[3] = new[2] + self.rng.uniform(0.2, 0.5)
            self.pods.append(new)
            pairs.append((old, new))
        return pairs

    def ready(self, t):
        return [p for p in self.pods if p[2] <= t < p[3]]

    def pick(self, rng, t):
        return rng.choice(self.ready(t))[0]

    def version(self, name):
        return next(p[1] for p in self.pods if p[0] == name)


class Go:
    """A Go service writing JSON lines: ts, level, msg, service, pod, version and extra fields."""

    def __init__(self, clock, log, service, fleet):
        self.clock, self.log, self.service, self.fleet = clock, log, service, fleet

    def line(self, t, level, msg, pod, **fields):
        o = {"ts": self.clock.iso_ms(t), "level": level, "msg": msg, "service": self.service, "pod": pod,
             "version": self.fleet.version(pod)}
        o.update(fields)
        self.log.add(t, jdump(o))

    def rollout_lines(self, rng, pairs, commit, db_host=None):
        for old, new in pairs:
            t = new[4]
            self.line(t, "info", f"starting {self.service}", new[0], commit=commit, go_version="go1.22.1")
            self.line(t + 0.004, "info", "config loaded", new[0], env="prod")
            if db_host:
                self.line(t + 0.061, "info", "connected to postgres", new[0], host=db_host,
                          latency_ms=rng.randint(38, 60))
            self.line(t + rng.uniform(0.2, 0.4), "info", "http server listening", new[0], addr=":8080")
            self.line(old[3], "info", "received SIGTERM, draining", old[0], inflight=rng.randint(0, 3))
            self.line(old[3] + rng.uniform(1.1, 2.4), "info", "shutdown complete", old[0])


# --------------------------------------------------------------------------- scenario base
class Scenario:
    name = ""
    files = ()  # file names in output order

    def __init__(self):
        self.logs = {f: Log() for f in self.files}
        self.deploy_rows = []
        self.answer = {}

    def rng(self, part):
        """Each part of a scenario draws from its own seeded stream."""
        return random.Random(f"{SEED}-{self.name}-{part}")

    def deploy(self, time, id_, service, kind, version, prev, actor, summary):
        self.deploy_rows.append({"time": time, "id": id_, "service": service, "kind": kind, "version": version,
                                 "prev_version": prev, "actor": actor, "summary": summary})

    def write(self, out):
        folder = os.path.join(out, self.name)
        os.makedirs(folder, exist_ok=True)
        report = []
        for f in self.files:
            lines = self.logs[f].lines()
            with open(os.path.join(folder, f), "w", encoding="utf-8", newline="\n") as fh:
                fh.write("\n".join(lines) + "\n")
            report.append((f, len(lines)))
        rows = sorted(self.deploy_rows, key=lambda r: r["time"])
        with open(os.path.join(folder, "deploys.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(jdump(r) for r in rows) + "\n")
        report.append(("deploys.jsonl", len(rows)))
        with open(os.path.join(folder, "answer.json"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(self.answer, indent=2, ensure_ascii=False) + "\n")
        report.append(("answer.json", None))
        total = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
        assert total < MAX_BYTES, f"{self.name}: {total} bytes is over the {MAX_BYTES} byte budget"
        return report, total

    def first_line_time(self, fname, needle):
        """Time of the first event in `fname` whose first line contains `needle`."""
        for t, _, lines in self.logs[fname].sorted_events():
            if needle in lines[0]:
                return t
        raise AssertionError(f"{self.name}: {needle!r} not found in {fname}")

    def hm(self, t):
        return self.clock.d(t).strftime("%H:%M")

    def hms(self, t):
        return self.clock.d(t).strftime("%H:%M:%S")

    def count(self, fname, needle, after=-1e9):
        return sum(1 for t, _, lines in self.logs[fname].events if t >= after and needle in lines[0])


# --------------------------------------------------------------------------- shared traffic
def checkout_background(ck, gw, rng, users, skus, end, cart_rate=0.008, submit_rate=1 / 75.0,
                        cache_miss_period=None, cache_miss_until=None, flags_changed_at=None, hi=None):
    """Everyday checkout (logback text) traffic and its gateway lines.
    Steady noise: a retryable Kafka publish ERROR about every 10 minutes, rejected promo codes (WARN),
    out-of-stock (WARN) and, if `cache_miss_period` is set, the catalog cache-miss WARN."""
    hi = hi or (lambda t: 12)
    kafka = [884120]

    def th(t):
        return ck.thread(rng, hi(t))

    def publish(t, order, retried=False):
        kafka[0] += rng.randint(1, 9)
        extra = " (after 1 retry)" if retried else ""
        ck.line(t, "INFO", "kafka-producer-network-thread | checkout-producer-1", "events.OrderEventPublisher",
                f"Published OrderPlaced for {order} to orders.v1-{rng.randint(0, 5)}@{kafka[0]}{extra}")

    for t in poisson(rng, cart_rate, 0, end):  # add to cart
        u = rng.choice(users)
        sku = rng.choice(skus)
        lat = rng.uniform(0.02, 0.12)
        if rng.random() < 0.03:
            ck.line(t + lat - 0.002, "WARN", th(t), "inventory.InventoryClient",
                    f"Out of stock: sku={sku} requested={rng.randint(1, 3)} available=0")
            gw.hit(t + lat, u, "POST", "/api/cart/items", 409, 96, f"/p/{sku}")
            continue
        ck.line(t + lat - 0.001, "INFO", th(t), "service.CartService",
                f"Added sku={sku} qty={rng.choice([1, 1, 1, 2])} to cart {u.cart}")
        gw.hit(t + lat, u, "POST", "/api/cart/items", 201, rng.randint(420, 460), f"/p/{sku}")
    for t in poisson(rng, cart_rate * 0.8, 0, end):  # view cart
        u = rng.choice(users)
        n = rng.randint(1, 5)
        lat = rng.uniform(0.008, 0.06)
        ck.line(t + lat - 0.002, "INFO", th(t), "web.CartController",
                f"Loaded cart {u.cart} for user {u.uid} ({n} items, subtotal={money(rng, 3, 60) * n:.2f} EUR)")
        gw.hit(t + lat, u, "GET", "/api/cart", 200, 180 + 410 * n + rng.randint(0, 60), "/cart")
    for t in every(rng, rng.uniform(100, 400), end, 480, jitter=0.4):  # promo codes that are not valid
        u = rng.choice(users)
        code = rng.choice(["WINTER15", "VIP20"])
        why = "expired" if code == "WINTER15" else "not eligible"
        ck.line(t + 0.02, "WARN", th(t), "promo.PromoService", f"Promo code {code} rejected for cart {u.cart}: {why}")
        gw.hit(t + 0.022, u, "POST", "/api/cart/promo", 422, 88, "/cart")
    if cache_miss_period:
        stop = end if cache_miss_until is None else cache_miss_until
        for t in every(rng, rng.uniform(5, cache_miss_period), stop, cache_miss_period, jitter=0.4):
            ck.line(t, "WARN", th(t), "cache.CatalogCache",
                    f"Cache miss for sku={rng.choice(skus)}, loading from catalog service")
    if submit_rate:
        for t in poisson(rng, submit_rate, 0, end - 10):  # checkouts that just work
            u = rng.choice(users)
            order = order_id(rng)
            items = rng.choice([1, 1, 2, 2, 3])
            total = money(rng, 14.0, 60.0) * items
            tr = hexid(rng, 16)
            t1 = t + rng.uniform(0.3, 1.2)
            thr = th(t)
            ck.line(t + 0.004, "INFO", thr, "web.CheckoutController",
                    f"Checkout requested cart={u.cart} user={u.uid} items={items} total={total:.2f} EUR traceId={tr}")
            ck.line(t1, "INFO", thr, "service.OrderService",
                    f"Order {order} placed for user {u.uid}: {items} items, total {total:.2f} EUR")
            if rng.random() < 0.3:
                publish(t1 + rng.uniform(0.004, 0.03), order)
            gw.hit(t1 + 0.002, u, "POST", "/api/checkout", 200, rng.randint(690, 760), "/checkout")

    t = 41.7
    while t < end:  # catalog cache refresh every 2 minutes
        ck.line(t, "INFO", "scheduling-1", "cache.CatalogCache",
                f"Refreshed catalog cache: {rng.randint(4180, 4240)} entries in {rng.randint(240, 520)} ms")
        t += 120 + rng.uniform(-0.3, 0.3)
    t = 180.2
    while t < end:  # abandoned carts every 5 minutes
        ck.line(t, "INFO", "scheduling-2", "jobs.AbandonedCartJob",
                f"Abandoned cart sweep: {rng.randint(3, 25)} carts expired, {rng.randint(0, 9)} reminder emails queued")
        t += 300 + rng.uniform(-0.5, 0.5)
    t = 12.9
    while t < end:  # feature flags every 3 minutes
        changed = 1 if flags_changed_at is not None and 0 <= t - flags_changed_at < 180 else 0
        ck.line(t, "INFO", "flag-poller-1", "flags.FeatureFlagClient",
                f'Feature flags refreshed: 42 flags, {changed} changed (etag W/"{hexid(rng, 8)}")')
        t += 180 + rng.uniform(-0.2, 0.2)
    for t in every(rng, rng.uniform(240, 560), end, 600, jitter=0.2):  # steady retryable ERROR
        order = order_id(rng)
        ck.line(t, "ERROR", "kafka-producer-network-thread | checkout-producer-1", "events.OrderEventPublisher",
                f"Failed to publish OrderPlaced for {order}, will retry (attempt 1/5)",
                (f"org.apache.kafka.common.errors.TimeoutException: Expiration of 1 record(s) for "
                 f"orders.v1-{rng.randint(0, 5)}:120000 ms has passed since batch creation",))
        publish(t + rng.uniform(1.0, 2.5), order, retried=True)


def payments_background(pay, rng, end, pods_at, refunds=True):
    """Everyday payments noise that is not part of a checkout.
    Steady noise: `psp request failed, retrying` (ERROR) about every 8 minutes and a webhook retry (WARN)."""
    for t in every(rng, rng.uniform(30, 90), end, 600, jitter=0.01):
        pay.line(t, "info", "exchange rates refreshed", pods_at(t), provider="ecb", pairs=31,
                 latency_ms=rng.randint(90, 240))
    for t in every(rng, rng.uniform(120, 420), end, 480, jitter=0.25):
        pod = pods_at(t)
        ip = f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 90)}"
        pay.line(t, "error", "psp request failed, retrying", pod, psp="adyen", attempt=1,
                 error=f"read tcp {ip}:{rng.randint(32768, 60999)}->198.51.100.200:443: read: connection reset by peer")
        pay.line(t + rng.uniform(0.3, 0.8), "info", "psp request succeeded after retry", pod, psp="adyen", attempt=2)
    for t in every(rng, rng.uniform(200, 500), end, 720, jitter=0.3):
        pod = pods_at(t)
        host = rng.choice(["hooks.northwind.example", "erp.contoso.example", "notify.fabrikam.example"])
        ch = "ch_" + b62(rng, 16)
        pay.line(t, "warn", "webhook delivery failed, will retry", pod, charge_id=ch,
                 endpoint=f"https://{host}/payments", status=503, attempt=1, retry_in_s=30)
        t2 = t + 30 + rng.uniform(0.1, 0.6)
        pay.line(t2, "info", "webhook delivered", pods_at(t2), charge_id=ch, endpoint=f"https://{host}/payments",
                 status=200, latency_ms=rng.randint(40, 420))
    if refunds:
        for t in poisson(rng, 1 / 300.0, 0, end):
            pay.line(t, "info", "refund created", pods_at(t), refund_id="re_" + b62(rng, 16),
                     charge_id="ch_" + b62(rng, 16), amount_minor=rng.randint(999, 12999),
                     reason=rng.choice(["requested_by_customer", "requested_by_customer", "duplicate"]))


def charge_ok(pay, rng, t, pod, order, amount, trace):
    """Healthy charge: one line (plus a rare declined card or slow fraud check). Returns the end time."""
    fraud = rng.uniform(0.04, 0.26) if rng.random() > 0.03 else rng.uniform(0.8, 1.6)
    if fraud > 0.8:
        pay.line(t + fraud, "warn", "fraud check slow", pod, order_id=order, latency_ms=int(fraud * 1000), slo_ms=800)
    t_end = t + fraud + rng.uniform(0.18, 0.9)
    if rng.random() < 0.035:
        pay.line(t_end, "info", "card declined", pod, order_id=order, decline_code=rng.choice(DECLINES), psp="adyen",
                 latency_ms=int((t_end - t) * 1000))
        return t_end, False
    pay.line(t_end, "info", "card authorized", pod, order_id=order, amount_minor=int(round(amount * 100)),
             currency="EUR", charge_id="ch_" + b62(rng, 16), card_brand=rng.choice(BRANDS),
             latency_ms=int((t_end - t) * 1000), trace_id=trace)
    return t_end, True


# =========================================================================== scenarios
class NewErrorAfterDeploy(Scenario):
    """payments v2.22.0 cannot encode refund requests: a brand-new error template, ~1 min after the deploy."""
    name = "new-error-after-deploy"
    files = ("payments.log", "search.log", "gateway-access.log")
    NEEDLE = "failed to encode refund request"

    def build(self):
        c = self.clock = Clock(2026, 3, 3, 9, 0)
        end = 65 * 60.0
        search_deploy = c.at("09:12:00")
        pay_deploy = c.at("09:47:00")
        first_bad = pay_deploy + 63.418
        pay_log, search_log, gw_log = (self.logs[f] for f in self.files)
        gw = Gateway(c, gw_log)

        rng = self.rng("world")
        users = make_users(rng, 160)
        skus = sorted({f"SKU-{rng.randint(10000, 29999)}" for _ in range(120)})

        # ---- payments (Go, JSON lines)
        rng = self.rng("payments")
        fleet = Fleet(rng, "payments", "5d8f7c6b9", "2.21.4")
        pairs = fleet.rollout(pay_deploy, "6c9b4d7f8", "2.22.0")
        pay = Go(c, pay_log, "payments", fleet)
        pay.rollout_lines(rng, pairs, "a73e0c1", db_host="pg-payments-primary.prod.svc:5432")
        for old, new in pairs:
            pay.line(new[4] + 0.12, "info", "refund worker started", new[0], queue="refunds", poll_interval="5s")
        for t in poisson(rng, 1 / 70.0, 0, end - 5):  # charges behind POST /api/checkout
            u = rng.choice(users)
            pod = fleet.pick(rng, t)
            amount = money(rng, 14.0, 160.0)
            t_end, ok = charge_ok(pay, rng, t, pod, order_id(rng), amount, hexid(rng, 16))
            gw.hit(t_end + rng.uniform(0.03, 0.09), u, "POST", "/api/checkout", 200 if ok else 402,
                   rng.randint(690, 760) if ok else rng.randint(180, 220), "/checkout")
        payments_background(pay, rng, end, lambda t: fleet.pick(rng, t), refunds=False)

        # Refunds: created by the API, sent to the PSP by the refund worker. The v2.22.0 worker cannot
        # encode them any more; it keeps retrying the growing queue every 5-20 s until the end.
        pending = []
        pinned = pay_deploy + 58.207  # the refund that hits the first error
        times = [t for t in poisson(rng, 1 / 170.0, 0, end - 5) if not (pay_deploy - 10 < t < first_bad)] + [pinned]
        for t in sorted(times):
            rid = "re_" + b62(rng, 16)
            pod = fleet.pick(rng, t)
            pay.line(t, "info", "refund created", pod, refund_id=rid, charge_id="ch_" + b62(rng, 16),
                     amount_minor=rng.randint(999, 12999),
                     reason=rng.choice(["requested_by_customer", "requested_by_customer", "duplicate", "out_of_stock"]))
            if t < pay_deploy:
                ts = t + rng.uniform(1.5, 6.0)
                pay.line(ts, "info", "refund submitted to psp", fleet.pick(rng, ts), refund_id=rid, psp="adyen",
                         psp_reference=b62(rng, 16).upper(), latency_ms=rng.randint(180, 700))
            else:
                pending.append([t, rid, 0])
        t = first_bad
        k = 0
        while t < end:
            queue = [p for p in pending if p[0] < t]
            p = queue[k % len(queue)]
            k += 1
            p[2] += 1
            pay.line(t, "error", "failed to encode refund request: json: unsupported type: map[interface {}]interface {}",
                     fleet.pick(rng, t), refund_id=p[1], attempt=p[2], queue_depth=len(queue),
                     caller="refunds/worker.go:131")
            t += rng.uniform(5.0, 20.0)

        # ---- search (Java, logback text)
        rng = self.rng("search")
        ck = Java(c, search_log, "com.acme.search", "SearchApplication", "search-api.jar")
        ck.rollout(rng, search_deploy, "4.3.0", ["search-7c5d9f8b6-mx2kq", "search-7c5d9f8b6-t9w4z"],
                   ["search-84b6c7d5f-j7r2n", "search-84b6c7d5f-p3v8d"],
                   extra=[("ranking.ModelRegistry", "Loaded ranking model ltr-20260301 (412 features) in 1184 ms"),
                          ("index.IndexManager", "Opened index products_v12 (48211 docs, 3 segments)")])
        for t in poisson(rng, 1 / 70.0, 0, end):
            u = rng.choice(users)
            q = rng.choice(SEARCHES)
            took = rng.randint(12, 140)
            hits = rng.randint(0, 420)
            ck.line(t + took / 1000, "INFO", ck.thread(rng), "web.SearchController",
                    f'Search q="{q.replace("+", " ")}" page=1 hits={hits} took={took} ms')
            gw.hit(t + took / 1000 + 0.002, u, "GET", f"/api/search?q={q}", 200, 800 + 40 * min(hits, 48), "/")
        for t in poisson(rng, 1 / 150.0, 0, end):
            u = rng.choice(users)
            prefix = rng.choice(SEARCHES)[:rng.randint(2, 4)]
            ck.line(t + 0.006, "INFO", ck.thread(rng), "web.SuggestController",
                    f'Suggest prefix="{prefix}" returned {rng.randint(0, 10)} suggestions in {rng.randint(2, 9)} ms')
            gw.hit(t + 0.008, u, "GET", f"/api/search/suggest?prefix={prefix}", 200, rng.randint(120, 900), "/")
        t = 55.3
        while t < end:
            ck.line(t, "INFO", "index-updater-1", "index.IndexUpdater",
                    f"Applied {rng.randint(3, 60)} catalog updates to index products_v12 in {rng.randint(80, 400)} ms")
            t += 120 + rng.uniform(-0.3, 0.3)
        t = 230.0
        while t < end:
            ck.line(t, "INFO", "cache-stats-1", "cache.QueryCache",
                    f"Query cache stats: size={rng.randint(4500, 5200)} hitRate=0.{rng.randint(64, 78)} "
                    f"evictions={rng.randint(40, 220)}")
            t += 300 + rng.uniform(-0.5, 0.5)
        for t in every(rng, rng.uniform(60, 400), end, 420, jitter=0.3):  # steady WARN
            q = rng.choice(SEARCHES).replace("+", " ")
            ck.line(t, "WARN", ck.thread(rng), "web.SearchController",
                    f'Slow query q="{q}" took={rng.randint(1010, 1900)} ms (threshold 1000 ms)')
        for t in every(rng, rng.uniform(200, 700), end, 720, jitter=0.2):  # steady ERROR
            ck.line(t, "ERROR", "synonym-loader-1", "synonyms.SynonymLoader",
                    "Failed to refresh synonyms from s3://acme-search-config/synonyms/en.txt, keeping previous version "
                    f"({rng.randint(405, 415)} entries)",
                    ("software.amazon.awssdk.core.exception.SdkClientException: Unable to execute HTTP request: "
                     "Read timed out",))

        rng = self.rng("gateway")
        gw.background(rng, users, skus, end)

        self.deploy(c.iso_s(search_deploy), "dep-101", "search", "deploy", "4.3.0", "4.2.3",
                    "deploy-bot (approved by tnguyen)", "SRCH-611 learning-to-rank model refresh; Lucene 9.10")
        self.deploy(c.iso_s(pay_deploy), "dep-102", "payments", "deploy", "2.22.0", "2.21.4",
                    "deploy-bot (approved by sdiaz)", "PAY-1502 attach merchant metadata to refunds; PSP settings from YAML")

        onset = self.first_line_time("payments.log", self.NEEDLE)
        assert abs(onset - first_bad) < 1e-9
        n = self.count("payments.log", self.NEEDLE)
        self.answer = {
            "culprit": "dep-102",
            "onset": c.iso_ms(onset),
            "cause_service": "payments",
            "new_error_substring": self.NEEDLE,
            "top_finding_service": "payments",
            "harmless": ["dep-101"],
            "notes": (f"payments 2.22.0 (dep-102, {self.hms(pay_deploy)}) reads merchant metadata for refunds from YAML, which "
                      f"decodes to map[interface {{}}]interface {{}}, so encoding/json rejects every refund request. "
                      f"The refund worker logs the new error {int(onset - pay_deploy)} s after the deploy and keeps "
                      f"retrying its growing queue every 5-20 s until the end ({n} lines); charges are unaffected, "
                      f"so the gateway shows nothing. The search deploy dep-101 at {self.hm(search_deploy)} only adds INFO start-up lines "
                      f"(a new ranking-model line among them) and must not be a suspect. Steady noise: payments "
                      f"'psp request failed, retrying' (ERROR) and webhook retries (WARN), search slow queries (WARN) "
                      f"and synonym refresh failures (ERROR), recommender 504s and scanner 404s at the gateway."),
        }


class WarningSpikeAfterDeploy(Scenario):
    """A config change lowers the catalog cache TTL; an existing WARN goes from ~1/min to ~30/min."""
    name = "warning-spike-after-deploy"
    files = ("checkout.log", "gateway-access.log")
    NEEDLE = "Cache miss for sku"

    def build(self):
        c = self.clock = Clock(2026, 3, 4, 11, 0)
        end = 60 * 60.0
        gw_cfg = c.at("11:17:00")
        cfg = c.at("11:48:00")
        applied = cfg + 2.318
        ck_log, gw_log = (self.logs[f] for f in self.files)
        gw = Gateway(c, gw_log)
        rng = self.rng("world")
        users = make_users(rng, 160)
        skus = sorted({f"SKU-{rng.randint(10000, 29999)}" for _ in range(140)})

        rng = self.rng("checkout")
        ck = Java(c, ck_log, "com.acme.checkout", "CheckoutApplication", "checkout.jar")
        # Baseline: ~1 cache miss a minute, stopping a minute before the change so the onset is clean.
        checkout_background(ck, gw, rng, users, skus, end, cart_rate=0.0075, submit_rate=1 / 80.0,
                            cache_miss_period=60.0, cache_miss_until=cfg - 60)
        ck.line(applied, "INFO", "config-watcher-1", "config.ConfigWatcher",
                "Applied config revision r88 from config-server: catalog.cache.ttl 300s -> 5s")
        rng = self.rng("spike")
        t = applied + 4.071
        while t < end:  # ~30 a minute from now on
            ck.line(t, "WARN", ck.thread(rng), "cache.CatalogCache",
                    f"Cache miss for sku={rng.choice(skus)}, loading from catalog service")
            t += rng.uniform(0.5, 3.5)

        rng = self.rng("gateway")
        gw.background(rng, users, skus, end, pages=0.005, products=0.003, recs=0.0025)

        self.deploy(c.iso_s(gw_cfg), "dep-201", "gateway", "config", "r311", "r310", "mlopez",
                    "nginx: enable gzip for application/json responses (OPS-3342)")
        self.deploy(c.iso_s(cfg), "dep-202", "checkout", "config", "r88", "r87", "akowalski",
                    "lower catalog cache TTL to 5s")

        onset = min(t for t, _, l in ck_log.events if self.NEEDLE in l[0] and t >= cfg)
        before = self.count("checkout.log", self.NEEDLE) - self.count("checkout.log", self.NEEDLE, after=cfg)
        after = self.count("checkout.log", self.NEEDLE, after=cfg)
        per_min_before = before / (cfg / 60)
        per_min_after = after / ((end - cfg) / 60)
        assert 0.7 < per_min_before < 1.3 and 25 < per_min_after < 35, (per_min_before, per_min_after)
        self.answer = {
            "culprit": "dep-202",
            "onset": c.iso_ms(onset),
            "cause_service": "checkout",
            "new_error_substring": self.NEEDLE,
            "top_finding_service": "checkout",
            "harmless": ["dep-201"],
            "notes": (f"No new template. The checkout WARN 'Cache miss for sku=SKU-<n>, loading from catalog service' "
                      f"runs at about {per_min_before:.1f}/min all morning ({before} lines before "
                      f"{self.hm(cfg)}). The config change dep-202 (catalog cache TTL 300s -> 5s, applied at "
                      f"{self.hms(applied)} per ConfigWatcher) makes it about {per_min_after:.0f}/min ({after} lines "
                      f"in the last {int((end - cfg) / 60)} minutes): a rate spike of an existing WARN, not an error. "
                      f"The onset is the first cache miss after the change. dep-201 (gateway gzip, "
                      f"{self.hm(gw_cfg)}) changes nothing. Steady noise: the Kafka publish retry ERROR about every "
                      f"10 minutes, rejected promo codes and out-of-stock WARNs, recommender 504s and scanner 404s "
                      f"at the gateway."),
        }


class Cascade(Scenario):
    """payments exhausts its DB pool after a deploy; checkout times out on it; the gateway returns 502/504."""
    name = "cascade"
    files = ("payments.log", "checkout.log", "gateway-access.log")
    NEEDLE = "db pool wait exceeded 2000 ms"
    SYMPTOM = "call to payments timed out after 5000 ms"

    def build(self):
        c = self.clock = Clock(2026, 3, 5, 14, 0)
        end = 60 * 60.0
        gw_cfg = c.at("14:06:00")
        flag = c.at("14:21:00")
        deploy = c.at("14:38:00")
        first_bad = deploy + 50.744
        pay_log, ck_log, gw_log = (self.logs[f] for f in self.files)
        gw = Gateway(c, gw_log)
        rng = self.rng("world")
        users = make_users(rng, 160)
        skus = sorted({f"SKU-{rng.randint(10000, 29999)}" for _ in range(120)})

        rng = self.rng("fleet")
        fleet = Fleet(rng, "payments", "7b6d5c9f4", "3.8.2")
        pairs = fleet.rollout(deploy, "58c7f9d6b", "3.9.0")
        pay = Go(c, pay_log, "payments", fleet)
        ck = Java(c, ck_log, "com.acme.checkout", "CheckoutApplication", "checkout.jar")
        pay.rollout_lines(rng, pairs, "f02c9d4", db_host="pg-payments-primary.prod.svc:5432")
        for old, new in pairs:
            pay.line(new[4] + 0.07, "info", "db pool configured", new[0], max_open_conns=20, max_idle_conns=20,
                     conn_max_lifetime="30m")

        def load(t):
            """How hard the pool is saturated (0 before the first bad line, ramps to ~1 in 4 minutes)."""
            if t < first_bad:
                return 0.0
            return min(1.0, 0.45 + 0.55 * (t - first_bad) / 240.0)

        def bad_pod(pod):
            return fleet.version(pod) == "3.9.0"

        def pool_error(t, pod, **f):
            waiting = max(1, int(rng.uniform(4, 44) * load(t)))
            pay.line(t, "error", f"db pool wait exceeded 2000 ms (active=20 idle=0 waiting={waiting})", pod,
                     **f, caller="store/pg.go:212")

        def hi(t):
            return 12 + int(110 * load(t))

        # ---- checkout -> payments (the checkout flow of this scenario)
        rng = self.rng("checkout-flow")
        subs = [(t, None) for t in poisson(rng, 1 / 50.0, 0, end - 12)]
        subs += [(first_bad - 2.05, "first"), (c.at("14:09:31.552"), "psp-slow"), (c.at("14:26:05.118"), "psp-slow")]
        subs.sort()
        for t, pin in subs:
            if pin is None and abs(t - first_bad) < 2.5:
                continue
            u = rng.choice(users)
            order = order_id(rng)
            items = rng.choice([1, 1, 2, 2, 3])
            total = money(rng, 14.0, 60.0) * items
            tr = hexid(rng, 16)
            th = ck.thread(rng, hi(t))
            ck.line(t + 0.004, "INFO", th, "web.CheckoutController",
                    f"Checkout requested cart={u.cart} user={u.uid} items={items} total={total:.2f} EUR traceId={tr}")
            tc = first_bad - 2.002 if pin == "first" else t + rng.uniform(0.02, 0.08)
            outcome, t_done = None, None
            for attempt in (1, 2):
                first = pin == "first" and attempt == 1  # the charge behind the first bad line
                pod = fleet.pick(rng, tc)
                if first:
                    pod = next(p[0] for p in fleet.ready(tc) if bad_pod(p[0]))
                wait = None
                if first:
                    wait = 6.0
                elif tc >= first_bad and bad_pod(pod) and rng.random() < 0.35 + 0.55 * load(tc):
                    wait = rng.uniform(2.1, 4.8) if rng.random() < 0.3 else rng.uniform(5.2, 9.0)
                if pin == "psp-slow" and attempt == 1:
                    # Baseline: a slow PSP answer after checkout already gave up; the retry works.
                    t_auth = tc + rng.uniform(5.3, 6.5)
                    pay.line(t_auth, "info", "card authorized", pod, order_id=order,
                             amount_minor=int(round(total * 100)), currency="EUR", charge_id="ch_" + b62(rng, 16),
                             card_brand=rng.choice(BRANDS), latency_ms=int((t_auth - tc) * 1000), trace_id=tr)
                    t_to = tc + 5.0 + rng.uniform(0.001, 0.02)
                    ck.line(t_to, "ERROR", th, "payment.PaymentClient",
                            f"call to payments timed out after 5000 ms (order={order}, attempt=1/2)")
                    tc = t_to + 0.1
                    continue
                if wait is None:
                    t_done, ok = charge_ok(pay, rng, tc, pod, order, total, tr)
                    outcome = "ok" if ok else "declined"
                    break
                t_err = first_bad if first else tc + 2.0 + rng.uniform(0.0005, 0.004)
                pool_error(t_err, pod, op="charge", order_id=order, trace_id=tr)
                if wait < 5.0:
                    t_done, ok = charge_ok(pay, rng, tc + wait, pod, order, total, tr)
                    outcome = "ok" if ok else "declined"
                    break
                t_to = tc + 5.0 + rng.uniform(0.001, 0.02)
                ck.line(t_to, "ERROR", th, "payment.PaymentClient",
                        f"call to payments timed out after 5000 ms (order={order}, attempt={attempt}/2)")
                if attempt == 1 and rng.random() < 0.4:
                    tc = t_to + 0.1
                    continue
                outcome, t_done = "timeout", t_to
                break
            if outcome == "ok":
                t_p = t_done + rng.uniform(0.008, 0.03)
                ck.line(t_p, "INFO", th, "service.OrderService",
                        f"Order {order} placed for user {u.uid}: {items} items, total {total:.2f} EUR")
                status, size, t_resp = 200, rng.randint(690, 760), t_p + 0.002
            elif outcome == "declined":
                t_r = t_done + rng.uniform(0.003, 0.01)
                ck.line(t_r, "WARN", th, "payment.PaymentClient", f"Payment declined for order {order}")
                status, size, t_resp = 402, rng.randint(180, 220), t_r + 0.002
            else:
                t_f = t_done + rng.uniform(0.004, 0.02)
                ck.line(t_f, "ERROR", th, "web.CheckoutController",
                        f"Checkout failed for order {order} after {int((t_f - t) * 1000)} ms: PAYMENT_UNAVAILABLE")
                status, size, t_resp = 502, rng.randint(230, 260), t_f + 0.002
            if t_resp - t > 10.0:  # proxy_read_timeout 10s
                gw.hit(t + 10.0, u, "POST", "/api/checkout", 504, 167, "/checkout")
            else:
                gw.hit(t_resp, u, "POST", "/api/checkout", status, size, "/checkout")

        # Charge status lookups from the order pages are not logged, but they wait on the same pool.
        rng = self.rng("payments-lookups")
        for t in poisson(rng, 1 / 45.0, first_bad + 3, end):
            pod = fleet.pick(rng, t)
            if bad_pod(pod) and rng.random() < 0.4 + 0.5 * load(t):
                pool_error(t + 2.0 + rng.uniform(0.0005, 0.004), pod, op="charge_status", order_id=order_id(rng))

        rng = self.rng("payments-bg")
        payments_background(pay, rng, end, lambda t: fleet.pick(rng, t))
        for p in fleet.pods:  # pool stats from every pod every 10 minutes
            t = max(p[2], 0) + 30 + rng.uniform(0, 300)
            while t < min(p[3], end):
                busy = load(t) > 0 and p[1] == "3.9.0"
                use = 20 if busy else rng.randint(1, 6)
                pay.line(t, "info", "db pool stats", p[0], max_open=20, open=20 if busy else rng.randint(6, 12),
                         in_use=use, wait_count=int(rng.uniform(150, 400) * load(t)) if busy else 0)
                t += 600 + rng.uniform(-0.5, 0.5)

        rng = self.rng("checkout-bg")
        checkout_background(ck, gw, rng, users, skus, end, cart_rate=0.005, submit_rate=0,
                            cache_miss_period=240.0, flags_changed_at=flag, hi=hi)
        rng = self.rng("gateway")
        gw.background(rng, users, skus, end, pages=0.004, products=0.0025, recs=0.002)

        self.deploy(c.iso_s(gw_cfg), "dep-401", "gateway", "config", "r219", "r218", "mlopez",
                    "nginx: add Strict-Transport-Security header on static assets")
        self.deploy(c.iso_s(flag), "dep-402", "checkout", "flag", "express-checkout=10%", "express-checkout=off",
                    "pbrandt", "show express checkout button to 10% of web users")
        self.deploy(c.iso_s(deploy), "dep-403", "payments", "deploy", "3.9.0", "3.8.2",
                    "deploy-bot (approved by sdiaz)", "PAY-1519 load per-merchant fraud rules inside the charge transaction")

        onset = self.first_line_time("payments.log", self.NEEDLE)
        assert abs(onset - first_bad) < 1e-9
        n_cause = self.count("payments.log", self.NEEDLE)
        n_sym = self.count("checkout.log", self.SYMPTOM)
        n_sym_before = n_sym - self.count("checkout.log", self.SYMPTOM, after=deploy)
        first_sym = min(t for t, _, l in ck_log.events if self.SYMPTOM in l[0] and t >= deploy)
        gw_bad = sum(1 for _, _, l in gw_log.events if "POST /api/checkout" in l[0] and ('" 502 ' in l[0] or '" 504 ' in l[0]))
        assert n_cause >= n_sym and first_sym > onset and 1 <= n_sym_before <= 2, (n_cause, n_sym, n_sym_before)
        self.answer = {
            "culprit": "dep-403",
            "onset": c.iso_ms(onset),
            "cause_service": "payments",
            "new_error_substring": self.NEEDLE,
            "top_finding_service": "payments",
            "harmless": ["dep-401", "dep-402"],
            "notes": (f"payments 3.9.0 (dep-403, {self.hms(deploy)}) loads fraud rules inside the charge transaction and "
                      f"holds its 20 DB connections much longer. From {self.hms(onset)} payments logs the new ERROR "
                      f"'db pool wait exceeded 2000 ms (active=20 idle=0 waiting=<n>)' ({n_cause} lines, from charges "
                      f"and from unlogged charge-status lookups). Checkout's existing 'PaymentClient - call to "
                      f"payments timed out after 5000 ms' ERROR goes from {n_sym_before} lines in the baseline to "
                      f"{n_sym} in total, followed by 'Checkout failed ... PAYMENT_UNAVAILABLE', and the gateway "
                      f"returns 502/504 on POST /api/checkout ({gw_bad} lines). The cause (payments) starts earlier "
                      f"and has more lines than its symptoms, so it must rank first. No rollback in the window. "
                      f"dep-401 (gateway header) and dep-402 (checkout flag; the flag poller reports '1 changed') "
                      f"are harmless. Steady noise: psp retries and webhook retries in payments, Kafka publish "
                      f"retries, cache misses and promo rejections in checkout, recommender 504s at the gateway."),
        }


class NoDeployFault(Scenario):
    """An external dependency (tax-service) fails; no change is anywhere near."""
    name = "no-deploy-fault"
    files = ("orders.log", "checkout.log", "gateway-access.log")
    NEEDLE = "upstream tax-service returned 503 Service Unavailable"

    def build(self):
        c = self.clock = Clock(2026, 3, 6, 8, 0)
        end = 62 * 60.0
        first_bad = c.at("08:46:37.412")
        notif = c.at("08:27:00")
        orders_log, ck_log, gw_log = (self.logs[f] for f in self.files)
        gw = Gateway(c, gw_log)
        rng = self.rng("world")
        users = make_users(rng, 160)
        skus = sorted({f"SKU-{rng.randint(10000, 29999)}" for _ in range(120)})

        rng = self.rng("orders")
        fleet = Fleet(rng, "orders", "6f8d9b7c5", "5.3.0", n=2)
        od = Go(c, orders_log, "orders", fleet)

        # Tax quotes (POST /api/orders/quote): orders asks tax-service. From 08:46:37 tax-service answers 503.
        quotes = [t for t in poisson(rng, 1 / 35.0, 0, end - 3) if abs(t - first_bad) > 3] + [first_bad - 0.061]
        for t in sorted(quotes):
            u = rng.choice(users)
            pod = fleet.pick(rng, t)
            country = rng.choice(COUNTRIES)
            sub = int(money(rng, 14.0, 180.0) * 100)
            if t < first_bad - 0.1:
                up = rng.randint(18, 95)
                te = t + up / 1000 + 0.004
                od.line(te, "info", "tax quote computed", pod, cart_id=u.cart, country=country, subtotal_minor=sub,
                        tax_minor=int(sub * 0.21), upstream_ms=up)
                gw.hit(te + 0.002, u, "POST", "/api/orders/quote", 200, rng.randint(380, 440), "/checkout")
            else:
                te = first_bad if t == first_bad - 0.061 else t + rng.uniform(0.03, 0.09)
                od.line(te, "error", self.NEEDLE, pod, cart_id=u.cart, country=country,
                        upstream="http://tax-service.tax.svc:8080/v2/quote", status=503, attempts=3,
                        caller="tax/client.go:88")
                gw.hit(te + 0.003, u, "POST", "/api/orders/quote", 503, 98, "/checkout")
        # Orders created by checkout: orders records the tax transaction with tax-service, so these fail
        # too once it is down (later and less often than quotes: fewer shoppers get that far).
        ck = Java(c, ck_log, "com.acme.checkout", "CheckoutApplication", "checkout.jar")
        for t in poisson(rng, 1 / 100.0, 0, end - 5):
            if t > first_bad + 90 and rng.random() < 0.6:
                continue  # shoppers cannot get a quote, so fewer reach the pay button
            u = rng.choice(users)
            order = order_id(rng)
            items = rng.choice([1, 1, 2, 2, 3])
            total = money(rng, 14.0, 60.0) * items
            th = ck.thread(rng)
            ck.line(t + 0.004, "INFO", th, "web.CheckoutController",
                    f"Checkout requested cart={u.cart} user={u.uid} items={items} total={total:.2f} EUR "
                    f"traceId={hexid(rng, 16)}")
            to = t + rng.uniform(0.04, 0.12)
            pod = fleet.pick(rng, to)
            if to > first_bad:
                od.line(to, "error", self.NEEDLE, pod, order_id=order,
                        upstream="http://tax-service.tax.svc:8080/v2/transactions", status=503, attempts=3,
                        caller="tax/client.go:88")
                t1 = to + rng.uniform(0.005, 0.02)
                ck.line(t1, "ERROR", th, "orders.OrdersClient",
                        f"Create order failed for cart {u.cart}: orders returned HTTP 503 (code=tax_unavailable)")
                gw.hit(t1 + 0.003, u, "POST", "/api/checkout", 502, rng.randint(230, 260), "/checkout")
                continue
            od.line(to, "info", "order created", pod, order_id=order, items=items,
                    total_minor=int(round(total * 100)), currency="EUR")
            t1 = to + rng.uniform(0.4, 1.1)
            ck.line(t1, "INFO", th, "service.OrderService",
                    f"Order {order} placed for user {u.uid}: {items} items, total {total:.2f} EUR")
            gw.hit(t1 + 0.002, u, "POST", "/api/checkout", 200, rng.randint(690, 760), "/checkout")
        for t in poisson(rng, 1 / 240.0, 0, end):
            u = rng.choice(users)
            od.line(t, "info", "order status served", fleet.pick(rng, t), order_id=order_id(rng),
                    status=rng.choice(["PAID", "SHIPPED", "SHIPPED", "DELIVERED"]))
            gw.hit(t + 0.01, u, "GET", f"/api/orders/{order_id(rng)}", 200, rng.randint(800, 1400), "/account/orders")
        t = 28.4
        while t < end:
            od.line(t, "info", "outbox relayed", fleet.pick(rng, t), topic="orders.v1", events=rng.randint(2, 30),
                    latency_ms=rng.randint(12, 60))
            t += 120 + rng.uniform(-0.3, 0.3)
        for t in every(rng, rng.uniform(60, 300), end, 360, jitter=0.3):  # steady WARN
            od.line(t, "warn", "payment webhook arrived before order commit, requeued", fleet.pick(rng, t),
                    order_id=order_id(rng), delay_s=5)
        for t in every(rng, rng.uniform(120, 500), end, 660, jitter=0.2):  # steady ERROR
            od.line(t, "error", "failed to send order confirmation email, will retry", fleet.pick(rng, t),
                    order_id=order_id(rng), error="smtp: 421 4.7.0 Try again later", retry_in="5m")

        rng = self.rng("checkout-bg")
        checkout_background(ck, gw, rng, users, skus, end, cart_rate=0.0045, submit_rate=0,
                            cache_miss_period=300.0)
        rng = self.rng("gateway")
        gw.background(rng, users, skus, end, pages=0.004, products=0.0025, recs=0.002)

        self.deploy(abs_iso(2026, 3, 6, "04:12:00"), "dep-501", "orders", "deploy", "5.3.0", "5.2.1",
                    "deploy-bot (approved by rhassan)", "ORD-388 store invoice address snapshot on orders")
        self.deploy(abs_iso(2026, 3, 6, "05:05:00"), "dep-502", "checkout", "migration", "V41", "V40", "akowalski",
                    "checkout: add index on carts(updated_at)")
        self.deploy(c.iso_s(notif), "dep-503", "notifications", "restart", "1.12.3", "1.12.3", "jkim",
                    "restart notification workers to pick up rotated SMTP credentials")

        onset = self.first_line_time("orders.log", self.NEEDLE)
        assert abs(onset - first_bad) < 1e-9
        n = self.count("orders.log", self.NEEDLE)
        n_fin = sum(1 for _, _, l in orders_log.events if self.NEEDLE in l[0] and "/v2/transactions" in l[0])
        n_ck = self.count("checkout.log", "Create order failed")
        first_ck = self.first_line_time("checkout.log", "Create order failed")
        n_q503 = sum(1 for _, _, l in gw_log.events if "POST /api/orders/quote" in l[0] and '" 503 ' in l[0])
        n_c502 = sum(1 for _, _, l in gw_log.events if "POST /api/checkout" in l[0] and '" 502 ' in l[0])
        assert n > n_q503 and n > n_c502 and n > n_ck and first_ck > onset, (n, n_q503, n_c502, n_ck)
        self.answer = {
            "culprit": None,
            "onset": c.iso_ms(onset),
            "cause_service": "orders",
            "new_error_substring": self.NEEDLE,
            "top_finding_service": "orders",
            "harmless": ["dep-501", "dep-502", "dep-503"],
            "notes": (f"An external dependency fails: from {self.hms(onset)} tax-service answers 503, so orders logs "
                      f"the new ERROR 'upstream tax-service returned 503 Service Unavailable' until the end ({n} "
                      f"lines): {n - n_fin} for tax quotes (the gateway returns 503 on POST /api/orders/quote, "
                      f"{n_q503} lines) and {n_fin} when checkout creates an order (checkout logs the new ERROR "
                      f"'Create order failed ... orders returned HTTP 503 (code=tax_unavailable)', {n_ck} lines, "
                      f"and the gateway returns 502 on POST /api/checkout). No change explains it: dep-501 (orders) "
                      f"and dep-502 (checkout migration) are more than 3 hours earlier, and dep-503 "
                      f"({self.hm(notif)}) restarts the notifications workers, a service with no logs here and no "
                      f"errors. The right answer is 'no deploy is the culprit'. Steady noise: orders 'failed to send "
                      f"order confirmation email, will retry' (ERROR) and webhook requeues (WARN), checkout's Kafka "
                      f"publish retries and cache misses, recommender 504s and scanner 404s at the gateway."),
        }


class HarmlessNeighbour(Scenario):
    """Two deploys 90 s apart; only the second (inventory) causes the NullPointerException."""
    name = "harmless-neighbour"
    files = ("inventory.log", "search.log", "gateway-access.log")
    NEEDLE = "NullPointerException in ReservationService.reserve"

    def build(self):
        c = self.clock = Clock(2026, 3, 7, 10, 0)
        end = 60 * 60.0
        inv_deploy = c.at("10:40:00")
        search_deploy = inv_deploy - 90
        first_bad = inv_deploy + 40.612
        inv_log, search_log, gw_log = (self.logs[f] for f in self.files)
        gw = Gateway(c, gw_log)
        rng = self.rng("world")
        users = make_users(rng, 160)
        skus = sorted({f"SKU-{rng.randint(10000, 29999)}" for _ in range(120)})
        dropship = set(skus[::2])  # stock rows of drop-shipped SKUs have no warehouse

        # ---- inventory (Java, logback text)
        rng = self.rng("inventory")
        inv = Java(c, inv_log, "com.acme.inventory", "InventoryApplication", "inventory.jar")
        old_pods = ["inventory-6d9c8b7f5-hq4zx", "inventory-6d9c8b7f5-w2p7k"]
        new_pods = ["inventory-7f4b5c6d8-b9n3m", "inventory-7f4b5c6d8-r5t8x"]
        inv.rollout(rng, inv_deploy, "7.4.0", old_pods, new_pods,
                    extra=[("org.flywaydb.core.internal.command.DbMigrate",
                            'Successfully applied 1 migration to schema "inventory", now at version v58 (execution time 00:00.412s)')])
        new_ready = inv_deploy + 3.2 + 8.9  # first 7.4.0 pod is serving by then

        def npe_trace():
            return ('java.lang.NullPointerException: Cannot invoke "com.acme.inventory.model.Warehouse.getCode()" '
                    'because the return value of "com.acme.inventory.model.StockItem.getWarehouse()" is null',
                    "\tat com.acme.inventory.service.ReservationService.reserve(ReservationService.java:142)",
                    "\tat com.acme.inventory.web.ReservationController.create(ReservationController.java:61)",
                    "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
                    "\tat org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod"
                    ".invokeAndHandle(ServletInvocableHandlerMethod.java:119)")

        # Reservations: from cart adds (through the gateway) and from checkout (internal, no gateway line).
        calls = [(t, "cart") for t in poisson(rng, 1 / 36.0, 0, end - 3)]
        calls += [(t, "checkout") for t in poisson(rng, 1 / 60.0, 0, end - 3)]
        calls = [x for x in calls if abs(x[0] - first_bad) > 3] + [(first_bad - 0.018, "first")]
        for t, src in sorted(calls):
            u = rng.choice(users)
            sku = rng.choice(sorted(dropship)) if src == "first" else rng.choice(skus)
            qty = rng.choice([1, 1, 1, 2, 3])
            th = inv.thread(rng)
            te = first_bad if src == "first" else t + rng.uniform(0.006, 0.03)
            # 7.4.0 looks up the warehouse code of every stock row; drop-shipped SKUs have none.
            if src == "first" or (te > new_ready and sku in dropship):
                inv.line(te, "ERROR", th, "web.ReservationController",
                         f"{self.NEEDLE} (sku={sku}, qty={qty}, cart={u.cart})", npe_trace())
                if src != "checkout":
                    gw.hit(te + 0.004, u, "POST", "/api/cart/items", 500, 112, f"/p/{sku}")
                continue
            if rng.random() < 0.04:
                inv.line(te, "WARN", th, "service.ReservationService",
                         f"Insufficient stock for sku={sku}: requested={qty} available=0")
                if src != "checkout":
                    gw.hit(te + 0.004, u, "POST", "/api/cart/items", 409, 96, f"/p/{sku}")
                continue
            inv.line(te, "INFO", th, "service.ReservationService",
                     f"Reserved {qty} x {sku} for cart {u.cart} (reservation rsv_{b62(rng, 10)}, ttl=900s)")
            if src != "checkout":
                gw.hit(te + 0.004, u, "POST", "/api/cart/items", 201, rng.randint(420, 460), f"/p/{sku}")
        for t in poisson(rng, 1 / 150.0, 0, end):
            u = rng.choice(users)
            sku = rng.choice(skus)
            inv.line(t + 0.005, "INFO", inv.thread(rng), "web.StockController",
                     f"Stock lookup sku={sku} available={rng.randint(0, 80)} warehouses={rng.randint(1, 3)}")
            gw.hit(t + 0.007, u, "GET", f"/api/stock/{sku}", 200, rng.randint(90, 140), f"/p/{sku}")
        t = 47.2
        while t < end:
            inv.line(t, "INFO", "scheduling-1", "jobs.ReservationSweeper",
                     f"Released {rng.randint(0, 9)} expired reservations")
            t += 120 + rng.uniform(-0.3, 0.3)
        sync_fail = every(rng, rng.uniform(200, 700), end, 780, jitter=0.2)  # steady ERROR
        t = 95.0
        while t < end:  # WMS sync every 5 minutes; a failed one is retried after 60 s
            if any(0 <= t - f < 300 for f in sync_fail):
                f = next(f for f in sync_fail if 0 <= t - f < 300)
                inv.line(f, "ERROR", "wms-sync-1", "sync.WmsSyncJob",
                         "Stock sync with WMS failed for warehouse AMS-1: Read timed out after 10000 ms, will retry in 60s")
                tt = f + 60.3
            else:
                tt = t
            inv.line(tt, "INFO", "wms-sync-1", "sync.WmsSyncJob",
                     f"Stock sync with WMS completed: {rng.randint(200, 1400)} SKUs updated in {rng.randint(300, 1200)} ms")
            t += 300 + rng.uniform(-0.5, 0.5)
        for t in every(rng, rng.uniform(60, 300), end, 330, jitter=0.3):  # steady WARN
            inv.line(t, "WARN", inv.thread(rng), "service.StockService",
                     f"Low stock for sku={rng.choice(skus)}: {rng.randint(1, 4)} remaining")

        # ---- search (Go, JSON lines): the harmless neighbour deploy 90 s earlier
        rng = self.rng("search")
        fleet = Fleet(rng, "search", "8c7b6f5d9", "1.18.2", n=2)
        pairs = fleet.rollout(search_deploy, "9d5f7c8b6", "1.19.0")
        se = Go(c, search_log, "search", fleet)
        se.rollout_lines(rng, pairs, "3be91f0")
        for old, new in pairs:
            se.line(new[4] + 0.15, "info", "index opened", new[0], index="products_v12", docs=48211, segments=3)
        for t in poisson(rng, 1 / 55.0, 0, end):
            u = rng.choice(users)
            q = rng.choice(SEARCHES)
            took = rng.randint(8, 120)
            hits = rng.randint(0, 420)
            se.line(t + took / 1000, "info", "search executed", fleet.pick(rng, t), q=q.replace("+", " "), hits=hits,
                    took_ms=took)
            gw.hit(t + took / 1000 + 0.002, u, "GET", f"/api/search?q={q}", 200, 800 + 40 * min(hits, 48), "/")
        t = 63.0
        while t < end:
            se.line(t, "info", "index batch applied", fleet.pick(rng, t), index="products_v12",
                    updates=rng.randint(3, 60), took_ms=rng.randint(80, 400))
            t += 120 + rng.uniform(-0.3, 0.3)
        for t in every(rng, rng.uniform(60, 400), end, 420, jitter=0.3):  # steady WARN
            se.line(t, "warn", "slow query", fleet.pick(rng, t), q=rng.choice(SEARCHES).replace("+", " "),
                    took_ms=rng.randint(1010, 1900), threshold_ms=1000)
        for t in every(rng, rng.uniform(200, 700), end, 720, jitter=0.2):  # steady ERROR
            se.line(t, "error", "synonyms refresh failed, keeping previous set", fleet.pick(rng, t),
                    source="s3://acme-search-config/synonyms/en.txt", error="RequestTimeout: read timeout after 5s",
                    entries=rng.randint(405, 415))

        rng = self.rng("gateway")
        gw.background(rng, users, skus, end, pages=0.004, products=0.0025, recs=0.0025)

        self.deploy(c.iso_s(search_deploy), "dep-301", "search", "deploy", "1.19.0", "1.18.2",
                    "deploy-bot (approved by tnguyen)", "SRCH-640 typo tolerance for short queries")
        self.deploy(c.iso_s(inv_deploy), "dep-302", "inventory", "deploy", "7.4.0", "7.3.5",
                    "deploy-bot (approved by ebakker)", "INV-902 reserve stock per warehouse (warehouse code on reservations)")

        onset = self.first_line_time("inventory.log", self.NEEDLE)
        assert abs(onset - first_bad) < 1e-9
        n = self.count("inventory.log", self.NEEDLE)
        n_gw = sum(1 for _, _, l in gw_log.events if '/api/cart/items HTTP' in l[0] and '" 500 ' in l[0])
        assert n > n_gw
        self.answer = {
            "culprit": "dep-302",
            "onset": c.iso_ms(onset),
            "cause_service": "inventory",
            "new_error_substring": self.NEEDLE,
            "top_finding_service": "inventory",
            "harmless": ["dep-301"],
            "notes": (f"Two deploys 90 s apart: dep-301 (search 1.19.0, {self.hms(search_deploy)}) and dep-302 "
                      f"(inventory 7.4.0, {self.hms(inv_deploy)}). Inventory 7.4.0 reads the warehouse code of every stock row, and the rows of "
                      f"drop-shipped SKUs have none, so from {self.hms(onset)} reservations of those SKUs fail with the new "
                      f"ERROR 'NullPointerException in ReservationService.reserve' plus a 5-line stack trace "
                      f"(exception line and four TAB-indented 'at' lines) - {n} events. Cart adds among them show "
                      f"as 500 on POST /api/cart/items at the gateway ({n_gw} lines); reservations from checkout are "
                      f"internal. Search restarts and keeps logging normally: it is the nearest deploy before the "
                      f"first error only by timing, not by evidence. Steady noise: the WMS sync ERROR about every "
                      f"13 minutes and low-stock WARNs in inventory, slow queries (WARN) and synonym refresh "
                      f"failures (ERROR) in search, recommender 504s and scanner 404s at the gateway."),
        }


SCENARIOS = [NewErrorAfterDeploy, WarningSpikeAfterDeploy, Cascade, NoDeployFault, HarmlessNeighbour]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("names", nargs="*", help="scenario names (default: all)")
    args = ap.parse_args()
    known = {s.name: s for s in SCENARIOS}
    for n in args.names:
        if n not in known:
            ap.error(f"unknown scenario {n!r}; known: {', '.join(known)}")
    for cls in SCENARIOS:
        if args.names and cls.name not in args.names:
            continue
        scn = cls()
        scn.build()
        report, total = scn.write(args.out)
        print(f"{scn.name}  ({total / 1024:.1f} KB)  onset {scn.answer['onset']}  culprit {scn.answer['culprit']}")
        for f, n in report:
            print(f"    {f:20} {'' if n is None else n:>6}")


if __name__ == "__main__":
    main()

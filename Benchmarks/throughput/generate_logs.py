#!/usr/bin/env python3
"""Generate a large, realistic, time-ordered log file for triage throughput benchmarks.

Five services write five formats into one file (--format mixed, the default):

    payments  JSON lines      {"ts":"2026-03-02T10:15:03.123Z","level":"info","msg":...,"service":"payments",...}
    billing   logfmt          ts=2026-03-02T10:15:03.123Z level=info service=billing-worker msg="..." k=v ...
    checkout  log4j           2026-03-02 10:15:03,123 INFO  [http-nio-8080-exec-3] c.a.c.web.Foo - ...
                              (about 1% of checkout events carry a multi-line Java stack trace)
    gateway   nginx combined  203.0.113.7 - - [02/Mar/2026:10:15:03 +0000] "GET /p/SKU-10423 HTTP/2.0" 200 ...
    node      syslog RFC3164  Mar  2 10:15:03 ip-10-42-3-17 sshd[4121]: Accepted publickey for ...

390 message templates (checkout 138, payments 82, billing 61, gateway 60, node 49; see --templates
and --list-templates) with a Zipf-like frequency: the top 10 make up ~43% of events, the rarest
appear a few times per million. Levels are mostly INFO, some DEBUG/WARN, little ERROR. Values come
from pre-generated pools (8192 users, 2048 orders, 512 client IPs, 4096 UUIDs/hex ids, ...).
Mixed output averages ~135 bytes per line. Timestamps start at 2026-03-02T00:00:00Z, never go
backwards, and 1 GiB of output covers about 24 hours (the step is derived from --size).

Python 3 standard library only. The file is streamed to disk in batches; it is never held in
memory. Output is byte-identical for the same --seed, --size and --format.

    python3 Benchmarks/throughput/generate_logs.py --size 1GiB --out /tmp/big.log
    python3 Benchmarks/throughput/generate_logs.py --size 200MB --out /tmp/json.log --format json --seed 7
    python3 Benchmarks/throughput/generate_logs.py --templates            # number of templates (per --format)
    python3 Benchmarks/throughput/generate_logs.py --list-templates       # service, share, pattern

Sizes accept B, KiB/MiB/GiB/TiB (powers of 1024) and KB/MB/GB/TB (powers of 1000); a bare
K/M/G means KiB/MiB/GiB. The file ends on a line boundary at or just below the requested size
(never inside a stack trace). Summary on stderr: bytes, lines, seconds, MB/s.

How it stays fast: every template is compiled once into a small function that returns the
whole line from one f-string; each variable is an index into a pre-generated pool whose size is
a power of two, so picking a value is `pool[getrandbits(k)]`. The template to emit is picked
from a 2^20-entry table laid out by weight, the time step from a 1024-entry exponential table,
and the timestamp prefixes are rebuilt only when the second changes. Lines are joined and
written in batches of 16k.
"""

import argparse
import datetime as dt
import math
import random
import re
import signal
import string
import sys
import time

EPOCH = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
SPAN_PER_GIB = 24 * 3600  # seconds of log time per GiB of output
KERNEL_BOOT = 1843211  # kernel uptime (s) at EPOCH, for the "[1843211.123456]" stamps
MONTHS = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DECK_BITS = 20  # template pick table: 2^20 entries
STEP_BITS = 10  # time step table: 2^10 entries
BATCH = 16384  # events per write
FORMATS = {"json": "payments", "logfmt": "billing", "log4j": "checkout", "nginx": "gateway", "syslog": "node"}
# Share of events per service in --format mixed (tuned for ~130 bytes per line on average).
SERVICE_SHARE = {"gateway": 0.26, "checkout": 0.25, "payments": 0.13, "billing": 0.12, "node": 0.24}
LEVEL_FACTOR = {"DEBUG": 0.5, "INFO": 1.0, "WARN": 0.15, "ERROR": 0.04}
HINT_FACTOR = {0: 1.0, 1: 1.0, 2: 0.25}  # hint 2 = rare on purpose
ZIPF_S = 1.05
STACK_TRACE_SHARE = 0.01  # of checkout events


# =========================================================================== value pools
def hexs(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


def b62(rng, n, alphabet=string.ascii_letters + string.digits):
    return "".join(rng.choice(alphabet) for _ in range(n))


def lognorm_int(rng, median, sigma, lo, hi):
    return str(max(lo, min(hi, int(rng.lognormvariate(math.log(median), sigma)))))


def weighted(bits, items):
    """A pool of 2^bits entries filled in proportion to the weights (no randomness needed)."""
    size = 1 << bits
    total = sum(w for _, w in items)
    out = []
    for i, (v, w) in enumerate(items):
        k = size - len(out) if i == len(items) - 1 else max(1, round(size * w / total))
        out.extend([v] * k)
    return out[:size]


def cycle(bits, values):
    size = 1 << bits
    return [values[i % len(values)] for i in range(size)]


def build_pools(rng):
    P = {}

    def gen(name, bits, fn):
        P[name] = [fn() for _ in range(1 << bits)]

    R = rng
    # --- identities
    gen("user", 13, lambda: "u_%06d" % R.randint(100000, 999999))                     # 8192 users
    alnum = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    gen("order", 11, lambda: "ORD-" + b62(R, 8, alnum))                                # 2048 orders
    gen("sku", 10, lambda: "SKU-%05d" % R.randint(10000, 39999))
    gen("uuid", 12, lambda: _uuid(R))
    gen("poduid", 6, lambda: _uuid(R).replace("-", "_"))
    gen("hex8", 12, lambda: hexs(R, 8))
    gen("hex12", 12, lambda: hexs(R, 12))
    gen("hex16", 12, lambda: hexs(R, 16))
    gen("hexsmall", 6, lambda: "%x" % R.randint(0x1000, 0x1fffff))
    gen("charge", 12, lambda: "ch_" + b62(R, 14))
    gen("refund", 10, lambda: "re_" + b62(R, 14))
    gen("payout", 8, lambda: "po_" + b62(R, 14))
    gen("pi", 12, lambda: "pi_" + b62(R, 14))
    gen("pm", 10, lambda: "pm_" + b62(R, 14))
    gen("dispute", 8, lambda: "dp_" + b62(R, 12))
    gen("invoice", 11, lambda: "INV-2026-%06d" % R.randint(1, 420000))
    gen("cn", 8, lambda: "%06d" % R.randint(1, 99999))
    gen("shipment", 10, lambda: "SHP-%08d" % R.randint(0, 99999999))
    gen("addr", 10, lambda: "addr_" + hexs(R, 10))
    gen("giftcard", 8, lambda: "GC-" + b62(R, 4, alnum) + "-" + b62(R, 4, alnum))
    gen("last4", 8, lambda: "%04d" % R.randint(0, 9999))
    firsts = ["anna", "bas", "chris", "dana", "eva", "femke", "gijs", "hana", "ivo", "jan", "kim", "lotte",
              "mila", "noah", "olga", "pieter", "quinn", "ruben", "sara", "tom", "uma", "vera", "wout", "yara"]
    lasts = ["smit", "jansen", "devries", "bakker", "visser", "mueller", "schmidt", "martin", "bernard",
             "garcia", "rossi", "kowalski", "nowak", "berg", "lind", "peeters"]
    doms = ["gmail.com", "outlook.com", "example.com", "example.org", "proton.me", "web.de", "yahoo.com"]
    gen("email", 11, lambda: "%s.%s%s@%s" % (R.choice(firsts), R.choice(lasts),
                                             R.choice(["", "", str(R.randint(1, 99))]), R.choice(doms)))
    # --- network
    nets = ["192.0.2.", "198.51.100.", "203.0.113."]
    gen("cip", 9, lambda: R.choice(nets) + str(R.randint(2, 254)))                  # 512 client IPs
    gen("iip", 9, lambda: "10.42.%d.%d" % (R.randint(0, 15), R.randint(2, 254)))   # 512 pod/node IPs
    gen("port", 10, lambda: str(R.randint(32768, 60999)))
    P["ipport"] = [P["iip"][R.getrandbits(9)] + ":" + P["port"][R.getrandbits(10)] for _ in range(1 << 12)]
    P["lport"] = weighted(4, [("443", 6), ("22", 4), ("80", 3), ("8080", 2), ("5432", 1)])
    kinds = ["db", "db-replica", "cache", "redis", "kafka", "search", "auth", "ledger", "mq", "vault",
             "inventory", "pricing"]
    gen("host", 6, lambda: "%s-%d.%s.internal" % (R.choice(kinds), R.randint(1, 9),
                                                  R.choice(["prod", "prod", "prod", "eu-west-1.prod"])))
    P["dbhost"] = cycle(3, ["db-%d.prod.internal" % i for i in range(1, 9)])
    P["kafkahost"] = cycle(3, ["kafka-%d.prod.internal" % i for i in range(1, 9)])
    P["node"] = ["ip-10-42-%d-%d" % (i, R.randint(2, 250)) for i in range(16)]
    gen("mac", 4, lambda: ":".join("%02x" % R.getrandbits(8) for _ in range(14)))
    P["eni"] = ["eni" + hexs(R, 11) for _ in range(16)]
    svcs = ["payments", "inventory", "shipping", "pricing", "catalog", "fraud", "tax", "notifications",
            "ledger", "search", "auth", "recommendations", "loyalty", "fx-rates", "customers", "orders"]
    P["svc"] = cycle(4, svcs)
    resources = ["charges", "reservations", "quotes", "prices", "products", "scores", "rates", "messages",
                 "entries", "customers", "tokens", "orders"]
    gen("url", 8, lambda: "https://%s.prod.internal:8443/v1/%s/%s" % (R.choice(svcs), R.choice(resources),
                                                                        hexs(R, 8)))
    gen("whurl", 6, lambda: "https://hooks.%s.example.com/%s" % (R.choice(["merchant", "erp", "crm", "acme"]),
                                                                 R.choice(["payments", "stripe", "events"])))
    app_paths = ["/api/cart", "/api/cart/items", "/api/checkout", "/api/orders", "/api/products",
                 "/api/search", "/api/recommendations", "/api/account/addresses", "/api/promo/apply",
                 "/api/shipping/quote", "/api/wishlist", "/api/auth/refresh"]
    P["path"] = cycle(4, app_paths)
    # --- numbers
    gen("ms", 10, lambda: lognorm_int(R, 35, 1.0, 1, 60000))
    gen("ms_slow", 8, lambda: lognorm_int(R, 2600, 0.6, 1001, 60000))
    gen("backoff", 6, lambda: str(R.choice([100, 200, 250, 400, 500, 800, 1000, 1600, 2000, 5000])))
    P["thr"] = weighted(3, [("250", 2), ("500", 3), ("1000", 2), ("2000", 1)])
    gen("n", 8, lambda: str(min(64, 1 + int(R.expovariate(0.25)))))
    gen("count", 10, lambda: lognorm_int(R, 800, 1.5, 0, 5000000))
    gen("kb", 10, lambda: lognorm_int(R, 250000, 1.2, 4, 64000000))
    gen("bsmall", 10, lambda: lognorm_int(R, 320, 0.6, 20, 4000))
    gen("bmed", 10, lambda: lognorm_int(R, 4200, 0.7, 300, 90000))
    gen("blarge", 10, lambda: lognorm_int(R, 38000, 0.9, 2000, 2000000))
    gen("amount", 10, lambda: "%.2f" % (round(R.lognormvariate(math.log(45), 0.9) * 4) / 4 + 0.99))
    gen("score", 8, lambda: "%.3f" % R.betavariate(1.2, 6))
    gen("fxrate", 8, lambda: "%.5f" % R.uniform(0.6, 1.6))
    P["taxrate"] = weighted(3, [("0.21", 3), ("0.19", 2), ("0.20", 1), ("0.23", 1), ("0.25", 1)])
    gen("cpus", 8, lambda: R.choice(["%dms" % R.randint(5, 999), "%.3fs" % R.uniform(1, 59),
                                     "%dmin %.3fs" % (R.randint(1, 30), R.uniform(0, 59))]))
    gen("dur", 9, lambda: _duration(R))
    P["attempt"] = weighted(3, [("1", 5), ("2", 2), ("3", 1)])
    P["partition"] = [str(i) for i in range(16)]
    gen("offset", 12, lambda: str(R.randint(800000, 99000000)))
    gen("pid", 10, lambda: str(R.randint(1200, 4194000)))
    gen("session", 10, lambda: str(R.randint(1, 90000)))
    P["lpid"] = cycle(2, ["612", "588", "701", "640"])
    P["jpid"] = cycle(2, ["301", "297", "318", "289"])
    P["uid"] = weighted(3, [("1000", 5), ("1001", 2), ("0", 1)])
    P["oomadj"] = weighted(2, [("0", 1), ("-997", 1), ("999", 1), ("1000", 1)])
    gen("len", 6, lambda: str(R.choice([40, 44, 52, 60, 64])))
    gen("ttl", 5, lambda: str(R.choice([46, 49, 50, 52, 53, 56, 111, 113, 237, 241])))
    gen("pktid", 10, lambda: str(R.randint(1, 65535)))
    gen("win", 5, lambda: str(R.choice([1024, 14600, 29200, 64240, 65535])))
    gen("audit", 10, lambda: "%d.%03d:%d" % (1772409600 + R.randint(0, 400000), R.randint(0, 999),
                                             R.randint(100, 99999)))
    P["u3"] = ["%03d" % (i % 1000) for i in range(1024)]
    P["page"] = weighted(4, [(str(i), 1.0 / i) for i in range(1, 11)])
    P["imgn"] = cycle(3, [str(i) for i in range(1, 9)])
    # --- enums
    P["bool"] = weighted(3, [("true", 5), ("false", 3)])
    P["currency"] = weighted(5, [("EUR", 20), ("USD", 6), ("GBP", 3), ("SEK", 1), ("PLN", 1), ("CHF", 1)])
    P["brand"] = weighted(3, [("visa", 4), ("mastercard", 3), ("amex", 1)])
    P["country"] = cycle(4, ["NL", "DE", "BE", "FR", "GB", "ES", "IT", "AT", "PL", "SE", "DK", "IE"])
    P["carrier"] = cycle(3, ["postnl", "dhl", "dpd", "ups", "gls", "bpost", "colissimo", "seur"])
    P["store"] = weighted(3, [("redis", 3), ("postgres", 3), ("replica", 1), ("local-cache", 1)])
    P["cacheop"] = weighted(3, [("get", 5), ("put", 2), ("evict", 1)])
    gen("key", 11, lambda: R.choice(["cart", "sku", "price", "stock", "user", "session", "promo"]) + ":" +
        hexs(R, 8))
    P["method"] = weighted(5, [("GET", 20), ("POST", 8), ("PUT", 2), ("DELETE", 1), ("PATCH", 1)])
    P["status"] = weighted(4, [("200", 11), ("201", 2), ("204", 1), ("404", 1), ("500", 1)])
    P["promo"] = cycle(3, ["SPRING10", "WELCOME5", "FREESHIP", "VIP20", "WINTER15", "BFRIDAY", "APP15", "NL25"])
    P["errs"] = [
        "connection reset by peer", "i/o timeout", "context deadline exceeded", "connection refused",
        "broken pipe", "too many connections", "deadlock detected", "could not serialize access",
        "read timeout", "upstream unavailable", "no route to host", "TLS handshake timeout",
        "unexpected EOF", "lock wait timeout exceeded", "service unavailable", "duplicate key value"]
    P["err"] = cycle(4, P.pop("errs"))
    P["errcode"] = weighted(3, [("card_declined", 3), ("insufficient_funds", 2), ("processing_error", 1),
                                ("rate_limited", 1), ("do_not_honor", 1)])
    P["voidreason"] = cycle(2, ["customer_cancelled", "duplicate", "fraud_suspected", "expired"])
    P["acs"] = cycle(2, ["visa-secure", "mc-identity-check", "amex-safekey", "visa-secure"])
    P["dispreason"] = cycle(2, ["fraudulent", "product_not_received", "duplicate", "subscription_canceled"])
    P["ledgeracct"] = cycle(2, ["merchant_balance", "fees", "reserve", "refunds_payable"])
    P["evtype"] = cycle(3, ["charge.succeeded", "charge.failed", "refund.created", "payout.paid",
                            "dispute.created", "payment_method.attached", "invoice.paid", "charge.captured"])
    P["plan"] = cycle(2, ["starter", "pro", "business", "enterprise"])
    P["meter"] = cycle(2, ["api_calls", "storage_gb", "seats", "emails_sent"])
    P["worker"] = ["bw-%d" % i for i in range(1, 9)]
    P["skipreason"] = cycle(2, ["already_processed", "customer_deleted", "zero_amount", "on_hold"])
    P["delreason"] = cycle(2, ["expired", "user_request", "merged", "cleanup"])
    P["category"] = cycle(3, ["shoes", "running", "outdoor", "kids", "sale", "accessories", "socks", "jackets"])
    P["query"] = cycle(4, ["running+shoes", "trail", "waterproof+jacket", "socks", "gore-tex", "kids+boots",
                           "sale", "hiking+boots", "rain+jacket", "gift+card", "insoles", "fleece",
                           "trail+running+shoes+women", "beanie", "gloves", "backpack"])
    P["thread"] = ["http-nio-8080-exec-%d" % min(200, 1 + int(R.expovariate(0.12))) for _ in range(256)]
    P["sched"] = cycle(3, ["scheduling-1", "scheduling-2", "task-3", "task-7", "main", "kafka-producer-1",
                           "cache-refresh-1", "flag-poller-1"])
    P["http"] = weighted(2, [("HTTP/2.0", 3), ("HTTP/1.1", 1)])
    P["ref"] = weighted(5, [("-", 24), ("https://shop.example.com/", 4), ("https://shop.example.com/cart", 3),
                            ("https://shop.example.com/checkout", 2), ("https://www.google.com/", 3),
                            ("https://shop.example.com/c/running", 2), ("https://shop.example.com/account", 1),
                            ("https://duckduckgo.com/", 1)])
    P["ua"] = weighted(6, [
        ("ShopApp/4.12.1 (Android 14; Pixel 7)", 12),
        ("ShopApp/4.12.1 (iPhone; iOS 17.3.1)", 11),
        ("ShopApp/4.11.0 (Android 13; SM-S911B)", 6),
        ("okhttp/4.12.0", 10),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/122.0.0.0 Safari/537.36", 4),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1", 3),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0", 2),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 2),
        ("curl/8.5.0", 1), ("Go-http-client/2.0", 2)])
    P["scanua"] = cycle(2, ["Mozilla/5.0 zgrab/0.x", "python-requests/2.31.0", "Go-http-client/1.1",
                            "curl/7.88.1"])
    P["sshuser"] = weighted(3, [("deploy", 4), ("ec2-user", 2), ("ansible", 1), ("admin", 1)])
    P["invuser"] = cycle(6, ["admin", "test", "oracle", "postgres", "user", "guest", "ftpuser", "pi", "ubuntu",
                             "support", "git", "www", "hadoop", "minecraft", "steam", "ts3", "nagios", "mysql",
                             "jenkins", "sonar", "elastic", "dev", "tomcat", "student", "teamspeak", "vagrant",
                             "odoo", "gpadmin", "es", "kafka", "zabbix", "ansible"])
    gen("fp", 3, lambda: "SHA256:" + b62(R, 43, string.ascii_letters + string.digits + "+/"))
    P["proc"] = cycle(3, ["java", "node", "python3", "envoy", "postgres", "containerd-shim", "prometheus",
                          "ruby"])
    P["unit"] = weighted(5, [
        ("apt-daily.service", 2), ("apt-daily-upgrade.service", 1), ("logrotate.service", 3),
        ("man-db.service", 1), ("sysstat-collect.service", 6), ("fstrim.service", 1), ("motd-news.service", 1),
        ("systemd-tmpfiles-clean.service", 2), ("node-exporter.service", 1), ("amazon-ssm-agent.service", 1),
        ("containerd.service", 1), ("kubelet.service", 1), ("chrony.service", 1), ("update-notifier-download.service", 1),
        ("e2scrub_all.service", 1), ("user@1000.service", 2), ("session-42.scope", 1), ("docker-prune.service", 1)])
    return P


def _uuid(R):
    h = "%032x" % R.getrandbits(128)
    h = h[:12] + "4" + h[13:16] + "89ab"[R.getrandbits(2)] + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def _duration(R):
    r = R.random()
    if r < 0.35:
        return "%dms" % R.randint(40, 999)
    if r < 0.75:
        return "%.3fs" % R.uniform(1, 59.999)
    if r < 0.95:
        return "%dm%02ds" % (R.randint(1, 59), R.randint(0, 59))
    return "%dh%02dm%02ds" % (R.randint(1, 5), R.randint(0, 59), R.randint(0, 59))


# =========================================================================== stack traces
_APP = {
    "pay": "com.acme.checkout.payments.PaymentClient.charge(PaymentClient.java:{L})",
    "place": "com.acme.checkout.service.CheckoutService.placeOrder(CheckoutService.java:{L})",
    "prepare": "com.acme.checkout.service.CheckoutService.prepare(CheckoutService.java:{L})",
    "submit": "com.acme.checkout.web.CheckoutController.submit(CheckoutController.java:{L})",
    "create": "com.acme.checkout.service.OrderService.create(OrderService.java:{L})",
    "publish": "com.acme.checkout.events.OrderEventPublisher.publish(OrderEventPublisher.java:{L})",
    "refresh": "com.acme.checkout.cache.CatalogCache.refresh(CatalogCache.java:{L})",
    "totals": "com.acme.checkout.service.CartService.totals(CartService.java:{L})",
    "reserve": "com.acme.checkout.inventory.InventoryClient.reserve(InventoryClient.java:{L})",
    "release": "com.acme.checkout.inventory.InventoryClient.release(InventoryClient.java:{L})",
}


def app(*names):
    """The application part of a stack (deepest frame first); always emitted in full."""
    return [_APP[n] for n in names]


FRAMES = {
    "spring": ["org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:184)",
               "org.springframework.transaction.interceptor.TransactionInterceptor.invoke(TransactionInterceptor.java:119)",
               "org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor.intercept(CglibAopProxy.java:765)",
               "org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:150)",
               "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.handleInternal(RequestMappingHandlerAdapter.java:808)",
               "org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
               "org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1011)"],
    "tomcat": ["org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)",
               "org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)",
               "org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:391)",
               "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1744)",
               "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
               "java.base/java.lang.Thread.run(Thread.java:840)"],
    "sched": ["org.springframework.scheduling.support.ScheduledMethodRunnable.run(ScheduledMethodRunnable.java:84)",
              "java.base/java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:539)",
              "java.base/java.util.concurrent.FutureTask.runAndReset(FutureTask.java:305)",
              "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
              "java.base/java.lang.Thread.run(Thread.java:840)"],
    "net": ["java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)",
            "java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:314)",
            "java.base/java.net.Socket$SocketInputStream.read(Socket.java:966)",
            "java.base/sun.net.www.http.HttpClient.parseHTTPHeader(HttpClient.java:789)",
            "org.springframework.http.client.SimpleClientHttpResponse.getRawStatusCode(SimpleClientHttpResponse.java:55)",
            "org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:776)"],
    "connect": ["java.base/sun.nio.ch.Net.connect0(Native Method)",
                "java.base/sun.nio.ch.Net.connect(Net.java:579)",
                "java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:583)",
                "java.base/java.net.Socket.connect(Socket.java:633)",
                "feign.Client$Default.execute(Client.java:100)",
                "feign.SynchronousMethodHandler.executeAndDecode(SynchronousMethodHandler.java:119)"],
    "jdbc": ["com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)",
             "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)",
             "com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)",
             "org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl.getConnection(DatasourceConnectionProviderImpl.java:122)",
             "org.hibernate.resource.jdbc.internal.LogicalConnectionManagedImpl.acquireConnectionIfNeeded(LogicalConnectionManagedImpl.java:108)"],
    "kafka": ["org.apache.kafka.clients.producer.internals.FutureRecordMetadata.valueOrError(FutureRecordMetadata.java:98)",
              "org.apache.kafka.clients.producer.internals.FutureRecordMetadata.get(FutureRecordMetadata.java:67)",
              "org.springframework.kafka.core.KafkaTemplate.doSend(KafkaTemplate.java:721)"],
}

# name -> (exception header, frame groups, optional cause (header, frame group)). A frame group is a
# FRAMES key (a random-length prefix of it is used) or an explicit list of app frames (used in full).
EXCEPTIONS = {
    "payments_timeout": (
        'org.springframework.web.client.ResourceAccessException: I/O error on POST request for '
        '"http://payments.prod.internal:8080/v1/charges": Read timed out',
        ["net", app("pay", "place", "submit"), "spring", "tomcat"], ("java.net.SocketTimeoutException: Read timed out", "net")),
    "npe": (
        'java.lang.NullPointerException: Cannot invoke "com.acme.checkout.model.Cart.getItems()" because '
        '"cart" is null', [app("totals", "prepare", "submit"), "spring", "tomcat"], None),
    "kafka": (
        "org.apache.kafka.common.errors.TimeoutException: Expiration of 1 record(s) for orders.v1-{P}:120000 ms "
        "has passed since batch creation", ["kafka", app("publish", "create"), "sched"], None),
    "jdbc": (
        "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection",
        ["jdbc", app("refresh"), "sched"],
        ("java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed "
         "out after 30000ms.", "jdbc")),
    "state": (
        "java.lang.IllegalStateException: Reservation RSV-{H} expired before payment completed",
        [app("reserve", "place", "submit"), "spring", "tomcat"], None),
    "connect": (
        "feign.RetryableException: Connection refused executing POST "
        "http://inventory.prod.internal:8080/v1/reservations/release",
        ["connect", app("release", "place", "submit"), "spring", "tomcat"], ("java.net.ConnectException: Connection refused", "connect")),
}


def build_traces(rng, name, n=32):
    header, groups, cause = EXCEPTIONS[name]
    out = []
    for _ in range(n):
        frames = []
        for grp in groups:
            if isinstance(grp, list):
                frames.extend(grp)
            else:
                fr = FRAMES[grp]
                frames.extend(fr[: rng.randint(max(1, len(fr) // 2), len(fr))])
        frames = frames[:rng.randint(5, 15)]
        lines = [header.replace("{P}", str(rng.randint(0, 11))).replace("{H}", hexs(rng, 8))]
        lines += ["\tat " + f.replace("{L}", str(rng.randint(40, 480))) for f in frames]
        if cause is not None and rng.random() < 0.6:
            ch, cg = cause
            cf = FRAMES[cg][: rng.randint(2, len(FRAMES[cg]))]
            lines.append("Caused by: " + ch)
            lines += ["\tat " + f.replace("{L}", str(rng.randint(40, 480))) for f in cf]
            lines.append("\t... %d more" % rng.randint(20, 60))
        out.append("\n" + "\n".join(lines))
    return out


# Continuation lines of a stack trace start with one of these (used to never cut inside a trace).
CONTINUATION = ("\t", "Caused by: ", "java.", "org.", "feign.", "com.")


# =========================================================================== templates
class Tpl:
    __slots__ = ("service", "level", "pattern", "hint", "share", "group", "weight", "trace")

    def __init__(self, service, level, pattern, hint=1, share=1.0, group=None, trace=False):
        self.service, self.level, self.pattern = service, level, pattern
        self.hint, self.share, self.group, self.trace = hint, share, group or pattern, trace
        self.weight = 0.0


CK = "com.acme.checkout."


def abbreviate(logger, target=36):
    """Logback's %logger{36}: shorten package segments (left to right) to one letter until it fits."""
    parts = logger.split(".")
    for i in range(len(parts) - 1):
        if len(".".join(parts)) <= target:
            break
        parts[i] = parts[i][0]
    return ".".join(parts)


def checkout_templates():
    T = []

    def add(level, logger, msg, hint=1, thread="thread", trace=None):
        pat = "{ts_l4j} %-5s [{%s}] %s - %s%s\n" % (level, thread, abbreviate(CK + logger), msg,
                                                       "{trace_%s}" % trace if trace else "")
        T.append(Tpl("checkout", level, pat, hint, trace=bool(trace)))

    # Hand-written core flow (the most frequent lines).
    add("INFO", "web.RequestLoggingFilter", "Completed {method} {path} with status {status} in {ms}ms", 0)
    add("INFO", "service.CartService", "Added sku={sku} qty={n} to cart {hex8}", 0)
    add("DEBUG", "cache.CatalogCache", "Cache hit for {key}", 0)
    add("INFO", "inventory.InventoryClient", "Reserved {n} items for order {order} in {ms}ms", 0)
    add("INFO", "web.CheckoutController",
        "Checkout requested cart={hex8} user={user} items={n} total={amount} EUR traceId={hex16}", 0)
    add("INFO", "payments.PaymentClient", "Payment authorized for order {order}: charge={charge} in {ms}ms", 0)
    add("INFO", "service.OrderService", "Order {order} placed for user {user}: {n} items, total {amount} EUR", 0)
    add("DEBUG", "cache.CacheMetrics", "cache {cacheop} for key {key} took {ms}ms (hit={bool})", 0)
    add("INFO", "web.CartController", "Loaded cart {hex8} for user {user} ({n} items, subtotal={amount} EUR)", 0)
    add("INFO", "shipping.ShippingQuoteClient",
        "Shipping quote for {country}: {amount} EUR ({carrier}, {n}-{n} days) in {ms}ms", 0)
    add("INFO", "notify.EmailNotifier", "Sent order confirmation email to {email} for order {order}", 0)
    add("WARN", "inventory.InventoryClient", "Out of stock: sku={sku} requested={n} available=0")
    add("WARN", "inventory.InventoryClient", "Low stock for sku={sku}: {n} remaining")
    add("WARN", "web.RequestTimingFilter", "Slow request {method} {path} took {ms_slow}ms")
    add("INFO", "promo.PromoService", "Applied promo {promo} to cart {hex8}: -{amount} EUR")
    add("WARN", "promo.PromoService", "Promo code {promo} rejected for cart {hex8}: not eligible")
    add("INFO", "cache.CatalogCache", "Refreshed catalog cache: {count} entries in {ms}ms", 1, "sched")
    add("INFO", "flags.FeatureFlagClient", 'Feature flags refreshed: {n} flags, {n} changed (etag W/"{hex8}")', 1,
        "sched")
    add("INFO", "events.OrderEventPublisher", "Published OrderPlaced for {order} to orders.v1-{partition}@{offset}")
    add("WARN", "http.DownstreamClient", "Call to {svc} at {url} timed out after {ms_slow}ms (attempt {attempt}/3)")
    add("ERROR", "db.HikariPoolMonitor",
        "HikariPool-1 - Connection is not available, request timed out after {ms_slow}ms.", 2)
    add("DEBUG", "db.HikariPoolMonitor",
        "HikariPool-1 - Added connection conn{count}: url=jdbc:postgresql://{dbhost}:5432/checkout user=checkout")
    add("INFO", "jobs.AbandonedCartJob", "Abandoned cart sweep: {n} carts expired, {n} reminder emails queued", 1,
        "sched")
    add("DEBUG", "web.SessionManager", "Session {hex16} refreshed for user {user} from {cip}")

    # Generated: entity x action (readable, but each one its own template).
    entities = [
        ("service.CartService", "cart", "{hex8}"),
        ("service.OrderService", "order", "{order}"),
        ("inventory.ReservationService", "reservation", "RSV-{hex8}"),
        ("shipping.ShipmentService", "shipment", "{shipment}"),
        ("payments.PaymentIntentService", "payment intent", "{pi}"),
        ("promo.PromoService", "promo code", "{promo}"),
        ("web.SessionManager", "session", "{hex16}"),
        ("shipping.AddressService", "address", "{addr}"),
        ("wishlist.WishlistService", "wishlist", "{hex12}"),
        ("billing.InvoiceClient", "invoice", "{invoice}"),
        ("customer.ProfileService", "customer profile", "{user}"),
        ("giftcard.GiftCardService", "gift card", "{giftcard}"),
    ]
    actions = [
        ("INFO", "Created {E} {ID} for user {user}"),
        ("DEBUG", "Loaded {E} {ID} from {store} in {ms}ms"),
        ("INFO", "Updated {E} {ID}: {n} fields changed in {ms}ms"),
        ("INFO", "Deleted {E} {ID} (reason={delreason})"),
        ("DEBUG", "Validated {E} {ID} against {n} rules in {ms}ms"),
        ("WARN", "Slow lookup of {E} {ID}: took {ms_slow}ms (threshold {thr}ms)"),
        ("WARN", "Retrying update of {E} {ID} after {err} (attempt {attempt}/3)"),
        ("WARN", "Optimistic lock conflict on {E} {ID}: expected version {n}, found {n}"),
        ("ERROR", "Failed to persist {E} {ID}: {err}"),
    ]
    for logger, noun, ident in entities:
        for level, msg in actions:
            add(level, logger, msg.replace("{E}", noun).replace("{ID}", ident))

    # Errors with a Java stack trace (their total is pinned to STACK_TRACE_SHARE of checkout).
    add("ERROR", "web.CheckoutController", "Unhandled exception processing checkout for order {order}",
        trace="payments_timeout")
    add("ERROR", "web.GlobalExceptionHandler",
        "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception", trace="npe")
    add("ERROR", "events.OrderEventPublisher", "Failed to publish OrderPlaced for {order}, will retry (attempt {attempt}/5)",
        thread="sched", trace="kafka")
    add("ERROR", "cache.CatalogCache", "Error while refreshing catalog cache", thread="sched", trace="jdbc")
    add("ERROR", "web.GlobalExceptionHandler", "Request processing failed for {method} {path}", trace="state")
    add("ERROR", "inventory.InventoryClient", "Could not release reservation RSV-{hex8} for order {order}",
        trace="connect")
    return T


def payments_templates():
    T = []

    def add(level, msg, extra, hint=1):
        pat = '{"ts":"{ts_iso}","level":"%s","msg":"%s","service":"payments"%s}\n' % (level.lower(), msg, extra)
        T.append(Tpl("payments", level, pat, hint))

    add("INFO", "charge {charge} captured for {amount} {currency} in {ms}ms", ',"order_id":"{order}"', 0)
    add("DEBUG", "health check ok", ',"probe":"readiness"', 0)
    add("INFO", "http request completed",
        ',"http":{"method":"POST","path":"/v1/charges","status":200,"duration_ms":{ms}}', 0)
    add("INFO", "http request completed",
        ',"http":{"method":"GET","path":"/v1/payment_intents/{pi}","status":200,"duration_ms":{ms}}')
    add("WARN", "http request completed",
        ',"http":{"method":"POST","path":"/v1/charges","status":429,"duration_ms":{ms}}')
    add("DEBUG", "db pool stats", ',"pool":"primary","active":{n},"idle":{n},"waiting":{n}', 0)
    add("INFO", "retrying charge for order {order} in {backoff}ms", ',"attempt":{attempt}')
    add("WARN", "circuit breaker opened for {svc}", ',"failures":{n},"window_s":30', 2)
    add("INFO", "circuit breaker closed for {svc}", ',"open_for_ms":{ms_slow}', 2)
    add("WARN", "slow query detected",
        ',"query":"SELECT * FROM charges WHERE order_id = $1","duration_ms":{ms_slow}')
    add("INFO", "processed webhook event evt_{hex16}", ',"type":"{evtype}","ms":{ms}', 0)
    add("WARN", "upstream connection reset", ',"peer":"{ipport}","host":"{host}","error":"{err}"')

    ops = [
        ("charge", ',"order_id":"{order}","amount":{amount},"currency":"{currency}"'),
        ("refund", ',"refund_id":"{refund}","charge_id":"{charge}","amount":{amount}'),
        ("capture", ',"charge_id":"{charge}","amount":{amount},"currency":"{currency}"'),
        ("authorization void", ',"charge_id":"{charge}","reason":"{voidreason}"'),
        ("payout", ',"payout_id":"{payout}","amount":{amount},"currency":"{currency}"'),
        ("3ds challenge", ',"order_id":"{order}","acs":"{acs}"'),
        ("webhook delivery", ',"event_id":"{uuid}","endpoint":"{whurl}"'),
        ("card tokenization", ',"customer_id":"{user}","brand":"{brand}","last4":"{last4}"'),
        ("fraud check", ',"order_id":"{order}","score":{score},"rules_hit":{n}'),
        ("settlement batch", ',"batch_id":"{hex12}","transactions":{count}'),
        ("dispute update", ',"dispute_id":"{dispute}","reason":"{dispreason}"'),
        ("payment method update", ',"customer_id":"{user}","pm_id":"{pm}"'),
        ("ledger entry", ',"entry_id":"{uuid}","account":"{ledgeracct}","amount":{amount}'),
        ("fx conversion", ',"from":"{currency}","to":"{currency}","rate":{fxrate}'),
    ]
    outcomes = [
        ("INFO", "%s request received", ''),
        ("INFO", "%s succeeded", ',"latency_ms":{ms}'),
        ("DEBUG", "%s payload validated", ',"fields":{n}'),
        ("WARN", "%s retry scheduled", ',"attempt":{attempt},"retry_in_ms":{backoff}'),
        ("ERROR", "%s failed", ',"error":"{err}","code":"{errcode}"'),
    ]
    for op, fields in ops:
        for level, msg, extra in outcomes:
            add(level, msg % op, fields + extra)
    return T


def billing_templates():
    T = []

    def add(level, msg, kv, hint=1):
        m = '"%s"' % msg if (" " in msg or "{" in msg) else msg
        pat = "ts={ts_iso} level=%s service=billing-worker msg=%s %s\n" % (level.lower(), m, kv)
        T.append(Tpl("billing", level, pat, hint))

    add("INFO", "consumer lag", "topic=billing.events partition={partition} lag={count}", 0)
    add("DEBUG", "poll", "queue=billing.jobs got={n} wait={ms}ms", 0)
    add("DEBUG", "heartbeat", "worker={worker} inflight={n} uptime={dur}", 0)
    add("INFO", "lease acquired", "lease=billing-scheduler holder={worker} ttl=30s", 2)
    add("INFO", "http request", "method={method} path=/v1/invoices/{invoice} status=200 duration={ms}ms", 0)
    add("WARN", "rate limited by upstream, backing off", "upstream={svc} wait={backoff}ms")
    add("WARN", "invoice total mismatch", "invoice={invoice} expected={amount} actual={amount}")
    add("INFO", "processed {count} usage records in {dur}", "job=usage-aggregation worker={worker}")
    add("ERROR", "database query failed", 'query=update_invoice_status err="{err}" duration={ms_slow}ms')
    add("INFO", "connected to broker", "broker={kafkahost}:9092 client_id={worker}", 2)
    add("INFO", "invoice emailed", "invoice={invoice} to={email} provider=ses")

    jobs = [
        ("invoice-generation", "invoice={invoice} customer={user}"),
        ("subscription-renewal", "subscription=sub_{hex12} plan={plan}"),
        ("usage-aggregation", "account={user} meter={meter} units={count}"),
        ("dunning", "invoice={invoice} attempt={attempt}"),
        ("tax-calculation", "invoice={invoice} country={country} rate={taxrate}"),
        ("credit-note", "credit_note=CN-{cn} invoice={invoice}"),
        ("statement-export", "account={user} period=2026-02 format=pdf"),
        ("ledger-reconciliation", "batch={hex12} entries={count}"),
        ("proration", "subscription=sub_{hex12} from={plan} to={plan}"),
        ("payment-retry", "invoice={invoice} amount={amount} currency={currency}"),
    ]
    phases = [
        ("INFO", "job started", "job=%s batch_size={count} worker={worker}", False),
        ("DEBUG", "item processed", "job=%s %s duration={ms}ms", True),
        ("INFO", "job finished", "job=%s processed={count} failed={n} duration={dur}", False),
        ("WARN", "item skipped", "job=%s %s reason={skipreason}", True),
        ("ERROR", "item failed", 'job=%s %s err="{err}" retry={bool}', True),
    ]
    for job, keys in jobs:
        for level, msg, kv, with_keys in phases:
            add(level, msg, kv % ((job, keys) if with_keys else job))
    return T


def gateway_templates():
    T = []
    # (method, path, body-size pool, [(status, share)], hint)
    routes = [
        ("GET", "/api/products/{sku}", "{bmed}", [(200, 90), (304, 6), (404, 4)], 0),
        ("GET", "/healthz", "2", [(200, 100)], 0),
        ("GET", "/api/cart", "{bsmall}", [(200, 100)], 0),
        ("POST", "/api/events", "0", [(204, 100)], 0),
        ("GET", "/images/products/{sku}/{imgn}.webp", "{blarge}", [(200, 85), (304, 15)], 0),
        ("GET", "/p/{sku}", "{blarge}", [(200, 96), (404, 4)], 0),
        ("POST", "/api/cart/items", "{bsmall}", [(201, 90), (409, 6), (400, 4)], 0),
        ("GET", "/api/search?q={query}", "{bmed}", [(200, 97), (499, 3)], 0),
        ("GET", "/static/js/app.{hex8}.js", "{blarge}", [(200, 70), (304, 30)], 0),
        ("GET", "/api/products?category={category}&page={page}", "{bmed}", [(200, 100)], 0),
        ("GET", "/c/{category}", "{blarge}", [(200, 100)], 0),
        ("DELETE", "/api/cart/items/{sku}", "0", [(204, 100)], 1),
        ("POST", "/api/checkout", "{bsmall}", [(200, 93), (422, 3), (502, 2.5), (504, 1.5)], 1),
        ("GET", "/api/orders/{order}", "{bmed}", [(200, 95), (404, 5)], 1),
        ("GET", "/api/recommendations?sku={sku}", "{bmed}", [(200, 95), (504, 5)], 1),
        ("GET", "/static/css/main.{hex8}.css", "{blarge}", [(200, 70), (304, 30)], 1),
        ("POST", "/api/auth/login", "{bsmall}", [(200, 80), (401, 18), (429, 2)], 1),
        ("POST", "/api/auth/refresh", "{bsmall}", [(200, 95), (401, 5)], 1),
        ("GET", "/api/account/orders?page={page}", "{bmed}", [(200, 100)], 1),
        ("PUT", "/api/account/addresses/{addr}", "{bsmall}", [(200, 95), (422, 5)], 1),
        ("GET", "/api/shipping/quote?country={country}", "{bsmall}", [(200, 100)], 1),
        ("POST", "/api/promo/apply", "{bsmall}", [(200, 70), (400, 30)], 1),
        ("GET", "/api/wishlist", "{bsmall}", [(200, 100)], 1),
        ("POST", "/api/payments/webhook", "{bsmall}", [(200, 97), (400, 3)], 1),
        ("GET", "/favicon.ico", "{bsmall}", [(200, 50), (304, 50)], 1),
        ("GET", "/robots.txt", "312", [(200, 100)], 2),
        ("GET", "/sitemap.xml", "{blarge}", [(200, 100)], 2),
        ("GET", "/api/giftcards/{giftcard}/balance", "{bsmall}", [(200, 80), (404, 20)], 2),
        ("POST", "/api/newsletter/subscribe", "{bsmall}", [(201, 90), (409, 10)], 2),
    ]
    err_size = {404: "153", 502: "157", 504: "167", 499: "0", 429: "169", 401: "61", 400: "87", 409: "96",
                422: "112", 304: "0"}
    for method, path, size, statuses, hint in routes:
        ip, ua, ref = ("{iip}", "ELB-HealthChecker/2.0", "-") if path == "/healthz" else ("{cip}", "{ua}", "{ref}")
        for status, share in statuses:
            sz = err_size.get(status, size) if status >= 300 else size
            pat = '%s - - [{ts_clf}] "%s %s {http}" %d %s "%s" "%s"\n' % (ip, method, path, status, sz, ref, ua)
            T.append(Tpl("gateway", "INFO", pat, hint, share=share, group=(method, path)))
    # Vulnerability scanners: always 404, rare.
    for path in ["/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/index.php", "/xmlrpc.php",
                 "/actuator/env", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/server-status"]:
        pat = '{cip} - - [{ts_clf}] "GET %s HTTP/1.1" 404 153 "-" "{scanua}"\n' % path
        T.append(Tpl("gateway", "WARN", pat, 2))
    return T


def node_templates():
    T = []

    def add(level, tag, msg, hint=1):
        T.append(Tpl("node", level, "{ts_bsd} {node} %s: %s\n" % (tag, msg), hint))

    S = "sshd[{pid}]"
    add("INFO", S, "Accepted publickey for {sshuser} from {iip} port {port} ssh2: ED25519 {fp}")
    add("INFO", S, "pam_unix(sshd:session): session opened for user {sshuser}(uid={uid}) by (uid=0)")
    add("INFO", S, "pam_unix(sshd:session): session closed for user {sshuser}")
    add("INFO", S, "Received disconnect from {iip} port {port}:11: disconnected by user")
    add("INFO", S, "Disconnected from user {sshuser} {iip} port {port}")
    add("INFO", S, "Invalid user {invuser} from {cip} port {port}", 0)
    add("INFO", S, "Failed password for invalid user {invuser} from {cip} port {port} ssh2", 0)
    add("INFO", S, "Failed password for root from {cip} port {port} ssh2", 0)
    add("INFO", S, "Connection closed by invalid user {invuser} {cip} port {port} [preauth]", 0)
    add("INFO", S, "Received disconnect from {cip} port {port}:11: Bye Bye [preauth]")
    add("WARN", S, "error: kex_exchange_identification: Connection closed by remote host")
    add("WARN", S, "Connection reset by {cip} port {port} [preauth]")
    add("WARN", S, "banner exchange: Connection from {cip} port {port}: invalid format")
    add("WARN", S, "error: maximum authentication attempts exceeded for root from {cip} port {port} ssh2 [preauth]")

    K = "kernel"
    add("WARN", K, "{kts} TCP: request_sock_TCP: Possible SYN flooding on port {lport}. Sending cookies.  "
                   "Check SNMP counters.")
    add("ERROR", K, "{kts} Out of memory: Killed process {pid} ({proc}) total-vm:{kb}kB, anon-rss:{kb}kB, "
                    "file-rss:0kB, shmem-rss:0kB, UID:{uid} pgtables:{kb}kB oom_score_adj:{oomadj}")
    add("WARN", K, "{kts} {proc} invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, "
                   "oom_score_adj={oomadj}")
    add("WARN", K, "{kts} nf_conntrack: nf_conntrack: table full, dropping packet")
    add("INFO", K, "{kts} [UFW BLOCK] IN=ens5 OUT= MAC={mac} SRC={cip} DST={iip} LEN={len} TOS=0x00 PREC=0x00 "
                   "TTL={ttl} ID={pktid} PROTO=TCP SPT={port} DPT={lport} WINDOW={win} RES=0x00 SYN URGP=0", 2)
    add("INFO", K, "{kts} IPv6: ADDRCONF(NETDEV_CHANGE): {eni}: link becomes ready")
    add("ERROR", K, "{kts} {proc}[{pid}]: segfault at {hexsmall} ip {hex12} sp {hex12} error 4 in "
                    "libc.so.6[{hex12}+{hexsmall}]")
    add("INFO", K, "{kts} EXT4-fs (nvme1n1): mounted filesystem with ordered data mode. Quota mode: none.", 2)
    add("WARN", K, '{kts} audit: type=1400 audit({audit}): apparmor="DENIED" operation="open" '
                   'profile="cri-containerd.apparmor.d" name="/proc/{pid}/mem" pid={pid} comm="{proc}" '
                   'requested_mask="r" denied_mask="r" fsuid=0 ouid=0')
    add("WARN", K, "{kts} cgroup: fork rejected by pids controller in "
                   "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{poduid}.slice")
    add("WARN", K, "{kts} ena 0000:00:05.0 ens5: Found a Tx that wasn't completed on time, qid {n}, index {n}.")
    add("INFO", K, "{kts} hrtimer: interrupt took {count} ns", 2)

    C = "CRON[{pid}]"
    add("INFO", C, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)", 0)
    add("INFO", C, "(root) CMD (/usr/local/bin/node-exporter-textfile.sh >/dev/null 2>&1)", 0)
    add("INFO", C, "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)")
    add("INFO", C, "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)")
    add("INFO", C, "(ec2-user) CMD (/opt/backup/run.sh --incremental >> /var/log/backup.log 2>&1)")
    add("INFO", C, "pam_unix(cron:session): session closed for user root", 0)

    D = "systemd[1]"
    add("INFO", D, "Started {unit}.", 0)
    add("INFO", D, "Starting {unit}...", 0)
    add("INFO", D, "Finished {unit}.")
    add("INFO", D, "{unit}: Deactivated successfully.")
    add("INFO", D, "{unit}: Consumed {cpus} CPU time.")
    add("ERROR", D, "{unit}: Main process exited, code=exited, status=1/FAILURE")
    add("ERROR", D, "{unit}: Failed with result 'exit-code'.")
    add("WARN", D, "{unit}: Scheduled restart job, restart counter is at {n}.")
    add("INFO", D, "Started Session {session} of User {sshuser}.")
    add("INFO", D, "Created slice User Slice of UID {uid}.")
    add("INFO", D, "Reloading.", 2)
    add("INFO", D, "Starting Daily apt download activities...", 2)
    add("INFO", "systemd-logind[{lpid}]", "New session {session} of user {sshuser}.")
    add("INFO", "systemd-logind[{lpid}]", "Session {session} logged out. Waiting for processes to exit.")
    add("INFO", "systemd-logind[{lpid}]", "Removed session {session}.")
    add("WARN", "systemd-journald[{jpid}]", "Suppressed {count} messages from {unit}")
    add("INFO", "systemd-timesyncd[402]",
        "Initial synchronization to time server 169.254.169.123:123 (169.254.169.123).", 2)
    return T


def all_templates():
    tpls = (checkout_templates() + payments_templates() + billing_templates() + gateway_templates()
            + node_templates())
    seen = set()
    for t in tpls:
        assert t.pattern not in seen, "duplicate template: " + t.pattern
        seen.add(t.pattern)
    return tpls


def assign_weights(tpls, shares):
    """Zipf over template groups within each service; common flows first (hint 0), errors damped.

    The rank order does not depend on --seed, so every seed has the same template frequencies."""
    for svc, share in shares.items():
        mine = [t for t in tpls if t.service == svc]
        for trace_part in (False, True):
            part = [t for t in mine if t.trace == trace_part]
            if not part:
                continue
            groups = []
            for t in part:
                if t.group not in groups:
                    groups.append(t.group)
            order = random.Random("rank-" + svc + str(trace_part)).sample(range(len(groups)), len(groups))
            hint = {g: min(t.hint for t in part if t.group == g) for g in groups}
            # hint 0 (the core flow) keeps the order it is listed in; the rest is shuffled (fixed seed)
            ranked = sorted(range(len(groups)), key=lambda i: (hint[groups[i]], i if hint[groups[i]] == 0
                                                                else order[i]))
            rank = {groups[i]: r for r, i in enumerate(ranked)}
            gshare = {}
            for t in part:
                gshare[t.group] = gshare.get(t.group, 0.0) + t.share
            for t in part:
                zipf = 1.0 / (rank[t.group] + 1) ** ZIPF_S
                t.weight = zipf * t.share / gshare[t.group] * LEVEL_FACTOR[t.level] * HINT_FACTOR[t.hint]
            total = sum(t.weight for t in part)
            frac = STACK_TRACE_SHARE if trace_part else (1.0 - STACK_TRACE_SHARE
                                                          if any(t.trace for t in mine) else 1.0)
            for t in part:
                t.weight *= share * frac / total


# =========================================================================== compiler
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def _lit(s):
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
            .replace("{", "{{").replace("}", "}}"))


def compile_template(pattern, pools, g):
    """pattern -> function(T, m) returning the finished line(s) from a single f-string.

    T = (iso prefix, log4j prefix, clf stamp, bsd stamp, kernel prefix) for the current second,
    m = the milliseconds as 3 digits. Every other {name} is pools[name][getrandbits(k)].
    """
    out, pos, args = [], 0, {}
    for mt in PLACEHOLDER.finditer(pattern):
        out.append(_lit(pattern[pos:mt.start()]))
        pos = mt.end()
        name = mt.group(1)
        if name == "ts_iso":
            out.append("{T[0]}{m}Z")
        elif name == "ts_l4j":
            out.append("{T[1]}{m}")
        elif name == "ts_clf":
            out.append("{T[2]}")
        elif name == "ts_bsd":
            out.append("{T[3]}")
        elif name == "kts":
            args["p_u3"] = pools["u3"]
            out.append("{T[4]}{m}{p_u3[g(10)]}]")
        else:
            pool = pools[name]
            bits = len(pool).bit_length() - 1
            assert len(pool) == 1 << bits and bits > 0, name
            args["p_" + name] = pool
            out.append("{p_%s[g(%d)]}" % (name, bits))
    out.append(_lit(pattern[pos:]))
    params = "".join(", %s=%s" % (a, a) for a in sorted(args))
    src = 'def _tpl(T, m, g=g%s):\n    return f"%s"\n' % (params, "".join(out))
    ns = dict(args, g=g)
    exec(compile(src, "<template>", "exec"), ns)
    return ns["_tpl"]


# =========================================================================== generator
def stamps(sec):
    d = EPOCH + dt.timedelta(seconds=sec)
    hms = "%02d:%02d:%02d" % (d.hour, d.minute, d.second)
    ymd = "%04d-%02d-%02d" % (d.year, d.month, d.day)
    mon = MONTHS[d.month]
    return (ymd + "T" + hms + ".", ymd + " " + hms + ",", "%02d/%s/%04d:%s +0000" % (d.day, mon, d.year, hms),
            "%s %2d %s" % (mon, d.day, hms), "[%d." % (KERNEL_BOOT + sec))


MS3 = ["%03d" % i for i in range(1000)]


class Generator:
    def __init__(self, fmt, seed):
        self.fmt = fmt
        self.seed = seed
        self.rng = random.Random(seed)
        shares = dict(SERVICE_SHARE) if fmt == "mixed" else {FORMATS[fmt]: 1.0}
        tpls = [t for t in all_templates() if t.service in shares]
        assign_weights(tpls, shares)
        self.tpls = tpls
        pools = build_pools(self.rng)
        for name in EXCEPTIONS:
            pools["trace_" + name] = build_traces(self.rng, name)
        g = self.rng.getrandbits
        fns = [compile_template(t.pattern, pools, g) for t in tpls]
        # The pick table: 2^20 slots, each template gets slots in proportion to its weight (at least 1).
        size = 1 << DECK_BITS
        total = sum(t.weight for t in tpls)
        counts = [max(1, round(size * t.weight / total)) for t in tpls]
        big = max(range(len(counts)), key=counts.__getitem__)
        counts[big] += size - sum(counts)
        deck = []
        for fn, c in zip(fns, counts):
            deck.extend([fn] * c)
        assert len(deck) == size
        self.deck = deck
        self.state = self.rng.getstate()

    def bytes_per_event(self, n=40000):
        """Average bytes per event (a stack trace counts with its event), measured on a sample."""
        g, deck, T = self.rng.getrandbits, self.deck, stamps(0)
        total = sum(len(deck[g(DECK_BITS)](T, "000")) for _ in range(n))
        self.rng.setstate(self.state)  # the real stream starts from the same state every time
        return total / n

    def run(self, out, size, step_mean_us, report_every=None):
        ST = [-math.log(1.0 - (i + 0.5) / (1 << STEP_BITS)) for i in range(1 << STEP_BITS)]
        scale = step_mean_us * len(ST) / sum(ST)
        ST = [int(round(x * scale)) for x in ST]  # exponential gaps, mean = step_mean_us
        g, deck, ms3 = self.rng.getrandbits, self.deck, MS3
        db, sb = DECK_BITS, STEP_BITS
        t, nxt, T = 0, 0, None
        written = lines = 0
        last_len = size  # the first batch may already be the last one
        while True:
            parts = []
            ap = parts.append
            if written + 2 * last_len < size:  # hot loop
                for _ in range(BATCH):
                    t += ST[g(sb)]
                    if t >= nxt:
                        sec = t // 1000000
                        nxt = (sec + 1) * 1000000
                        T = stamps(sec)
                    ap(deck[g(db)](T, ms3[t // 1000 % 1000]))
            else:  # near the end: same stream, but remember each event's time for the summary
                times = []
                for _ in range(BATCH):
                    t += ST[g(sb)]
                    if t >= nxt:
                        sec = t // 1000000
                        nxt = (sec + 1) * 1000000
                        T = stamps(sec)
                    ap(deck[g(db)](T, ms3[t // 1000 % 1000]))
                    times.append(t)
            buf = "".join(parts)
            last_len = len(buf)
            room = size - written
            if len(buf) >= room:
                cut = buf.rfind("\n", 0, room) + 1
                while 0 < cut < len(buf) and buf.startswith(CONTINUATION, cut):
                    cut = buf.rfind("\n", 0, cut - 1) + 1  # never end inside a stack trace
                buf = buf[:cut]
                out.write(buf.encode("ascii"))
                # time of the last event kept
                acc, k = 0, 0
                for k, p in enumerate(parts):
                    acc += len(p)
                    if acc >= cut:
                        break
                return written + len(buf), lines + buf.count("\n"), times[k] if cut else t
            out.write(buf.encode("ascii"))
            written += len(buf)
            lines += buf.count("\n")


# =========================================================================== cli
UNITS = {"": 1, "b": 1, "k": 1024, "kib": 1024, "m": 1024 ** 2, "mib": 1024 ** 2, "g": 1024 ** 3,
         "gib": 1024 ** 3, "t": 1024 ** 4, "tib": 1024 ** 4, "kb": 1000, "mb": 1000 ** 2, "gb": 1000 ** 3,
         "tb": 1000 ** 4}


def parse_size(s):
    mt = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*", s)
    if not mt or mt.group(2).lower() not in UNITS:
        raise argparse.ArgumentTypeError("bad size %r (use e.g. 1MiB, 200MB, 1GiB, 4GiB)" % s)
    n = int(float(mt.group(1)) * UNITS[mt.group(2).lower()])
    if n < 1024:
        raise argparse.ArgumentTypeError("size must be at least 1KiB")
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=parse_size, help="output size, e.g. 1MiB, 200MB, 1GiB, 4GiB")
    ap.add_argument("--out", help="output file ('-' for stdout)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--format", default="mixed", choices=["mixed"] + sorted(FORMATS),
                    help="mixed (default) or a single service's format")
    ap.add_argument("--templates", action="store_true", help="print the number of distinct templates and exit")
    ap.add_argument("--list-templates", action="store_true",
                    help="print every template with its service and expected share of events, and exit")
    a = ap.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet `| head`

    if a.templates or a.list_templates:
        shares = dict(SERVICE_SHARE) if a.format == "mixed" else {FORMATS[a.format]: 1.0}
        tpls = [t for t in all_templates() if t.service in shares]
        assign_weights(tpls, shares)
        if a.list_templates:
            for t in sorted(tpls, key=lambda t: -t.weight):
                print("%-8s %-5s %9.6f%%  %s" % (t.service, t.level, 100 * t.weight, t.pattern.rstrip("\n")))
        else:
            print(len(tpls))
            by = {}
            for t in tpls:
                by[t.service] = by.get(t.service, 0) + 1
            print("  ".join("%s=%d" % kv for kv in sorted(by.items())), file=sys.stderr)
        return 0
    if a.size is None or a.out is None:
        ap.error("--size and --out are required (or use --templates)")

    t0 = time.perf_counter()
    gen = Generator(a.format, a.seed)
    per_event = gen.bytes_per_event()
    span_us = SPAN_PER_GIB * 1e6 * a.size / 1024 ** 3
    step_us = span_us / (a.size / per_event)
    t1 = time.perf_counter()
    if a.out == "-":
        nbytes, nlines, t_end = gen.run(sys.stdout.buffer, a.size, step_us)
        sys.stdout.buffer.flush()
    else:
        with open(a.out, "wb", buffering=1 << 20) as f:
            nbytes, nlines, t_end = gen.run(f, a.size, step_us)
    t2 = time.perf_counter()
    secs = t2 - t0
    last = EPOCH + dt.timedelta(microseconds=t_end)
    print("wrote %d bytes (%.1f MiB) in %d lines (avg %.1f B/line) to %s" %
          (nbytes, nbytes / 1024 ** 2, nlines, nbytes / max(1, nlines), a.out), file=sys.stderr)
    print("%.2f s total (%.2f s setup), %.1f MB/s (%.1f MiB/s); format=%s seed=%d; log time %s .. %s" %
          (secs, t1 - t0, nbytes / secs / 1e6, nbytes / secs / 1024 ** 2, a.format, a.seed,
           EPOCH.strftime("%Y-%m-%dT%H:%M:%SZ"), last.strftime("%Y-%m-%dT%H:%M:%SZ")), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

import Testing

@testable import TriageCore

@Suite("Multi-line events")
struct MultilineTests {
    @Test("service and component names are kept to 256 bytes: a source keeps its name, so a name is bounded")
    func longFieldNames() {
        let service = String(repeating: "s", count: 1_000), logger = String(repeating: "c", count: 700)
        let e = events("{\"ts\":\"2026-03-02T10:00:00Z\",\"msg\":\"hello\",\"service\":\"\(service)\",\"logger\":\"\(logger)\"}\n")
        #expect(e.count == 1)
        #expect(e.first?.service == String(repeating: "s", count: Limits.fieldBytes))
        #expect(e.first?.component == String(repeating: "c", count: Limits.fieldBytes))
        #expect(e.first?.message == "hello")
    }

    @Test("a line without a service or logger does not inherit the previous line's")
    func fieldsDoNotCarryOver() {
        let logfmt = events(
            """
            ts=2026-03-02T10:00:00Z level=info service=api logger=http msg="one"
            ts=2026-03-02T10:00:01Z level=info msg="two"
            ts=2026-03-02T10:00:02Z level=info app=worker msg="three"
            ts=2026-03-02T10:00:03Z level=info msg="four"

            """)
        #expect(logfmt.map(\.service) == ["api", "file", "worker", "file"])
        #expect(logfmt.map(\.component) == ["http", "", "", ""])
        let log4j = events(
            """
            2026-03-02 10:00:00,001 INFO  [main] c.a.Orders - placed
            2026-03-02 10:00:01,001 INFO  placed without a logger
            2026-03-02 10:00:02,001 WARN  [main] c.a.Stock - low

            """)
        #expect(log4j.map(\.component) == ["c.a.Orders", "", "c.a.Stock"])
    }

    @Test("a Java stack trace with Caused by and '... N more' is one event")
    func java() {
        let evs = events(
            """
            2026-03-02 10:15:03,123 ERROR [main] com.acme.PaymentClient - call to payments timed out after 5000 ms
            java.net.SocketTimeoutException: Read timed out
            \tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)
            \tat com.acme.PaymentClient.charge(PaymentClient.java:88)
            Caused by: java.io.IOException: boom
            \t... 42 more
            2026-03-02 10:15:04,000 INFO [main] com.acme.Other - next
            """)
        #expect(evs.count == 2)
        #expect(evs[0].lines == 6)
        #expect(evs[0].message == "call to payments timed out after 5000 ms")
        #expect(evs[0].raw.contains("Caused by: java.io.IOException: boom"))
        #expect(evs[1].line == 7)
    }

    @Test("a Python traceback joins the line that logged it")
    func python() {
        let evs = events(
            """
            2026-03-02 10:15:03,123 - worker - ERROR - refund failed
            Traceback (most recent call last):
              File "/app/worker.py", line 42, in run
                charge(order)
            ValueError: unsupported currency: 'XBT'
            2026-03-02 10:15:04,000 - worker - INFO - next
            """)
        #expect(evs.map(\.lines) == [5, 1])
    }

    @Test("a Go panic is its own fatal event, with its goroutine dump, at the previous line's time")
    func goPanic() {
        let evs = events(
            """
            2026/03/02 10:22:31 reconcile: starting batch 7
            panic: runtime error: invalid memory address or nil pointer dereference
            [signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x7a3c1f]

            goroutine 1 [running]:
            main.main()
            \t/src/cmd/ledger/main.go:61 +0x5f4
            """)
        #expect(evs.count == 2)
        #expect(evs[1].level == .fatal)
        #expect(evs[1].lines == 6)
        #expect(evs[1].timestamp == "2026-03-02T10:22:31.000Z")
        #expect(evs[1].message == "panic: runtime error: invalid memory address or nil pointer dereference")
    }

    @Test("in plain text, indented lines, tracebacks and goroutine dumps continue the line above")
    func plain() {
        let evs = events(
            """
            Test refundsPartialAmount FAILED
                org.opentest4j.AssertionFailedError: expected: <1250> but was: <1200>
                    at com.acme.CheckoutServiceTest.refundsPartialAmount(CheckoutServiceTest.java:88)
            something else happened
            Traceback (most recent call last):
              File "x.py", line 1, in <module>
            KeyError: 'component'
            > Task :checkout:test FAILED
            """)
        #expect(evs.map(\.lines) == [3, 4, 1])
    }

    @Test("blank lines inside a header format's event belong to it (Spring's %wEx)")
    func blankLines() {
        let evs = events(
            """
            2026-03-02 10:15:03.123 ERROR 1 --- [main] o.a.c.Servlet  : failed

            java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available
            \tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)

            2026-03-02 10:15:04.000  INFO 1 --- [main] o.a.c.Servlet  : ok
            """)
        #expect(evs.map(\.lines) == [5, 1])
    }

    @Test("docker json-file: stack lines split over entries are joined in their stream")
    func docker() {
        let evs = events(
            #"""
            {"log":"2026-03-02 10:15:03.123 ERROR 1 --- [main] c.a.Stock : Reservation failed\n","stream":"stdout","time":"2026-03-02T10:15:03.124Z"}
            {"log":"java.lang.IllegalStateException: no stock\n","stream":"stdout","time":"2026-03-02T10:15:03.125Z"}
            {"log":"\tat c.a.Stock.reserve(Stock.java:10)\n","stream":"stdout","time":"2026-03-02T10:15:03.125Z"}
            {"log":"GC pause 12ms\n","stream":"stderr","time":"2026-03-02T10:15:03.126Z"}
            """#)
        #expect(evs.count == 2)
        let stock = evs.first { $0.message == "Reservation failed" }
        #expect(stock?.lines == 3)
        #expect(stock?.raw.contains("\tat c.a.Stock.reserve") == true)
    }

    @Test("an event's kept text is capped, its lines still counted")
    func cap() {
        let frames = (0..<5000).map { "\tat com.acme.Frame\($0).call(Frame.java:\($0))" }.joined(separator: "\n")
        let evs = events("2026-03-02 10:15:03,123 ERROR [main] a.B - deep\n" + frames)
        #expect(evs.count == 1)
        #expect(evs[0].lines == 5001)
        #expect(evs[0].raw.utf8.count <= Limits.eventRawBytes)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain POSIX thread running one closure; `join` waits for it. The engine's pipeline needs
/// exactly one long-lived thread per stage, not a task scheduler.
final class WorkerThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    #if canImport(Glibc)
        private var thread = pthread_t()
    #else
        private var thread: pthread_t?
    #endif

    init(_ body: @escaping () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let rc = pthread_create(
            &thread, nil,
            { arg in
                Unmanaged<Body>.fromOpaque(arg!).takeRetainedValue().run()
                return nil
            }, context)
        if rc != 0 {
            // No thread (resource limits): run inline rather than fail the analysis.
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
            started = false
        }
    }

    private var started = true

    func join() {
        guard started else { return }
        #if canImport(Glibc)
            pthread_join(thread, nil)
        #else
            if let thread { pthread_join(thread, nil) }
        #endif
        started = false
    }
}
